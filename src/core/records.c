/*
 * Checks of record fields; see include/collagenda/records.h.
 *
 * Numbers are parsed by hand rather than with strtod so that "1e0", "0x1",
 * " 2" or "2," are refused: a grade typed into a clinical record should be
 * exactly what the clinician meant, and a binary float must never round a
 * half step away.
 */
#include "collagenda/records.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "collagenda/assessment.h"
#include "collagenda/text.h"

bool clg_text_is_clean_utf8(const char *text, size_t length)
{
    for (size_t i = 0; i < length;) {
        uint32_t code;
        size_t size = clg_utf8_char(text + i, length - i, &code);
        if (size == 0 || !clg_char_is_text(code))
            return false;
        i += size;
    }
    return true;
}

static bool is_blank(const char *text)
{
    for (; *text; text++)
        if (*text != ' ' && *text != '\t' && *text != '\n' && *text != '\r')
            return false;
    return true;
}

clg_status clg_text_check(const char *field, const char *text, size_t max_bytes, bool required,
                          clg_error *err)
{
    size_t length = strlen(text);
    if (required && is_blank(text))
        return clg_error_set(err, CLG_ERR_INVALID, field, "is required and must not be blank");
    if (length > max_bytes)
        return clg_error_set(err, CLG_ERR_INVALID, field, "is %zu bytes long; at most %zu allowed",
                             length, max_bytes);
    if (!clg_text_is_clean_utf8(text, length))
        return clg_error_set(err, CLG_ERR_INVALID, field,
                             "must be UTF-8 text without control characters or noncharacters "
                             "such as U+FFFE (tab and line breaks are allowed)");
    return CLG_OK;
}

clg_status clg_email_check(const char *field, const char *text, clg_error *err)
{
    size_t length = strlen(text);
    if (length == 0)
        return CLG_OK;
    const char *at = strchr(text, '@');
    bool ok = length <= CLG_EMAIL_MAX_BYTES && at != NULL && at != text && at[1] != '\0' &&
              strchr(at + 1, '@') == NULL && clg_text_is_clean_utf8(text, length);
    for (const char *c = text; ok && *c; c++)
        if (*c == ' ' || *c == '\t' || *c == '\n' || *c == '\r' || *c == ',' || *c == ';')
            ok = false;
    if (!ok)
        return clg_error_set(err, CLG_ERR_INVALID, field,
                             "'%.80s' is not an e-mail address; use name@example.org", text);
    return CLG_OK;
}

clg_status clg_phone_check(const char *field, const char *text, clg_error *err)
{
    size_t length = strlen(text);
    if (length == 0)
        return CLG_OK;
    bool digit = false, ok = length <= CLG_PHONE_MAX_BYTES;
    for (const char *c = text; ok && *c; c++) {
        if (*c >= '0' && *c <= '9')
            digit = true;
        else if (strchr(" +-().", *c) == NULL)
            ok = false;
    }
    if (!ok || !digit)
        return clg_error_set(err, CLG_ERR_INVALID, field,
                             "'%.80s' is not a phone number; use digits, spaces and + - ( ) . "
                             "(at most %d characters)",
                             text, CLG_PHONE_MAX_BYTES);
    return CLG_OK;
}

clg_status clg_id_parse(const char *field, const char *text, int64_t *id, clg_error *err)
{
    int64_t value = 0;
    size_t i = 0;
    bool fits = true;
    for (; text[i] >= '0' && text[i] <= '9'; i++) {
        int digit = text[i] - '0';
        if (value > (INT64_MAX - digit) / 10)
            fits = false;
        else
            value = value * 10 + digit;
    }
    if (i == 0 || text[i] != '\0' || value == 0)
        return clg_error_set(err, CLG_ERR_INVALID, field,
                             "'%.40s' is not an id; use a positive whole number such as 12", text);
    if (!fits)
        return clg_error_set(err, CLG_ERR_INVALID, field,
                             "'%.40s' is not an id: too large; ids run from 1 to %" PRId64, text,
                             INT64_MAX);
    *id = value;
    return CLG_OK;
}

clg_status clg_birth_date_parse(const char *field, const char *text, clg_date today,
                                clg_date *out, clg_error *err)
{
    clg_status status = clg_date_parse(text, field, out, err);
    if (status != CLG_OK)
        return status;
    if (*out > today) {
        char day[CLG_DATE_TEXT_SIZE];
        return clg_error_set(err, CLG_ERR_INVALID, field, "%s is in the future (today is %s)",
                             text, clg_date_format(today, day));
    }
    return CLG_OK;
}

clg_status clg_skin_type_parse(const char *field, const char *text, int *out, clg_error *err)
{
    int index;
    clg_status status =
        clg_vocabulary_parse(CLG_VOCAB_SKIN_TYPE, field, text, strlen(text), &index, err);
    if (status == CLG_OK)
        *out = index + 1;
    return status;
}

/*
 * "D", "D.D" or "D.DD" style decimals: whole part of 1..max_whole_digits
 * digits, up to `places` decimals. *value is scaled by 10^places.
 */
static bool parse_decimal(const char *text, int max_whole_digits, int places, int *value)
{
    int whole = 0, digits = 0;
    const char *c = text;
    /* Digits past the allowed ones are counted, never added: no overflow. */
    for (; *c >= '0' && *c <= '9'; c++, digits++)
        if (digits < max_whole_digits)
            whole = whole * 10 + (*c - '0');
    if (digits == 0 || digits > max_whole_digits)
        return false;
    int fraction = 0, fraction_digits = 0;
    if (*c == '.') {
        for (c++; *c >= '0' && *c <= '9'; c++, fraction_digits++) {
            if (fraction_digits == places)
                return false;
            fraction = fraction * 10 + (*c - '0');
        }
        if (fraction_digits == 0)
            return false;
    }
    if (*c != '\0')
        return false;
    for (; fraction_digits < places; fraction_digits++)
        fraction *= 10;
    int scale = 1;
    for (int i = 0; i < places; i++)
        scale *= 10;
    *value = whole * scale + fraction;
    return true;
}

/* The Alexiades-Armenakas laxity scale runs 0..4 in half steps. */
enum { LAXITY_GRADE_MAX_HALVES = 8, GAIS_MIN = 1, GAIS_MAX = 5 };

clg_status clg_laxity_grade_parse(const char *field, const char *text, int *halves,
                                  clg_error *err)
{
    int tenths;
    if (!parse_decimal(text, 1, 1, &tenths) || tenths % 5 != 0 ||
        tenths / 5 > LAXITY_GRADE_MAX_HALVES)
        return clg_error_set(err, CLG_ERR_INVALID, field,
                             "'%.40s' is not allowed; use 0 to 4 in half steps (0, 0.5, 1, 1.5, "
                             "2, 2.5, 3, 3.5, 4) on the Alexiades-Armenakas scale",
                             text);
    *halves = tenths / 5;
    return CLG_OK;
}

const char *clg_laxity_grade_format(int halves, char *out, size_t size)
{
    snprintf(out, size, "%d%s", halves / 2, halves % 2 ? ".5" : "");
    return out;
}

clg_status clg_gais_parse(const char *field, const char *text, int *out, clg_error *err)
{
    int value;
    if (!parse_decimal(text, 1, 0, &value) || value < GAIS_MIN || value > GAIS_MAX)
        return clg_error_set(err, CLG_ERR_INVALID, field,
                             "'%.40s' is not allowed; use a whole number 1 to 5 on the Global "
                             "Aesthetic Improvement Scale (1 exceptional ... 5 worse)",
                             text);
    *out = value;
    return CLG_OK;
}

clg_status clg_depth_parse(const char *field, const char *text, int *hundredths, clg_error *err)
{
    int value;
    if (!parse_decimal(text, 2, 2, &value) || value <= 0)
        return clg_error_set(err, CLG_ERR_INVALID, field,
                             "'%.40s' is not allowed; use a positive depth in millimetres with "
                             "at most two decimals, for example 0.5 or 1.25",
                             text);
    *hundredths = value;
    return CLG_OK;
}

const char *clg_depth_format(int hundredths, char *out, size_t size)
{
    int whole = hundredths / 100, fraction = hundredths % 100;
    if (fraction == 0)
        snprintf(out, size, "%d", whole);
    else if (fraction % 10 == 0)
        snprintf(out, size, "%d.%d", whole, fraction / 10);
    else
        snprintf(out, size, "%d.%02d", whole, fraction);
    return out;
}

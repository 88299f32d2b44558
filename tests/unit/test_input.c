/*
 * Input and output hygiene (docs/design.md#input-and-output-hygiene): every
 * number a door parses refuses what does not fit, naming the field and the
 * range, without overflowing (the ASan/UBSan build runs these too); text
 * holds only characters every export can carry; error messages are valid
 * UTF-8 however a value was cut; the CSV writer guards formula-like cells
 * and the reader takes the guard away again, byte for byte.
 */
#include "support.h"

#include <limits.h>

#include "base/buffer.h"
#include "base/csv.h"
#include "service/diary.h"
#include "service/due.h"

/* Well-formed UTF-8, checked by the decoder the product uses (and the error said nothing else). */
static bool valid_utf8(const char *text)
{
    size_t length = strlen(text);
    for (size_t i = 0; i < length;) {
        uint32_t code;
        size_t size = clg_utf8_char(text + i, length - i, &code);
        if (size == 0)
            return false;
        i += size;
    }
    return true;
}

static char *repeat(const char *piece, int times)
{
    size_t size = strlen(piece);
    char *text = malloc(size * (size_t)times + 1);
    assert_non_null(text);
    for (int i = 0; i < times; i++)
        memcpy(text + size * (size_t)i, piece, size);
    text[size * (size_t)times] = '\0';
    return text;
}

/* ---- numbers at their edges ---- */

static void test_ids_take_every_int64_and_refuse_past_it(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        long long id; /* 0: refused */
        const char *says;
    } cases[] = {
        {"1", 1, NULL},
        {"12", 12, NULL},
        {"2147483647", INT_MAX, NULL},
        {"2147483648", 2147483648LL, NULL},
        {"9223372036854775807", LLONG_MAX, NULL},
        {"9223372036854775808", 0, "too large; ids run from 1 to 9223372036854775807"},
        {"99999999999999999999999999999999", 0, "too large"},
        {"0", 0, "positive whole number"},
        {"-1", 0, "positive whole number"},
        {"+1", 0, "positive whole number"},
        {" 1", 0, "positive whole number"},
        {"1 ", 0, "positive whole number"},
        {"1e3", 0, "positive whole number"},
        {"", 0, "positive whole number"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t id = -7;
        clg_error err;
        clg_status status = clg_id_parse("client", cases[i].text, &id, &err);
        if (cases[i].id) {
            EXPECT_INT(cases[i].text, status, CLG_OK);
            EXPECT_INT(cases[i].text, id, cases[i].id);
        } else {
            EXPECT_INT(cases[i].text, status, CLG_ERR_INVALID);
            EXPECT_STRING(cases[i].text, err.field, "client");
            if (strstr(err.message, cases[i].says) == NULL)
                fail_msg("%s: '%s' does not say '%s'", cases[i].text, err.message, cases[i].says);
            EXPECT_INT(cases[i].text, id, -7);
        }
    }
    /* A thousand digits: refused, and no overflow on the way (UBSan). */
    char *huge = repeat("9", 1000);
    int64_t id;
    clg_error err;
    EXPECT_INT("1000 nines", clg_id_parse("course", huge, &id, &err), CLG_ERR_INVALID);
    assert_true(valid_utf8(err.message));
    free(huge);
}

/* The record's small numbers: GAIS 1-5, depth in hundredths, laxity grade in halves. */
static void test_record_numbers_refuse_overflowing_text_naming_the_range(void **state)
{
    (void)state;
    static const char *const too_big[] = {
        "6",
        "10",
        "99",
        "2147483647",
        "2147483648",
        "4294967296",
        "99999999999",
        "9223372036854775807",
        "9223372036854775808",
        "18446744073709551616",
        "-1",
        "-2147483648",
        "5.0",
        "1e3",
    };
    for (size_t i = 0; i < sizeof too_big / sizeof too_big[0]; i++) {
        int value = -7;
        clg_error err;
        EXPECT_INT(too_big[i], clg_gais_parse("gais", too_big[i], &value, &err), CLG_ERR_INVALID);
        EXPECT_STRING(too_big[i], err.field, "gais");
        assert_non_null(strstr(err.message, "1 to 5"));
        EXPECT_INT(too_big[i], value, -7);
        EXPECT_INT(too_big[i], clg_depth_parse("depth_mm", too_big[i], &value, &err),
                   strcmp(too_big[i], "6") == 0 || strcmp(too_big[i], "10") == 0 ||
                           strcmp(too_big[i], "99") == 0 || strcmp(too_big[i], "5.0") == 0
                       ? CLG_OK
                       : CLG_ERR_INVALID);
        EXPECT_INT(too_big[i], clg_laxity_grade_parse("laxity_grade", too_big[i], &value, &err),
                   CLG_ERR_INVALID);
        EXPECT_STRING(too_big[i], err.field, "laxity_grade");
    }
    int value;
    clg_error err;
    EXPECT_INT("gais 5", clg_gais_parse("gais", "5", &value, &err), CLG_OK);
    EXPECT_INT("gais 5", value, 5);
    EXPECT_INT("depth 99.99", clg_depth_parse("depth_mm", "99.99", &value, &err), CLG_OK);
    EXPECT_INT("depth 99.99", value, 9999);
    EXPECT_INT("depth 100", clg_depth_parse("depth_mm", "100", &value, &err), CLG_ERR_INVALID);
    EXPECT_INT("depth 1.255", clg_depth_parse("depth_mm", "1.255", &value, &err), CLG_ERR_INVALID);
    EXPECT_INT("grade 4", clg_laxity_grade_parse("laxity_grade", "4", &value, &err), CLG_OK);
    EXPECT_INT("grade 4", value, 8);
    char *huge = repeat("9", 100000);
    EXPECT_INT("100000 nines", clg_gais_parse("gais", huge, &value, &err), CLG_ERR_INVALID);
    EXPECT_INT("100000 nines", clg_depth_parse("depth_mm", huge, &value, &err), CLG_ERR_INVALID);
    free(huge);
}

/* The look-ahead (?within=, --within) and the diary's days (?days=, --days). */
static void test_day_counts_refuse_overflow_naming_the_range(void **state)
{
    (void)state;
    static const char *const refused[] = {"2147483648",
                                          "9223372036854775807",
                                          "9223372036854775808",
                                          "99999999999999999999999999",
                                          "-1",
                                          "1x",
                                          "",
                                          " 3"};
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        int days = -7;
        clg_error err;
        EXPECT_INT(refused[i], clg_records_due_within_parse(refused[i], &days, &err),
                   CLG_ERR_INVALID);
        EXPECT_STRING(refused[i], err.field, "within");
        assert_non_null(strstr(err.message, "from 0 to"));
        EXPECT_INT(refused[i], clg_records_diary_days_parse(refused[i], &days, &err),
                   CLG_ERR_INVALID);
        EXPECT_STRING(refused[i], err.field, "days");
        assert_non_null(strstr(err.message, "from 1 to"));
        EXPECT_INT(refused[i], days, -7);
    }
    int days;
    clg_error err;
    EXPECT_INT("within max", clg_records_due_within_parse("3650", &days, &err), CLG_OK);
    EXPECT_INT("days 1", clg_records_diary_days_parse("1", &days, &err), CLG_OK);
}

/* Dates and times are fixed-width: a long or huge field is not one, and says so. */
static void test_dates_and_times_refuse_huge_fields(void **state)
{
    (void)state;
    static const char *const dates[] = {"99999-01-01", "2027-99-99", "2147483648-01-01",
                                        "-001-01-01",  "2027-1-1",   "2027-02-29"};
    for (size_t i = 0; i < sizeof dates / sizeof dates[0]; i++) {
        clg_date date;
        clg_error err;
        EXPECT_INT(dates[i], clg_date_parse(dates[i], "start", &date, &err), CLG_ERR_INVALID);
        EXPECT_STRING(dates[i], err.field, "start");
    }
    static const char *const times[] = {"99:99", "24:00", "2147483648:00", "-1:00", "9:30"};
    for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
        int minute;
        clg_error err;
        EXPECT_INT(times[i], clg_time_parse(times[i], "time", &minute, &err), CLG_ERR_INVALID);
        EXPECT_STRING(times[i], err.field, "time");
    }
}

/* ---- text ---- */

static void test_text_refuses_what_xml_and_icalendar_cannot_carry(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        const char *text;
        bool clean;
    } cases[] = {
        {"plain", "Ada Lovelace", true},
        {"accents and CJK", "Zoë Ångström 李小龙", true},
        {"emoji", "\xF0\x9F\x98\x80 \xF0\x9F\x91\xA9\xE2\x80\x8D\xE2\x9A\x95", true},
        {"tab and line breaks", "one\ttwo\r\nthree", true},
        {"U+FFFD itself", "a\xEF\xBF\xBD", true},
        {"U+FFFE", "a\xEF\xBF\xBE", false},
        {"U+FFFF", "a\xEF\xBF\xBF", false},
        {"U+1FFFE", "a\xF0\x9F\xBF\xBE", false},
        {"U+FDD0", "a\xEF\xB7\x90", false},
        {"U+0001", "a\x01", false},
        {"U+001B escape", "a\x1B[31m", false},
        {"DEL", "a\x7F", false},
        {"lone surrogate", "a\xED\xA0\x80", false},
        {"overlong slash", "a\xC0\xAF", false},
        {"cut short", "a\xC3", false},
        {"stray continuation", "a\x80", false},
        {"past U+10FFFF", "a\xF4\x90\x80\x80", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        clg_error err;
        clg_status status = clg_text_check("name", cases[i].text, 400, false, &err);
        EXPECT_INT(cases[i].name, status, cases[i].clean ? CLG_OK : CLG_ERR_INVALID);
        if (!cases[i].clean) {
            EXPECT_STRING(cases[i].name, err.field, "name");
            assert_non_null(strstr(err.message, "U+FFFE"));
        }
        EXPECT_INT(cases[i].name,
                   clg_email_check("email", cases[i].clean ? "a@x.test" : "a@x.test\x01", &err),
                   cases[i].clean ? CLG_OK : CLG_ERR_INVALID);
    }
}

static void test_writers_replace_what_they_cannot_carry(void **state)
{
    (void)state;
    clg_buffer out = CLG_BUFFER_INIT;
    clg_buffer_put_carriable(&out, "A\xEF\xBF\xBE"
                                   "B\x01"
                                   "C\xED\xA0\x80"
                                   "D\xC3");
    EXPECT_STRING("replaced", out.data,
                  "A\xEF\xBF\xBD"
                  "B\xEF\xBF\xBD"
                  "C\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                  "D\xEF\xBF\xBD");
    clg_buffer_reset(&out);
    clg_buffer_put_carriable(&out, "tab\tnew\nline, é 😀");
    EXPECT_STRING("kept", out.data, "tab\tnew\nline, é 😀");
    clg_buffer_free(&out);
}

/* ---- error messages ---- */

static void test_error_messages_are_cut_on_a_character_boundary(void **state)
{
    (void)state;
    static const char *const pieces[] = {"é", "€", "😀", "a\xC3"};
    for (size_t p = 0; p < sizeof pieces / sizeof pieces[0]; p++) {
        char *value = repeat(pieces[p], 400);
        for (int width = 1; width < 60; width++) {
            clg_error err;
            clg_error_set(&err, CLG_ERR_INVALID, value, "'%.*s' is not allowed", width, value);
            char row[48];
            snprintf(row, sizeof row, "%s cut at %d", pieces[p], width);
            if (!valid_utf8(err.message) || !valid_utf8(err.field))
                fail_msg("%s: not UTF-8", row);
            char text[sizeof err.field + sizeof err.message + 4];
            assert_true(valid_utf8(clg_error_text(&err, text, sizeof text)));
            assert_true(valid_utf8(clg_error_text(&err, text, (size_t)width)));
        }
        /* Past the message's own buffer: vsnprintf cuts, the cut is repaired. */
        clg_error err;
        clg_error_set(&err, CLG_ERR_INVALID, "notes", "%s", value);
        assert_true(valid_utf8(err.message));
        if (valid_utf8(pieces[p])) /* kept up to the last whole character */
            assert_true(strlen(err.message) > sizeof err.message - 5);
        else /* the broken bytes are gone, the rest kept */
            assert_int_equal(strlen(err.message), 320); /* 639 bytes, 320 pieces */
        clg_error_prefix_field(&err, value);
        assert_true(valid_utf8(err.field));
        free(value);
    }
}

/* ---- CSV ---- */

static const char *const formula_texts[] = {
    "=HYPERLINK(\"http://x.test\",\"click\")",
    "=1+1@x.test",
    "=2+5",
    "-3",
    "+1",
    "@a",
    "\t=1",
    "\r=1",
    "'=already guarded",
    "''=twice",
    "'plain apostrophe",
    "''",
    "'",
    "O'Brien",
    "a=b",
    "Comma, \"quoted\" =x",
    "+44 20 7946 0001",
    "plain",
};

static void test_csv_guards_formulas_and_reads_them_back(void **state)
{
    (void)state;
    size_t count = sizeof formula_texts / sizeof formula_texts[0];
    clg_buffer out = CLG_BUFFER_INIT;
    for (size_t i = 0; i < count; i++) {
        clg_csv_field(&out, formula_texts[i], true);
        clg_csv_field(&out, formula_texts[i], false);
        clg_csv_int_field(&out, -5, false);
        clg_csv_end_record(&out);
    }
    /* No cell, quoted or not, begins with a formula character. */
    for (const char *line = out.data; *line;) {
        const char *cell = line;
        for (;;) {
            const char *start = cell[0] == '"' ? cell + 1 : cell;
            if (strchr("=+-@\t", *start) != NULL && *start != '\0')
                fail_msg("a cell begins with '%c': %.40s", *start, line);
            const char *next = strchr(cell, ',');
            const char *end = strstr(cell, "\r\n");
            if (cell[0] == '"' || next == NULL || (end && end < next))
                break;
            cell = next + 1;
        }
        const char *end = strstr(line, "\r\n");
        line = end ? end + 2 : line + strlen(line);
    }
    clg_csv_reader reader;
    clg_csv_reader_init(&reader, out.data, out.length);
    clg_csv_record record = {0};
    for (size_t i = 0; i < count; i++) {
        clg_error err;
        EXPECT_INT(formula_texts[i], clg_csv_next(&reader, &record, &err), CLG_OK);
        EXPECT_INT(formula_texts[i], record.count, 3);
        EXPECT_STRING(formula_texts[i], record.fields[0], formula_texts[i]);
        EXPECT_STRING(formula_texts[i], record.fields[1], formula_texts[i]);
        EXPECT_STRING(formula_texts[i], record.fields[2], "-5");
    }
    clg_error err;
    EXPECT_INT("the end", clg_csv_next(&reader, &record, &err), CLG_OK);
    EXPECT_INT("the end", record.count, 0);
    clg_csv_record_free(&record);

    clg_buffer_reset(&out);
    clg_csv_field(&out, "=2+5", true);
    clg_csv_field(&out, "-3", false);
    clg_csv_field(&out, "'=x", false);
    clg_csv_field(&out, "'x", false);
    EXPECT_STRING("as written", out.data, "'=2+5,'-3,''=x,'x");
    clg_buffer_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ids_take_every_int64_and_refuse_past_it),
        cmocka_unit_test(test_record_numbers_refuse_overflowing_text_naming_the_range),
        cmocka_unit_test(test_day_counts_refuse_overflow_naming_the_range),
        cmocka_unit_test(test_dates_and_times_refuse_huge_fields),
        cmocka_unit_test(test_text_refuses_what_xml_and_icalendar_cannot_carry),
        cmocka_unit_test(test_writers_replace_what_they_cannot_carry),
        cmocka_unit_test(test_error_messages_are_cut_on_a_character_boundary),
        cmocka_unit_test(test_csv_guards_formulas_and_reads_them_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Fuzz harness: the small text parsers every door shares (core, base,
 * service): dates, wall-clock times, birth dates, skin types, laxity grades,
 * GAIS scores, needle depths, e-mail addresses, phone numbers, free text,
 * vocabulary words and word sets, the CLI's assessment flags, local times
 * in a zone, passwords, and the day counts of `due --within` and `diary
 * --days`. The first byte picks the parser; the rest is its text. A value
 * that parses is formatted back and must parse again to the same value.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collagenda/collagenda.h"
#include "base/credentials.h"
#include "base/local_time.h"
#include "service/diary.h"
#include "service/due.h"

/* A parse that succeeded and a format that must read back the same. */
#define ROUND_TRIP(ok, same)                                                                       \
    do {                                                                                           \
        if ((ok) && !(same))                                                                       \
            abort();                                                                               \
    } while (0)

static const char *const plan_fields[] = {"laxity",    "goal",      "areas",     "risks",
                                          "concerns",  "modality",  "skin_type", "start",
                                          "open_days", "screening", "unknown"};
static const char *const zones[] = {"",
                                    "UTC",
                                    "Europe/Berlin",
                                    "America/New_York",
                                    "Australia/Lord_Howe",
                                    "Pacific/Chatham",
                                    "Nowhere/Else"};

static void parse_one(unsigned choice, const char *text)
{
    clg_error err;
    clg_date date, again;
    int value, value_again;
    char out[64];
    switch (choice % 16) {
    case 0: {
        bool ok = clg_date_parse(text, "date", &date, &err) == CLG_OK;
        char formatted[CLG_DATE_TEXT_SIZE];
        ROUND_TRIP(ok, clg_date_parse(clg_date_format(date, formatted), "date", &again, &err) ==
                               CLG_OK &&
                           again == date);
        if (ok) {
            (void)clg_date_weekday(date);
            (void)clg_date_add_months(date, 13);
        }
        break;
    }
    case 1: {
        bool ok = clg_time_parse(text, "time", &value, &err) == CLG_OK;
        char formatted[CLG_TIME_TEXT_SIZE];
        ROUND_TRIP(ok, clg_time_parse(clg_time_format(value, formatted), "time", &value_again,
                                      &err) == CLG_OK &&
                           value_again == value);
        break;
    }
    case 2: {
        clg_date today;
        clg_date_from_civil(2027, 1, 4, &today);
        (void)clg_birth_date_parse("birth_date", text, today, &date, &err);
        break;
    }
    case 3:
        (void)clg_skin_type_parse("skin_type", text, &value, &err);
        break;
    case 4: {
        bool ok = clg_laxity_grade_parse("laxity_grade", text, &value, &err) == CLG_OK;
        ROUND_TRIP(ok, clg_laxity_grade_parse("laxity_grade",
                                              clg_laxity_grade_format(value, out, sizeof out),
                                              &value_again, &err) == CLG_OK &&
                           value_again == value);
        break;
    }
    case 5:
        (void)clg_gais_parse("gais", text, &value, &err);
        break;
    case 6: {
        bool ok = clg_depth_parse("depth", text, &value, &err) == CLG_OK;
        ROUND_TRIP(ok, clg_depth_parse("depth", clg_depth_format(value, out, sizeof out),
                                       &value_again, &err) == CLG_OK &&
                           value_again == value);
        break;
    }
    case 7:
        (void)clg_email_check("email", text, &err);
        break;
    case 8:
        (void)clg_phone_check("phone", text, &err);
        break;
    case 9:
        (void)clg_text_check("notes", text, 2000, true, &err);
        (void)clg_text_is_clean_utf8(text, strlen(text));
        break;
    case 10: {
        clg_plan_request request;
        clg_plan_request_init(&request);
        bool given = false;
        const char *field = plan_fields[strlen(text) % (sizeof plan_fields / sizeof *plan_fields)];
        (void)clg_plan_request_set(&request, field, text, &given, &err);
        break;
    }
    case 11: {
        uint32_t set;
        char formatted[CLG_WORD_SET_TEXT_SIZE];
        for (int id = 0; id < CLG_VOCAB_COUNT; id++) {
            if (clg_word_set_parse((clg_vocabulary_id)id, "set", text, &set, &err) == CLG_OK)
                (void)clg_word_set_format((clg_vocabulary_id)id, set, formatted);
            (void)clg_vocabulary_parse((clg_vocabulary_id)id, "word", text, strlen(text), &value,
                                       &err);
        }
        break;
    }
    case 12: {
        /* "ZONE|YYYY-MM-DD|HH:MM" or the text as a time on a fixed date in a fixed zone. */
        int minute;
        clg_date day;
        clg_date_from_civil(2027, 3, 28, &day);
        size_t length = strlen(text);
        if (clg_time_parse(text, "time", &minute, &err) != CLG_OK)
            minute = (int)(length * 37 % 1500) - 1;
        (void)clg_local_time_check(zones[length % (sizeof zones / sizeof *zones)], day, minute,
                                   "time", &err);
        icaltimezone *zone = icaltimezone_get_builtin_timezone(text);
        (void)clg_local_time_resolve(zone, day, minute);
        (void)clg_local_time_at(zone, (long long)length * 86399);
        break;
    }
    case 13:
        (void)clg_password_check(text, &err);
        break;
    case 14:
        (void)clg_records_due_within_parse(text, &value, &err);
        break;
    case 15:
        (void)clg_records_diary_days_parse(text, &value, &err);
        break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0 || size > 4096)
        return 0;
    char *text = malloc(size);
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    parse_one(data[0], text);
    free(text);
    return 0;
}

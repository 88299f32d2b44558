/*
 * Wall-clock times in a zone (src/base/local_time.c): the one resolver the
 * bookings and every export share, checked at the clock changes of zones
 * north and south of the equator, with a half-hour change, and far from
 * any change. Instants are written "YYYY-MM-DD HH:MMZ" for readable failures.
 */
#include "support.h"

#include "base/local_time.h"

/* The instant as "YYYY-MM-DD HH:MMZ". */
static const char *utc_text(long long utc, char out[24])
{
    long long day = utc / 86400 - (utc % 86400 < 0);
    int minute = (int)((utc - day * 86400) / 60);
    char date[CLG_DATE_TEXT_SIZE];
    snprintf(out, 24, "%s %02d:%02dZ", clg_date_format((clg_date)day, date), minute / 60,
             minute % 60);
    return out;
}

static int minute_of(int hour, int minute)
{
    return hour * 60 + minute;
}

static void test_times_resolve_to_their_instant_at_and_around_the_changes(void **state)
{
    (void)state;
    static const struct {
        const char *zone;
        int year, month, day, hour, minute;
        const char *instant;
        int offset;
        bool gap, ambiguous;
        int shown_hour, shown_minute; /* the wall time at the instant */
    } cases[] = {
        /* Europe/Berlin: 02:00 -> 03:00 on 2027-03-28, 03:00 -> 02:00 on 2027-10-31. */
        {"Europe/Berlin", 2027, 3, 28, 1, 59, "2027-03-28 00:59Z", 3600, false, false, 1, 59},
        {"Europe/Berlin", 2027, 3, 28, 2, 0, "2027-03-28 01:00Z", 7200, true, false, 3, 0},
        {"Europe/Berlin", 2027, 3, 28, 2, 30, "2027-03-28 01:30Z", 7200, true, false, 3, 30},
        {"Europe/Berlin", 2027, 3, 28, 3, 0, "2027-03-28 01:00Z", 7200, false, false, 3, 0},
        {"Europe/Berlin", 2027, 10, 31, 1, 59, "2027-10-30 23:59Z", 7200, false, false, 1, 59},
        {"Europe/Berlin", 2027, 10, 31, 2, 0, "2027-10-31 00:00Z", 7200, false, true, 2, 0},
        {"Europe/Berlin", 2027, 10, 31, 2, 30, "2027-10-31 00:30Z", 7200, false, true, 2, 30},
        {"Europe/Berlin", 2027, 10, 31, 2, 59, "2027-10-31 00:59Z", 7200, false, true, 2, 59},
        {"Europe/Berlin", 2027, 10, 31, 3, 0, "2027-10-31 02:00Z", 3600, false, false, 3, 0},
        {"Europe/Berlin", 2027, 7, 1, 12, 0, "2027-07-01 10:00Z", 7200, false, false, 12, 0},
        /* America/New_York: 02:00 -> 03:00 on 2027-03-14, 02:00 -> 01:00 on 2027-11-07. */
        {"America/New_York", 2027, 3, 14, 2, 30, "2027-03-14 07:30Z", -14400, true, false, 3, 30},
        {"America/New_York", 2027, 11, 7, 1, 30, "2027-11-07 05:30Z", -14400, false, true, 1, 30},
        {"America/New_York", 2027, 11, 7, 23, 30, "2027-11-08 04:30Z", -18000, false, false, 23,
         30},
        /* Australia/Sydney, south: 02:00 -> 03:00 on 2027-10-03, 03:00 -> 02:00 on 2027-04-04. */
        {"Australia/Sydney", 2027, 10, 3, 2, 30, "2027-10-02 16:30Z", 39600, true, false, 3, 30},
        {"Australia/Sydney", 2027, 4, 4, 2, 30, "2027-04-03 15:30Z", 39600, false, true, 2, 30},
        /* Australia/Lord_Howe changes by half an hour: 02:00 -> 02:30 on 2027-10-03. */
        {"Australia/Lord_Howe", 2027, 10, 3, 2, 15, "2027-10-02 15:45Z", 39600, true, false, 2, 45},
        /* A zone without changes, and no zone at all. */
        {"Asia/Tokyo", 2027, 3, 28, 2, 30, "2027-03-27 17:30Z", 32400, false, false, 2, 30},
        {NULL, 2027, 3, 28, 2, 30, "2027-03-28 02:30Z", 0, false, false, 2, 30},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char row[96], instant[24];
        snprintf(row, sizeof row, "%s %04d-%02d-%02d %02d:%02d",
                 cases[i].zone ? cases[i].zone : "UTC", cases[i].year, cases[i].month, cases[i].day,
                 cases[i].hour, cases[i].minute);
        icaltimezone *zone =
            cases[i].zone ? icaltimezone_get_builtin_timezone(cases[i].zone) : NULL;
        EXPECT_TRUE(row, cases[i].zone == NULL || zone != NULL);
        clg_date date = support_date(cases[i].year, cases[i].month, cases[i].day);
        clg_local_time local =
            clg_local_time_resolve(zone, date, minute_of(cases[i].hour, cases[i].minute));
        EXPECT_STRING(row, utc_text(local.utc, instant), cases[i].instant);
        EXPECT_INT(row, local.offset, cases[i].offset);
        EXPECT_INT(row, local.gap, cases[i].gap);
        EXPECT_INT(row, local.ambiguous, cases[i].ambiguous);
        EXPECT_INT(row, local.minute, minute_of(cases[i].shown_hour, cases[i].shown_minute));
        clg_local_time back = clg_local_time_at(zone, local.utc);
        EXPECT_INT(row, back.utc, local.utc);
        EXPECT_INT(row, back.date, local.date);
        EXPECT_INT(row, back.minute, local.minute);
    }
}

static void test_minutes_past_midnight_run_into_the_next_day(void **state)
{
    (void)state;
    icaltimezone *berlin = icaltimezone_get_builtin_timezone("Europe/Berlin");
    char instant[24];
    clg_date date = support_date(2027, 10, 30);
    clg_local_time local = clg_local_time_resolve(berlin, date, 24 * 60 + minute_of(2, 30));
    EXPECT_STRING("2027-10-30 plus 26:30", utc_text(local.utc, instant), "2027-10-31 00:30Z");
    EXPECT_INT("the next day", local.date, date + 1);
}

static void test_the_check_names_the_field_and_the_gap(void **state)
{
    (void)state;
    static const struct {
        const char *zone;
        int year, month, day, hour, minute;
        const char *message; /* NULL: the time exists */
    } cases[] = {
        {"Europe/Berlin", 2027, 3, 28, 2, 30,
         "02:30 does not exist on 2027-03-28 in Europe/Berlin: clocks go from 02:00 to 03:00"},
        {"Europe/Berlin", 2027, 3, 28, 2, 59,
         "02:59 does not exist on 2027-03-28 in Europe/Berlin: clocks go from 02:00 to 03:00"},
        {"America/New_York", 2027, 3, 14, 2, 0,
         "02:00 does not exist on 2027-03-14 in America/New_York: clocks go from 02:00 to 03:00"},
        {"Australia/Lord_Howe", 2027, 10, 3, 2, 15,
         "02:15 does not exist on 2027-10-03 in Australia/Lord_Howe: clocks go from 02:00 to "
         "02:30"},
        {"Europe/Berlin", 2027, 3, 28, 3, 0, NULL},
        {"Europe/Berlin", 2027, 3, 28, 1, 59, NULL},
        {"Europe/Berlin", 2027, 10, 31, 2, 30, NULL},
        {"", 2027, 3, 28, 2, 30, NULL},
        {NULL, 2027, 3, 28, 2, 30, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char row[96];
        snprintf(row, sizeof row, "%s %04d-%02d-%02d %02d:%02d",
                 cases[i].zone ? cases[i].zone : "-", cases[i].year, cases[i].month, cases[i].day,
                 cases[i].hour, cases[i].minute);
        clg_error err = {0};
        clg_status status = clg_local_time_check(
            cases[i].zone, support_date(cases[i].year, cases[i].month, cases[i].day),
            minute_of(cases[i].hour, cases[i].minute), "time", &err);
        if (cases[i].message == NULL) {
            EXPECT_INT(row, status, CLG_OK);
            continue;
        }
        EXPECT_INT(row, status, CLG_ERR_INVALID);
        EXPECT_STRING(row, err.field, "time");
        EXPECT_STRING(row, err.message, cases[i].message);
    }
    clg_error err = {0};
    EXPECT_INT("all day on the night of the change",
               clg_local_time_check("Europe/Berlin", support_date(2027, 3, 28), -1, "time", &err),
               CLG_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_times_resolve_to_their_instant_at_and_around_the_changes),
        cmocka_unit_test(test_minutes_past_midnight_run_into_the_next_day),
        cmocka_unit_test(test_the_check_names_the_field_and_the_gap),
    };
    return cmocka_run_group_tests_name("local_time", tests, NULL, NULL);
}

/*
 * Civil-date arithmetic (include/collagenda/date.h): every date in a plan,
 * a schedule window or a recall goes through these few functions, so they
 * are checked exhaustively over the years a clinic will ever book, and at
 * the calendar's awkward corners (leap days, month ends, year ends).
 */
#include "support.h"

static void test_leap_years_follow_the_gregorian_rule(void **state)
{
    (void)state;
    static const struct {
        int year;
        bool leap;
    } cases[] = {
        {1600, true},  {1700, false}, {1800, false}, {1900, false}, {1996, true},
        {2000, true},  {2023, false}, {2024, true},  {2027, false}, {2028, true},
        {2100, false}, {2400, true},  {1, false},    {4, true},     {9999, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char row[32];
        snprintf(row, sizeof row, "year %d", cases[i].year);
        EXPECT_INT(row, clg_is_leap_year(cases[i].year), cases[i].leap);
    }
}

static void test_days_in_month_count_february_by_leap_year(void **state)
{
    (void)state;
    static const struct {
        int year, month, days;
    } cases[] = {
        {2027, 1, 31}, {2027, 2, 28}, {2027, 3, 31}, {2027, 4, 30},  {2027, 5, 31},  {2027, 6, 30},
        {2027, 7, 31}, {2027, 8, 31}, {2027, 9, 30}, {2027, 10, 31}, {2027, 11, 30}, {2027, 12, 31},
        {2028, 2, 29}, {2024, 2, 29}, {2000, 2, 29}, {1900, 2, 28},  {2100, 2, 28},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char row[32];
        snprintf(row, sizeof row, "%04d-%02d", cases[i].year, cases[i].month);
        EXPECT_INT(row, clg_days_in_month(cases[i].year, cases[i].month), cases[i].days);
    }
}

/*
 * Walks the calendar day by day from 1900-01-01 to 2100-12-31 and checks that
 * consecutive civil dates are consecutive day numbers, that converting back
 * gives the same civil date, that the weekday advances by one, and that
 * formatting and parsing agree.
 */
static void test_every_day_from_1900_to_2100_round_trips(void **state)
{
    (void)state;
    clg_date expected = support_date(1900, 1, 1);
    int expected_weekday = CLG_MONDAY; /* 1900-01-01 was a Monday */
    long days = 0;
    for (int year = 1900; year <= 2100; year++) {
        for (int month = 1; month <= 12; month++) {
            for (int day = 1; day <= clg_days_in_month(year, month); day++) {
                char row[48], text[CLG_DATE_TEXT_SIZE];
                snprintf(row, sizeof row, "%04d-%02d-%02d", year, month, day);
                clg_date date = -1;
                EXPECT_TRUE(row, clg_date_from_civil(year, month, day, &date));
                EXPECT_INT(row, date, expected);
                int y = 0, m = 0, d = 0;
                clg_date_to_civil(date, &y, &m, &d);
                EXPECT_INT(row, y, year);
                EXPECT_INT(row, m, month);
                EXPECT_INT(row, d, day);
                EXPECT_INT(row, clg_date_weekday(date), expected_weekday);
                EXPECT_STRING(row, clg_date_format(date, text), row);
                clg_date parsed = -1;
                EXPECT_INT(row, clg_date_parse(text, "start", &parsed, NULL), CLG_OK);
                EXPECT_INT(row, parsed, date);
                expected++;
                expected_weekday = (expected_weekday + 1) % 7;
                days++;
            }
        }
    }
    /* 201 years, 49 of them leap (2000 is, 1900 and 2100 are not). */
    assert_int_equal(days, 201 * 365 + 49);
    assert_int_equal(support_date(2100, 12, 31) - support_date(1900, 1, 1) + 1, days);
}

static void test_the_epoch_is_day_zero(void **state)
{
    (void)state;
    assert_int_equal(support_date(1970, 1, 1), 0);
    assert_int_equal(support_date(1969, 12, 31), -1);
    assert_int_equal(support_date(2027, 1, 4), 20822);
}

static void test_impossible_civil_dates_leave_the_output_alone(void **state)
{
    (void)state;
    static const int cases[][3] = {
        {2027, 2, 29}, {2027, 2, 30}, {2027, 4, 31}, {2027, 13, 1}, {2027, 0, 10},
        {2027, 1, 0},  {2027, 1, 32}, {1900, 2, 29}, {0, 1, 1},     {10000, 1, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char row[48];
        snprintf(row, sizeof row, "%d-%d-%d", cases[i][0], cases[i][1], cases[i][2]);
        clg_date date = 12345;
        EXPECT_TRUE(row, !clg_date_from_civil(cases[i][0], cases[i][1], cases[i][2], &date));
        EXPECT_INT(row, date, 12345);
    }
}

static void test_date_parse_accepts_iso_dates(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int year, month, day;
    } cases[] = {
        {"2027-01-04", 2027, 1, 4},   {"2028-02-29", 2028, 2, 29}, {"2000-02-29", 2000, 2, 29},
        {"2027-12-31", 2027, 12, 31}, {"0001-01-01", 1, 1, 1},     {"9999-12-31", 9999, 12, 31},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        clg_date date = -1;
        clg_error err = {0};
        EXPECT_INT(cases[i].text, clg_date_parse(cases[i].text, "start", &date, &err), CLG_OK);
        EXPECT_INT(cases[i].text, date, support_date(cases[i].year, cases[i].month, cases[i].day));
    }
}

/* A malformed text and an impossible date are both refused, naming the field. */
static void test_date_parse_rejects_malformed_text_naming_the_field(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "2027-1-4",   "2027/01/04",  "27-01-04",   "",           "2027-01-04x", " 2027-01-04",
        "2027-01-4",  "2027-001-04", "2027 01 04", "-027-01-04", "+027-01-04",  "2027-01-04\n",
        "abcd-ef-gh", "20270104",    "2027-0a-04", "2027--1-04",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *row = cases[i];
        clg_date date = 777;
        clg_error err = {0};
        EXPECT_INT(row, clg_date_parse(cases[i], "birth_date", &date, &err), CLG_ERR_INVALID);
        EXPECT_INT(row, err.status, CLG_ERR_INVALID);
        EXPECT_STRING(row, err.field, "birth_date");
        EXPECT_TRUE(row, strstr(err.message, "YYYY-MM-DD") != NULL);
        EXPECT_INT(row, date, 777);
    }
    clg_error err = {0};
    clg_date date = 0;
    assert_int_equal(clg_date_parse(NULL, "on", &date, &err), CLG_ERR_INVALID);
    assert_string_equal(err.field, "on");
}

static void test_date_parse_rejects_impossible_dates_naming_the_field(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "2027-02-30", "2027-13-01", "2027-00-10", "2027-04-31", "2027-02-29",
        "2027-01-00", "2027-01-32", "1900-02-29", "2100-02-29", "0000-01-01",
        "2027-06-31", "2027-09-31", "2027-11-31", "2027-99-99",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *row = cases[i];
        clg_date date = 777;
        clg_error err = {0};
        EXPECT_INT(row, clg_date_parse(cases[i], "start", &date, &err), CLG_ERR_INVALID);
        EXPECT_STRING(row, err.field, "start");
        EXPECT_TRUE(row, strstr(err.message, cases[i]) != NULL);
        EXPECT_TRUE(row, strstr(err.message, "does not exist") != NULL);
        EXPECT_INT(row, date, 777);
    }
}

static void test_time_parse_reads_every_minute_of_the_day_and_formats_it_back(void **state)
{
    (void)state;
    for (int minute = 0; minute < 24 * 60; minute++) {
        char text[CLG_TIME_TEXT_SIZE];
        clg_time_format(minute, text);
        int parsed = -1;
        clg_error err = {0};
        EXPECT_INT(text, clg_time_parse(text, "time", &parsed, &err), CLG_OK);
        EXPECT_INT(text, parsed, minute);
    }
    char text[CLG_TIME_TEXT_SIZE];
    assert_string_equal(clg_time_format(0, text), "00:00");
    assert_string_equal(clg_time_format(9 * 60 + 5, text), "09:05");
    assert_string_equal(clg_time_format(23 * 60 + 59, text), "23:59");
}

static void test_time_parse_rejects_malformed_times_naming_the_field(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "24:00",  "23:60",    "9:30",  "09:3",  "0930",  "09-30", "",      " 09:30",
        "09:30 ", "09:30:00", "ab:cd", "-1:00", "99:99", "12:5a", "12h30",
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *row = cases[i];
        int minute = 777;
        clg_error err = {0};
        EXPECT_INT(row, clg_time_parse(cases[i], "--time", &minute, &err), CLG_ERR_INVALID);
        EXPECT_STRING(row, err.field, "--time");
        EXPECT_TRUE(row, strstr(err.message, "HH:MM from 00:00 to 23:59") != NULL);
        EXPECT_INT(row, minute, 777);
    }
    clg_error err = {0};
    int minute = 0;
    assert_int_equal(clg_time_parse(NULL, "time", &minute, &err), CLG_ERR_INVALID);
}

static void test_weekday_counts_monday_as_zero(void **state)
{
    (void)state;
    static const struct {
        const char *date;
        int weekday;
    } cases[] = {
        {"1970-01-01", 3}, /* Thursday */
        {"1969-12-31", 2}, /* Wednesday, before the epoch */
        {"2027-01-04", 0}, /* Monday */
        {"2027-01-10", 6}, /* Sunday */
        {"2000-01-01", 5}, /* Saturday */
        {"2024-02-29", 3}, /* Thursday */
        {"2028-02-29", 1}, /* Tuesday */
        {"1900-01-01", 0}, /* Monday */
        {"2100-12-31", 4}, /* Friday */
        {"0001-01-01", 0}, /* Monday, proleptic Gregorian */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        clg_date date;
        assert_int_equal(clg_date_parse(cases[i].date, "date", &date, NULL), CLG_OK);
        EXPECT_INT(cases[i].date, clg_date_weekday(date), cases[i].weekday);
    }
}

static void test_format_pads_years_months_and_days(void **state)
{
    (void)state;
    char text[CLG_DATE_TEXT_SIZE];
    assert_string_equal(clg_date_format(support_date(1, 1, 1), text), "0001-01-01");
    assert_string_equal(clg_date_format(support_date(999, 9, 9), text), "0999-09-09");
    assert_string_equal(clg_date_format(support_date(9999, 12, 31), text), "9999-12-31");
    assert_string_equal(clg_date_format(support_date(2027, 1, 4), text), "2027-01-04");
}

/* CLG_DATE_LAST is 9999-12-31, and the day after it is the first one no date text can hold. */
static void test_last_date_is_9999_12_31(void **state)
{
    (void)state;
    assert_int_equal(CLG_DATE_LAST, support_date(9999, 12, 31));
    int year, month, day;
    clg_date_to_civil(CLG_DATE_LAST + 1, &year, &month, &day);
    assert_int_equal(year, 10000);
}

static void test_add_months_keeps_the_day_and_clamps_to_month_end(void **state)
{
    (void)state;
    static const struct {
        const char *from;
        int months;
        const char *expected;
    } cases[] = {
        {"2027-01-31", 1, "2027-02-28"}, /* Jan 31 + 1 = Feb 28 */
        {"2028-01-31", 1, "2028-02-29"}, /* ... or Feb 29 in a leap year */
        {"2027-03-31", 1, "2027-04-30"}, /* Mar 31 + 1 = Apr 30 */
        {"2027-05-31", 1, "2027-06-30"},
        {"2027-12-15", 1, "2028-01-15"}, /* across the year end */
        {"2027-12-31", 1, "2028-01-31"},
        {"2026-08-31", 6, "2027-02-28"},  /* Aug 31 + 6 = Feb 28 */
        {"2027-08-31", 6, "2028-02-29"},  /* ... or Feb 29 */
        {"2028-02-29", 12, "2029-02-28"}, /* a year after a leap day */
        {"2028-02-29", 48, "2032-02-29"},
        {"2027-11-30", 3, "2028-02-29"},
        {"2027-01-31", 13, "2028-02-29"},
        {"2027-10-31", 9, "2028-07-31"},
        {"2027-12-31", 12, "2028-12-31"},
        {"2027-06-30", 60, "2032-06-30"},
        {"1999-12-31", 2, "2000-02-29"},
        {"2099-12-31", 2, "2100-02-28"}, /* 2100 is not a leap year */
        {"2027-01-04", 0, "2027-01-04"},
        {"2027-04-19", 12, "2028-04-19"}, /* docs/design.md#plan-json example's maintenance visit */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char row[64], text[CLG_DATE_TEXT_SIZE];
        clg_date from;
        snprintf(row, sizeof row, "%s + %d months", cases[i].from, cases[i].months);
        assert_int_equal(clg_date_parse(cases[i].from, "from", &from, NULL), CLG_OK);
        EXPECT_STRING(row, clg_date_format(clg_date_add_months(from, cases[i].months), text),
                      cases[i].expected);
    }
}

/* The same rule, checked for every day of 2023-2029 and every offset to 5 years. */
static void test_add_months_matches_the_calendar_for_every_day(void **state)
{
    (void)state;
    for (clg_date date = support_date(2023, 1, 1); date <= support_date(2029, 12, 31); date++) {
        int year, month, day;
        clg_date_to_civil(date, &year, &month, &day);
        for (int months = 0; months <= 60; months++) {
            int target_year = year + (month - 1 + months) / 12;
            int target_month = (month - 1 + months) % 12 + 1;
            int last = clg_days_in_month(target_year, target_month);
            clg_date expected = support_date(target_year, target_month, day < last ? day : last);
            clg_date actual = clg_date_add_months(date, months);
            if (actual != expected) {
                char from[CLG_DATE_TEXT_SIZE], got[CLG_DATE_TEXT_SIZE], want[CLG_DATE_TEXT_SIZE];
                fail_msg("%s + %d months is %s, expected %s", clg_date_format(date, from), months,
                         clg_date_format(actual, got), clg_date_format(expected, want));
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_leap_years_follow_the_gregorian_rule),
        cmocka_unit_test(test_days_in_month_count_february_by_leap_year),
        cmocka_unit_test(test_every_day_from_1900_to_2100_round_trips),
        cmocka_unit_test(test_the_epoch_is_day_zero),
        cmocka_unit_test(test_impossible_civil_dates_leave_the_output_alone),
        cmocka_unit_test(test_date_parse_accepts_iso_dates),
        cmocka_unit_test(test_date_parse_rejects_malformed_text_naming_the_field),
        cmocka_unit_test(test_date_parse_rejects_impossible_dates_naming_the_field),
        cmocka_unit_test(test_time_parse_reads_every_minute_of_the_day_and_formats_it_back),
        cmocka_unit_test(test_time_parse_rejects_malformed_times_naming_the_field),
        cmocka_unit_test(test_weekday_counts_monday_as_zero),
        cmocka_unit_test(test_format_pads_years_months_and_days),
        cmocka_unit_test(test_last_date_is_9999_12_31),
        cmocka_unit_test(test_add_months_keeps_the_day_and_clamps_to_month_end),
        cmocka_unit_test(test_add_months_matches_the_calendar_for_every_day),
    };
    return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}

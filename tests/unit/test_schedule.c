/*
 * Dated schedules (docs/design.md#plan-json): session k+1 is `recommended` days after session
 * k inside the window [k + min, k + max]; a closed day moves to the next open
 * day inside the window, else the previous one; the first session moves
 * forward to the first open day; the first maintenance visit is the last
 * session plus the recommended months, clamped to the month's end.
 *
 * Besides hand-worked examples, every one of the 127 non-empty sets of open
 * days is checked against an independent statement of those rules, for
 * several kinds of course, start dates on every weekday and at the
 * calendar's corners, and for clinic protocols whose windows are narrow
 * enough that the "previous open day" and "no open day" branches happen.
 */
#include "support.h"

typedef struct schedule_fixture {
    clg_protocol *standard;    /* the default protocol */
    clg_protocol *narrow;      /* interval 26-30 days: dates can move back */
    clg_protocol *single_day;  /* interval 28-28 days: windows of one day */
    clg_protocol *short_clamp; /* interval 22-26 days: a short window, recommended 24 */
} schedule_fixture;

static bool is_open(uint8_t open_days, clg_date date)
{
    open_days &= CLG_ALL_WEEKDAYS;
    return open_days == 0 || ((open_days >> clg_date_weekday(date)) & 1u);
}

/* How often each branch of the moving rule was met, to prove the sweep covers it. */
typedef struct branch_counts {
    long kept, moved_later, moved_earlier, no_open_day, start_moved;
} branch_counts;

/*
 * Checks plan's schedule, built from first_date (session first_number on it
 * unmoved), against the rules of docs/design.md#schedule-rules stated independently of schedule.c.
 */
static void check_schedule(const char *row, const clg_plan *plan, int first_number,
                           clg_date first_date, uint8_t open_days, branch_counts *counts)
{
    const clg_range_recommended *interval = &plan->interval_days;
    const int floor = plan->interval_floor_days;
    char text[CLG_DATE_TEXT_SIZE];

    EXPECT_INT(row, plan->schedule_count, plan->sessions.recommended);
    const clg_scheduled_session *first = &plan->schedule[first_number - 1];
    EXPECT_INT(row, first->number, first_number);
    EXPECT_INT(row, first->date, first_date);
    EXPECT_INT(row, first->earliest, first_date);
    EXPECT_INT(row, first->latest, first_date);

    bool expect_no_open_day_warning = false;
    for (int number = first_number + 1; number <= plan->schedule_count; number++) {
        const clg_scheduled_session *previous = &plan->schedule[number - 2];
        const clg_scheduled_session *session = &plan->schedule[number - 1];
        char where[160];
        snprintf(where, sizeof where, "%s, session %d on %s", row, number,
                 support_date_text(session->date, text));

        EXPECT_INT(where, session->number, number);
        /* The window is relative to the previous session's actual date. */
        EXPECT_INT(where, session->earliest, previous->date + interval->min);
        EXPECT_INT(where, session->latest, previous->date + interval->max);
        EXPECT_TRUE(where, session->earliest <= session->date && session->date <= session->latest);
        EXPECT_TRUE(where, session->date - previous->date >= floor);

        /* Where it should land: ideal, else next open day in window, else previous. */
        clg_date ideal = previous->date + interval->recommended;
        clg_date expected = ideal;
        bool window_has_open_day = false;
        for (clg_date day = session->earliest; day <= session->latest; day++)
            window_has_open_day = window_has_open_day || is_open(open_days, day);
        if (is_open(open_days, ideal)) {
            counts->kept++;
        } else {
            clg_date later = ideal + 1;
            while (later <= session->latest && !is_open(open_days, later))
                later++;
            clg_date earlier = ideal - 1;
            while (earlier >= session->earliest && !is_open(open_days, earlier))
                earlier--;
            if (later <= session->latest) {
                expected = later;
                counts->moved_later++;
            } else if (earlier >= session->earliest) {
                expected = earlier;
                counts->moved_earlier++;
            } else {
                expect_no_open_day_warning = true;
                counts->no_open_day++;
            }
        }
        EXPECT_INT(where, session->date, expected);
        if (window_has_open_day)
            EXPECT_TRUE(where, is_open(open_days, session->date));
    }
    EXPECT_INT(row, support_has_warning(plan, "no-open-day-in-window"), expect_no_open_day_warning);
    const clg_date last = plan->schedule[plan->schedule_count - 1].date;
    EXPECT_INT(row, plan->maintenance_date,
               clg_date_add_months(last, plan->maintenance_months.recommended));
}

static const char *const course_requests[][6] = {
    {"laxity", "mild", "areas", "face", NULL, NULL},                    /* 4 x 35 days */
    {"laxity", "none", "areas", "under-eyes", NULL, NULL},              /* 2 sessions */
    {"laxity", "moderate", "areas", "face,neck,chest", NULL, NULL},     /* intensive */
    {"laxity", "severe", "risks", "smoking", "goal", "transformation"}, /* 9 x 35 days */
};

static clg_plan_request course_request(size_t index)
{
    const char *const *words = course_requests[index];
    return support_request(words[0], words[1], words[2], words[3], words[4], words[5],
                           (const char *)NULL);
}

static const char *const start_dates[] = {
    "2027-01-04", "2027-01-05", "2027-01-06", "2027-01-07", "2027-01-08", "2027-01-09",
    "2027-01-10", "2027-12-31", "2028-02-29", "2027-01-31", "2099-12-30",
};

static void test_every_set_of_open_days_gives_open_dates_inside_windows(void **state)
{
    const schedule_fixture *fixture = *state;
    const clg_protocol *protocols[] = {fixture->standard, fixture->narrow, fixture->single_day,
                                       fixture->short_clamp};
    branch_counts counts = {0};
    long plans = 0;
    for (size_t p = 0; p < sizeof protocols / sizeof protocols[0]; p++) {
        for (size_t c = 0; c < sizeof course_requests / sizeof course_requests[0]; c++) {
            for (size_t s = 0; s < sizeof start_dates / sizeof start_dates[0]; s++) {
                clg_date start;
                assert_int_equal(clg_date_parse(start_dates[s], "start", &start, NULL), CLG_OK);
                for (unsigned mask = 1; mask <= CLG_ALL_WEEKDAYS; mask++) {
                    char row[128];
                    snprintf(row, sizeof row, "protocol %zu, course %zu, start %s, open 0x%02x", p,
                             c, start_dates[s], mask);
                    clg_plan_request request = course_request(c);
                    request.has_start = true;
                    request.start = start;
                    request.open_days = (uint8_t)mask;
                    clg_plan plan;
                    support_plan(protocols[p], &request, &plan);

                    /* Session 1 moves forward to the first open day, with a warning. */
                    clg_date first = start;
                    while (!is_open((uint8_t)mask, first))
                        first++;
                    EXPECT_TRUE(row, first - start < 7);
                    EXPECT_INT(row, support_has_warning(&plan, "start-moved-to-open-day"),
                               first != start);
                    if (first != start)
                        counts.start_moved++;
                    check_schedule(row, &plan, 1, first, (uint8_t)mask, &counts);

                    /*
                     * A course re-flowed from a session done on a closed day keeps
                     * that day and moves the sessions after it. (Built on a plan
                     * without a start: clg_schedule_build() adds to the plan's
                     * warnings, it does not replace them.)
                     */
                    request.has_start = false;
                    support_plan(protocols[p], &request, &plan);
                    clg_schedule_build(&plan, 1, start, (uint8_t)mask);
                    check_schedule(row, &plan, 1, start, (uint8_t)mask, &counts);
                    plans += 2;
                }
            }
        }
    }
    print_message("%ld schedules: %ld dates kept, %ld moved later, %ld moved earlier, "
                  "%ld with no open day, %ld starts moved\n",
                  plans, counts.kept, counts.moved_later, counts.moved_earlier, counts.no_open_day,
                  counts.start_moved);
    /* The sweep really met every branch of the rule. */
    assert_true(counts.kept > 0);
    assert_true(counts.moved_later > 0);
    assert_true(counts.moved_earlier > 0);
    assert_true(counts.no_open_day > 0);
    assert_true(counts.start_moved > 0);
    assert_int_equal(plans, 2L * 4 * 4 * 11 * 127);
}

static void test_no_open_days_given_means_every_day_is_open(void **state)
{
    const schedule_fixture *fixture = *state;
    static const uint8_t every_day[] = {0, CLG_ALL_WEEKDAYS, 0xFF};
    for (size_t i = 0; i < sizeof every_day / sizeof every_day[0]; i++) {
        clg_plan_request request =
            support_request("laxity", "mild", "start", "2027-01-09", (const char *)NULL);
        request.open_days = every_day[i];
        clg_plan plan;
        support_plan(fixture->standard, &request, &plan);
        char row[32];
        snprintf(row, sizeof row, "open days 0x%02x", every_day[i]);
        EXPECT_INT(row, plan.warning_count, 0);
        for (int s = 0; s < plan.schedule_count; s++)
            EXPECT_INT(row, plan.schedule[s].date, support_date(2027, 1, 9) + 35 * s);
    }
}

static void test_session_one_moves_forward_to_the_first_open_day(void **state)
{
    const schedule_fixture *fixture = *state;
    static const struct {
        const char *start, *open_days, *first;
        bool moved;
    } cases[] = {
        {"2027-01-09", "mon,tue,wed,thu,fri", "2027-01-11", true}, /* Saturday -> Monday */
        {"2027-01-10", "mon,tue,wed,thu,fri", "2027-01-11", true}, /* Sunday -> Monday */
        {"2027-01-04", "mon", "2027-01-04", false},                /* already open */
        {"2027-01-05", "mon", "2027-01-11", true},                 /* six days on */
        {"2027-12-30", "mon", "2028-01-03", true},                 /* across the year end */
        {"2028-02-28", "wed", "2028-03-01", true},                 /* across Feb 29 */
        {"2027-02-27", "mon", "2027-03-01", true},                 /* across Feb 28 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char row[64], text[CLG_DATE_TEXT_SIZE];
        snprintf(row, sizeof row, "start %s open %s", cases[i].start, cases[i].open_days);
        clg_plan_request request =
            support_request("laxity", "mild", "start", cases[i].start, "open_days",
                            cases[i].open_days, (const char *)NULL);
        clg_plan plan;
        support_plan(fixture->standard, &request, &plan);
        EXPECT_STRING(row, clg_date_format(plan.schedule[0].date, text), cases[i].first);
        EXPECT_INT(row, support_has_warning(&plan, "start-moved-to-open-day"), cases[i].moved);
        for (int w = 0; w < plan.warning_count; w++)
            EXPECT_TRUE(row, plan.warnings[w].message && plan.warnings[w].message[0]);
        /* The request keeps what was asked; only the schedule moves. */
        EXPECT_STRING(row, clg_date_format(plan.request.start, text), cases[i].start);
    }
}

/* A hand-worked schedule: every date, window and the maintenance visit. */
typedef struct worked_example {
    const char *name;
    int protocol; /* 0 standard, 1 narrow, 2 single-day */
    const char *laxity, *areas;
    const char *first_date;
    bool from_plan; /* true: via the plan's start; false: re-flowed by clg_schedule_build */
    const char *open_days;
    const char *dates[4][3]; /* date, earliest, latest */
    const char *maintenance;
    const char *warning; /* expected warning code, or NULL for none */
} worked_example;

/* Hand-aligned: one row per case reads as a table. */
/* clang-format off */
static const worked_example worked_examples[] = {
    {"docs/design.md#plan-json example", 0, "mild", "face", "2027-01-04", true, NULL,
     {{"2027-01-04", "2027-01-04", "2027-01-04"},
      {"2027-02-08", "2027-02-01", "2027-02-15"},
      {"2027-03-15", "2027-03-08", "2027-03-22"},
      {"2027-04-19", "2027-04-12", "2027-04-26"}},
     "2028-04-19", NULL},
    {"re-flow from a Saturday moves to the next Monday", 0, "mild", "face", "2027-01-09", false,
     "mon,tue,wed,thu,fri",
     {{"2027-01-09", "2027-01-09", "2027-01-09"},
      {"2027-02-15", "2027-02-06", "2027-02-20"},
      {"2027-03-22", "2027-03-15", "2027-03-29"},
      {"2027-04-26", "2027-04-19", "2027-05-03"}},
     "2028-04-26", NULL},
    {"no later open day in the window moves back", 1, "mild", "face", "2027-01-09", false, "thu",
     {{"2027-01-09", "2027-01-09", "2027-01-09"},
      {"2027-02-04", "2027-02-04", "2027-02-08"},
      {"2027-03-04", "2027-03-02", "2027-03-06"},
      {"2027-04-01", "2027-03-30", "2027-04-03"}},
     "2028-04-01", NULL},
    {"a one-day window on a closed day stays, with a warning", 2, "mild", "face", "2027-01-09",
     false, "mon,tue,wed,thu,fri",
     {{"2027-01-09", "2027-01-09", "2027-01-09"},
      {"2027-02-06", "2027-02-06", "2027-02-06"},
      {"2027-03-06", "2027-03-06", "2027-03-06"},
      {"2027-04-03", "2027-04-03", "2027-04-03"}},
     "2028-04-03", "no-open-day-in-window"},
    {"across a year end", 0, "mild", "face", "2027-11-29", true, NULL,
     {{"2027-11-29", "2027-11-29", "2027-11-29"},
      {"2028-01-03", "2027-12-27", "2028-01-10"},
      {"2028-02-07", "2028-01-31", "2028-02-14"},
      {"2028-03-13", "2028-03-06", "2028-03-20"}},
     "2029-03-13", NULL},
    {"across Feb 29", 0, "mild", "face", "2028-01-25", true, NULL,
     {{"2028-01-25", "2028-01-25", "2028-01-25"},
      {"2028-02-29", "2028-02-22", "2028-03-07"},
      {"2028-04-04", "2028-03-28", "2028-04-11"},
      {"2028-05-09", "2028-05-02", "2028-05-16"}},
     "2029-05-09", NULL},
    {"2100 has no Feb 29", 0, "mild", "face", "2100-01-25", true, NULL,
     {{"2100-01-25", "2100-01-25", "2100-01-25"},
      {"2100-03-01", "2100-02-22", "2100-03-08"},
      {"2100-04-05", "2100-03-29", "2100-04-12"},
      {"2100-05-10", "2100-05-03", "2100-05-17"}},
     "2101-05-10", NULL},
};
/* clang-format on */

static void test_worked_examples_give_their_dates_windows_and_recall(void **state)
{
    const schedule_fixture *fixture = *state;
    const clg_protocol *protocols[] = {fixture->standard, fixture->narrow, fixture->single_day};
    for (size_t i = 0; i < sizeof worked_examples / sizeof worked_examples[0]; i++) {
        const worked_example *example = &worked_examples[i];
        clg_plan_request request =
            support_request("laxity", example->laxity, "areas", example->areas, (const char *)NULL);
        clg_error err = {0};
        if (example->open_days)
            assert_int_equal(
                clg_plan_request_set(&request, "open_days", example->open_days, NULL, &err),
                CLG_OK);
        clg_date first;
        assert_int_equal(clg_date_parse(example->first_date, "start", &first, NULL), CLG_OK);
        clg_plan plan;
        if (example->from_plan) {
            request.has_start = true;
            request.start = first;
            support_plan(protocols[example->protocol], &request, &plan);
        } else {
            support_plan(protocols[example->protocol], &request, &plan);
            EXPECT_INT(example->name, plan.schedule_count, 0);
            clg_schedule_build(&plan, 1, first, request.open_days);
        }
        EXPECT_INT(example->name, plan.schedule_count, 4);
        for (int s = 0; s < 4; s++) {
            char row[160], text[CLG_DATE_TEXT_SIZE];
            snprintf(row, sizeof row, "%s, session %d", example->name, s + 1);
            EXPECT_INT(row, plan.schedule[s].number, s + 1);
            EXPECT_STRING(row, clg_date_format(plan.schedule[s].date, text), example->dates[s][0]);
            EXPECT_STRING(row, clg_date_format(plan.schedule[s].earliest, text),
                          example->dates[s][1]);
            EXPECT_STRING(row, clg_date_format(plan.schedule[s].latest, text),
                          example->dates[s][2]);
        }
        char text[CLG_DATE_TEXT_SIZE];
        EXPECT_STRING(example->name, clg_date_format(plan.maintenance_date, text),
                      example->maintenance);
        if (example->warning) {
            EXPECT_TRUE(example->name, support_has_warning(&plan, example->warning));
            /* Said once however many sessions it concerns. */
            EXPECT_INT(example->name, plan.warning_count, 1);
        } else {
            EXPECT_INT(example->name, plan.warning_count, 0);
        }
    }
}

/* An intensive course: every 24 days (the midpoint of 21-28, rounded down), windows 21-28 days. */
static void test_intensive_course_across_a_leap_day(void **state)
{
    const schedule_fixture *fixture = *state;
    static const char *const expected[] = {
        "2028-02-08", "2028-03-03", "2028-03-27", "2028-04-20", "2028-05-14",
        "2028-06-07", "2028-07-01", "2028-07-25", "2028-08-18", "2028-09-11",
    };
    clg_plan_request request = support_request("laxity", "mild", "risks", "smoking,diabetes",
                                               "start", "2028-02-08", (const char *)NULL);
    clg_plan plan;
    support_plan(fixture->standard, &request, &plan);
    assert_int_equal(plan.course, CLG_COURSE_INTENSIVE);
    assert_int_equal(plan.schedule_count, 10);
    for (int s = 0; s < 10; s++) {
        char text[CLG_DATE_TEXT_SIZE];
        EXPECT_STRING(expected[s], clg_date_format(plan.schedule[s].date, text), expected[s]);
        if (s > 0) {
            EXPECT_INT(expected[s], plan.schedule[s].earliest, plan.schedule[s - 1].date + 21);
            EXPECT_INT(expected[s], plan.schedule[s].latest, plan.schedule[s - 1].date + 28);
        }
    }
    char text[CLG_DATE_TEXT_SIZE];
    /* Session 2's window opens on the leap day itself. */
    assert_string_equal(clg_date_format(plan.schedule[1].earliest, text), "2028-02-29");
    assert_string_equal(clg_date_format(plan.maintenance_date, text), "2029-03-11");
}

/*
 * The first maintenance visit: the last session plus the recommended months,
 * same day of month, clamped to the month's end. The start is chosen so the
 * last session lands on the awkward day.
 */
static void test_maintenance_visit_clamps_to_the_end_of_the_month(void **state)
{
    const schedule_fixture *fixture = *state;
    /* Clinic protocols whose usual maintenance is 1 or 9 months, for more month ends. */
    clg_protocol *usual_months[2];
    static const char *const usual_months_text[2] = {"1", "9"};
    for (int p = 0; p < 2; p++) {
        json_t *document = support_default_document();
        support_document_set(document, "maintenance.months.min", "1");
        support_document_set(document, "maintenance.usual.months", usual_months_text[p]);
        usual_months[p] = support_protocol_from_document(document);
        json_decref(document);
    }
    enum { DEFAULT, MONTHLY, NINE_MONTHLY };

    static const struct {
        const char *name;
        int protocol; /* DEFAULT, MONTHLY or NINE_MONTHLY */
        const char *laxity, *risks;
        const char *last, *maintenance;
    } cases[] = {
        {"Jan 31 + 1 month", MONTHLY, "mild", "", "2027-01-31", "2027-02-28"},
        {"Jan 31 + 1 month in a leap year", MONTHLY, "mild", "", "2028-01-31", "2028-02-29"},
        {"Mar 31 + 1 month", MONTHLY, "mild", "", "2027-03-31", "2027-04-30"},
        {"Dec 31 + 1 month", MONTHLY, "none", "", "2027-12-31", "2028-01-31"},
        {"Aug 31 + 6 months", DEFAULT, "severe", "", "2026-08-31", "2027-02-28"},
        {"Aug 31 + 6 months in a leap year", DEFAULT, "severe", "", "2027-08-31", "2028-02-29"},
        {"Aug 31 + 6 months, intensive", DEFAULT, "mild", "smoking,diabetes", "2027-08-31",
         "2028-02-29"},
        {"Feb 29 + 12 months", DEFAULT, "mild", "", "2028-02-29", "2029-02-28"},
        {"Feb 29 + 12 months, none laxity", DEFAULT, "none", "", "2028-02-29", "2029-02-28"},
        {"Feb 29 + 12 months, moderate laxity", DEFAULT, "moderate", "", "2028-02-29",
         "2029-02-28"},
        {"May 31 + 9 months", NINE_MONTHLY, "moderate", "", "2027-05-31", "2028-02-29"},
        {"Mar 31 + 9 months", NINE_MONTHLY, "moderate", "", "2027-03-31", "2027-12-31"},
        {"Jan 31 + 12 months", DEFAULT, "mild", "", "2027-01-31", "2028-01-31"},
        {"Dec 31 + 12 months", DEFAULT, "mild", "", "2027-12-31", "2028-12-31"},
        {"May 31 + 9 months, non-leap 2100", NINE_MONTHLY, "moderate", "", "2099-05-31",
         "2100-02-28"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const clg_protocol *protocol = cases[i].protocol == DEFAULT
                                           ? fixture->standard
                                           : usual_months[cases[i].protocol - MONTHLY];
        clg_plan_request request =
            support_request("laxity", cases[i].laxity, "risks", cases[i].risks, (const char *)NULL);
        clg_plan plan;
        support_plan(protocol, &request, &plan);
        clg_date last;
        assert_int_equal(clg_date_parse(cases[i].last, "last", &last, NULL), CLG_OK);
        clg_date start = last - (plan.sessions.recommended - 1) * plan.interval_days.recommended;
        request.has_start = true;
        request.start = start;
        support_plan(protocol, &request, &plan);
        char text[CLG_DATE_TEXT_SIZE];
        EXPECT_STRING(cases[i].name,
                      clg_date_format(plan.schedule[plan.schedule_count - 1].date, text),
                      cases[i].last);
        EXPECT_STRING(cases[i].name, clg_date_format(plan.maintenance_date, text),
                      cases[i].maintenance);
    }
    clg_protocol_free(usual_months[0]);
    clg_protocol_free(usual_months[1]);
}

/* Re-flowing from a session actually done rebuilds only the sessions after it. */
static void test_reflow_from_a_later_session_rebuilds_the_rest(void **state)
{
    const schedule_fixture *fixture = *state;
    clg_plan_request request =
        support_request("laxity", "moderate", "start", "2027-01-04", (const char *)NULL);
    clg_plan plan;
    support_plan(fixture->standard, &request, &plan);
    assert_int_equal(plan.schedule_count, 5);
    const clg_date first = plan.schedule[0].date;

    /* Session 3 was done late, on a Saturday; the clinic opens Monday to Friday. */
    const clg_date done = support_date(2027, 3, 20);
    uint8_t weekdays = 0x1F;
    clg_schedule_build(&plan, 3, done, weekdays);
    assert_int_equal(plan.schedule_count, 5);
    assert_int_equal(plan.schedule[0].date, first); /* untouched */
    assert_int_equal(plan.schedule[2].number, 3);
    assert_int_equal(plan.schedule[2].date, done);
    char text[CLG_DATE_TEXT_SIZE];
    /* 2027-03-20 + 35 = Saturday 2027-04-24, next open day Monday 2027-04-26. */
    assert_string_equal(clg_date_format(plan.schedule[3].date, text), "2027-04-26");
    assert_string_equal(clg_date_format(plan.schedule[3].earliest, text), "2027-04-17");
    assert_string_equal(clg_date_format(plan.schedule[3].latest, text), "2027-05-01");
    assert_string_equal(clg_date_format(plan.schedule[4].date, text), "2027-05-31");
    /* Moderate laxity: maintenance 12 months after the last session. */
    assert_string_equal(clg_date_format(plan.maintenance_date, text), "2028-05-31");
}

/* The default protocol with the standard interval min-max, its floor at min. */
static clg_protocol *protocol_with_interval(int min, int max)
{
    char number[16];
    json_t *document = support_default_document();
    snprintf(number, sizeof number, "%d", min);
    support_document_set(document, "interval_days.min", number);
    support_document_set(document, "interval_floor.standard.days", number);
    snprintf(number, sizeof number, "%d", max);
    support_document_set(document, "interval_days.max", number);
    clg_protocol *protocol = support_protocol_from_document(document);
    json_decref(document);
    return protocol;
}

static int load_protocols(void **state)
{
    schedule_fixture *fixture = calloc(1, sizeof *fixture);
    if (fixture == NULL)
        return -1;
    fixture->standard = support_default_protocol();
    fixture->narrow = protocol_with_interval(26, 30);
    fixture->single_day = protocol_with_interval(28, 28);
    fixture->short_clamp = protocol_with_interval(22, 26);
    *state = fixture;
    return 0;
}

static int free_protocols(void **state)
{
    schedule_fixture *fixture = *state;
    clg_protocol_free(fixture->standard);
    clg_protocol_free(fixture->narrow);
    clg_protocol_free(fixture->single_day);
    clg_protocol_free(fixture->short_clamp);
    free(fixture);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_set_of_open_days_gives_open_dates_inside_windows),
        cmocka_unit_test(test_no_open_days_given_means_every_day_is_open),
        cmocka_unit_test(test_session_one_moves_forward_to_the_first_open_day),
        cmocka_unit_test(test_worked_examples_give_their_dates_windows_and_recall),
        cmocka_unit_test(test_intensive_course_across_a_leap_day),
        cmocka_unit_test(test_maintenance_visit_clamps_to_the_end_of_the_month),
        cmocka_unit_test(test_reflow_from_a_later_session_rebuilds_the_rest),
    };
    return cmocka_run_group_tests_name("schedule", tests, load_protocols, free_protocols);
}

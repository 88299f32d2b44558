/*
 * The course logic of docs/records.md#records-and-safety, pinned against the default protocol:
 * the interval floor of each course kind (refused with its reason, exactly
 * at the floor, overlapping areas), early / on time / late, the re-flow
 * after a late session, the move to maintenance and its month-end
 * clamping, blocked screening (the dates of a course started over it, and
 * only an admin may force it), and the record field checks (grades, depth).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "collagenda/collagenda.h"

static clg_protocol *protocol;

static int load_protocol(void **state)
{
    (void)state;
    clg_error err;
    return clg_protocol_load_default(&protocol, &err) == CLG_OK ? 0 : -1;
}

static int free_protocol(void **state)
{
    (void)state;
    clg_protocol_free(protocol);
    return 0;
}

static clg_date day(const char *text)
{
    clg_date date;
    clg_error err;
    assert_int_equal(clg_date_parse(text, "date", &date, &err), CLG_OK);
    return date;
}

static void assert_date(clg_date date, const char *expected)
{
    char text[CLG_DATE_TEXT_SIZE];
    assert_string_equal(clg_date_format(date, text), expected);
}

static uint32_t areas(const char *list)
{
    clg_plan_request request;
    clg_error err;
    clg_plan_request_init(&request);
    assert_int_equal(clg_plan_request_set(&request, "areas", list, NULL, &err), CLG_OK);
    return request.assessment.areas;
}

/* A plan for `plan --laxity L [--areas A] [--risks R] [--screening S] --start START`. */
static void make_plan_with_risks(clg_plan *plan, const char *laxity, const char *area_list,
                                 const char *risks, const char *screening, const char *start)
{
    clg_plan_request request;
    clg_error err;
    clg_plan_request_init(&request);
    assert_int_equal(clg_plan_request_set(&request, "laxity", laxity, NULL, &err), CLG_OK);
    if (area_list)
        assert_int_equal(clg_plan_request_set(&request, "areas", area_list, NULL, &err), CLG_OK);
    if (risks)
        assert_int_equal(clg_plan_request_set(&request, "risks", risks, NULL, &err), CLG_OK);
    if (screening)
        assert_int_equal(clg_plan_request_set(&request, "screening", screening, NULL, &err),
                         CLG_OK);
    assert_int_equal(clg_plan_request_set(&request, "start", start, NULL, &err), CLG_OK);
    assert_int_equal(clg_plan_compute(protocol, &request, plan, &err), CLG_OK);
}

/* A plan for `plan --laxity L [--areas A] [--screening S] --start START`. */
static void make_plan(clg_plan *plan, const char *laxity, const char *area_list,
                      const char *screening, const char *start)
{
    make_plan_with_risks(plan, laxity, area_list, NULL, screening, start);
}

/* Why the default protocol has a floor, as every refusal for one quotes it. */
#define FLOOR_WHY                                                                                  \
    "sessions closer together disrupt the skin's healing and raise the risk of infection and "     \
    "injury [F]"

/* Re-flows plan around the course's dates (NULL-terminated list). */
static clg_course_progress progress_of(clg_plan *plan, const char *const *dates)
{
    clg_date recorded[CLG_MAX_SESSIONS];
    int count = 0;
    for (; dates[count]; count++)
        recorded[count] = day(dates[count]);
    clg_course_progress progress;
    clg_error err;
    assert_int_equal(
        clg_course_progress_compute(plan, recorded, count, CLG_COURSE_ACTIVE, &progress, &err),
        CLG_OK);
    return progress;
}

typedef struct proposal_case {
    clg_session_proposal proposal;
    clg_session_fact facts[CLG_MAX_SESSIONS];
} proposal_case;

/* A proposal on `area_list`, the client's sessions being the course's dates on the same areas. */
static void propose(proposal_case *c, const char *date, const char *area_list,
                    const char *const *client_dates, const char *client_areas)
{
    memset(c, 0, sizeof *c);
    int count = 0;
    for (; client_dates && client_dates[count]; count++)
        c->facts[count] = (clg_session_fact){day(client_dates[count]), areas(client_areas)};
    c->proposal.date = day(date);
    c->proposal.areas = areas(area_list);
    c->proposal.modality = CLG_MODALITY_TRADITIONAL;
    c->proposal.client_sessions = c->facts;
    c->proposal.client_session_count = count;
}

static const char *const first_session[] = {"2027-01-04", NULL};

static void test_plan_for_mild_face_is_four_sessions_five_weeks_apart(void **state)
{
    (void)state;
    clg_plan plan;
    make_plan(&plan, "mild", NULL, NULL, "2027-01-04");
    clg_course_progress progress = progress_of(&plan, (const char *const[]){NULL});
    assert_int_equal(progress.status, CLG_COURSE_ACTIVE);
    assert_int_equal(progress.next.kind, CLG_NEXT_SESSION);
    assert_int_equal(progress.next.number, 1);
    assert_date(progress.next.date, "2027-01-04");
    assert_int_equal(plan.schedule_count, 4);
    assert_date(plan.schedule[1].date, "2027-02-08");
}

static void test_session_sooner_than_floor_is_refused_with_precise_message(void **state)
{
    (void)state;
    clg_plan plan;
    make_plan(&plan, "mild", NULL, NULL, "2027-01-04");
    clg_course_progress progress = progress_of(&plan, first_session);
    proposal_case c;
    propose(&c, "2027-01-20", "face", first_session, "face");
    clg_session_verdict verdict;
    clg_error err;
    assert_int_equal(clg_session_evaluate(&plan, &progress, &c.proposal, &verdict, &err),
                     CLG_ERR_REFUSED);
    assert_string_equal(err.field, "session");
    assert_string_equal(err.message,
                        "refused: 2027-01-20 is 16 days after the session of 2027-01-04 on face; "
                        "the floor of this standard course is 28 days (earliest allowed "
                        "2027-02-01): " FLOOR_WHY);
    assert_true(verdict.too_soon);
    assert_false(verdict.forced);
}

static void test_forced_too_soon_session_is_accepted_and_marked_forced(void **state)
{
    (void)state;
    clg_plan plan;
    make_plan(&plan, "mild", NULL, NULL, "2027-01-04");
    clg_course_progress progress = progress_of(&plan, first_session);
    proposal_case c;
    propose(&c, "2027-01-20", "face", first_session, "face");
    c.proposal.forced = true;
    clg_session_verdict verdict;
    clg_error err;
    assert_int_equal(clg_session_evaluate(&plan, &progress, &c.proposal, &verdict, &err), CLG_OK);
    assert_true(verdict.forced);
    assert_true(verdict.too_soon);
    assert_int_equal(verdict.timing, CLG_TIMING_EARLY);
    assert_non_null(strstr(verdict.refusal, "16 days after the session of 2027-01-04"));
}

/*
 * docs/protocol.md#rules rule 5: each course kind's floor, one row per day around it,
 * counted from the last session (2027-01-04): a standard course's 28 days
 * (24 and 27 refused), an intensive one's 21 (20 refused).
 */
static void test_each_course_kind_keeps_its_own_floor(void **state)
{
    (void)state;
    /* clang-format off */
    static const struct {
        const char *name, *risks, *date;
        clg_status status;
        const char *words;
    } cases[] = {
        {"standard, 24 days after", NULL, "2027-01-28", CLG_ERR_REFUSED,
         "2027-01-28 is 24 days after the session of 2027-01-04 on face; the floor of this "
         "standard course is 28 days (earliest allowed 2027-02-01): " FLOOR_WHY},
        {"standard, 27 days after", NULL, "2027-01-31", CLG_ERR_REFUSED, "27 days after"},
        {"standard, 28 days after", NULL, "2027-02-01", CLG_OK, NULL},
        {"intensive, 20 days after", "smoking,diabetes", "2027-01-24", CLG_ERR_REFUSED,
         "2027-01-24 is 20 days after the session of 2027-01-04 on face; the floor of this "
         "intensive course is 21 days (earliest allowed 2027-01-25): " FLOOR_WHY},
        {"intensive, 21 days after", "smoking,diabetes", "2027-01-25", CLG_OK, NULL},
    };
    /* clang-format on */
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        clg_plan plan;
        make_plan_with_risks(&plan, "mild", NULL, cases[i].risks, NULL, "2027-01-04");
        clg_course_progress progress = progress_of(&plan, first_session);
        proposal_case c;
        propose(&c, cases[i].date, "face", first_session, "face");
        clg_session_verdict verdict;
        clg_error err = {0};
        clg_status status = clg_session_evaluate(&plan, &progress, &c.proposal, &verdict, &err);
        if (status != cases[i].status)
            fail_msg("%s: status %d, expected %d (%s)", cases[i].name, status, cases[i].status,
                     err.message);
        if (cases[i].words && strstr(err.message, cases[i].words) == NULL)
            fail_msg("%s: \"%s\" does not say \"%s\"", cases[i].name, err.message, cases[i].words);
        /* The default protocol's floors are their windows' minimums: no session is early. */
        if (status == CLG_OK && verdict.timing != CLG_TIMING_ON_TIME)
            fail_msg("%s: accepted, but not on time", cases[i].name);
    }
}

/*
 * docs/records.md#records-and-safety: at or after the floor but before the window opens is accepted
 * as early, which only a protocol whose floor is below its interval minimum allows (here a clinic's
 * 21-day floor under the 28-42 day window).
 */
static void test_session_at_a_floor_below_the_window_is_accepted_early_with_warning(void **state)
{
    (void)state;
    const char *text = clg_protocol_default_text();
    const char standard_floor[] = "\"standard\": {\"days\": 28";
    const char *at = strstr(text, standard_floor);
    assert_non_null(at);
    size_t length = strlen(text);
    char *changed = malloc(length + 1);
    assert_non_null(changed);
    memcpy(changed, text, length + 1);
    size_t days = (size_t)(at - text) + sizeof standard_floor - 3; /* the "28" */
    changed[days] = '2';
    changed[days + 1] = '1';
    clg_protocol *clinic = NULL;
    clg_error err;
    assert_int_equal(clg_protocol_parse(changed, length, &clinic, &err), CLG_OK);
    free(changed);
    assert_int_equal(clinic->standard_floor.days, 21);

    clg_plan_request request;
    clg_plan_request_init(&request);
    assert_int_equal(clg_plan_request_set(&request, "laxity", "mild", NULL, &err), CLG_OK);
    assert_int_equal(clg_plan_request_set(&request, "start", "2027-01-04", NULL, &err), CLG_OK);
    clg_plan plan;
    assert_int_equal(clg_plan_compute(clinic, &request, &plan, &err), CLG_OK);
    clg_course_progress progress = progress_of(&plan, first_session);
    proposal_case c;
    propose(&c, "2027-01-25", "face", first_session, "face");
    clg_session_verdict verdict;
    assert_int_equal(clg_session_evaluate(&plan, &progress, &c.proposal, &verdict, &err), CLG_OK);
    assert_int_equal(verdict.timing, CLG_TIMING_EARLY);
    assert_string_equal(clg_session_timing_name(verdict.timing), "early");
    assert_false(verdict.too_soon);
    assert_int_equal(verdict.number, 2);
    assert_date(verdict.window_earliest, "2027-02-01");
    assert_date(verdict.window_latest, "2027-02-15");
    assert_non_null(strstr(verdict.warning, "early: 2027-01-25 is before the window of session 2"));
    propose(&c, "2027-01-24", "face", first_session, "face");
    assert_int_equal(clg_session_evaluate(&plan, &progress, &c.proposal, &verdict, &err),
                     CLG_ERR_REFUSED);
    assert_non_null(strstr(err.message, "the floor of this standard course is 21 days"));
    clg_protocol_free(clinic);
}

static void test_one_day_under_floor_is_refused(void **state)
{
    (void)state;
    clg_plan plan;
    make_plan(&plan, "mild", NULL, NULL, "2027-01-04");
    clg_course_progress progress = progress_of(&plan, first_session);
    proposal_case c;
    propose(&c, "2027-01-31", "face", first_session, "face");
    clg_session_verdict verdict;
    clg_error err;
    assert_int_equal(clg_session_evaluate(&plan, &progress, &c.proposal, &verdict, &err),
                     CLG_ERR_REFUSED);
    assert_non_null(strstr(err.message, "27 days after"));
}

static void test_session_inside_window_is_on_time_at_both_edges(void **state)
{
    (void)state;
    clg_plan plan;
    make_plan(&plan, "mild", NULL, NULL, "2027-01-04");
    clg_course_progress progress = progress_of(&plan, first_session);
    static const char *const dates[] = {"2027-02-01", "2027-02-08", "2027-02-15"};
    for (size_t i = 0; i < 3; i++) {
        proposal_case c;
        propose(&c, dates[i], "face", first_session, "face");
        clg_session_verdict verdict;
        clg_error err;
        assert_int_equal(clg_session_evaluate(&plan, &progress, &c.proposal, &verdict, &err),
                         CLG_OK);
        assert_int_equal(verdict.timing, CLG_TIMING_ON_TIME);
        assert_string_equal(clg_session_timing_name(verdict.timing), "on-time");
        assert_string_equal(verdict.warning, "");
    }
}

static void test_late_session_is_marked_late_and_schedule_reflows_from_actual_date(void **state)
{
    (void)state;
    clg_plan plan;
    make_plan(&plan, "mild", NULL, NULL, "2027-01-04");
    clg_course_progress progress = progress_of(&plan, first_session);
    proposal_case c;
    propose(&c, "2027-02-20", "face", first_session, "face");
    clg_session_verdict verdict;
    clg_error err;
    assert_int_equal(clg_session_evaluate(&plan, &progress, &c.proposal, &verdict, &err), CLG_OK);
    assert_int_equal(verdict.timing, CLG_TIMING_LATE);
    assert_string_equal(clg_session_timing_name(verdict.timing), "late");
    assert_non_null(strstr(verdict.warning, "late: 2027-02-20"));

    make_plan(&plan, "mild", NULL, NULL, "2027-01-04");
    progress = progress_of(&plan, (const char *const[]){"2027-01-04", "2027-02-20", NULL});
    /* Session 2 keeps its actual date and the window it was due in. */
    assert_date(plan.schedule[1].date, "2027-02-20");
    assert_date(plan.schedule[1].earliest, "2027-02-01");
    assert_date(plan.schedule[1].latest, "2027-02-15");
    /* Session 3 is re-planned from 2027-02-20: +35 days, window +28..+42. */
    assert_int_equal(progress.next.number, 3);
    assert_date(progress.next.date, "2027-03-27");
    assert_date(progress.next.earliest, "2027-03-20");
    assert_date(progress.next.latest, "2027-04-03");
    assert_date(plan.schedule[3].date, "2027-05-01");
    assert_date(plan.maintenance_date, "2028-05-01");
}

static void test_course_moves_to_maintenance_after_last_initial_session(void **state)
{
    (void)state;
    clg_plan plan;
    make_plan(&plan, "mild", NULL, NULL, "2027-01-04");
    clg_course_progress progress = progress_of(
        &plan, (const char *const[]){"2027-01-04", "2027-02-08", "2027-03-15", NULL});
    assert_int_equal(progress.status, CLG_COURSE_ACTIVE);
    assert_date(progress.next.date, "2027-04-19");

    make_plan(&plan, "mild", NULL, NULL, "2027-01-04");
    progress = progress_of(&plan, (const char *const[]){"2027-01-04", "2027-02-08", "2027-03-15",
                                                        "2027-04-19", NULL});
    assert_int_equal(progress.status, CLG_COURSE_MAINTENANCE);
    assert_string_equal(clg_course_status_name(progress.status), "maintenance");
    assert_int_equal(progress.next.kind, CLG_NEXT_MAINTENANCE);
    assert_string_equal(clg_next_kind_name(progress.next.kind), "maintenance");
    /* Mild laxity, no load: maintenance every 12 months (window 6..12). */
    assert_date(progress.next.date, "2028-04-19");
    assert_date(progress.next.earliest, "2027-10-19");
    assert_date(progress.next.latest, "2028-04-19");
}

static void test_maintenance_date_is_clamped_to_month_end(void **state)
{
    (void)state;
    clg_plan plan;
    /* Severe laxity: 6 sessions, maintenance after 6 months. */
    make_plan(&plan, "severe", NULL, NULL, "2027-03-01");
    assert_int_equal(plan.sessions.recommended, 6);
    assert_int_equal(plan.maintenance_months.recommended, 6);
    clg_course_progress progress =
        progress_of(&plan, (const char *const[]){"2027-03-01", "2027-04-05", "2027-05-10",
                                                 "2027-06-14", "2027-07-19", "2027-08-31", NULL});
    assert_int_equal(progress.status, CLG_COURSE_MAINTENANCE);
    assert_date(progress.next.date, "2028-02-29"); /* Aug 31 + 6 months, leap year */
    assert_date(progress.next.latest, "2028-08-31");

    make_plan(&plan, "severe", NULL, NULL, "2026-03-01");
    progress = progress_of(&plan, (const char *const[]){"2026-03-01", "2026-04-05", "2026-05-10",
                                                        "2026-06-14", "2026-07-19", "2026-08-31",
                                                        NULL});
    assert_date(progress.next.date, "2027-02-28");
}

static void test_maintenance_visit_is_judged_against_maintenance_window(void **state)
{
    (void)state;
    clg_plan plan;
    make_plan(&plan, "mild", NULL, NULL, "2027-01-04");
    static const char *const course[] = {"2027-01-04", "2027-02-08", "2027-03-15", "2027-04-19",
                                         NULL};
    clg_course_progress progress = progress_of(&plan, course);
    proposal_case c;
    propose(&c, "2027-08-01", "face", course, "face");
    clg_session_verdict verdict;
    clg_error err;
    assert_int_equal(clg_session_evaluate(&plan, &progress, &c.proposal, &verdict, &err), CLG_OK);
    assert_true(verdict.maintenance);
    assert_int_equal(verdict.number, 5);
    assert_int_equal(verdict.timing, CLG_TIMING_EARLY);

    static const char *const with_visit[] = {"2027-01-04", "2027-02-08", "2027-03-15",
                                             "2027-04-19", "2028-04-10", NULL};
    progress = progress_of(&plan, with_visit);
    assert_int_equal(progress.status, CLG_COURSE_MAINTENANCE);
    assert_date(progress.next.date, "2029-04-10");
}

static void test_blocked_screening_refuses_start_and_sessions_unless_forced(void **state)
{
    (void)state;
    clg_plan plan;
    make_plan(&plan, "mild", NULL, "pregnancy", "2027-01-04");
    assert_int_equal(plan.screening_status, CLG_SCREENING_BLOCKED);
    bool blocked;
    clg_error err;
    assert_int_equal(clg_course_start_check(&plan, false, true, &blocked, &err), CLG_ERR_REFUSED);
    assert_true(blocked);
    assert_string_equal(err.message, "refused: the assessment's screening is blocked by pregnancy");
    /* docs/protocol.md#screening: only an admin may force a block; staff may not, whatever their
     * reason. */
    assert_int_equal(clg_course_start_check(&plan, true, false, &blocked, &err), CLG_ERR_FORBIDDEN);
    assert_string_equal(err.field, "force");
    assert_non_null(strstr(err.message, "only an admin may override the screening rule"));
    assert_non_null(strstr(err.message, "blocked by pregnancy"));
    assert_int_equal(clg_course_start_check(&plan, true, true, &blocked, &err), CLG_OK);
    assert_true(blocked);

    /* A blocked plan has no dates; the course an admin forced gets them from its start. */
    assert_int_equal(plan.schedule_count, 0);
    clg_course_progress progress = progress_of(&plan, (const char *const[]){NULL});
    assert_int_equal(plan.schedule_count, 4);
    assert_date(progress.next.date, "2027-01-04");
    proposal_case c;
    propose(&c, "2027-01-04", "face", NULL, "face");
    clg_session_verdict verdict;
    assert_int_equal(clg_session_evaluate(&plan, &progress, &c.proposal, &verdict, &err),
                     CLG_ERR_REFUSED);
    assert_string_equal(err.message, "refused: the course's screening is blocked by pregnancy");
    c.proposal.forced = true;
    assert_int_equal(clg_session_evaluate(&plan, &progress, &c.proposal, &verdict, &err),
                     CLG_ERR_FORBIDDEN);
    assert_non_null(strstr(err.message, "only an admin"));
    c.proposal.may_override_block = true;
    assert_int_equal(clg_session_evaluate(&plan, &progress, &c.proposal, &verdict, &err), CLG_OK);
    assert_true(verdict.blocked);
    assert_true(verdict.forced);
}

/* Staff may force a too-soon session (with a reason) without being an admin. */
static void test_staff_may_force_a_too_soon_session(void **state)
{
    (void)state;
    clg_plan plan;
    make_plan(&plan, "mild", NULL, NULL, "2027-01-04");
    clg_course_progress progress = progress_of(&plan, first_session);
    proposal_case c;
    propose(&c, "2027-01-28", "face", first_session, "face");
    c.proposal.forced = true;
    c.proposal.may_override_block = false;
    clg_session_verdict verdict;
    clg_error err;
    assert_int_equal(clg_session_evaluate(&plan, &progress, &c.proposal, &verdict, &err), CLG_OK);
    assert_true(verdict.too_soon);
    assert_true(verdict.forced);
}

static void test_blocking_finding_at_the_session_refuses_it(void **state)
{
    (void)state;
    clg_plan plan;
    make_plan(&plan, "mild", NULL, NULL, "2027-01-04");
    clg_course_progress progress = progress_of(&plan, (const char *const[]){NULL});
    proposal_case c;
    propose(&c, "2027-01-04", "face", NULL, "face");
    c.proposal.screening = 1u << CLG_SCREEN_ACTIVE_INFECTION;
    clg_session_verdict verdict;
    clg_error err;
    assert_int_equal(clg_session_evaluate(&plan, &progress, &c.proposal, &verdict, &err),
                     CLG_ERR_REFUSED);
    assert_string_equal(err.message,
                        "refused: the session's screening is blocked by active-infection");
    /* A pacemaker blocks RF only. */
    c.proposal.screening = 1u << CLG_SCREEN_PACEMAKER;
    assert_int_equal(clg_session_evaluate(&plan, &progress, &c.proposal, &verdict, &err), CLG_OK);
    c.proposal.modality = CLG_MODALITY_RF;
    assert_int_equal(clg_session_evaluate(&plan, &progress, &c.proposal, &verdict, &err),
                     CLG_ERR_REFUSED);
}

static void test_floor_applies_only_to_overlapping_areas(void **state)
{
    (void)state;
    clg_plan plan;
    make_plan(&plan, "mild", "face", NULL, "2027-01-20");
    clg_course_progress progress = progress_of(&plan, (const char *const[]){NULL});
    /* The client's neck was treated on 2027-01-10 in another course. */
    static const char *const neck_session[] = {"2027-01-10", NULL};
    proposal_case c;
    clg_session_verdict verdict;
    clg_error err;
    propose(&c, "2027-01-20", "face", neck_session, "neck");
    assert_int_equal(clg_session_evaluate(&plan, &progress, &c.proposal, &verdict, &err), CLG_OK);
    assert_false(verdict.too_soon);

    propose(&c, "2027-01-20", "face,neck", neck_session, "neck,chest");
    assert_int_equal(clg_session_evaluate(&plan, &progress, &c.proposal, &verdict, &err),
                     CLG_ERR_REFUSED);
    assert_string_equal(err.message,
                        "refused: 2027-01-20 is 10 days after the session of 2027-01-10 on neck; "
                        "the floor of this standard course is 28 days (earliest allowed "
                        "2027-02-07): " FLOOR_WHY);
}

static void test_floor_also_holds_before_a_later_session(void **state)
{
    (void)state;
    clg_plan plan;
    make_plan(&plan, "mild", NULL, NULL, "2027-01-04");
    clg_course_progress progress = progress_of(&plan, (const char *const[]){NULL});
    static const char *const later[] = {"2027-01-14", NULL};
    proposal_case c;
    propose(&c, "2027-01-04", "face", later, "face");
    clg_session_verdict verdict;
    clg_error err;
    assert_int_equal(clg_session_evaluate(&plan, &progress, &c.proposal, &verdict, &err),
                     CLG_ERR_REFUSED);
    assert_non_null(strstr(err.message, "10 days before the session of 2027-01-14 on face"));
    assert_non_null(strstr(err.message, "latest allowed 2026-12-17"));
}

static void test_floor_is_read_from_the_protocol(void **state)
{
    (void)state;
    clg_plan plan;
    int saved = protocol->standard_floor.days;
    protocol->standard_floor.days = 14;
    make_plan(&plan, "mild", NULL, NULL, "2027-01-04");
    clg_course_progress progress = progress_of(&plan, first_session);
    proposal_case c;
    propose(&c, "2027-01-18", "face", first_session, "face");
    clg_session_verdict verdict;
    clg_error err;
    clg_status status = clg_session_evaluate(&plan, &progress, &c.proposal, &verdict, &err);
    propose(&c, "2027-01-17", "face", first_session, "face");
    clg_status sooner = clg_session_evaluate(&plan, &progress, &c.proposal, &verdict, &err);
    protocol->standard_floor.days = saved;
    assert_int_equal(status, CLG_OK);
    assert_int_equal(sooner, CLG_ERR_REFUSED);
    assert_non_null(strstr(err.message, "the floor of this standard course is 14 days"));
}

static void test_session_dated_before_course_last_session_is_invalid(void **state)
{
    (void)state;
    clg_plan plan;
    make_plan(&plan, "mild", NULL, NULL, "2027-01-04");
    static const char *const two[] = {"2027-01-04", "2027-02-08", NULL};
    clg_course_progress progress = progress_of(&plan, two);
    proposal_case c;
    propose(&c, "2027-02-01", "face", NULL, "face");
    clg_session_verdict verdict;
    clg_error err;
    assert_int_equal(clg_session_evaluate(&plan, &progress, &c.proposal, &verdict, &err),
                     CLG_ERR_INVALID);
    assert_string_equal(err.field, "date");
}

static void test_closed_course_has_no_next_item_and_takes_no_session(void **state)
{
    (void)state;
    clg_plan plan;
    make_plan(&plan, "mild", NULL, NULL, "2027-01-04");
    clg_date start = day("2027-01-04");
    clg_course_progress progress;
    clg_error err;
    assert_int_equal(
        clg_course_progress_compute(&plan, &start, 1, CLG_COURSE_DISCONTINUED, &progress, &err),
        CLG_OK);
    assert_int_equal(progress.status, CLG_COURSE_DISCONTINUED);
    assert_int_equal(progress.next.kind, CLG_NEXT_NONE);
    assert_null(clg_next_kind_name(progress.next.kind));
    proposal_case c;
    propose(&c, "2027-03-04", "face", NULL, "face");
    clg_session_verdict verdict;
    assert_int_equal(clg_session_evaluate(&plan, &progress, &c.proposal, &verdict, &err),
                     CLG_ERR_INVALID);
}

/*
 * A course near the end of the calendar: every date it computes must still
 * be writable. Started 9998-06-01, a mild course ends 9998-09-14 with its
 * maintenance visit 12 months later, 9999-09-14: it fits. A session late
 * enough pushes the rest of the course, and its maintenance, past 9999-12-31.
 */
static void test_course_dates_must_end_by_9999_12_31(void **state)
{
    (void)state;
    clg_plan plan;
    make_plan(&plan, "mild", NULL, NULL, "9998-06-01");
    clg_course_progress progress;
    clg_error err;
    clg_date dates[2] = {day("9998-06-01"), day("9998-07-06")};
    assert_int_equal(
        clg_course_progress_compute(&plan, dates, 2, CLG_COURSE_ACTIVE, &progress, &err), CLG_OK);
    assert_int_equal(clg_course_dates_check(&plan, &progress, dates[1], "date", &err), CLG_OK);
    assert_date(plan.maintenance_date, "9999-09-14");

    make_plan(&plan, "mild", NULL, NULL, "9998-06-01");
    dates[1] = day("9998-12-01");
    assert_int_equal(
        clg_course_progress_compute(&plan, dates, 2, CLG_COURSE_ACTIVE, &progress, &err), CLG_OK);
    assert_int_equal(clg_course_dates_check(&plan, &progress, dates[1], "date", &err),
                     CLG_ERR_INVALID);
    assert_string_equal(err.field, "date");
    assert_string_equal(err.message, "9998-12-01 would carry the course past 9999-12-31: the "
                                     "maintenance window would end after the last day a date "
                                     "can hold");

    /* In maintenance, the next visit's window counts from the last visit. */
    make_plan(&plan, "mild", NULL, NULL, "9997-01-04");
    clg_date done[5] = {day("9997-01-04"), day("9997-02-08"), day("9997-03-15"), day("9997-04-19"),
                        day("9999-02-01")};
    assert_int_equal(
        clg_course_progress_compute(&plan, done, 5, CLG_COURSE_ACTIVE, &progress, &err), CLG_OK);
    assert_int_equal(progress.status, CLG_COURSE_MAINTENANCE);
    assert_int_equal(clg_course_dates_check(&plan, &progress, done[4], "date", &err),
                     CLG_ERR_INVALID);
    done[4] = day("9998-12-31");
    make_plan(&plan, "mild", NULL, NULL, "9997-01-04");
    assert_int_equal(
        clg_course_progress_compute(&plan, done, 5, CLG_COURSE_ACTIVE, &progress, &err), CLG_OK);
    assert_int_equal(clg_course_dates_check(&plan, &progress, done[4], "date", &err), CLG_OK);
    assert_date(progress.next.latest, "9999-12-31");
}

static void test_out_of_order_dates_are_invalid(void **state)
{
    (void)state;
    clg_plan plan;
    make_plan(&plan, "mild", NULL, NULL, "2027-01-04");
    clg_date dates[2] = {day("2027-02-08"), day("2027-01-04")};
    clg_course_progress progress;
    clg_error err;
    assert_int_equal(
        clg_course_progress_compute(&plan, dates, 2, CLG_COURSE_ACTIVE, &progress, &err),
        CLG_ERR_INVALID);
}

static void test_laxity_grade_takes_half_steps_from_zero_to_four(void **state)
{
    (void)state;
    int halves;
    clg_error err;
    static const struct {
        const char *text;
        int halves;
    } good[] = {{"0", 0}, {"0.5", 1}, {"1", 2}, {"2.0", 4}, {"3.5", 7}, {"4", 8}};
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        assert_int_equal(clg_laxity_grade_parse("--laxity-grade", good[i].text, &halves, &err),
                         CLG_OK);
        assert_int_equal(halves, good[i].halves);
    }
    static const char *const bad[] = {"4.3", "4.5", "-1", "", "1e0", " 2", "2.", "0.25", "5", "x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(clg_laxity_grade_parse("--laxity-grade", bad[i], &halves, &err),
                         CLG_ERR_INVALID);
    clg_laxity_grade_parse("--laxity-grade", "4.3", &halves, &err);
    assert_string_equal(err.field, "--laxity-grade");
    assert_non_null(strstr(err.message, "'4.3' is not allowed; use 0 to 4 in half steps"));
    char text[8];
    assert_string_equal(clg_laxity_grade_format(7, text, sizeof text), "3.5");
    assert_string_equal(clg_laxity_grade_format(4, text, sizeof text), "2");
}

static void test_gais_is_a_whole_number_from_one_to_five(void **state)
{
    (void)state;
    int gais;
    clg_error err;
    assert_int_equal(clg_gais_parse("--gais", "1", &gais, &err), CLG_OK);
    assert_int_equal(clg_gais_parse("--gais", "5", &gais, &err), CLG_OK);
    assert_int_equal(gais, 5);
    static const char *const bad[] = {"0", "6", "7", "2.5", "-1", "", "three"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(clg_gais_parse("--gais", bad[i], &gais, &err), CLG_ERR_INVALID);
}

static void test_depth_is_a_positive_decimal(void **state)
{
    (void)state;
    int hundredths;
    clg_error err;
    assert_int_equal(clg_depth_parse("--depth-mm", "1.25", &hundredths, &err), CLG_OK);
    assert_int_equal(hundredths, 125);
    assert_int_equal(clg_depth_parse("--depth-mm", "0.5", &hundredths, &err), CLG_OK);
    assert_int_equal(hundredths, 50);
    static const char *const bad[] = {"-0.5", "0", "0.00", "1.255", "abc", "", "1e1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        assert_int_equal(clg_depth_parse("--depth-mm", bad[i], &hundredths, &err),
                         CLG_ERR_INVALID);
    char text[16];
    assert_string_equal(clg_depth_format(125, text, sizeof text), "1.25");
    assert_string_equal(clg_depth_format(50, text, sizeof text), "0.5");
    assert_string_equal(clg_depth_format(200, text, sizeof text), "2");
}

static void test_text_fields_accept_any_script_and_refuse_broken_utf8(void **state)
{
    (void)state;
    clg_error err;
    assert_int_equal(clg_text_check("name", "李小龙 محمد 😀\nO'Brien \"x\"", 400, true, &err),
                     CLG_OK);
    assert_int_equal(clg_text_check("name", "  ", 400, true, &err), CLG_ERR_INVALID);
    assert_int_equal(clg_text_check("name", "\xC3\x28", 400, true, &err), CLG_ERR_INVALID);
    assert_int_equal(clg_text_check("name", "\xED\xA0\x80", 400, true, &err), CLG_ERR_INVALID);
    assert_int_equal(clg_text_check("name", "a\x01", 400, true, &err), CLG_ERR_INVALID);
    assert_int_equal(clg_email_check("--email", "a@b.org", &err), CLG_OK);
    assert_int_equal(clg_email_check("--email", "not-an-address", &err), CLG_ERR_INVALID);
    assert_int_equal(clg_phone_check("--phone", "+44 (0)20 7946-0958", &err), CLG_OK);
    assert_int_equal(clg_phone_check("--phone", "call me", &err), CLG_ERR_INVALID);
    clg_date birth;
    assert_int_equal(clg_birth_date_parse("--birth-date", "2027-02-30", day("2027-06-01"), &birth,
                                          &err),
                     CLG_ERR_INVALID);
    assert_int_equal(clg_birth_date_parse("--birth-date", "2030-01-01", day("2027-06-01"), &birth,
                                          &err),
                     CLG_ERR_INVALID);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plan_for_mild_face_is_four_sessions_five_weeks_apart),
        cmocka_unit_test(test_session_sooner_than_floor_is_refused_with_precise_message),
        cmocka_unit_test(test_forced_too_soon_session_is_accepted_and_marked_forced),
        cmocka_unit_test(test_each_course_kind_keeps_its_own_floor),
        cmocka_unit_test(test_session_at_a_floor_below_the_window_is_accepted_early_with_warning),
        cmocka_unit_test(test_one_day_under_floor_is_refused),
        cmocka_unit_test(test_session_inside_window_is_on_time_at_both_edges),
        cmocka_unit_test(test_late_session_is_marked_late_and_schedule_reflows_from_actual_date),
        cmocka_unit_test(test_course_moves_to_maintenance_after_last_initial_session),
        cmocka_unit_test(test_maintenance_date_is_clamped_to_month_end),
        cmocka_unit_test(test_maintenance_visit_is_judged_against_maintenance_window),
        cmocka_unit_test(test_blocked_screening_refuses_start_and_sessions_unless_forced),
        cmocka_unit_test(test_staff_may_force_a_too_soon_session),
        cmocka_unit_test(test_blocking_finding_at_the_session_refuses_it),
        cmocka_unit_test(test_floor_applies_only_to_overlapping_areas),
        cmocka_unit_test(test_floor_also_holds_before_a_later_session),
        cmocka_unit_test(test_floor_is_read_from_the_protocol),
        cmocka_unit_test(test_session_dated_before_course_last_session_is_invalid),
        cmocka_unit_test(test_closed_course_has_no_next_item_and_takes_no_session),
        cmocka_unit_test(test_out_of_order_dates_are_invalid),
        cmocka_unit_test(test_laxity_grade_takes_half_steps_from_zero_to_four),
        cmocka_unit_test(test_course_dates_must_end_by_9999_12_31),
        cmocka_unit_test(test_gais_is_a_whole_number_from_one_to_five),
        cmocka_unit_test(test_depth_is_a_positive_decimal),
        cmocka_unit_test(test_text_fields_accept_any_script_and_refuse_broken_utf8),
    };
    return cmocka_run_group_tests(tests, load_protocol, free_protocol);
}

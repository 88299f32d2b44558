/*
 * The export context through the renderers' C API: a context they cannot
 * honour is refused naming the field (and nothing is written), bare-plan ids
 * are stable and canonical, and the edges the CLI cannot reach (UTC, no
 * zone, a session past midnight, sessions beyond the plan or without one)
 * come out right.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <limits.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collagenda/collagenda.h"
#include "render/export.h"

typedef clg_status (*renderer)(const clg_plan *, const clg_export_context *, clg_buffer *,
                               clg_error *);

static clg_status render_fhir(const clg_plan *plan, const clg_export_context *context,
                              clg_buffer *out, clg_error *err)
{
    return clg_render_plan_fhir(plan, context, out, false, err);
}

static const struct {
    const char *name;
    renderer render;
} renderers[] = {
    {"ics", clg_render_plan_ics},
    {"fhir", render_fhir},
    {"svg", clg_render_plan_svg},
};

typedef struct fixture {
    clg_protocol *protocol;
    clg_plan plan;    /* moderate laxity from 2027-01-04: 5 sessions */
    clg_plan undated; /* the same without a start date */
    clg_export_session session;
    clg_export_context context;
} fixture;

static clg_date date_of(int year, int month, int day)
{
    clg_date date = 0;
    assert_true(clg_date_from_civil(year, month, day, &date));
    return date;
}

static clg_plan_request request_for(const char *laxity, const char *start)
{
    clg_plan_request request;
    clg_error err;
    clg_plan_request_init(&request);
    assert_int_equal(clg_plan_request_set(&request, "laxity", laxity, NULL, &err), CLG_OK);
    if (start)
        assert_int_equal(clg_plan_request_set(&request, "start", start, NULL, &err), CLG_OK);
    return request;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    clg_error err;
    assert_non_null(f);
    assert_int_equal(clg_protocol_load_default(&f->protocol, &err), CLG_OK);
    clg_plan_request dated = request_for("moderate", "2027-01-04");
    clg_plan_request undated = request_for("moderate", NULL);
    assert_int_equal(clg_plan_compute(f->protocol, &dated, &f->plan, &err), CLG_OK);
    assert_int_equal(clg_plan_compute(f->protocol, &undated, &f->undated, &err), CLG_OK);
    f->session = (clg_export_session){.number = 2,
                                      .date = date_of(2027, 2, 9),
                                      .start_minute = 10 * 60 + 30,
                                      .laxity_halves = -1,
                                      .done = true};
    clg_export_context_init(&f->context, "course-7");
    f->context.generated_at = 1798761600;
    f->context.sessions = &f->session;
    f->context.session_count = 1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    clg_protocol_free(f->protocol);
    free(f);
    return 0;
}

/* Every renderer refuses context with CLG_ERR_INVALID naming field, writing nothing. */
static void expect_refused(const clg_plan *plan, const clg_export_context *context,
                           const char *field, const char *needle)
{
    for (size_t i = 0; i < sizeof renderers / sizeof renderers[0]; i++) {
        clg_buffer out = CLG_BUFFER_INIT;
        clg_error err;
        clg_error_clear(&err);
        clg_status status = renderers[i].render(plan, context, &out, &err);
        if (status != CLG_ERR_INVALID || strcmp(err.field, field) != 0 ||
            strstr(err.message, needle) == NULL || out.length != 0)
            fail_msg("%s: status %d, field '%s', message '%s', %zu bytes written; expected "
                     "field '%s' and '%s' in the message, nothing written",
                     renderers[i].name, status, err.field, err.message, out.length, field, needle);
        clg_buffer_free(&out);
    }
}

/* Renders with one renderer, failing the test unless it succeeds; caller frees. */
static char *render(renderer render_with, const clg_plan *plan, const clg_export_context *context)
{
    clg_buffer out = CLG_BUFFER_INIT;
    clg_error err;
    if (render_with(plan, context, &out, &err) != CLG_OK)
        fail_msg("render: %s: %s", err.field, err.message);
    return out.data;
}

static int count(const char *text, const char *needle)
{
    int found = 0;
    for (const char *at = strstr(text, needle); at; at = strstr(at + 1, needle))
        found++;
    return found;
}

static void test_unknown_time_zone_is_named(void **state)
{
    fixture *f = *state;
    f->context.time_zone = "Mars/Olympus_Mons";
    expect_refused(&f->plan, &f->context, "time_zone", "'Mars/Olympus_Mons' is not a known IANA");
}

static void test_missing_course_id_is_named(void **state)
{
    fixture *f = *state;
    f->context.course_id = "";
    expect_refused(&f->plan, &f->context, "course_id", "required");
}

static void test_session_given_twice_is_refused(void **state)
{
    fixture *f = *state;
    clg_export_session twice[] = {f->session, f->session};
    f->context.sessions = twice;
    f->context.session_count = 2;
    expect_refused(&f->plan, &f->context, "sessions[1].number", "given twice");
}

static void test_out_of_range_session_fields_are_named(void **state)
{
    fixture *f = *state;
    static const struct {
        const char *field;
        int number, start_minute, laxity_halves;
    } rows[] = {
        {"sessions[0].number", 0, -1, -1},
        {"sessions[0].number", CLG_MAX_SESSIONS + 1, -1, -1},
        {"sessions[0].start_minute", 1, 24 * 60, -1},
        {"sessions[0].start_minute", 1, -2, -1},
        {"sessions[0].laxity_halves", 1, -1, 9},
        {"sessions[0].laxity_halves", 1, -1, INT_MAX},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        clg_export_session session = f->session;
        session.number = rows[i].number;
        session.start_minute = rows[i].start_minute;
        session.laxity_halves = rows[i].laxity_halves;
        f->context.sessions = &session;
        expect_refused(&f->plan, &f->context, rows[i].field, "");
    }
}

static void test_plan_id_is_stable_and_canonical(void **state)
{
    (void)state;
    char first[CLG_EXPORT_ID_SIZE], again[CLG_EXPORT_ID_SIZE], other[CLG_EXPORT_ID_SIZE];
    clg_plan_request request = request_for("mild", "2027-01-04");
    clg_export_plan_id(&request, first);
    clg_export_plan_id(&request, again);
    assert_string_equal(first, again);
    regex_t pattern;
    assert_int_equal(regcomp(&pattern, "^plan-[0-9a-f]{16}$", REG_EXTENDED | REG_NOSUB), 0);
    assert_int_equal(regexec(&pattern, first, 0, NULL, 0), 0);
    regfree(&pattern);

    /* "Every day open" is how the schedule reads "no open days given". */
    request.open_days = CLG_ALL_WEEKDAYS;
    clg_export_plan_id(&request, other);
    assert_string_equal(first, other);

    clg_plan_request changed = request_for("mild", "2027-01-05");
    clg_export_plan_id(&changed, other);
    assert_string_not_equal(first, other);
    changed = request_for("moderate", "2027-01-04");
    clg_export_plan_id(&changed, other);
    assert_string_not_equal(first, other);
    changed = request_for("mild", NULL);
    clg_export_plan_id(&changed, other);
    assert_string_not_equal(first, other);
}

static void test_utc_writes_z_times_and_no_vtimezone(void **state)
{
    fixture *f = *state;
    f->context.time_zone = "UTC";
    char *ics = render(clg_render_plan_ics, &f->plan, &f->context);
    assert_non_null(strstr(ics, "DTSTART:20270209T103000Z\r\n"));
    assert_non_null(strstr(ics, "DTEND:20270209T110000Z\r\n"));
    assert_null(strstr(ics, "VTIMEZONE"));
    free(ics);
}

static void test_without_a_zone_fhir_instants_are_utc(void **state)
{
    fixture *f = *state;
    char *fhir = render(render_fhir, &f->plan, &f->context);
    assert_non_null(strstr(fhir, "\"start\":\"2027-02-09T10:30:00Z\""));
    assert_non_null(strstr(fhir, "\"end\":\"2027-02-09T11:00:00Z\""));
    free(fhir);
}

static void test_a_session_running_past_midnight_ends_the_next_day(void **state)
{
    fixture *f = *state;
    f->context.time_zone = "Europe/Berlin";
    f->session.start_minute = 23 * 60 + 45;
    char *ics = render(clg_render_plan_ics, &f->plan, &f->context);
    assert_non_null(strstr(ics, "DTEND;TZID=Europe/Berlin:20270210T001500\r\n"));
    free(ics);
    char *fhir = render(render_fhir, &f->plan, &f->context);
    assert_non_null(strstr(fhir, "\"end\":\"2027-02-10T00:15:00+01:00\""));
    free(fhir);
}

static void test_a_session_beyond_the_plan_extends_the_course(void **state)
{
    fixture *f = *state;
    f->session.number = f->plan.sessions.recommended + 1;
    f->session.date = date_of(2027, 7, 1);
    char *ics = render(clg_render_plan_ics, &f->plan, &f->context);
    char expected[64];
    snprintf(expected, sizeof expected, "SUMMARY:Microneedling session 1 of %d\r\n",
             f->session.number);
    assert_non_null(strstr(ics, expected));
    assert_int_equal(count(ics, "BEGIN:VEVENT"), f->session.number + 1);
    free(ics);
}

static void test_an_undated_plan_exports_only_what_the_records_know(void **state)
{
    fixture *f = *state;
    char *ics = render(clg_render_plan_ics, &f->undated, &f->context);
    assert_int_equal(count(ics, "BEGIN:VEVENT"), 1);
    assert_non_null(strstr(ics, "UID:course-7-session-2@collagenda\r\n"));
    free(ics);
    char *svg = render(clg_render_plan_svg, &f->undated, &f->context);
    assert_int_equal(count(svg, "<title>Microneedling session"), 1);
    free(svg);
    f->context.session_count = 0;
    svg = render(clg_render_plan_svg, &f->undated, &f->context);
    assert_non_null(strstr(svg, "No dates yet"));
    free(svg);
}

static void test_svg_today_line_only_inside_the_axis(void **state)
{
    fixture *f = *state;
    f->context.today = date_of(2027, 3, 1);
    char *svg = render(clg_render_plan_svg, &f->plan, &f->context);
    assert_int_equal(count(svg, ">today</text>"), 2); /* the line's label and the legend */
    free(svg);
    f->context.today = date_of(2030, 1, 1);
    svg = render(clg_render_plan_svg, &f->plan, &f->context);
    assert_int_equal(count(svg, ">today</text>"), 0);
    free(svg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_unknown_time_zone_is_named, setup, teardown),
        cmocka_unit_test_setup_teardown(test_missing_course_id_is_named, setup, teardown),
        cmocka_unit_test_setup_teardown(test_session_given_twice_is_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_of_range_session_fields_are_named, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_plan_id_is_stable_and_canonical, setup, teardown),
        cmocka_unit_test_setup_teardown(test_utc_writes_z_times_and_no_vtimezone, setup, teardown),
        cmocka_unit_test_setup_teardown(test_without_a_zone_fhir_instants_are_utc, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_session_running_past_midnight_ends_the_next_day,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_session_beyond_the_plan_extends_the_course, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_an_undated_plan_exports_only_what_the_records_know,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_svg_today_line_only_inside_the_axis, setup, teardown),
    };
    return cmocka_run_group_tests_name("exports", tests, NULL, NULL);
}

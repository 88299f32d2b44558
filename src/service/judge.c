/*
 * The safety judge's door into the records: a proposed session (recorded,
 * booked, or only asked about) is judged by the core's rules against its
 * course and every other session of its client.
 * See records.h.
 */
#include "service/records.h"

#include <stdlib.h>
#include <string.h>

#include "service/records_internal.h"

typedef struct fact_collector {
    clg_records_judgement *judgement;
    int64_t skip;         /* the session being amended, which is judged afresh; 0 for none */
    int64_t skip_booking; /* the booking being moved, likewise */
    bool failed;
} fact_collector;

static bool add_fact(fact_collector *c, clg_date date, uint32_t areas)
{
    clg_records_judgement *j = c->judgement;
    clg_session_fact *grown = realloc(j->facts, (size_t)(j->fact_count + 1) * sizeof *grown);
    if (grown == NULL) {
        c->failed = true;
        return false;
    }
    j->facts = grown;
    j->facts[j->fact_count++] = (clg_session_fact){date, areas};
    return true;
}

static int collect_session_fact(void *context, const clg_session_row *row)
{
    fact_collector *c = context;
    if (c->skip != 0 && row->id == c->skip)
        return 0;
    return add_fact(c, row->date, row->areas) ? 0 : 1;
}

/*
 * An amended session is judged as the session it is in its course: the
 * course's progress is what it was just before it was recorded (the
 * sessions before it done, its own window from the one before), so the
 * core's rules apply unchanged. A closed course's old sessions can still
 * be corrected: the course is judged as if open (closing it is about new
 * sessions, not about fixing the record of old ones).
 */
static clg_status progress_before(clg_course_view *view, int64_t session_id, clg_error *err)
{
    int k = 0;
    while (k < view->session_count && view->sessions[k].id != session_id)
        k++;
    if (k == view->session_count)
        return clg_error_set(err, CLG_ERR_NOT_FOUND, "session", "no session with id %lld",
                             (long long)session_id);
    clg_reflow what = {.sessions = k};
    return clg_records_reflow(view, view->protocol, &what, CLG_COURSE_ACTIVE, view->plan,
                              &view->progress, err);
}

static int collect_booking_fact(void *context, const clg_booking_row *row)
{
    fact_collector *c = context;
    if (c->skip_booking != 0 && row->id == c->skip_booking)
        return 0;
    return add_fact(c, row->date, row->areas) ? 0 : 1;
}

/*
 * A moved booking leaves its course's view with the course's bookings after
 * it: the course is judged as it stood when that booking was made, so the
 * booking keeps its place (the caller keeps it before the next one), and
 * the later bookings still count for the floor as the client's.
 */
static void drop_booking(clg_course_view *view, int64_t booking_id)
{
    int i = 0;
    while (i < view->booking_count && view->bookings[i].id != booking_id)
        i++;
    for (int k = i; k < view->booking_count; k++)
        clg_store_row_free(view->bookings[k].storage);
    view->booking_count = i;
}

clg_status clg_records_session_input_check(const clg_session_input *input, clg_error *err)
{
    clg_status status = clg_records_check_reason(input->forced, input->reason, err);
    if (status == CLG_OK && input->device)
        status = clg_text_check("device", input->device, CLG_NAME_MAX_BYTES, false, err);
    if (status == CLG_OK && input->practitioner)
        status =
            clg_text_check("practitioner", input->practitioner, CLG_NAME_MAX_BYTES, false, err);
    if (status == CLG_OK && input->notes)
        status = clg_text_check("notes", input->notes, CLG_TEXT_MAX_BYTES, false, err);
    if (status == CLG_OK && input->has_modality && input->modality == CLG_MODALITY_AUTO)
        status = clg_error_set(err, CLG_ERR_INVALID, "modality",
                               "'auto' is for plans; record the modality used: traditional, rf, "
                               "roller");
    return status;
}

/*
 * Whether the course's dates would all still fit the calendar with a
 * session (or booking) on date after the course's first `sessions`
 * sessions (all of them, or those before a session being amended): the
 * course re-flowed as if it were done, with the course's bookings done too
 * when it is a booking.
 */
static clg_status check_course_dates(const clg_course_view *view, int sessions, clg_date date,
                                     bool booking, clg_error *err)
{
    clg_plan *plan = malloc(sizeof *plan);
    if (plan == NULL)
        return clg_error_set(err, CLG_ERR_IO, "session", "out of memory");
    clg_reflow what = {.sessions = sessions, .bookings = booking, .has_extra = true, .extra = date};
    clg_course_progress progress;
    clg_status status = clg_records_reflow(view, view->protocol, &what, view->course.status, plan,
                                           &progress, err);
    if (status == CLG_OK)
        status = clg_course_dates_check(plan, &progress, date, "date", err);
    free(plan);
    return status;
}

/*
 * The dates no session can have (docs/records.md#dates), invalid input
 * rather than a safety refusal: a recorded session after the clinic's
 * today (the future is booked, never recorded), any session or booking
 * before the course's start, or one that would carry the course's dates
 * past 9999-12-31.
 */
static clg_status check_date(const clg_records *r, const clg_course_view *view, int sessions,
                             clg_date date, bool booking, clg_error *err)
{
    char day[CLG_DATE_TEXT_SIZE], other[CLG_DATE_TEXT_SIZE];
    if (!booking && date > r->today)
        return clg_error_set(err, CLG_ERR_INVALID, "date",
                             "%s is after today (%s in %s); a session is recorded once it has "
                             "taken place, and booked before",
                             clg_date_format(date, day), clg_date_format(r->today, other),
                             view->time_zone[0] ? view->time_zone : "UTC");
    if (date < view->course.start)
        return clg_error_set(err, CLG_ERR_INVALID, "date", "%s is before the course's start on %s",
                             clg_date_format(date, day),
                             clg_date_format(view->course.start, other));
    /* A closed course or a date out of order: clg_session_evaluate says why it cannot be. */
    if (clg_course_status_is_closed(view->progress.status) ||
        (view->progress.recorded > 0 && date < view->progress.last_date))
        return CLG_OK;
    return check_course_dates(view, sessions, date, booking, err);
}

clg_status clg_records_judge(const clg_records *r, int64_t course_id,
                             const clg_session_input *input, bool booking, clg_records_judgement *j,
                             clg_error *err)
{
    memset(j, 0, sizeof *j);
    clg_status status = clg_records_view_load(r, course_id, &j->view, err);
    if (status != CLG_OK)
        return status;
    fact_collector facts = {j, input->amends, input->moves, false};
    if (input->moves != 0)
        drop_booking(&j->view, input->moves);
    status = clg_store_session_list(r->store, r->clinic, 0, j->view.course.client_id,
                                    collect_session_fact, &facts, err);
    if (status == CLG_OK && booking)
        status = clg_store_booking_list(r->store, r->clinic, 0, j->view.course.client_id,
                                        collect_booking_fact, &facts, err);
    if (status == CLG_OK && facts.failed)
        status = clg_error_set(err, CLG_ERR_IO, "session", "out of memory");
    if (status == CLG_OK && booking)
        status = clg_records_progress_with_bookings(&j->view, err);
    if (status == CLG_OK && input->amends != 0)
        status = progress_before(&j->view, input->amends, err);
    /* An amended session is checked after the sessions before it only. */
    int sessions = input->amends != 0 ? j->view.progress.recorded : j->view.session_count;
    if (status == CLG_OK)
        status = check_date(r, &j->view, sessions, input->date, booking, err);
    if (status != CLG_OK)
        return status;

    const clg_plan *plan = j->view.plan;
    j->proposal = (clg_session_proposal){
        .date = input->date,
        .areas = input->areas ? input->areas : plan->request.assessment.areas,
        .modality = input->has_modality ? input->modality : plan->modality,
        .screening = input->screening,
        .client_sessions = j->facts,
        .client_session_count = j->fact_count,
        .forced = input->forced,
        .may_override_block = r->may_override_block,
        .booking = booking,
    };
    return clg_session_evaluate(plan, &j->view.progress, &j->proposal, &j->verdict, err);
}

void clg_records_judgement_free(clg_records_judgement *j)
{
    clg_records_course_view_free(&j->view);
    free(j->facts);
    memset(j, 0, sizeof *j);
}

clg_status clg_records_session_check(const clg_records *r, int64_t course_id,
                                     const clg_session_input *input, bool booking,
                                     clg_session_verdict *verdict, clg_error *err)
{
    memset(verdict, 0, sizeof *verdict);
    clg_session_input asked = *input;
    asked.forced = false; /* a dry run overrides nothing: it says what would be refused */
    asked.reason = NULL;
    clg_status status = clg_records_session_input_check(&asked, err);
    if (status != CLG_OK)
        return status;
    if ((status = clg_store_begin(r->store, false, err)) != CLG_OK)
        return status;
    clg_records_judgement judgement;
    status = clg_records_judge(r, course_id, &asked, booking, &judgement, err);
    *verdict = judgement.verdict;
    clg_store_rollback(r->store); /* read only: nothing to keep */
    clg_records_judgement_free(&judgement);
    return status == CLG_ERR_REFUSED ? CLG_OK : status;
}

/* Bookings and the clinic's time zone; see bookings.h. */
#include "service/bookings.h"

#include <stdlib.h>
#include <string.h>

#include "model/record_json.h"
#include "service/booking_time.h"
#include "service/records_internal.h"

/* {"booking": ..., extra key: extra value} for the audit log. */
static char *booking_json(const clg_booking_row *row, int number, const char *kind,
                          const char *time_zone, const char *extra_key, int64_t extra_value)
{
    clg_buffer out = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &out, false);
    clg_json_begin_object(&w);
    clg_json_key(&w, "booking");
    clg_booking_json_value(row, number, kind, time_zone, &w);
    if (extra_key != NULL)
        clg_json_member_int(&w, extra_key, (long)extra_value);
    clg_json_end_object(&w);
    return out.data;
}

static const char *kind_of(const clg_session_verdict *verdict)
{
    return verdict->maintenance ? "maintenance" : "session";
}

/* The client is named: a cancelled or settled booking is deleted before its entry is written. */
static clg_status audit_booking(const clg_records *r, const char *action,
                                const clg_booking_row *booking, const char *before,
                                const char *after, const char *reason, clg_error *err)
{
    clg_audit_entry entry = {.who = r->who,
                             .action = action,
                             .entity = "booking",
                             .entity_id = booking->id,
                             .before = before,
                             .after = after,
                             .reason = reason,
                             .client_id = booking->client_id};
    return clg_store_audit_append(r->store, r->clinic, &entry, err);
}

static clg_status check_input(const clg_booking_input *input, clg_error *err)
{
    if (input->start_minute < -1 || input->start_minute >= 24 * 60)
        return clg_error_set(err, CLG_ERR_INVALID, "time", "must be 00:00 to 23:59");
    if (input->by_client && input->client_id <= 0)
        return clg_error_set(err, CLG_ERR_INVALID, "client", "a client's booking names the client");
    if (input->by_client && (input->forced || input->start_minute < 0))
        return clg_error_set(err, CLG_ERR_INVALID, input->forced ? "force" : "time",
                             input->forced ? "a client's own booking is never forced"
                                           : "choose a time for the visit");
    return clg_records_check_reason(input->forced, input->reason, err);
}

/* The bookings of one day that hold a chair at the same time as the one asked for. */
typedef struct chair_count {
    int from, until; /* the booking asked for: [from, until) minutes after midnight */
    int64_t moving;  /* the booking being moved: it holds no chair against itself */
    int taken;
} chair_count;

static int count_chair(void *context, const clg_diary_row *row)
{
    chair_count *c = context;
    if (row->booking_id == c->moving || row->start_minute < 0)
        return 0;
    int until = row->start_minute + (row->minutes > 0 ? row->minutes : 1);
    if (row->start_minute < c->until && c->from < until)
        c->taken++;
    return 0;
}

/*
 * The clinic's side of a booking, asked after the safety judge allowed it,
 * for a new booking and a moved one alike (docs/records.md#bookings): a
 * timed booking must lie inside the clinic's opening hours, and no more
 * bookings than the clinic has chairs may overlap it. minutes is the
 * session's length from the course's plan; moving is the booking being
 * moved, 0 for a new one. An all-day booking has no time to check. Invalid
 * input naming "time" (exit 2, HTTP 400), not a safety refusal.
 */
static clg_status check_opening(const clg_records *r, const clg_booking_input *input, int minutes,
                                int64_t moving, clg_error *err)
{
    if (input->start_minute < 0)
        return CLG_OK;
    clg_clinic_settings clinic;
    clg_status status = clg_store_clinic_settings_get(r->store, r->clinic, &clinic, err);
    if (status != CLG_OK)
        return status;
    int from = input->start_minute, until = from + (minutes > 0 ? minutes : 1);
    char day[CLG_DATE_TEXT_SIZE], start[CLG_TIME_TEXT_SIZE], end[CLG_TIME_TEXT_SIZE];
    char opens[CLG_TIME_TEXT_SIZE], closes[CLG_TIME_TEXT_SIZE];
    clg_date_format(input->date, day);
    clg_time_format(from, start);
    if (clinic.opens >= 0 && clinic.closes > 0 && (from < clinic.opens || until > clinic.closes))
        return clg_error_set(err, CLG_ERR_INVALID, "time",
                             "a %d-minute session at %s on %s is outside the clinic's hours "
                             "%s-%s",
                             until - from, start, day, clg_time_format(clinic.opens, opens),
                             clinic.closes >= 24 * 60 ? "24:00"
                                                      : clg_time_format(clinic.closes, closes));
    if (clinic.chairs <= 0)
        return CLG_OK;
    chair_count count = {from, until, moving, 0};
    status = clg_store_diary_list(r->store, r->clinic, input->date, input->date, count_chair,
                                  &count, err);
    if (status == CLG_OK && count.taken >= clinic.chairs)
        status = clg_error_set(err, CLG_ERR_INVALID, "time",
                               "all %d of the clinic's chairs are taken between %s and %s on %s; "
                               "choose another time",
                               clinic.chairs, start,
                               until >= 24 * 60 ? "24:00" : clg_time_format(until, end), day);
    return status;
}

/*
 * What a client may book on their own (bookings.h, by_client), asked after
 * the judge allowed the date (so a date too soon is refused with the
 * judge's own words first): from tomorrow, and inside the visit's safe
 * window, which the judge worked out with the verdict. Staff may book
 * early or late with a warning; the client's channel keeps to the window.
 */
static clg_status check_by_client(const clg_records *r, const clg_booking_input *input,
                                  const clg_session_verdict *verdict, clg_error *err)
{
    if (!input->by_client)
        return CLG_OK;
    char day[CLG_DATE_TEXT_SIZE], first[CLG_DATE_TEXT_SIZE], last[CLG_DATE_TEXT_SIZE];
    clg_date_format(input->date, day);
    if (input->date <= r->today)
        return clg_error_set(err, CLG_ERR_INVALID, "date",
                             "%s is too close: online booking starts tomorrow; for an earlier "
                             "visit please call the clinic",
                             day);
    if (input->date < verdict->window_earliest || input->date > verdict->window_latest)
        return clg_error_set(err, CLG_ERR_REFUSED, "date",
                             "%s is outside the safe window for your %s %d: choose a day from "
                             "%s to %s",
                             day, verdict->maintenance ? "maintenance visit" : "session",
                             verdict->number, clg_date_format(verdict->window_earliest, first),
                             clg_date_format(verdict->window_latest, last));
    return CLG_OK;
}

/*
 * The booking the clinic has and still holds: a no-show is kept for the
 * record, not acted on. client_id (not 0) scopes it to one client, in the
 * same transaction as the change: anyone else's booking is not found, as if
 * it did not exist (the client's own channel, bookings.h).
 */
static clg_status get_held(const clg_records *r, int64_t booking_id, int64_t client_id,
                           clg_booking_row *row, clg_error *err)
{
    clg_status status = clg_store_booking_get(r->store, r->clinic, booking_id, row, err);
    if (status == CLG_OK && client_id != 0 && row->client_id != client_id) {
        clg_store_row_free(row->storage);
        *row = (clg_booking_row){0};
        return clg_error_set(err, CLG_ERR_NOT_FOUND, "booking", "no booking with id %lld",
                             (long long)booking_id);
    }
    if (status == CLG_OK && row->no_show)
        status = clg_error_set(err, CLG_ERR_INVALID, "booking",
                               "booking %lld is marked no-show: it was released and holds no "
                               "place; book the visit again",
                               (long long)booking_id);
    return status;
}

typedef struct next_booking {
    const clg_booking_row *moved;
    clg_booking_row next; /* id 0: none; its text is not kept */
} next_booking;

static int find_next(void *context, const clg_booking_row *row)
{
    next_booking *n = context;
    if (row->id == n->moved->id || row->date < n->moved->date ||
        (row->date == n->moved->date && row->id < n->moved->id))
        return 0;
    n->next = *row;
    n->next.storage = NULL;
    n->next.force_reason = NULL;
    return 1; /* listed by date: the first after the moved one is the next */
}

/*
 * A moved booking keeps its place among its course's bookings (the sessions
 * are numbered by date): before the course's next booking, if any.
 */
static clg_status check_place(const clg_records *r, const clg_booking_row *moved, clg_date date,
                              clg_error *err)
{
    next_booking n = {.moved = moved};
    clg_status status =
        clg_store_booking_list(r->store, r->clinic, moved->course_id, 0, find_next, &n, err);
    char day[CLG_DATE_TEXT_SIZE], other[CLG_DATE_TEXT_SIZE];
    if (status == CLG_OK && n.next.id != 0 && date >= n.next.date)
        status = clg_error_set(err, CLG_ERR_INVALID, "date",
                               "%s is not before the course's next booking (%lld) on %s; a "
                               "booking keeps its place: move or cancel that one first",
                               clg_date_format(date, day), (long long)n.next.id,
                               clg_date_format(n.next.date, other));
    return status;
}

/* A refused booking or move writes nothing but its refusal's audit entry. */
static clg_status refuse(const clg_records *r, int64_t course_id, clg_date date, clg_status status,
                         clg_error *err)
{
    clg_store_rollback(r->store);
    if (status == CLG_ERR_REFUSED || status == CLG_ERR_FORBIDDEN) {
        clg_status audited =
            clg_records_audit_refusal(r, "course", course_id, date, err->message, err);
        if (audited != CLG_OK)
            status = audited;
    }
    return status;
}

/* Inserts and audits the booking the judgement allowed, inside the write transaction. */
static clg_status insert_booking(const clg_records *r, int64_t course_id,
                                 const clg_booking_input *input,
                                 const clg_records_judgement *judgement, int64_t *id,
                                 clg_error *err)
{
    const clg_session_verdict *verdict = &judgement->verdict;
    clg_booking_row row = {
        .course_id = course_id,
        .client_id = judgement->view.course.client_id,
        .date = input->date,
        .start_minute = input->start_minute,
        .areas = judgement->proposal.areas,
        .forced = verdict->forced,
        .force_reason = verdict->forced ? input->reason : NULL,
    };
    clg_status status = clg_store_booking_insert(r->store, r->clinic, &row, id, err);
    if (status != CLG_OK)
        return status;
    row.id = *id;
    char *after =
        booking_json(&row, verdict->number, kind_of(verdict), judgement->view.time_zone, NULL, 0);
    status = audit_booking(r, "booking.add", &row, NULL, after, row.force_reason, err);
    free(after);
    if (status == CLG_OK && verdict->forced)
        status =
            clg_records_audit_override(r, "booking", *id, verdict->refusal, input->reason, err);
    return status;
}

clg_status clg_records_booking_add(const clg_records *r, int64_t course_id,
                                   const clg_booking_input *input, clg_booking_result *result,
                                   clg_error *err)
{
    memset(result, 0, sizeof *result);
    clg_status status = check_input(input, err);
    if (status != CLG_OK)
        return status;
    if ((status = clg_store_begin(r->store, true, err)) != CLG_OK)
        return status;
    if ((status = clg_records_check_booking_time(r, input->date, input->start_minute, err)) !=
        CLG_OK) {
        clg_store_rollback(r->store);
        return status;
    }
    clg_session_input asked = {
        .date = input->date, .laxity_halves = -1, .forced = input->forced, .reason = input->reason};
    clg_records_judgement judgement;
    status = clg_records_judge(r, course_id, &asked, true, &judgement, err);
    result->verdict = judgement.verdict;
    /* Before the judge's word: the visit the client asks about is the booked one. */
    if ((status == CLG_OK || status == CLG_ERR_REFUSED) && input->by_client &&
        judgement.view.booking_count > 0) {
        char day[CLG_DATE_TEXT_SIZE];
        status = clg_error_set(err, CLG_ERR_INVALID, "booking",
                               "your next visit is already booked for %s; move or cancel that "
                               "booking instead",
                               clg_date_format(judgement.view.bookings[0].date, day));
    }
    if (status == CLG_OK)
        status = check_by_client(r, input, &judgement.verdict, err);
    if (status == CLG_OK)
        status = check_opening(r, input, judgement.view.plan->session_minutes, 0, err);
    if (status == CLG_OK)
        status = insert_booking(r, course_id, input, &judgement, &result->id, err);
    if (status == CLG_OK)
        status = clg_store_commit(r->store, err);
    else
        status = refuse(r, course_id, input->date, status, err);
    clg_records_judgement_free(&judgement);
    return status;
}

clg_status clg_records_booking_move(const clg_records *r, int64_t booking_id,
                                    const clg_booking_input *input, clg_booking_result *result,
                                    clg_error *err)
{
    memset(result, 0, sizeof *result);
    clg_status status = check_input(input, err);
    if (status != CLG_OK)
        return status;
    if ((status = clg_store_begin(r->store, true, err)) != CLG_OK)
        return status;
    clg_booking_row row = {0};
    clg_records_judgement judgement = {0};
    char *before = NULL, *after = NULL;
    if ((status = get_held(r, booking_id, input->by_client ? input->client_id : 0, &row, err)) !=
        CLG_OK) {
        clg_store_rollback(r->store);
        goto out;
    }
    if ((status = check_place(r, &row, input->date, err)) != CLG_OK) {
        clg_store_rollback(r->store);
        goto out;
    }
    /* A moved time is checked against the clinic's zone as a new one is. */
    if ((status = clg_records_check_booking_time(r, input->date, input->start_minute, err)) !=
        CLG_OK) {
        clg_store_rollback(r->store);
        goto out;
    }
    /* Judged like a new booking, with this one left out of the course and the client. */
    clg_session_input asked = {.date = input->date,
                               .laxity_halves = -1,
                               .forced = input->forced,
                               .reason = input->reason,
                               .moves = booking_id};
    status = clg_records_judge(r, row.course_id, &asked, true, &judgement, err);
    result->verdict = judgement.verdict;
    result->id = booking_id;
    if (status == CLG_OK)
        status = check_by_client(r, input, &judgement.verdict, err);
    if (status == CLG_OK)
        status = check_opening(r, input, judgement.view.plan->session_minutes, booking_id, err);
    if (status != CLG_OK) {
        status = refuse(r, row.course_id, input->date, status, err);
        goto out;
    }
    const clg_session_verdict *verdict = &judgement.verdict;
    const char *time_zone = judgement.view.time_zone;
    before = booking_json(&row, 0, NULL, time_zone, NULL, 0);
    clg_booking_row moved = row;
    moved.date = input->date;
    moved.start_minute = input->start_minute;
    moved.forced = verdict->forced;
    moved.force_reason = verdict->forced ? input->reason : NULL;
    after = booking_json(&moved, verdict->number, kind_of(verdict), time_zone, NULL, 0);
    if ((status = clg_store_booking_update(r->store, r->clinic, &moved, err)) == CLG_OK)
        status = audit_booking(r, "booking.move", &moved, before, after, moved.force_reason, err);
    if (status == CLG_OK && verdict->forced)
        status = clg_records_audit_override(r, "booking", booking_id, verdict->refusal,
                                            input->reason, err);
    status = clg_store_finish(r->store, status, err);
out:
    free(before);
    free(after);
    clg_records_judgement_free(&judgement);
    clg_store_row_free(row.storage);
    return status;
}

clg_status clg_records_booking_attend(const clg_records *r, int64_t booking_id,
                                      const clg_session_input *details, clg_session_result *result,
                                      clg_error *err)
{
    memset(result, 0, sizeof *result);
    clg_status status = clg_records_session_input_check(details, err);
    if (status != CLG_OK)
        return status;
    if ((status = clg_store_begin(r->store, true, err)) != CLG_OK)
        return status;
    clg_booking_row row = {0};
    char time_zone[CLG_TIME_ZONE_SIZE];
    char *before = NULL, *after = NULL;
    char day[CLG_DATE_TEXT_SIZE], today[CLG_DATE_TEXT_SIZE];
    if ((status = get_held(r, booking_id, 0, &row, err)) != CLG_OK ||
        (status = clg_store_clinic_time_zone_get(r->store, r->clinic, time_zone, err)) != CLG_OK) {
        clg_store_rollback(r->store);
        goto out;
    }
    if (row.date > r->today) {
        status = clg_error_set(err, CLG_ERR_INVALID, "booking",
                               "booking %lld is on %s, after today (%s in %s); a client is "
                               "marked as come on or after the day",
                               (long long)booking_id, clg_date_format(row.date, day),
                               clg_date_format(r->today, today), time_zone[0] ? time_zone : "UTC");
        clg_store_rollback(r->store);
        goto out;
    }
    /* The session of the booking's day, through the one record workflow: it settles the booking. */
    clg_session_input input = *details;
    input.date = row.date;
    if (input.areas == 0)
        input.areas = row.areas;
    input.amends = 0;
    input.moves = 0;
    status = clg_records_session_write(r, row.course_id, &input, result, err);
    if (status != CLG_OK) {
        status = refuse(r, row.course_id, row.date, status, err);
        goto out;
    }
    before = booking_json(&row, 0, NULL, time_zone, NULL, 0);
    after = booking_json(&row, 0, NULL, time_zone, "session", result->id);
    status = audit_booking(r, "booking.attend", &row, before, after, NULL, err);
    status = clg_store_finish(r->store, status, err);
out:
    free(before);
    free(after);
    clg_store_row_free(row.storage);
    return status;
}

clg_status clg_records_booking_no_show(const clg_records *r, int64_t booking_id, clg_error *err)
{
    clg_status status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK)
        return status;
    clg_booking_row row = {0};
    char time_zone[CLG_TIME_ZONE_SIZE];
    char *before = NULL, *after = NULL;
    char day[CLG_DATE_TEXT_SIZE], today[CLG_DATE_TEXT_SIZE];
    if ((status = get_held(r, booking_id, 0, &row, err)) != CLG_OK ||
        (status = clg_store_clinic_time_zone_get(r->store, r->clinic, time_zone, err)) != CLG_OK)
        goto done;
    if (row.date > r->today) {
        status = clg_error_set(err, CLG_ERR_INVALID, "booking",
                               "booking %lld is on %s, after today (%s in %s); a no-show is "
                               "marked on or after the day (cancel a visit called off ahead)",
                               (long long)booking_id, clg_date_format(row.date, day),
                               clg_date_format(r->today, today), time_zone[0] ? time_zone : "UTC");
        goto done;
    }
    before = booking_json(&row, 0, NULL, time_zone, NULL, 0);
    row.no_show = true;
    after = booking_json(&row, 0, NULL, time_zone, NULL, 0);
    if ((status = clg_store_booking_update(r->store, r->clinic, &row, err)) == CLG_OK)
        status = audit_booking(r, "booking.no_show", &row, before, after, NULL, err);
done:
    status = clg_store_finish(r->store, status, err);
    free(before);
    free(after);
    clg_store_row_free(row.storage);
    return status;
}

clg_status clg_records_booking_cancel(const clg_records *r, int64_t booking_id, clg_error *err)
{
    return clg_records_booking_cancel_of(r, booking_id, 0, err);
}

clg_status clg_records_booking_cancel_of(const clg_records *r, int64_t booking_id,
                                         int64_t client_id, clg_error *err)
{
    clg_status status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK)
        return status;
    clg_booking_row row = {0};
    char time_zone[CLG_TIME_ZONE_SIZE];
    char *before = NULL;
    if ((status = get_held(r, booking_id, client_id, &row, err)) == CLG_OK &&
        (status = clg_store_clinic_time_zone_get(r->store, r->clinic, time_zone, err)) == CLG_OK &&
        (status = clg_store_booking_delete(r->store, r->clinic, booking_id, err)) == CLG_OK) {
        before = booking_json(&row, 0, NULL, time_zone, NULL, 0);
        status = audit_booking(r, "booking.cancel", &row, before, NULL, NULL, err);
    }
    status = clg_store_finish(r->store, status, err);
    free(before);
    clg_store_row_free(row.storage);
    return status;
}

clg_status clg_records_bookings_settle(const clg_records *r, const clg_course_view *view,
                                       clg_date date, int64_t session_id, clg_error *err)
{
    clg_status status = CLG_OK;
    for (int i = 0; i < view->booking_count && status == CLG_OK; i++) {
        const clg_booking_row *booking = &view->bookings[i];
        /* Bookings are by date: the first is the visit this session was booked for. */
        if (i > 0 && booking->date > date)
            break;
        status = clg_store_booking_delete(r->store, r->clinic, booking->id, err);
        if (status != CLG_OK)
            break;
        char *before = booking_json(booking, 0, NULL, view->time_zone, NULL, 0);
        char *after = booking_json(booking, 0, NULL, view->time_zone, "session", session_id);
        status = audit_booking(r, "booking.settle", booking, before, after, NULL, err);
        free(before);
        free(after);
    }
    return status;
}

clg_status clg_records_bookings_cancel_from(const clg_records *r, const clg_course_view *view,
                                            clg_date from, const char *why, int64_t *ids,
                                            int max_ids, int *count, clg_error *err)
{
    clg_status status = CLG_OK;
    *count = 0;
    for (int i = 0; i < view->booking_count && status == CLG_OK; i++) {
        const clg_booking_row *booking = &view->bookings[i];
        if (booking->date < from)
            continue; /* a day gone by: that visit is over, kept or not */
        status = clg_store_booking_delete(r->store, r->clinic, booking->id, err);
        if (status != CLG_OK)
            break;
        char *before = booking_json(booking, 0, NULL, view->time_zone, NULL, 0);
        status = audit_booking(r, "booking.cancel", booking, before, NULL, why, err);
        free(before);
        if (*count < max_ids)
            ids[(*count)++] = booking->id;
    }
    return status;
}

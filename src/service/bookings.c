/* Bookings and the clinic's time zone; see bookings.h. */
#include "service/bookings.h"

#include <stdlib.h>
#include <string.h>

#include "model/record_json.h"
#include "service/booking_time.h"
#include "service/records_internal.h"

/* {"booking": ..., extra key: extra value} for the audit log. */
static char *booking_json(const clg_booking_row *row, int number, const char *time_zone,
                          const char *extra_key, int64_t extra_value)
{
    clg_buffer out = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &out, false);
    clg_json_begin_object(&w);
    clg_json_key(&w, "booking");
    clg_booking_json_value(row, number, time_zone, &w);
    if (extra_key != NULL)
        clg_json_member_int(&w, extra_key, (long)extra_value);
    clg_json_end_object(&w);
    return out.data;
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
    return clg_records_check_reason(input->forced, input->reason, err);
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
    char *after = booking_json(&row, verdict->number, judgement->view.time_zone, NULL, 0);
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
    if (status == CLG_OK && judgement.verdict.maintenance)
        status = clg_error_set(err, CLG_ERR_INVALID, "course",
                               "every session of course %lld is recorded or booked; maintenance "
                               "visits are recorded with 'session record', not booked",
                               (long long)course_id);
    if (status == CLG_OK)
        status = insert_booking(r, course_id, input, &judgement, &result->id, err);
    if (status == CLG_OK) {
        status = clg_store_commit(r->store, err);
    } else {
        clg_store_rollback(r->store);
        if (status == CLG_ERR_REFUSED || status == CLG_ERR_FORBIDDEN) {
            clg_status audited =
                clg_records_audit_refusal(r, "course", course_id, input->date, err->message, err);
            if (audited != CLG_OK)
                status = audited;
        }
    }
    clg_records_judgement_free(&judgement);
    return status;
}

clg_status clg_records_booking_cancel(const clg_records *r, int64_t booking_id, clg_error *err)
{
    clg_status status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK)
        return status;
    clg_booking_row row = {0};
    char time_zone[CLG_TIME_ZONE_SIZE];
    char *before = NULL;
    if ((status = clg_store_booking_get(r->store, r->clinic, booking_id, &row, err)) == CLG_OK &&
        (status = clg_store_clinic_time_zone_get(r->store, r->clinic, time_zone, err)) == CLG_OK &&
        (status = clg_store_booking_delete(r->store, r->clinic, booking_id, err)) == CLG_OK) {
        before = booking_json(&row, 0, time_zone, NULL, 0);
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
        char *before = booking_json(booking, 0, view->time_zone, NULL, 0);
        char *after = booking_json(booking, 0, view->time_zone, "session", session_id);
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
        char *before = booking_json(booking, 0, view->time_zone, NULL, 0);
        status = audit_booking(r, "booking.cancel", booking, before, NULL, why, err);
        free(before);
        if (*count < max_ids)
            ids[(*count)++] = booking->id;
    }
    return status;
}

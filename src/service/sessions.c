/*
 * Recording a session: judged, stored, the booking it was for settled, the
 * course re-flowed and its next due date kept in step, all in one
 * transaction.
 * See records.h.
 */
#include "service/records.h"

#include <stdlib.h>
#include <string.h>

#include "model/record_json.h"
#include "service/records_internal.h"

/* {"kind", "date", "earliest", "latest"} plus the status, for the audit log. */
static void write_progress(clg_json_writer *w, clg_course_status status,
                           const clg_course_next *next)
{
    clg_json_begin_object(w);
    clg_json_member_string(w, "status", clg_course_status_name(status));
    clg_json_key(w, "next");
    clg_next_json_value(next, w);
    clg_json_end_object(w);
}

clg_status clg_records_session_write(const clg_records *r, int64_t course_id,
                                     const clg_session_input *input, clg_session_result *result,
                                     clg_error *err)
{
    memset(result, 0, sizeof *result);
    clg_records_judgement judgement;
    clg_course_view *view = &judgement.view;
    clg_buffer before = CLG_BUFFER_INIT, after = CLG_BUFFER_INIT;
    clg_status status = clg_records_judge(r, course_id, input, false, &judgement, err);
    result->verdict = judgement.verdict;
    if (status != CLG_OK)
        goto out;
    const clg_session_proposal *proposal = &judgement.proposal;
    const clg_session_verdict *verdict = &result->verdict;
    clg_session_row row = {
        .course_id = course_id,
        .client_id = view->course.client_id,
        .number = verdict->number,
        .date = input->date,
        .modality = proposal->modality,
        .areas = proposal->areas,
        .depth_hundredths = input->depth_hundredths,
        .device = input->device,
        .practitioner = input->practitioner,
        .notes = input->notes,
        .screening = proposal->screening,
        .laxity_halves = input->laxity_halves,
        .gais = input->gais,
        .early = verdict->timing == CLG_TIMING_EARLY,
        .late = verdict->timing == CLG_TIMING_LATE,
        .forced = verdict->forced,
        .force_reason = verdict->forced ? input->reason : NULL,
    };
    if ((status = clg_store_session_insert(r->store, r->clinic, &row, &result->id, err)) != CLG_OK)
        goto out;
    row.id = result->id;
    if ((status = clg_records_bookings_settle(r, view, input->date, result->id, err)) != CLG_OK)
        goto out;

    /* The course moves on: re-plan with the new session and keep `due`'s index in step. */
    clg_json_writer w;
    clg_json_writer_init(&w, &before, false);
    write_progress(&w, view->progress.status, &view->progress.next);
    clg_reflow what = {
        .sessions = view->session_count, .has_extra = true, .extra = input->date};
    status = clg_records_reflow(view, view->protocol, &what, view->course.status, view->plan,
                                &result->progress, err);
    if (status != CLG_OK)
        goto out;
    const clg_course_next *next = &result->progress.next;
    status = clg_store_course_set_progress(r->store, r->clinic, course_id, result->progress.status,
                                           next->kind, next->date, err);
    if (status != CLG_OK)
        goto out;

    clg_json_writer_init(&w, &after, false);
    clg_json_begin_object(&w);
    clg_json_key(&w, "session");
    clg_session_json_value(&row, &w);
    clg_json_key(&w, "course");
    write_progress(&w, result->progress.status, next);
    if (verdict->warning[0])
        clg_json_member_string(&w, "warning", verdict->warning);
    clg_json_end_object(&w);
    clg_audit_entry entry = {.who = r->who,
                             .action = "session.record",
                             .entity = "session",
                             .entity_id = result->id,
                             .before = before.data,
                             .after = after.data,
                             .reason = row.force_reason};
    if ((status = clg_store_audit_append(r->store, r->clinic, &entry, err)) != CLG_OK)
        goto out;
    if (verdict->forced &&
        (status = clg_records_audit_override(r, "session", result->id, verdict->refusal,
                                             input->reason, err)) != CLG_OK)
        goto out;
out:
    clg_records_judgement_free(&judgement);
    clg_buffer_free(&before);
    clg_buffer_free(&after);
    return status;
}

clg_status clg_records_session_record(const clg_records *r, int64_t course_id,
                                      const clg_session_input *input, clg_session_result *result,
                                      clg_error *err)
{
    memset(result, 0, sizeof *result);
    clg_status status = clg_records_session_input_check(input, err);
    if (status != CLG_OK)
        return status;
    if ((status = clg_store_begin(r->store, true, err)) != CLG_OK)
        return status;
    status = clg_records_session_write(r, course_id, input, result, err);
    if (status == CLG_OK)
        return clg_store_commit(r->store, err);
    clg_store_rollback(r->store);
    if (status == CLG_ERR_REFUSED || status == CLG_ERR_FORBIDDEN) {
        clg_status audited =
            clg_records_audit_refusal(r, "course", course_id, input->date, err->message, err);
        if (audited != CLG_OK)
            status = audited;
    }
    return status;
}

/*
 * Correcting a recorded session: amending what was written, or voiding a
 * session entered in error. A new date is judged by the one judge
 * (judge.c) as if the session had never been recorded; the course is then
 * re-flowed from what is stored and its next due date written back.
 * See corrections.h.
 */
#include "service/corrections.h"

#include <stdlib.h>
#include <string.h>

#include "model/record_json.h"
#include "model/row_storage.h"
#include "service/records_internal.h"

clg_status clg_records_correction_reason_check(const char *reason, const char *what, clg_error *err)
{
    if (reason == NULL || clg_text_check("reason", reason, CLG_TEXT_MAX_BYTES, true, err) != CLG_OK)
        return clg_error_set(err, CLG_ERR_INVALID, "reason",
                             "%s needs a reason saying why the record is corrected, kept in the "
                             "audit log",
                             what);
    return CLG_OK;
}

void clg_records_session_correction_free(clg_session_correction *correction)
{
    clg_store_row_free(correction->session.storage);
    memset(correction, 0, sizeof *correction);
}

/*
 * {"session": ..., "course": {"status", "next"}} for the audit log's before
 * and after, then the members the caller adds, then close it.
 */
static void open_state(clg_json_writer *w, clg_buffer *out, const clg_session_row *session,
                       const clg_course_progress *progress)
{
    clg_json_writer_init(w, out, false);
    clg_json_begin_object(w);
    clg_json_key(w, "session");
    clg_session_json_value(session, w);
    clg_json_key(w, "course");
    clg_json_begin_object(w);
    clg_json_member_string(w, "status", clg_course_status_name(progress->status));
    clg_json_key(w, "next");
    clg_next_json_value(&progress->next, w);
    clg_json_end_object(w);
}

static void write_state(clg_buffer *out, const clg_session_row *session,
                        const clg_course_progress *progress, const char *warning)
{
    clg_json_writer w;
    open_state(&w, out, session, progress);
    if (warning != NULL && warning[0] != '\0')
        clg_json_member_string(&w, "warning", warning);
    clg_json_end_object(&w);
}

/* The course of the session as it now stands in the store: re-flowed, its next due date kept. */
static clg_status reflow(const clg_records *r, int64_t course_id, clg_course_progress *progress,
                         clg_error *err)
{
    clg_course_view view;
    clg_status status = clg_records_view_load(r, course_id, &view, err);
    if (status == CLG_OK) {
        *progress = view.progress;
        status = clg_store_course_set_progress(r->store, r->clinic, course_id, progress->status,
                                               progress->next.kind, progress->next.date, err);
    }
    clg_records_course_view_free(&view);
    return status;
}

/* The course's progress before the correction, for the audit log. */
static clg_status progress_now(const clg_records *r, int64_t course_id,
                               clg_course_progress *progress, clg_error *err)
{
    clg_course_view view;
    clg_status status = clg_records_view_load(r, course_id, &view, err);
    if (status == CLG_OK)
        *progress = view.progress;
    clg_records_course_view_free(&view);
    return status;
}

static clg_status refuse_void(const clg_session_row *row, const char *doing, clg_error *err)
{
    return clg_error_set(err, CLG_ERR_INVALID, "session",
                         "session %lld is void (entered in error: %.200s); a voided session "
                         "cannot be %s",
                         (long long)row->id, row->void_reason, doing);
}

/*
 * A moved session stays between its course's neighbours: after the one
 * before it (the judge's own order rule), and here, not after the one
 * after it, nor after a booking of the course when it is the last one
 * (bookings come after every recorded session). To reorder, void and
 * record again.
 */
static clg_status check_neighbours(const clg_course_view *view, int64_t id, clg_date date,
                                   clg_error *err)
{
    char day[CLG_DATE_TEXT_SIZE], other[CLG_DATE_TEXT_SIZE];
    int k = 0;
    while (k < view->session_count && view->sessions[k].id != id)
        k++;
    if (k + 1 < view->session_count && date > view->sessions[k + 1].date)
        return clg_error_set(err, CLG_ERR_INVALID, "date",
                             "%s is after session %d of this course on %s; an amended session "
                             "stays between the sessions before and after it",
                             clg_date_format(date, day), view->sessions[k + 1].number,
                             clg_date_format(view->sessions[k + 1].date, other));
    if (k + 1 >= view->session_count && view->booking_count > 0 && date > view->bookings[0].date)
        return clg_error_set(err, CLG_ERR_INVALID, "date",
                             "%s is after booking %lld of this course on %s; move or cancel the "
                             "booking first",
                             clg_date_format(date, day), (long long)view->bookings[0].id,
                             clg_date_format(view->bookings[0].date, other));
    return CLG_OK;
}

static bool changes_something(const clg_session_amendment *a)
{
    return a->has_date || a->has_depth || a->has_laxity_grade || a->has_gais || a->has_notes;
}

clg_status clg_records_session_amend(const clg_records *r, int64_t id,
                                     const clg_session_amendment *a, clg_session_correction *result,
                                     clg_error *err)
{
    memset(result, 0, sizeof *result);
    clg_status status = clg_records_correction_reason_check(a->reason, "an amendment", err);
    if (status != CLG_OK)
        return status;
    if (!changes_something(a))
        return clg_error_set(err, CLG_ERR_INVALID, "session",
                             "nothing to amend; give a new date, depth_mm, laxity_grade, gais or "
                             "notes");
    if (a->has_notes && a->notes &&
        (status = clg_text_check("notes", a->notes, CLG_TEXT_MAX_BYTES, false, err)) != CLG_OK)
        return status;
    if ((status = clg_store_begin(r->store, true, err)) != CLG_OK)
        return status;

    bool began = true, judged = false;
    clg_session_row before = {0};
    clg_records_judgement judgement = {0};
    clg_buffer before_json = CLG_BUFFER_INIT, after_json = CLG_BUFFER_INIT;
    clg_course_progress progress_before;
    if ((status = clg_store_session_get(r->store, r->clinic, id, &before, err)) != CLG_OK)
        goto out;
    if (before.void_reason != NULL) {
        status = refuse_void(&before, "amended", err);
        goto out;
    }
    if ((status = progress_now(r, before.course_id, &progress_before, err)) != CLG_OK)
        goto out;

    clg_session_row after = before;
    after.storage = NULL;
    if (a->has_depth)
        after.depth_hundredths = a->depth_hundredths;
    if (a->has_laxity_grade)
        after.laxity_halves = a->laxity_halves;
    if (a->has_gais)
        after.gais = a->gais;
    if (a->has_notes)
        after.notes = a->notes;
    if (a->has_date && a->date != before.date) {
        /* The session as it was done, on its new date: judged like a new record. */
        clg_session_input input = {
            .date = a->date,
            .has_modality = true,
            .modality = before.modality,
            .areas = before.areas,
            .screening = before.screening,
            .forced = a->forced,
            .reason = a->reason,
            .amends = id,
        };
        /* The checks every proposed session has, then the judge itself. */
        status = clg_records_session_input_check(&input, err);
        if (status == CLG_OK)
            status = clg_records_judge(r, before.course_id, &input, false, &judgement, err);
        result->verdict = judgement.verdict;
        if (status == CLG_ERR_REFUSED || status == CLG_ERR_FORBIDDEN) {
            clg_store_rollback(r->store);
            began = false;
            clg_status audited =
                clg_records_audit_refusal(r, "session", id, a->date, err->message, err);
            if (audited != CLG_OK)
                status = audited;
        }
        if (status == CLG_OK)
            status = check_neighbours(&judgement.view, id, a->date, err);
        if (status != CLG_OK)
            goto out;
        const clg_session_verdict *verdict = &judgement.verdict;
        after.date = a->date;
        after.early = verdict->timing == CLG_TIMING_EARLY;
        after.late = verdict->timing == CLG_TIMING_LATE;
        after.forced = verdict->forced;
        after.force_reason = verdict->forced ? a->reason : NULL;
        judged = true;
    }
    if ((status = clg_store_session_update(r->store, r->clinic, &after, err)) != CLG_OK ||
        (status = reflow(r, before.course_id, &result->progress, err)) != CLG_OK)
        goto out;

    write_state(&before_json, &before, &progress_before, NULL);
    write_state(&after_json, &after, &result->progress, judged ? judgement.verdict.warning : NULL);
    clg_audit_entry entry = {.who = r->who,
                             .action = "session.amend",
                             .entity = "session",
                             .entity_id = id,
                             .before = before_json.data,
                             .after = after_json.data,
                             .reason = a->reason};
    if ((status = clg_store_audit_append(r->store, r->clinic, &entry, err)) != CLG_OK)
        goto out;
    if (judged && judgement.verdict.forced &&
        (status = clg_records_audit_override(r, "session", id, judgement.verdict.refusal, a->reason,
                                             err)) != CLG_OK)
        goto out;
    result->session = after;
    if ((status = clg_session_row_own(&result->session, err)) != CLG_OK)
        goto out;
    status = clg_store_commit(r->store, err);
    began = false;
out:
    if (began)
        clg_store_rollback(r->store);
    if (status != CLG_OK)
        clg_records_session_correction_free(result);
    clg_records_judgement_free(&judgement);
    clg_store_row_free(before.storage);
    clg_buffer_free(&before_json);
    clg_buffer_free(&after_json);
    return status;
}

/* The ids of the sessions that moved up a number, for the audit log. */
static void write_renumbered(clg_json_writer *w, const clg_course_view *view, int from_number)
{
    clg_json_key(w, "renumbered");
    clg_json_begin_array(w);
    for (int i = 0; i < view->session_count; i++)
        if (view->sessions[i].number > from_number)
            clg_json_int(w, (long)view->sessions[i].id);
    clg_json_end_array(w);
}

clg_status clg_records_session_void(const clg_records *r, int64_t id, const char *reason,
                                    clg_session_correction *result, clg_error *err)
{
    memset(result, 0, sizeof *result);
    clg_status status = clg_records_correction_reason_check(reason, "a void", err);
    if (status != CLG_OK)
        return status;
    if ((status = clg_store_begin(r->store, true, err)) != CLG_OK)
        return status;

    bool began = true;
    clg_session_row before = {0};
    clg_course_view view = {0};
    clg_buffer before_json = CLG_BUFFER_INIT, after_json = CLG_BUFFER_INIT;
    if ((status = clg_store_session_get(r->store, r->clinic, id, &before, err)) != CLG_OK)
        goto out;
    if (before.void_reason != NULL) {
        status = clg_error_set(err, CLG_ERR_INVALID, "session",
                               "session %lld is already void (entered in error: %.200s)",
                               (long long)id, before.void_reason);
        goto out;
    }
    if ((status = clg_records_view_load(r, before.course_id, &view, err)) != CLG_OK)
        goto out;

    clg_session_row after = before;
    after.storage = NULL;
    after.void_reason = reason;
    if ((status = clg_store_session_update(r->store, r->clinic, &after, err)) != CLG_OK)
        goto out;
    /* The course's count closes the gap: its later sessions move up, lowest first. */
    for (int i = 0; i < view.session_count && status == CLG_OK; i++) {
        clg_session_row later = view.sessions[i];
        if (later.number <= before.number)
            continue;
        later.number--;
        status = clg_store_session_update(r->store, r->clinic, &later, err);
    }
    if (status != CLG_OK ||
        (status = reflow(r, before.course_id, &result->progress, err)) != CLG_OK)
        goto out;

    write_state(&before_json, &before, &view.progress, NULL);
    clg_json_writer w;
    open_state(&w, &after_json, &after, &result->progress);
    write_renumbered(&w, &view, before.number);
    clg_json_end_object(&w);
    clg_audit_entry entry = {.who = r->who,
                             .action = "session.void",
                             .entity = "session",
                             .entity_id = id,
                             .before = before_json.data,
                             .after = after_json.data,
                             .reason = reason};
    if ((status = clg_store_audit_append(r->store, r->clinic, &entry, err)) != CLG_OK)
        goto out;
    result->session = after;
    if ((status = clg_session_row_own(&result->session, err)) != CLG_OK)
        goto out;
    status = clg_store_commit(r->store, err);
    began = false;
out:
    if (began)
        clg_store_rollback(r->store);
    if (status != CLG_OK)
        clg_records_session_correction_free(result);
    clg_records_course_view_free(&view);
    clg_store_row_free(before.storage);
    clg_buffer_free(&before_json);
    clg_buffer_free(&after_json);
    return status;
}

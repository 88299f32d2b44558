/* Completing, discontinuing and reopening a course; see course_life.h. */
#include "service/course_life.h"

#include <stdlib.h>
#include <string.h>

#include "model/record_json.h"
#include "service/records_internal.h"

static const struct {
    const char *name;
    const char *audit_action;
    const char *done; /* the status it leads to, as a participle: "discontinued" */
} actions[CLG_COURSE_LIFE_ACTION_COUNT] = {
    [CLG_COURSE_LIFE_COMPLETE] = {"complete", "course.complete", "completed"},
    [CLG_COURSE_LIFE_DISCONTINUE] = {"discontinue", "course.discontinue", "discontinued"},
    [CLG_COURSE_LIFE_REOPEN] = {"reopen", "course.reopen", "reopened"},
};

const char *clg_course_life_action_name(clg_course_life_action action)
{
    return (unsigned)action < CLG_COURSE_LIFE_ACTION_COUNT ? actions[action].name : "unknown";
}

static bool is_blank(const char *text)
{
    for (; text != NULL && *text; text++)
        if (*text != ' ' && *text != '\t' && *text != '\n' && *text != '\r')
            return false;
    return true;
}

/* Discontinuing and reopening say why (docs/records.md#course-life); completing may. */
static clg_status check_reason(clg_course_life_action action, const char **reason, clg_error *err)
{
    if (is_blank(*reason)) {
        if (action == CLG_COURSE_LIFE_COMPLETE) {
            *reason = NULL;
            return CLG_OK;
        }
        return clg_error_set(err, CLG_ERR_INVALID, "reason",
                             action == CLG_COURSE_LIFE_DISCONTINUE
                                 ? "is required: say why the course stops (the client stopped, "
                                   "moved away...)"
                                 : "is required: say why the course is taken up again");
    }
    return clg_text_check("reason", *reason, CLG_TEXT_MAX_BYTES, true, err);
}

/* Only an open course closes, and only a closed one reopens. */
static clg_status check_change(clg_course_life_action action, int64_t id, clg_course_status status,
                               clg_error *err)
{
    bool closed = clg_course_status_is_closed(status);
    const char *now = clg_course_status_name(status);
    if (action == CLG_COURSE_LIFE_REOPEN && !closed)
        return clg_error_set(err, CLG_ERR_INVALID, "course",
                             "course %lld is %s; only a completed or discontinued course can be "
                             "reopened",
                             (long long)id, now);
    if (action != CLG_COURSE_LIFE_REOPEN && closed) {
        if (strcmp(now, actions[action].done) == 0)
            return clg_error_set(err, CLG_ERR_INVALID, "course", "course %lld is already %s",
                                 (long long)id, now);
        return clg_error_set(err, CLG_ERR_INVALID, "course",
                             "course %lld is %s; reopen it before it can be %s", (long long)id, now,
                             actions[action].done);
    }
    return CLG_OK;
}

/* {"status", "next"[, "bookings_cancelled"]} for the audit log. */
static char *progress_json(const clg_course_progress *progress, const int64_t *cancelled,
                           int cancelled_count)
{
    clg_buffer out = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &out, false);
    clg_json_begin_object(&w);
    clg_json_member_string(&w, "status", clg_course_status_name(progress->status));
    clg_json_key(&w, "next");
    clg_next_json_value(&progress->next, &w);
    if (cancelled != NULL) {
        clg_json_key(&w, "bookings_cancelled");
        clg_json_begin_array(&w);
        for (int i = 0; i < cancelled_count; i++)
            clg_json_int(&w, (long)cancelled[i]);
        clg_json_end_array(&w);
    }
    clg_json_end_object(&w);
    return out.data;
}

/*
 * The course re-flowed around its sessions under the status it gets:
 * closed (nothing next), or open again (active or maintenance, worked
 * out from the sessions).
 */
static clg_status progress_after(clg_course_view *view, clg_course_status closed,
                                 clg_course_progress *progress, clg_error *err)
{
    clg_reflow what = {.sessions = view->session_count};
    return clg_records_reflow(view, view->protocol, &what, closed, view->plan, progress, err);
}

clg_status clg_records_course_life(const clg_records *r, int64_t id, clg_course_life_action action,
                                   const char *reason, clg_course_life_result *result,
                                   clg_error *err)
{
    memset(result, 0, sizeof *result);
    if ((unsigned)action >= CLG_COURSE_LIFE_ACTION_COUNT)
        return clg_error_set(err, CLG_ERR_INVALID, "action", "is not a change of a course");
    clg_status status = check_reason(action, &reason, err);
    if (status != CLG_OK)
        return status;
    if ((status = clg_store_begin(r->store, true, err)) != CLG_OK)
        return status;
    bool began = true;
    clg_course_view view;
    char *before = NULL, *after = NULL;
    clg_buffer why = CLG_BUFFER_INIT;
    if ((status = clg_records_view_load(r, id, &view, err)) != CLG_OK)
        goto out;
    result->before = view.progress.status;
    if ((status = check_change(action, id, view.progress.status, err)) != CLG_OK)
        goto out;
    before = progress_json(&view.progress, NULL, 0);

    static const clg_course_status closes_as[CLG_COURSE_LIFE_ACTION_COUNT] = {
        [CLG_COURSE_LIFE_COMPLETE] = CLG_COURSE_COMPLETED,
        [CLG_COURSE_LIFE_DISCONTINUE] = CLG_COURSE_DISCONTINUED,
        [CLG_COURSE_LIFE_REOPEN] = CLG_COURSE_ACTIVE,
    };
    if ((status = progress_after(&view, closes_as[action], &result->progress, err)) != CLG_OK)
        goto out;
    const clg_course_next *next = &result->progress.next;
    if ((status = clg_store_course_set_progress(r->store, r->clinic, id, result->progress.status,
                                                next->kind, next->date, err)) != CLG_OK)
        goto out;
    if (action != CLG_COURSE_LIFE_REOPEN) {
        /* The visits still to come are let go, each with the course's reason. */
        clg_buffer_printf(&why, "course %lld %s", (long long)id, actions[action].done);
        if (reason != NULL)
            clg_buffer_printf(&why, ": %s", reason);
        status = clg_records_bookings_cancel_from(r, &view, r->today, why.data, result->cancelled,
                                                  CLG_MAX_SESSIONS, &result->cancelled_count, err);
        if (status != CLG_OK)
            goto out;
    }
    after = progress_json(&result->progress, result->cancelled, result->cancelled_count);
    clg_audit_entry entry = {.who = r->who,
                             .action = actions[action].audit_action,
                             .entity = "course",
                             .entity_id = id,
                             .before = before,
                             .after = after,
                             .reason = reason};
    if ((status = clg_store_audit_append(r->store, r->clinic, &entry, err)) != CLG_OK)
        goto out;
    status = clg_store_commit(r->store, err);
    began = false;
out:
    if (began)
        clg_store_rollback(r->store);
    clg_records_course_view_free(&view);
    clg_buffer_free(&why);
    free(before);
    free(after);
    return status;
}

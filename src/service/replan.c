/*
 * Re-planning a course on demand under the current protocol: a stored
 * course keeps the protocol version it was planned with until asked; then
 * its plan, status and next due date follow the new version, audited as
 * "course.replan" with the version before and after. See records.h.
 */
#include "service/records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/plan_json.h"
#include "model/record_json.h"
#include "service/records_internal.h"

/* {"protocol": {"name", "version"}, "status", "next"}: what re-planning changes, for the audit log.
 */
static void write_planned_under(clg_json_writer *w, const char *name, const char *version,
                                const clg_course_progress *progress)
{
    clg_json_begin_object(w);
    clg_json_key(w, "protocol");
    clg_json_begin_object(w);
    clg_json_member_string(w, "name", name);
    clg_json_member_string(w, "version", version);
    clg_json_end_object(w);
    clg_json_member_string(w, "status", clg_course_status_name(progress->status));
    clg_json_key(w, "next");
    clg_next_json_value(&progress->next, w);
    clg_json_end_object(w);
}

static clg_status audit_replan(const clg_records *r, int64_t id, const clg_course_view *view,
                               const clg_protocol *protocol, const clg_course_progress *progress,
                               clg_error *err)
{
    clg_buffer before = CLG_BUFFER_INIT, after = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &before, false);
    write_planned_under(&w, view->course.protocol_name, view->course.protocol_version,
                        &view->progress);
    clg_json_writer_init(&w, &after, false);
    write_planned_under(&w, protocol->name, protocol->version, progress);
    clg_audit_entry entry = {.who = r->who,
                             .action = "course.replan",
                             .entity = "course",
                             .entity_id = id,
                             .before = before.data,
                             .after = after.data};
    clg_status status = clg_store_audit_append(r->store, r->clinic, &entry, err);
    clg_buffer_free(&before);
    clg_buffer_free(&after);
    return status;
}

/*
 * A re-plan must not put a course the clinic never forced over a block: a
 * protocol whose screening now blocks the assessment leaves the course on
 * the version it has.
 */
static clg_status check_replan_screening(const clg_course_view *view, const clg_plan *plan,
                                         clg_error *err)
{
    char codes[256];
    if (plan->screening_status != CLG_SCREENING_BLOCKED || view->course.forced)
        return CLG_OK;
    return clg_error_set(err, CLG_ERR_REFUSED, "course",
                         "refused: under protocol %s version %s the assessment's screening is "
                         "blocked by %s; the course stays on version %s",
                         plan->protocol->name, plan->protocol->version,
                         clg_plan_blocked_codes(plan, codes, sizeof codes),
                         view->course.protocol_version);
}

/* The course's plan and progress under protocol, stored with the protocol and audited. */
static clg_status store_replan(const clg_records *r, int64_t id, const clg_course_view *view,
                               const clg_protocol *protocol, clg_plan *plan,
                               clg_course_progress *progress, clg_error *err)
{
    clg_buffer plan_text = CLG_BUFFER_INIT;
    clg_reflow what = {.sessions = view->session_count};
    clg_status status =
        clg_records_reflow(view, protocol, &what, view->course.status, plan, progress, err);
    if (status == CLG_OK)
        status = check_replan_screening(view, plan, err);
    if (status == CLG_OK)
        status = clg_records_protocol_ensure(r, protocol, err);
    if (status == CLG_OK) {
        clg_plan_json(plan, &plan_text, false);
        status = clg_store_course_set_plan(r->store, r->clinic, id, protocol->name,
                                           protocol->version, plan_text.data, err);
    }
    if (status == CLG_OK)
        status = clg_store_course_set_progress(r->store, r->clinic, id, progress->status,
                                               progress->next.kind, progress->next.date, err);
    if (status == CLG_OK)
        status = audit_replan(r, id, view, protocol, progress, err);
    clg_buffer_free(&plan_text);
    return status;
}

clg_status clg_records_course_replan(const clg_records *r, int64_t id, const clg_protocol *protocol,
                                     clg_course_replan_result *result, clg_error *err)
{
    memset(result, 0, sizeof *result);
    clg_status status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK)
        return status;
    clg_course_view view;
    clg_plan *plan = NULL;
    bool keep = false;
    if ((status = clg_records_view_load(r, id, &view, err)) != CLG_OK)
        goto out;
    snprintf(result->previous_name, sizeof result->previous_name, "%s", view.course.protocol_name);
    snprintf(result->previous_version, sizeof result->previous_version, "%s",
             view.course.protocol_version);
    result->progress = view.progress;
    if (clg_course_status_is_closed(view.course.status)) {
        status = clg_error_set(err, CLG_ERR_INVALID, "course",
                               "the course is %s; a closed course is not re-planned",
                               clg_course_status_name(view.course.status));
        goto out;
    }
    if (strcmp(view.course.protocol_name, protocol->name) == 0 &&
        strcmp(view.course.protocol_version, protocol->version) == 0)
        goto out; /* already planned under it: nothing to write */
    if ((plan = malloc(sizeof *plan)) == NULL) {
        status = clg_error_set(err, CLG_ERR_IO, "course", "out of memory");
        goto out;
    }
    status = store_replan(r, id, &view, protocol, plan, &result->progress, err);
    keep = status == CLG_OK;
    result->changed = keep;
out:
    if (keep)
        status = clg_store_commit(r->store, err);
    else
        clg_store_rollback(r->store); /* nothing changed, or a failure: keep nothing */
    clg_records_course_view_free(&view);
    free(plan);
    return status;
}

/*
 * Loading a course with everything needed to show or judge it: the plan is
 * computed afresh from the stored request and re-flowed around the sessions
 * recorded (and, for a booking, the sessions booked).
 * See records.h.
 */
#include "service/records.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/row_storage.h"
#include "service/clinic.h"
#include "service/records_internal.h"

/* Appends a copy of each borrowed row to the view's sessions or bookings. */
typedef struct row_collector {
    clg_course_view *view;
    clg_error *err;
    clg_status status;
} row_collector;

/* Appends an owned copy of row to *rows (*count of them). */
static int append_session(row_collector *c, clg_session_row **rows, int *count,
                          const clg_session_row *row)
{
    clg_session_row *grown = realloc(*rows, (size_t)(*count + 1) * sizeof *grown);
    if (grown == NULL) {
        c->status = clg_error_set(c->err, CLG_ERR_IO, "session", "out of memory");
        return 1;
    }
    *rows = grown;
    clg_session_row *out = &grown[*count];
    *out = *row;
    c->status = clg_session_row_own(out, c->err);
    if (c->status != CLG_OK)
        return 1;
    (*count)++;
    return 0;
}

static int collect_session(void *context, const clg_session_row *row)
{
    row_collector *c = context;
    return append_session(c, &c->view->sessions, &c->view->session_count, row);
}

static int collect_voided(void *context, const clg_session_row *row)
{
    row_collector *c = context;
    return append_session(c, &c->view->voided, &c->view->voided_count, row);
}

static int collect_booking(void *context, const clg_booking_row *row)
{
    row_collector *c = context;
    clg_course_view *view = c->view;
    clg_booking_row *grown =
        realloc(view->bookings, (size_t)(view->booking_count + 1) * sizeof *grown);
    if (grown == NULL) {
        c->status = clg_error_set(c->err, CLG_ERR_IO, "booking", "out of memory");
        return 1;
    }
    view->bookings = grown;
    clg_booking_row *out = &grown[view->booking_count];
    *out = *row;
    c->status = clg_booking_row_own(out, c->err);
    if (c->status != CLG_OK)
        return 1;
    view->booking_count++;
    return 0;
}

/* Computes the course's plan afresh and re-flows it around its sessions. */
clg_status clg_records_progress_compute(const clg_plan_request *request,
                                        const clg_protocol *protocol, const clg_date *dates,
                                        int count, clg_course_status stored, clg_plan *plan,
                                        clg_course_progress *progress, clg_error *err)
{
    clg_status status = clg_plan_compute(protocol, request, plan, err);
    if (status != CLG_OK)
        return status;
    clg_course_status closed = clg_course_status_is_closed(stored) ? stored : CLG_COURSE_ACTIVE;
    return clg_course_progress_compute(plan, dates, count, closed, progress, err);
}

clg_status clg_records_reflow(const clg_course_view *view, const clg_protocol *protocol,
                              const clg_reflow *what, clg_course_status stored, clg_plan *plan,
                              clg_course_progress *progress, clg_error *err)
{
    int bookings = what->bookings ? view->booking_count : 0;
    int count = what->sessions + bookings + (what->has_extra ? 1 : 0);
    clg_date *dates = malloc(sizeof *dates * (size_t)(count + 1));
    if (dates == NULL)
        return clg_error_set(err, CLG_ERR_IO, "course", "out of memory");
    for (int i = 0; i < what->sessions; i++)
        dates[i] = view->sessions[i].date;
    for (int i = 0; i < bookings; i++)
        dates[what->sessions + i] = view->bookings[i].date;
    if (what->has_extra)
        dates[count - 1] = what->extra;
    clg_plan_request request = view->plan->request; /* copied: plan may be view->plan */
    clg_status status = clg_records_progress_compute(&request, protocol, dates, count, stored,
                                                     plan, progress, err);
    free(dates);
    return status;
}

/* The course re-planned as if its bookings had been done on their dates. */
clg_status clg_records_progress_with_bookings(clg_course_view *view, clg_error *err)
{
    clg_reflow what = {.sessions = view->session_count, .bookings = true};
    return clg_records_reflow(view, view->protocol, &what, view->course.status, view->plan,
                              &view->progress, err);
}

clg_status clg_records_view_load(const clg_records *r, int64_t id, clg_course_view *view,
                                 clg_error *err)
{
    memset(view, 0, sizeof *view);
    char *document = NULL;
    clg_date *dates = NULL;
    clg_status status = clg_store_course_get(r->store, r->clinic, id, &view->course, err);
    if (status != CLG_OK)
        goto out;
    status = clg_store_client_get(r->store, r->clinic, view->course.client_id, &view->client, err);
    if (status != CLG_OK)
        goto out;
    status = clg_store_protocol_get(r->store, r->clinic, view->course.protocol_name,
                                    view->course.protocol_version, &document, err);
    if (status == CLG_OK)
        status = clg_protocol_parse(document, strlen(document), &view->protocol, err);
    if (status != CLG_OK) {
        status = CLG_ERR_IO; /* the stored protocol is the database's, not the user's, fault */
        goto out;
    }
    row_collector collector = {view, err, CLG_OK};
    status = clg_store_session_list(r->store, r->clinic, id, 0, collect_session, &collector, err);
    if (status == CLG_OK)
        status = collector.status;
    if (status == CLG_OK)
        status =
            clg_store_booking_list(r->store, r->clinic, id, 0, collect_booking, &collector, err);
    if (status == CLG_OK)
        status = collector.status;
    if (status == CLG_OK)
        status =
            clg_store_session_list_void(r->store, r->clinic, id, collect_voided, &collector, err);
    if (status == CLG_OK)
        status = collector.status;
    if (status == CLG_OK)
        status = clg_store_clinic_settings_get(r->store, r->clinic, &view->clinic, err);
    if (status != CLG_OK)
        goto out;
    snprintf(view->time_zone, sizeof view->time_zone, "%s", view->clinic.time_zone);

    clg_plan_request request;
    if ((status = clg_records_request_parse(view->course.request_json, &request, err)) != CLG_OK)
        goto out;
    clg_records_use_clinic_days(&view->clinic, &request);
    view->plan = malloc(sizeof *view->plan);
    dates = malloc(sizeof *dates * (size_t)(view->session_count + 1));
    if (view->plan == NULL || dates == NULL) {
        status = clg_error_set(err, CLG_ERR_IO, "course", "out of memory");
        goto out;
    }
    for (int i = 0; i < view->session_count; i++)
        dates[i] = view->sessions[i].date;
    status = clg_records_progress_compute(&request, view->protocol, dates, view->session_count,
                                          view->course.status, view->plan, &view->progress, err);
    /*
     * The schedule shows booked sessions on their dates and the later ones
     * re-flowed from them; the progress (status, next item) stays what the
     * recorded sessions make it, as `due` sees it.
     */
    if (status == CLG_OK && view->booking_count > 0) {
        clg_course_progress recorded = view->progress;
        status = clg_records_progress_with_bookings(view, err);
        view->progress = recorded;
    }
out:
    free(document);
    free(dates);
    return status;
}

clg_status clg_records_course_load(const clg_records *r, int64_t id, clg_course_view *view,
                                   clg_error *err)
{
    clg_status status = clg_store_begin(r->store, false, err);
    if (status != CLG_OK) {
        memset(view, 0, sizeof *view);
        return status;
    }
    status = clg_records_view_load(r, id, view, err);
    clg_store_rollback(r->store); /* read only: nothing to keep */
    return status;
}

void clg_records_course_view_free(clg_course_view *view)
{
    clg_store_row_free(view->course.storage);
    clg_store_row_free(view->client.storage);
    clg_protocol_free(view->protocol);
    free(view->plan);
    for (int i = 0; i < view->session_count; i++)
        clg_store_row_free(view->sessions[i].storage);
    free(view->sessions);
    for (int i = 0; i < view->booking_count; i++)
        clg_store_row_free(view->bookings[i].storage);
    free(view->bookings);
    for (int i = 0; i < view->voided_count; i++)
        clg_store_row_free(view->voided[i].storage);
    free(view->voided);
    memset(view, 0, sizeof *view);
}

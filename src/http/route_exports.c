/*
 * A stored course as the files other systems read (SPEC §7, §8): the
 * calendar (/api/v1/courses/{id}.ics), the FHIR R4 Bundle (/fhir) and the
 * SVG timeline (/timeline.svg, which the staff app shows in an <img>).
 * They are `course show --format ics|fhir|svg`: the same context builder
 * (render/course_export.h) and the same renderers, so the two doors answer
 * the same documents for the same course and clock (FHIR here compact, not
 * indented). Another clinic's course is not found (404), and each export
 * is audited as a read of the course is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "http/routes.h"
#include "render/course_export.h"

void clg_route_records_init(clg_http_exchange *exchange, int64_t clinic, const char *who,
                            clg_records *records)
{
    time_t now = time(NULL);
    struct tm local;
    localtime_r(&now, &local);
    clg_date today = 0;
    clg_date_from_civil(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday, &today);
    *records = (clg_records){
        .store = exchange->store,
        .clinic = clinic,
        .who = who,
        .today = today,
        /* SPEC §3.1: only an admin may force a blocked screening. */
        .may_override_block = exchange->caller.is_admin,
    };
}

clg_records clg_route_caller_records(clg_http_exchange *exchange)
{
    clg_records records;
    clg_route_records_init(exchange, exchange->caller.clinic_id, exchange->caller.email, &records);
    return records;
}

typedef enum export_format { EXPORT_ICS, EXPORT_FHIR, EXPORT_SVG } export_format;

static const char *const format_names[] = {"ics", "fhir", "svg"};
static const char *const content_types[] = {
    "text/calendar; charset=utf-8",
    "application/fhir+json; charset=utf-8",
    "image/svg+xml; charset=utf-8",
};

/* "course.export" with the format: who took which course's data out, and how. */
static clg_status audit_export(const clg_records *records, int64_t id, export_format format,
                               clg_error *err)
{
    char after[32];
    snprintf(after, sizeof after, "{\"format\":\"%s\"}", format_names[format]);
    clg_audit_entry entry = {.who = records->who,
                             .action = "course.export",
                             .entity = "course",
                             .entity_id = id,
                             .after = after};
    clg_status status = clg_store_begin(records->store, true, err);
    if (status == CLG_OK)
        status = clg_store_audit_append(records->store, records->clinic, &entry, err);
    if (status == CLG_OK)
        return clg_store_commit(records->store, err);
    clg_store_rollback(records->store);
    return status;
}

static clg_status render(const clg_course_view *view, const clg_export_context *context,
                         export_format format, clg_buffer *out, clg_error *err)
{
    switch (format) {
    case EXPORT_ICS:
        return clg_render_plan_ics(view->plan, context, out, err);
    case EXPORT_FHIR:
        return clg_render_plan_fhir(view->plan, context, out, false, err);
    default:
        return clg_render_plan_svg(view->plan, context, out, err);
    }
}

static void export_course(clg_http_exchange *exchange, export_format format)
{
    clg_records records;
    clg_route_records_init(exchange, exchange->caller.clinic_id, exchange->caller.email, &records);
    int64_t id = exchange->params[0];
    clg_course_view view;
    clg_course_export *export = NULL;
    clg_buffer body = CLG_BUFFER_INIT;
    clg_error err;
    clg_status status = clg_records_course_load(&records, id, &view, &err);
    if (status == CLG_OK && (export = malloc(sizeof *export)) == NULL)
        status = clg_error_set(&err, CLG_ERR_IO, "course", "out of memory");
    if (status == CLG_OK) {
        clg_course_export_init(export, &view, exchange->caller.clinic_name, (long long)time(NULL),
                               records.today);
        status = render(&view, &export->context, format, &body, &err);
    }
    if (status == CLG_OK)
        status = audit_export(&records, id, format, &err);
    if (status != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
    } else {
        if (format == EXPORT_FHIR)
            clg_buffer_puts(&body, "\n");
        if (format == EXPORT_ICS) {
            char disposition[80];
            snprintf(disposition, sizeof disposition, "attachment; filename=\"course-%lld.ics\"",
                     (long long)id);
            clg_http_add_header(exchange, "Content-Disposition", disposition);
        }
        clg_http_respond_text(exchange, 200, content_types[format], body.data ? body.data : "",
                              body.length);
    }
    clg_buffer_free(&body);
    free(export);
    clg_records_course_view_free(&view);
}

void clg_route_course_ics(clg_http_exchange *exchange)
{
    export_course(exchange, EXPORT_ICS);
}

void clg_route_course_fhir(clg_http_exchange *exchange)
{
    export_course(exchange, EXPORT_FHIR);
}

void clg_route_course_svg(clg_http_exchange *exchange)
{
    export_course(exchange, EXPORT_SVG);
}

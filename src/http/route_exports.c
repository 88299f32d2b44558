/*
 * A stored course as the files other systems read (docs/records.md#http-api,
 * docs/interop.md#formats): the calendar (/api/v1/courses/{id}.ics), the FHIR R4 Bundle (/fhir) and
 * the SVG timeline (/timeline.svg, which the staff app shows in an <img>). They are `course show
 * --format ics|fhir|svg`: the same context builder (render/course_export.h) and the same renderers,
 * so the two doors answer the same documents for the same course and clock (FHIR here compact, not
 * indented). Another clinic's course is not found (404), and each export
 * is audited by the service as an export of the course.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "http/records_context.h"
#include "http/routes.h"
#include "render/course_export.h"
#include "service/reads.h"
#include "service/records.h"

typedef enum export_format { EXPORT_ICS, EXPORT_FHIR, EXPORT_SVG } export_format;

static const char *const format_names[] = {"ics", "fhir", "svg"};
static const char *const content_types[] = {
    "text/calendar; charset=utf-8",
    "application/fhir+json; charset=utf-8",
    "image/svg+xml; charset=utf-8",
};

/* What one export request renders, and where. */
typedef struct export_job {
    export_format format;
    const char *clinic_name;
    long long generated_at;
    clg_date today;
    clg_buffer body;
} export_job;

static clg_status render_course(void *context, const clg_course_view *view, clg_error *err)
{
    export_job *job = context;
    clg_course_export *export = malloc(sizeof *export);
    if (export == NULL)
        return clg_error_set(err, CLG_ERR_IO, "course", "out of memory");
    clg_course_export_init(export, view, job->clinic_name, job->generated_at, job->today);
    clg_status status;
    switch (job->format) {
    case EXPORT_ICS:
        status = clg_render_plan_ics(view->plan, &export->context, &job->body, err);
        break;
    case EXPORT_FHIR:
        status = clg_render_plan_fhir(view->plan, &export->context, &job->body, false, err);
        break;
    default:
        status = clg_render_plan_svg(view->plan, &export->context, &job->body, err);
        break;
    }
    free(export);
    return status;
}

static void export_course(clg_http_exchange *exchange, export_format format)
{
    clg_records records = clg_route_caller_records(exchange);
    int64_t id = exchange->params[0];
    export_job job = {
        .format = format,
        .clinic_name = exchange->caller.clinic_name,
        .generated_at = (long long)time(NULL),
        .today = records.today,
        .body = CLG_BUFFER_INIT,
    };
    clg_error err;
    if (clg_records_course_export(&records, id, format_names[format], render_course, &job, &err) !=
        CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
    } else {
        if (format == EXPORT_FHIR)
            clg_buffer_puts(&job.body, "\n");
        if (format == EXPORT_ICS) {
            char disposition[80];
            snprintf(disposition, sizeof disposition, "attachment; filename=\"course-%lld.ics\"",
                     (long long)id);
            clg_http_add_header(exchange, "Content-Disposition", disposition);
        }
        clg_http_respond_text(exchange, 200, content_types[format],
                              job.body.data ? job.body.data : "", job.body.length);
    }
    clg_buffer_free(&job.body);
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

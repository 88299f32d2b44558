/*
 * A client's treatment courses (docs/records.md#http-api), as `collagenda course start |
 * show` (cli/cmd_course.c): POST /api/v1/courses plans one from the
 * assessment in the body (the fields of POST /api/v1/plan, plus "client"
 * and the override "force" and "reason"); GET /api/v1/courses/{id} answers
 * what `course show --format json` prints, audited as a read by the service. The course's
 * calendar, FHIR and SVG files are route_exports.c.
 */
#include "collagenda/request_json.h"
#include "http/answers.h"
#include "http/body.h"
#include "http/records_context.h"
#include "service/reads.h"
#include "http/routes.h"
#include "http/server.h"
#include "render/records.h"
#include "service/records.h"

void clg_route_courses_start(clg_http_exchange *exchange)
{
    static const char *const extra[] = {"client", "force", "reason", NULL};
    json_t *object = clg_http_body_object(exchange);
    if (object == NULL)
        return;
    clg_records records = clg_route_caller_records(exchange);
    clg_plan_request request;
    long long client_id = 0;
    bool forced = false;
    const char *reason = NULL;
    clg_error err;
    clg_status status;
    if ((status = clg_body_id(object, "client", &client_id, &err)) == CLG_OK &&
        (status = clg_body_override(object, &forced, &reason, &err)) == CLG_OK &&
        (status = clg_plan_request_from_json(object, extra, &request, &err)) == CLG_OK &&
        !request.has_start)
        status = clg_error_set(&err, CLG_ERR_INVALID, "start",
                               "is required to start a course (YYYY-MM-DD)");
    int64_t id;
    if (status == CLG_OK)
        status =
            clg_records_course_start(&records, client_id, &request,
                                     exchange->server->config.protocol, forced, reason, &id, &err);
    json_decref(object);
    if (status == CLG_OK)
        clg_route_answer_created(exchange, id);
    else
        clg_http_problem_from_error(exchange, &err);
}

void clg_route_course_show(clg_http_exchange *exchange)
{
    clg_records records = clg_route_caller_records(exchange);
    int64_t id = exchange->params[0];
    clg_course_view view;
    clg_error err;
    if (clg_records_course_show(&records, id, &view, &err) != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &body, false);
    clg_render_course_json_value(&view, &writer);
    clg_records_course_view_free(&view);
    clg_route_answer_document(exchange, &body);
    clg_buffer_free(&body);
}

/*
 * Re-plans the course under the server's protocol (a stored course keeps
 * its own until then); no body, or an empty object. Answers what `course
 * replan ID --format json` prints.
 */
void clg_route_course_replan(clg_http_exchange *exchange)
{
    static const char *const no_keys[] = {NULL};
    clg_error err;
    if (exchange->body_length > 0) {
        json_t *object = clg_http_body_object(exchange);
        if (object == NULL)
            return;
        clg_status checked = clg_body_check_keys(object, no_keys, &err);
        json_decref(object);
        if (checked != CLG_OK) {
            clg_http_problem_from_error(exchange, &err);
            return;
        }
    }
    clg_records records = clg_route_caller_records(exchange);
    const clg_protocol *protocol = exchange->server->config.protocol;
    clg_course_replan_result result;
    if (clg_records_course_replan(&records, exchange->params[0], protocol, &result, &err) !=
        CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &body, false);
    clg_render_course_replan_json_value(exchange->params[0], &result, protocol, &w);
    clg_route_answer_document(exchange, &body);
    clg_buffer_free(&body);
}

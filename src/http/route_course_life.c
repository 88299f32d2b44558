/*
 * The course's life (docs/records.md#course-life), as `collagenda course
 * complete | discontinue | reopen ID` (cli/course_life_cli.c): POST
 * /api/v1/courses/{id}/complete, /discontinue and /reopen, with the body
 * {"reason": "..."} (required to discontinue or reopen; completing may
 * give one, or send no body at all). The answer is the course's status
 * before and after, its next item and the bookings it let go
 * (render/course_life.h).
 */
#include "http/answers.h"
#include "http/body.h"
#include "http/records_context.h"
#include "http/routes.h"
#include "render/course_life.h"
#include "service/course_life.h"

static void course_life(clg_http_exchange *exchange, clg_course_life_action action)
{
    static const char *const keys[] = {"reason", NULL};
    json_t *object = NULL;
    const char *reason = NULL;
    clg_error err;
    clg_status status = CLG_OK;
    if (exchange->body_length > 0) {
        if ((object = clg_http_body_object(exchange)) == NULL)
            return;
        if ((status = clg_body_check_keys(object, keys, &err)) == CLG_OK)
            status = clg_body_string(object, "reason", false, &reason, &err);
    }
    clg_records records = clg_route_caller_records(exchange);
    clg_course_life_result result;
    int64_t id = exchange->params[0];
    if (status == CLG_OK)
        status = clg_records_course_life(&records, id, action, reason, &result, &err);
    json_decref(object);
    if (status != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &body, false);
    clg_render_course_life_json_value(id, action, &result, &w);
    clg_route_answer_document(exchange, &body);
    clg_buffer_free(&body);
}

void clg_route_course_complete(clg_http_exchange *exchange)
{
    course_life(exchange, CLG_COURSE_LIFE_COMPLETE);
}

void clg_route_course_discontinue(clg_http_exchange *exchange)
{
    course_life(exchange, CLG_COURSE_LIFE_DISCONTINUE);
}

void clg_route_course_reopen(clg_http_exchange *exchange)
{
    course_life(exchange, CLG_COURSE_LIFE_REOPEN);
}

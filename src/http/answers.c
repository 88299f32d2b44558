/* Answers several routes give alike (see answers.h). */
#include "http/answers.h"

#include <stdatomic.h>

#include "base/json_writer.h"
#include "http/server.h"
#include "render/verdict_json.h"

void clg_route_answer_created(clg_http_exchange *exchange, int64_t id)
{
    clg_buffer body = CLG_BUFFER_INIT;
    clg_buffer_printf(&body, "{\"id\":%lld}\n", (long long)id);
    clg_http_respond_json(exchange, 201, &body);
    clg_buffer_free(&body);
}

void clg_route_answer_secret_link(clg_http_exchange *exchange, const char *path)
{
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &body, false);
    clg_json_begin_object(&writer);
    clg_json_member_string(&writer, "url", path);
    clg_json_end_object(&writer);
    clg_buffer_puts(&body, "\n");
    clg_http_add_header(exchange, "Location", path);
    clg_http_respond_json(exchange, 201, &body);
    clg_buffer_free(&body);
}

void clg_route_answer_document(clg_http_exchange *exchange, clg_buffer *body)
{
    clg_buffer_puts(body, "\n");
    clg_http_respond_json(exchange, 200, body);
}

void clg_route_answer_refusal(clg_http_exchange *exchange, const clg_error *err)
{
    if (err->status == CLG_ERR_REFUSED || err->status == CLG_ERR_FORBIDDEN)
        atomic_fetch_add_explicit(&exchange->server->metrics->sessions_refused, 1,
                                  memory_order_relaxed);
    clg_http_problem_from_error(exchange, err);
}

void clg_route_answer_recorded_session(clg_http_exchange *exchange,
                                       const clg_session_result *result)
{
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &body, false);
    clg_render_recorded_session_json_value(result->id, &result->verdict, &result->progress,
                                           &writer);
    clg_buffer_puts(&body, "\n");
    clg_http_respond_json(exchange, 201, &body);
    clg_buffer_free(&body);
}

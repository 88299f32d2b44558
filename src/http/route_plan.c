/*
 * The plan calculator's API, public (no login), as `collagenda plan`
 * (cli/cmd_plan.c): POST /api/v1/plan answers exactly what `collagenda plan
 * --format json` prints for the same assessment (same parser, same
 * renderer), planned under the server's protocol.
 */
#include <stdatomic.h>

#include "collagenda/request_json.h"
#include "http/routes.h"
#include "http/server.h"
#include "model/plan_json.h"

void clg_route_plan(clg_http_exchange *exchange)
{
    json_t *body = clg_http_body_object(exchange);
    if (body == NULL)
        return;
    clg_plan_request request;
    clg_error err;
    clg_status status = clg_plan_request_from_json(body, NULL, &request, &err);
    json_decref(body);
    clg_plan plan;
    if (status == CLG_OK)
        status = clg_plan_compute(exchange->server->config.protocol, &request, &plan, &err);
    if (status != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    atomic_fetch_add_explicit(&exchange->server->metrics->plans_computed, 1, memory_order_relaxed);
    clg_buffer json = CLG_BUFFER_INIT;
    clg_plan_json(&plan, &json, true);
    clg_buffer_append(&json, "\n", 1);
    clg_http_respond_json(exchange, 200, &json);
    clg_buffer_free(&json);
}

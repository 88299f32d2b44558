/*
 * Public routes, no login: the plan calculator's API, the protocol behind
 * it, health and metrics. POST /api/v1/plan answers exactly what
 * `collagenda plan --format json` prints for the same assessment (same
 * parser, same renderer); GET /api/v1/protocol[/fhir] what `collagenda
 * protocol show [--format fhir]` prints for the server's protocol, so the
 * calculator can name each reason's source by its title.
 */
#include <stdatomic.h>
#include <stdlib.h>

#include "collagenda/request_json.h"
#include "http/routes.h"
#include "http/server.h"
#include "render/export.h"
#include "render/render.h"

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
    clg_render_plan_json(&plan, &json, true);
    clg_buffer_append(&json, "\n", 1);
    clg_http_respond_json(exchange, 200, &json);
    clg_buffer_free(&json);
}

void clg_route_protocol(clg_http_exchange *exchange)
{
    char *json = clg_protocol_to_json(exchange->server->config.protocol);
    if (json == NULL) {
        clg_http_problem(exchange, 500, NULL, "out of memory");
        return;
    }
    clg_buffer body = CLG_BUFFER_INIT;
    clg_buffer_puts(&body, json);
    clg_buffer_puts(&body, "\n");
    free(json);
    clg_http_respond_json(exchange, 200, &body);
    clg_buffer_free(&body);
}

void clg_route_protocol_fhir(clg_http_exchange *exchange)
{
    clg_buffer body = CLG_BUFFER_INIT;
    clg_render_protocol_fhir(exchange->server->config.protocol, &body, true);
    clg_buffer_puts(&body, "\n");
    clg_http_respond_text(exchange, 200, "application/fhir+json; charset=utf-8", body.data,
                          body.length);
    clg_buffer_free(&body);
}

void clg_route_healthz(clg_http_exchange *exchange)
{
    static const char body[] = "{\"status\":\"ok\"}\n";
    clg_http_respond_text(exchange, 200, "application/json", body, sizeof body - 1);
}

void clg_route_metrics(clg_http_exchange *exchange)
{
    const char *patterns[CLG_METRICS_MAX_ROUTES];
    int count = clg_route_count < CLG_METRICS_MAX_ROUTES ? clg_route_count : CLG_METRICS_MAX_ROUTES;
    for (int i = 0; i < count; i++)
        patterns[i] = clg_routes[i].pattern;
    clg_buffer text = CLG_BUFFER_INIT;
    clg_metrics_render(exchange->server->metrics, patterns, count,
                       atomic_load(&exchange->server->buffered_bytes), &text);
    clg_http_respond_text(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", text.data,
                          text.length);
    clg_buffer_free(&text);
}

/*
 * The protocol the server plans with, public (no login), as `collagenda
 * protocol show` (cli/cmd_protocol.c): GET /api/v1/protocol and
 * /api/v1/protocol/fhir answer what `protocol show [--format fhir]` prints,
 * so the calculator can name each reason's source by its title.
 */
#include <stdlib.h>

#include "http/routes.h"
#include "http/server.h"
#include "render/export.h"

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

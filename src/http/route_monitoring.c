/*
 * What monitoring asks of the server, public (no login) and with no
 * counterpart on the command line: GET /healthz (it answers, so it is up)
 * and GET /metrics (the Prometheus counters of metrics.c, one label per
 * route of the table).
 */
#include <inttypes.h>

#include "http/connections.h"
#include "http/router.h"
#include "http/routes.h"
#include "http/server.h"

void clg_route_healthz(clg_http_exchange *exchange)
{
    static const char body[] = "{\"status\":\"ok\"}\n";
    clg_http_respond_text(exchange, 200, "application/json", body, sizeof body - 1);
}

_Static_assert((int)CLG_HTTP_OTHER < (int)CLG_METRICS_METHODS && CLG_HTTP_HEAD == 1,
               "metrics.c counts requests by clg_http_method");

void clg_route_metrics(clg_http_exchange *exchange)
{
    const char *patterns[CLG_METRICS_MAX_ROUTES];
    int methods[CLG_METRICS_MAX_ROUTES];
    const char *method_names[CLG_METRICS_METHODS];
    int count = clg_route_count < CLG_METRICS_MAX_ROUTES ? clg_route_count : CLG_METRICS_MAX_ROUTES;
    for (int i = 0; i < count; i++) {
        patterns[i] = clg_routes[i].pattern;
        methods[i] = (int)clg_routes[i].method;
    }
    for (int m = 0; m < CLG_METRICS_METHODS; m++)
        method_names[m] = clg_http_method_name((clg_http_method)m);
    clg_buffer text = CLG_BUFFER_INIT;
    clg_metrics_render(exchange->server->metrics, patterns, methods, count, method_names,
                       atomic_load(&exchange->server->buffered_bytes), &text);
    struct clg_connections *connections = exchange->server->connections;
    clg_buffer_printf(&text,
                      "# HELP collagenda_http_connections Connections open now.\n"
                      "# TYPE collagenda_http_connections gauge\n"
                      "collagenda_http_connections %u\n"
                      "# HELP collagenda_http_connections_shed_total Connections closed for "
                      "being slow to send a request's head, or to make room.\n"
                      "# TYPE collagenda_http_connections_shed_total counter\n"
                      "collagenda_http_connections_shed_total %" PRIu64 "\n",
                      clg_connections_open(connections), clg_connections_shed(connections));
    clg_http_respond_text(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", text.data,
                          text.length);
    clg_buffer_free(&text);
}

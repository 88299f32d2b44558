/* Prometheus metrics; see metrics.h. */
#include "http/metrics.h"

#include <inttypes.h>

/* Upper bounds of the latency buckets, in microseconds (Prometheus "le" in seconds). */
static const uint64_t bucket_bounds[CLG_METRICS_LATENCY_BUCKETS] = {
    100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 500000, 1000000};

/* clg_http_method's HEAD (metrics.h: a GET route's second column). */
enum { METHOD_HEAD = 1 };

void clg_metrics_count_request(clg_metrics *metrics, int route_index, int method, int status,
                               uint64_t microseconds)
{
    if (status < 0 || status >= CLG_METRICS_STATUS_SLOTS)
        status = 0;
    if (method < 0 || method >= CLG_METRICS_METHODS)
        method = CLG_METRICS_METHODS - 1;
    atomic_uint_fast64_t *counter =
        route_index >= 0 && route_index < CLG_METRICS_MAX_ROUTES
            ? &metrics->requests[route_index][method == METHOD_HEAD][status]
            : &metrics->unrouted[method][status];
    atomic_fetch_add_explicit(counter, 1, memory_order_relaxed);
    int bucket = 0;
    while (bucket < CLG_METRICS_LATENCY_BUCKETS && microseconds > bucket_bounds[bucket])
        bucket++;
    atomic_fetch_add_explicit(&metrics->latency_buckets[bucket], 1, memory_order_relaxed);
    atomic_fetch_add_explicit(&metrics->latency_microseconds_sum, microseconds,
                              memory_order_relaxed);
    atomic_fetch_add_explicit(&metrics->latency_count, 1, memory_order_relaxed);
}

static uint64_t load(atomic_uint_fast64_t *counter)
{
    return atomic_load_explicit(counter, memory_order_relaxed);
}

static void render_series(clg_buffer *out, const char *route, const char *method,
                          atomic_uint_fast64_t *statuses)
{
    for (int status = 0; status < CLG_METRICS_STATUS_SLOTS; status++) {
        uint64_t count = load(&statuses[status]);
        if (count)
            clg_buffer_printf(out,
                              "collagenda_http_requests_total{route=\"%s\",method=\"%s\","
                              "status=\"%d\"} %" PRIu64 "\n",
                              route, method, status, count);
    }
}

void clg_metrics_render(clg_metrics *metrics, const char *const *route_patterns,
                        const int *route_methods, int route_count, const char *const *method_names,
                        size_t bodies_held_bytes, clg_buffer *out)
{
    clg_buffer_puts(out, "# HELP collagenda_http_requests_total HTTP requests by route, method "
                         "and status.\n"
                         "# TYPE collagenda_http_requests_total counter\n");
    for (int route = 0; route < route_count && route < CLG_METRICS_MAX_ROUTES; route++) {
        render_series(out, route_patterns[route], method_names[route_methods[route]],
                      metrics->requests[route][0]);
        render_series(out, route_patterns[route], method_names[METHOD_HEAD],
                      metrics->requests[route][1]);
    }
    for (int method = 0; method < CLG_METRICS_METHODS; method++)
        render_series(out, "none", method_names[method], metrics->unrouted[method]);
    clg_buffer_puts(out, "# HELP collagenda_http_request_duration_seconds Time to answer a "
                         "request.\n# TYPE collagenda_http_request_duration_seconds histogram\n");
    uint64_t cumulative = 0;
    for (int bucket = 0; bucket < CLG_METRICS_LATENCY_BUCKETS; bucket++) {
        cumulative += load(&metrics->latency_buckets[bucket]);
        clg_buffer_printf(
            out, "collagenda_http_request_duration_seconds_bucket{le=\"%g\"} %" PRIu64 "\n",
            (double)bucket_bounds[bucket] / 1e6, cumulative);
    }
    cumulative += load(&metrics->latency_buckets[CLG_METRICS_LATENCY_BUCKETS]);
    clg_buffer_printf(out,
                      "collagenda_http_request_duration_seconds_bucket{le=\"+Inf\"} %" PRIu64 "\n"
                      "collagenda_http_request_duration_seconds_sum %.6f\n"
                      "collagenda_http_request_duration_seconds_count %" PRIu64 "\n",
                      cumulative, (double)load(&metrics->latency_microseconds_sum) / 1e6,
                      load(&metrics->latency_count));
    clg_buffer_printf(out,
                      "# HELP collagenda_plans_computed_total Plans computed.\n"
                      "# TYPE collagenda_plans_computed_total counter\n"
                      "collagenda_plans_computed_total %" PRIu64 "\n"
                      "# HELP collagenda_sessions_refused_total Sessions refused by a safety "
                      "rule.\n"
                      "# TYPE collagenda_sessions_refused_total counter\n"
                      "collagenda_sessions_refused_total %" PRIu64 "\n"
                      "# HELP collagenda_logins_failed_total Failed login attempts.\n"
                      "# TYPE collagenda_logins_failed_total counter\n"
                      "collagenda_logins_failed_total %" PRIu64 "\n"
                      "# HELP collagenda_http_request_body_bytes_total Bytes of request bodies "
                      "received, kept or not.\n"
                      "# TYPE collagenda_http_request_body_bytes_total counter\n"
                      "collagenda_http_request_body_bytes_total %" PRIu64 "\n"
                      "# HELP collagenda_http_request_bodies_held_bytes Memory request bodies "
                      "hold now, as counted against the budget for them.\n"
                      "# TYPE collagenda_http_request_bodies_held_bytes gauge\n"
                      "collagenda_http_request_bodies_held_bytes %zu\n",
                      load(&metrics->plans_computed), load(&metrics->sessions_refused),
                      load(&metrics->logins_failed), load(&metrics->request_body_bytes),
                      bodies_held_bytes);
}

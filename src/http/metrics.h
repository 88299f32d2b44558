/*
 * Server metrics in the Prometheus text exposition format: requests by route,
 * method and status, a latency histogram, plans computed, sessions refused, request
 * body bytes received and the memory request bodies hold now.
 * Counters are C11 atomics, so request threads never take a lock to count.
 */
#ifndef CLG_HTTP_METRICS_H
#define CLG_HTTP_METRICS_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "base/buffer.h"

enum {
    CLG_METRICS_MAX_ROUTES = 128,   /* route table entries (the server refuses to start past it) */
    CLG_METRICS_STATUS_SLOTS = 600, /* indexed by HTTP status code */
    CLG_METRICS_LATENCY_BUCKETS = 12,
    CLG_METRICS_METHODS = 8, /* clg_http_method's values */
};

/*
 * Each series is one {route, method, status}: several routes share a path
 * (GET and POST /api/v1/clients), so the method is part of the name, or two
 * series would carry the same labels. A route's requests come with its own
 * method, or HEAD for a GET route; requests no route took are counted by
 * their method under route "none".
 */
typedef struct clg_metrics {
    atomic_uint_fast64_t requests[CLG_METRICS_MAX_ROUTES][2][CLG_METRICS_STATUS_SLOTS];
    atomic_uint_fast64_t unrouted[CLG_METRICS_METHODS][CLG_METRICS_STATUS_SLOTS];
    atomic_uint_fast64_t latency_buckets[CLG_METRICS_LATENCY_BUCKETS + 1]; /* last is +Inf */
    atomic_uint_fast64_t latency_microseconds_sum;
    atomic_uint_fast64_t latency_count;
    atomic_uint_fast64_t plans_computed;
    atomic_uint_fast64_t sessions_refused;
    atomic_uint_fast64_t logins_failed;
    /* Every body byte the server has taken in, kept or dropped: once it equals
       what clients sent, the server has judged every byte of it. */
    atomic_uint_fast64_t request_body_bytes;
} clg_metrics;

/* route_index -1 counts under route "none"; method is a clg_http_method. */
void clg_metrics_count_request(clg_metrics *metrics, int route_index, int method, int status,
                               uint64_t microseconds);

/*
 * Appends the exposition text; route_patterns[i] and route_methods[i] (a
 * clg_http_method) label route i; method_names[m] names method m.
 * bodies_held_bytes is the gauge of the server's body budget in use now.
 */
void clg_metrics_render(clg_metrics *metrics, const char *const *route_patterns,
                        const int *route_methods, int route_count, const char *const *method_names,
                        size_t bodies_held_bytes, clg_buffer *out);

#endif

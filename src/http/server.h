/*
 * `collagenda serve`: the HTTP/1.1 JSON API on libmicrohttpd.
 *
 * epoll with a thread pool sized to the cores; hard limits on body size,
 * header size (connection memory), query arguments, connection count (in
 * all and per client address, connections.h) and time per connection and
 * per request head; HTTPS when given a certificate (tls.h); the client as
 * a trusted proxy names it (client.h). docs/design.md#the-servers-limits. SIGTERM/SIGINT stop accepting, let in-flight requests finish,
 * and return 0. One access-log line per request: method, path, status,
 * microseconds; never a query string, a body or anything about a client.
 */
#ifndef CLG_HTTP_SERVER_H
#define CLG_HTTP_SERVER_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "collagenda/collagenda.h"
#include "http/client.h"
#include "http/metrics.h"

struct clg_store;

typedef struct clg_server_config {
    const char *listen_address; /* numeric IPv4 or IPv6 address */
    uint16_t port;              /* 0 picks a free port (printed on start) */
    const clg_protocol *protocol;
    const char *database;      /* each server thread opens its own connection to it */
    size_t max_body_bytes;     /* one request's body */
    size_t max_discard_bytes;  /* read and thrown away so that a 413 is read; see server.c */
    size_t max_buffered_bytes; /* all bodies held in memory at once */
    size_t max_header_bytes;
    unsigned max_connections;
    unsigned connection_timeout_seconds;
    unsigned threads;
    /* HTTPS when both are set: PEM text of the certificate (chain) and its key. */
    const char *tls_certificate;
    const char *tls_key;
    clg_proxy_list trusted_proxies;       /* whose X-Forwarded-For/-Proto count (client.h) */
    unsigned max_connections_per_address; /* not applied to trusted proxies */
    unsigned header_seconds;              /* to send a request's head (connections.c) */
    FILE *access_log; /* NULL for none */
    FILE *announce;   /* where "listening on http://ADDR:PORT" goes (stdout) */
    /* The base URL CDS clients call, for their JWTs' aud (`serve --public-url`); NULL: Host's. */
    const char *public_url;
    /* The clinic the public calculator's consultation requests go to: the one serve acts for. */
    int64_t public_clinic;
} clg_server_config;

enum {
    CLG_SERVER_MAX_STORES = 64,
    /* A URI past either is answered 414 before its query is read. */
    CLG_SERVER_MAX_QUERY_ARGUMENTS = 64,
    CLG_SERVER_MAX_URI_BYTES = 4096,
    /* Failed logins before each next one must wait (service/login_throttle.h): per
       e-mail address, and per client network, where a clinic's staff share one. */
    CLG_LOGIN_FREE_FAILURES = 3,
    CLG_LOGIN_NETWORK_FREE_FAILURES = 20,
};

/*
 * One store connection per server thread: a SQLite connection carries its
 * transaction, so two requests must never share one. A request that needs
 * the store borrows a free connection for its whole duration.
 */
typedef struct clg_store_pool {
    pthread_mutex_t lock;
    pthread_cond_t released;
    int count;
    struct clg_store *stores[CLG_SERVER_MAX_STORES];
    bool busy[CLG_SERVER_MAX_STORES];
} clg_store_pool;

struct clg_server {
    clg_server_config config;
    struct MHD_Daemon *daemon;
    clg_metrics *metrics;
    struct clg_connections *connections;   /* per address, shedding (connections.h) */
    clg_store_pool pool;
    /* Verified against when an e-mail is unknown, so both cases cost the same. */
    char dummy_password_hash[128];
    atomic_int in_flight;
    atomic_size_t buffered_bytes; /* request bodies held now; see max_buffered_bytes */
    /* Set by the stop signal: new requests get 503 and every answer closes its connection. */
    atomic_bool stopping;
};

/* Fills config with the defaults documented in the man page. */
void clg_server_config_defaults(clg_server_config *config);

/*
 * Runs the server until SIGTERM or SIGINT. Returns CLG_OK after a clean
 * stop, or CLG_ERR_IO (with err) when it could not start.
 */
clg_status clg_server_run(const clg_server_config *config, clg_error *err);

#endif

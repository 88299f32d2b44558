/*
 * libmicrohttpd glue: request state, body and query limits, dispatch, access log,
 * graceful stop. Route handlers never see libmicrohttpd types.
 *
 * libmicrohttpd calls the access handler several times per request: once
 * with the headers (we set up state and refuse an oversized body before
 * reading it), once per body chunk (we copy it, up to the cap), and once
 * more with no data (we dispatch and queue the response).
 */
#include "http/server.h"

#include <errno.h>
#include <microhttpd.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <time.h>
#include <unistd.h>

#include "base/credentials.h"
#include "http/auth.h"
#include "http/connections.h"
#include "http/http.h"
#include "http/request_limits.h"
#include "http/router.h"
#include "http/routes.h"
#include "store/store.h"

typedef struct request_state {
    bool started; /* the access handler has seen the request's headers */
    size_t uri_bytes;
    size_t query_arguments;
    uint64_t started_microseconds;
    clg_buffer body;
    size_t reserved; /* this body's share of server->buffered_bytes */
    size_t received; /* body bytes taken in, kept or not */
    size_t declared_length; /* its Content-Length, when one within the limit */
    bool too_large;
    bool busy; /* the server-wide body budget could not hold this body */
    bool answered;
} request_state;

static uint64_t now_microseconds(void)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (uint64_t)now.tv_sec * 1000000u + (uint64_t)now.tv_nsec / 1000u;
}

void clg_server_config_defaults(clg_server_config *config)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    *config = (clg_server_config){
        .listen_address = "127.0.0.1",
        .port = 8080,
        .max_body_bytes = 1u << 20,
        .max_discard_bytes = 16u << 20,
        .max_buffered_bytes = 64u << 20,
        .max_header_bytes = 64u << 10,
        .max_connections = 1024,
        .max_connections_per_address = 64,
        .header_seconds = 10,
        .connection_timeout_seconds = 15,
        .threads = cores < 1 ? 1 : (unsigned)cores,
        .access_log = stderr,
        .announce = stdout,
    };
}

/* Hands the exchange's response to libmicrohttpd; logs and counts it. */
static enum MHD_Result send_response(clg_server *server, struct MHD_Connection *connection,
                                     request_state *state, clg_http_exchange *exchange)
{
    size_t length = exchange->response.length;
    char *data = exchange->response.data;
    exchange->response = (clg_buffer)CLG_BUFFER_INIT;
    if (exchange->method == CLG_HTTP_HEAD) {
        free(data);
        data = NULL;
        length = 0;
    }
    struct MHD_Response *response =
        MHD_create_response_from_buffer(length, data, MHD_RESPMEM_MUST_FREE);
    if (response == NULL) {
        free(data);
        return MHD_NO;
    }
    if (exchange->content_type)
        MHD_add_response_header(response, MHD_HTTP_HEADER_CONTENT_TYPE, exchange->content_type);
    MHD_add_response_header(response, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(response, "Cache-Control", "no-store");
    bool has_policy = false;
    for (int i = 0; i < exchange->extra_header_count; i++) {
        MHD_add_response_header(response, exchange->extra_headers[i][0],
                                exchange->extra_headers[i][1]);
        has_policy |= strcmp(exchange->extra_headers[i][0], "Content-Security-Policy") == 0;
    }
    /* One policy for every answer, HTML or not (route_web.c). */
    if (!has_policy)
        MHD_add_response_header(response, "Content-Security-Policy", CLG_HTTP_POLICY);
    /* Over HTTPS, browsers are told to come back only that way (a year, as is usual). */
    if (exchange->secure)
        MHD_add_response_header(response, "Strict-Transport-Security", "max-age=31536000");
    /* Once stopping, a kept-alive connection must not bring another request. */
    if (atomic_load(&server->stopping))
        MHD_add_response_header(response, MHD_HTTP_HEADER_CONNECTION, "close");
    enum MHD_Result queued = MHD_queue_response(connection, (unsigned)exchange->status, response);
    MHD_destroy_response(response);
    state->answered = true;

    uint64_t elapsed = now_microseconds() - state->started_microseconds;
    clg_metrics_count_request(server->metrics, exchange->route_index, (int)exchange->method,
                              exchange->status, elapsed);
    if (server->config.access_log)
        fprintf(server->config.access_log, "%s %s %d %llu\n", exchange->method_text,
                exchange->route_index >= 0 ? clg_routes[exchange->route_index].pattern : "-",
                exchange->status, (unsigned long long)elapsed);
    return queued;
}

static clg_store *pool_borrow(clg_store_pool *pool)
{
    pthread_mutex_lock(&pool->lock);
    for (;;) {
        for (int i = 0; i < pool->count; i++) {
            if (!pool->busy[i]) {
                pool->busy[i] = true;
                pthread_mutex_unlock(&pool->lock);
                return pool->stores[i];
            }
        }
        pthread_cond_wait(&pool->released, &pool->lock);
    }
}

static void pool_release(clg_store_pool *pool, clg_store *store)
{
    pthread_mutex_lock(&pool->lock);
    for (int i = 0; i < pool->count; i++)
        if (pool->stores[i] == store)
            pool->busy[i] = false;
    pthread_cond_signal(&pool->released);
    pthread_mutex_unlock(&pool->lock);
}

static clg_status pool_open(clg_store_pool *pool, const char *database, int count, clg_error *err)
{
    pthread_mutex_init(&pool->lock, NULL);
    pthread_cond_init(&pool->released, NULL);
    pool->count = 0;
    for (int i = 0; i < count && i < CLG_SERVER_MAX_STORES; i++) {
        clg_status status = clg_store_open(database, &pool->stores[i], err);
        if (status != CLG_OK)
            return status;
        pool->busy[i] = false;
        pool->count++;
    }
    return CLG_OK;
}

static void pool_close(clg_store_pool *pool)
{
    for (int i = 0; i < pool->count; i++)
        clg_store_close(pool->stores[i]);
    pool->count = 0;
    pthread_cond_destroy(&pool->released);
    pthread_mutex_destroy(&pool->lock);
}

/* The last value of header name (a proxy appends its own after any the client sent). */
typedef struct last_value {
    const char *name;
    const char *value;
} last_value;

static enum MHD_Result keep_last(void *context, enum MHD_ValueKind kind, const char *key,
                                 const char *value)
{
    (void)kind;
    last_value *last = context;
    if (strcasecmp(key, last->name) == 0)
        last->value = value;
    return MHD_YES;
}

static const char *last_header(struct MHD_Connection *connection, const char *name)
{
    last_value last = {.name = name, .value = NULL};
    MHD_get_connection_values(connection, MHD_HEADER_KIND, keep_last, &last);
    return last.value;
}

/* Fills the exchange's client network and whether it came over HTTPS (client.h). */
static void describe_client(clg_server *server, struct MHD_Connection *connection,
                            clg_http_exchange *exchange)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    clg_ip peer;
    if (info == NULL || !clg_ip_from_sockaddr(info->client_addr, &peer))
        memset(&peer, 0, sizeof peer);
    const clg_proxy_list *trusted = &server->config.trusted_proxies;
    clg_ip client = clg_client_address(trusted, &peer, last_header(connection, "X-Forwarded-For"));
    clg_ip_network(&client, exchange->client_network, sizeof exchange->client_network);
    clg_ip_text(&client, exchange->client_address, sizeof exchange->client_address);
    exchange->secure = server->config.tls_certificate != NULL ||
                       (clg_proxy_list_has(trusted, &peer) &&
                        clg_forwarded_https(last_header(connection, "X-Forwarded-Proto")));
}

static void dispatch(clg_http_exchange *exchange)
{
    if ((exchange->method == CLG_HTTP_GET || exchange->method == CLG_HTTP_HEAD) &&
        clg_route_web_static(exchange))
        return;
    clg_route_match match = clg_router_match(exchange->method, exchange->path, exchange->params);
    exchange->route_index = match.index;
    memcpy(exchange->token, match.token, sizeof exchange->token);
    if (match.index < 0) {
        if (match.path_matched) {
            clg_http_add_header(exchange, "Allow", match.allow);
            clg_http_problem(exchange, 405, NULL, "this method is not allowed here");
        } else {
            clg_http_problem(exchange, 404, NULL, "no such resource");
        }
        return;
    }
    const clg_route *route = &clg_routes[match.index];
    if (route->uses_store)
        exchange->store = pool_borrow(&exchange->server->pool);
    /* clg_http_authorize answers 401/403 itself when it refuses. */
    if (route->access == CLG_ROUTE_PUBLIC || clg_http_authorize(exchange, route->access))
        route->handle(exchange);
    if (exchange->store)
        pool_release(&exchange->server->pool, exchange->store);
    exchange->store = NULL;
}

static enum MHD_Result answer_now(clg_server *server, struct MHD_Connection *connection,
                                  request_state *state, const char *method, const char *url,
                                  int status, const char *detail)
{
    clg_http_exchange exchange = {.server = server,
                                  .connection = connection,
                                  .method = clg_http_method_parse(method),
                                  .method_text = method,
                                  .path = url,
                                  .route_index = -1};
    long long params[CLG_HTTP_MAX_PARAMS];
    describe_client(server, connection, &exchange);
    exchange.route_index = clg_router_match(exchange.method, url, params).index;
    clg_http_problem(&exchange, status, NULL, detail);
    enum MHD_Result result = send_response(server, connection, state, &exchange);
    clg_buffer_free(&exchange.response);
    return result;
}

/*
 * The server-wide budget for request bodies held in memory. Each body is
 * capped by max_body_bytes, but a thousand connections each sending most of
 * a megabyte would still hold a gigabyte: past max_buffered_bytes in all, a
 * body is dropped and its request answered 503, so memory stays bounded
 * whatever the clients do. What counts is the buffer's allocation, not its
 * length, so the budget is the memory really held.
 *
 * A body that declares its length takes its whole allocation from the budget
 * with its first chunk, in one step, or is dropped then; a chunked body
 * takes it as it grows. The budget is taken by compare-and-swap, never
 * overshot even for a moment, so whether a body is kept depends only on the
 * bodies held when it asks, never on how the server's threads interleave:
 * bodies of one size fill the budget to the last whole body that fits.
 * (The old way, adding first and giving back on failure, let a body's
 * passing overshoot turn away another that fitted, and a body growing in
 * steps hold part of the budget it would give back later: how many bodies
 * were kept depended on the interleaving, and server.buffered_bodies failed
 * on a busy machine.)
 *
 * The first BODY_ALLOWANCE bytes of every body are outside the budget: a
 * flood of large bodies must not turn away the small ones (an assessment is
 * under 4 KiB), and max_connections bounds what the allowances can hold.
 */
enum { BODY_ALLOWANCE = 64 << 10 };

/* Takes bytes from the budget if they fit in it. */
static bool take_budget(clg_server *server, size_t bytes)
{
    size_t limit = server->config.max_buffered_bytes;
    size_t held = atomic_load(&server->buffered_bytes);
    do {
        if (held > limit || bytes > limit - held)
            return false;
    } while (!atomic_compare_exchange_weak(&server->buffered_bytes, &held, held + bytes));
    return true;
}

static bool append_body(clg_server *server, request_state *state, const char *data, size_t size)
{
    /* A declared body's whole allocation at once: its growth is then never in question. */
    if (state->body.capacity == 0 && state->declared_length > 0)
        clg_buffer_grow(&state->body, state->declared_length);
    else if (state->body.capacity - state->body.length <= size)
        clg_buffer_grow(&state->body, size);
    size_t counted =
        state->body.capacity > BODY_ALLOWANCE ? state->body.capacity - BODY_ALLOWANCE : 0;
    /* A chunk that fits the allocation the body already has takes nothing more. */
    if (counted > state->reserved) {
        if (!take_budget(server, counted - state->reserved))
            return false;
        state->reserved = counted;
    }
    clg_buffer_append(&state->body, data, size);
    return true;
}

static void release_body(clg_server *server, request_state *state)
{
    atomic_fetch_sub(&server->buffered_bytes, state->reserved);
    state->reserved = 0;
    clg_buffer_free(&state->body);
}

/* The connection's entry in server->connections (connections.h). */
static void *socket_context(struct MHD_Connection *connection)
{
    const union MHD_ConnectionInfo *info =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return info ? info->socket_context : NULL;
}

static enum MHD_Result handle_access(void *context, struct MHD_Connection *connection,
                                     const char *url, const char *method, const char *version,
                                     const char *upload_data, size_t *upload_data_size,
                                     void **request_context)
{
    (void)version;
    clg_server *server = context;
    request_state *state = *request_context;

    if (state == NULL) /* the URI callback could not allocate it */
        return MHD_NO;
    if (!state->started) {
        state->started = true;
        clg_connections_request_begun(server->connections, socket_context(connection));
        state->started_microseconds = now_microseconds();
        atomic_fetch_add(&server->in_flight, 1);
        /* A request that came on a kept-alive connection after the stop signal. */
        if (atomic_load(&server->stopping))
            return answer_now(server, connection, state, method, url, 503,
                              "the server is stopping; send the request again shortly");
        if (state->query_arguments > CLG_SERVER_MAX_QUERY_ARGUMENTS ||
            state->uri_bytes > CLG_SERVER_MAX_URI_BYTES)
            return answer_now(server, connection, state, method, url, 414,
                              "the URI is too long or carries too many query arguments");
        if (clg_http_framing_ambiguous(connection))
            return answer_now(server, connection, state, method, url, 400,
                              "send one Content-Length, or Transfer-Encoding alone");
        /*
         * A declared oversized body is refused before a byte of it is kept.
         * The answer waits for the body, read and thrown away, when it is
         * no larger than max_discard_bytes: a client that sends the whole
         * body before it reads (Python's urllib, most scripts) would
         * otherwise find the connection reset under its feet and never
         * read the 413. A client that asked "Expect: 100-continue" has sent
         * nothing yet and is answered at once, like a body past the bound.
         */
        const char *declared = MHD_lookup_connection_value(connection, MHD_HEADER_KIND,
                                                           MHD_HTTP_HEADER_CONTENT_LENGTH);
        if (declared) {
            char *end;
            errno = 0;
            unsigned long long length = strtoull(declared, &end, 10);
            if (errno || *end || length > server->config.max_body_bytes) {
                const char *expect = MHD_lookup_connection_value(connection, MHD_HEADER_KIND,
                                                                 MHD_HTTP_HEADER_EXPECT);
                if (errno || *end || expect || length > server->config.max_discard_bytes)
                    return answer_now(server, connection, state, method, url, 413,
                                      "the request body is larger than the server accepts");
                state->too_large = true;
            } else {
                state->declared_length = (size_t)length;
            }
        }
        return MHD_YES;
    }

    if (*upload_data_size > 0) {
        size_t received = *upload_data_size;
        state->received += received;
        /* A body past the bound (chunked, so not declared) is not read on: the
           connection is closed (libmicrohttpd cannot answer in mid-body). */
        if (state->received > server->config.max_discard_bytes) {
            atomic_fetch_add(&server->metrics->request_body_bytes, received);
            return MHD_NO;
        }
        if (!state->answered && !state->too_large && !state->busy) {
            if (state->body.length + *upload_data_size > server->config.max_body_bytes) {
                state->too_large = true;
                release_body(server, state);
            } else if (!append_body(server, state, upload_data, *upload_data_size)) {
                state->busy = true;
                release_body(server, state);
            }
        }
        *upload_data_size = 0;
        /* Counted once the chunk is judged, so the count means "judged", not "arriving". */
        atomic_fetch_add(&server->metrics->request_body_bytes, received);
        return MHD_YES;
    }

    if (state->answered)
        return MHD_YES;
    if (state->too_large)
        return answer_now(server, connection, state, method, url, 413,
                          "the request body is larger than the server accepts");
    if (state->busy)
        return answer_now(server, connection, state, method, url, 503,
                          "the server is holding too many request bodies; send it again shortly");

    clg_http_exchange exchange = {
        .server = server,
        .connection = connection,
        .method = clg_http_method_parse(method),
        .method_text = method,
        .path = url,
        .body = state->body.data ? state->body.data : "",
        .body_length = state->body.length,
        .route_index = -1,
    };
    describe_client(server, connection, &exchange);
    dispatch(&exchange);
    enum MHD_Result result = send_response(server, connection, state, &exchange);
    clg_buffer_free(&exchange.response);
    return result;
}

static void handle_completed(void *context, struct MHD_Connection *connection,
                             void **request_context, enum MHD_RequestTerminationCode code)
{
    (void)connection;
    (void)code;
    clg_server *server = context;
    request_state *state = *request_context;
    if (state == NULL)
        return;
    release_body(server, state);
    if (state->started) {
        atomic_fetch_sub(&server->in_flight, 1);
        clg_connections_request_ended(server->connections, socket_context(connection));
    }
    free(state);
    *request_context = NULL;
}

/* libmicrohttpd's accept policy: the per-address and total limits (connections.h). */
static enum MHD_Result admit_connection(void *context, const struct sockaddr *address,
                                        socklen_t length)
{
    (void)length;
    clg_server *server = context;
    clg_ip ip;
    if (!clg_ip_from_sockaddr(address, &ip))
        return MHD_NO;
    return clg_connections_admit(server->connections, &ip) ? MHD_YES : MHD_NO;
}

static void notify_connection(void *context, struct MHD_Connection *connection,
                              void **socket_context, enum MHD_ConnectionNotificationCode code)
{
    clg_server *server = context;
    if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        clg_connections_closed(server->connections, *socket_context);
        *socket_context = NULL;
        return;
    }
    const union MHD_ConnectionInfo *fd =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
    const union MHD_ConnectionInfo *address =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    clg_ip ip;
    if (fd && address && clg_ip_from_sockaddr(address->client_addr, &ip))
        *socket_context = clg_connections_opened(server->connections, &ip, fd->connect_fd);
}

/*
 * Called with the request line's raw URI before libmicrohttpd parses its
 * query: the request's state starts here (what it returns is the access
 * handler's request context), knowing the URI's length and how many
 * arguments it carries, so that too many are answered 414 at once.
 */
static void *handle_uri(void *context, const char *uri, struct MHD_Connection *connection)
{

    (void)context;
    (void)connection;
    request_state *state = calloc(1, sizeof *state);
    if (state == NULL)
        return NULL;
    state->uri_bytes = strlen(uri);
    char *query = strchr(uri, '?');
    if (query) {
        state->query_arguments = 1;
        for (const char *c = query; *c; c++)
            state->query_arguments += *c == '&' || *c == ';';
    }
    /*
     * libmicrohttpd (0.9.75) parses the query right after this call into
     * records in the connection's memory pool; when they do not fit, it
     * neither answers nor closes until the connection times out. So a query
     * with too many arguments is emptied here, where the URI is still the
     * connection's own writable buffer (libmicrohttpd has found the '?'
     * already and reads the arguments from the byte after it), and the
     * request is answered 414.
     */
    if (query && (state->query_arguments > CLG_SERVER_MAX_QUERY_ARGUMENTS ||
                  state->uri_bytes > CLG_SERVER_MAX_URI_BYTES))
        query[1] = '\0';
    return state;
}

static clg_status parse_address(const clg_server_config *config, struct sockaddr_storage *address,
                                socklen_t *length, bool *ipv6, clg_error *err)
{
    memset(address, 0, sizeof *address);
    struct sockaddr_in *v4 = (struct sockaddr_in *)address;
    struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)address;
    if (inet_pton(AF_INET, config->listen_address, &v4->sin_addr) == 1) {
        v4->sin_family = AF_INET;
        v4->sin_port = htons(config->port);
        *length = sizeof *v4;
        *ipv6 = false;
        return CLG_OK;
    }
    if (inet_pton(AF_INET6, config->listen_address, &v6->sin6_addr) == 1) {
        v6->sin6_family = AF_INET6;
        v6->sin6_port = htons(config->port);
        *length = sizeof *v6;
        *ipv6 = true;
        return CLG_OK;
    }
    return clg_error_set(err, CLG_ERR_INVALID, "listen",
                         "'%s' is not a numeric IPv4 or IPv6 address", config->listen_address);
}

static void server_free(clg_server *server)
{
    if (server->pool.count)
        pool_close(&server->pool);
    clg_connections_free(server->connections);
    free(server->metrics);
    free(server);
}

/* Waits for SIGTERM or SIGINT, which every thread has blocked. */
static void wait_for_stop_signal(const sigset_t *signals)
{
    int received;
    while (sigwait(signals, &received) != 0)
        ;
}

clg_status clg_server_run(const clg_server_config *config, clg_error *err)
{
    struct sockaddr_storage address;
    socklen_t address_length;
    bool ipv6 = false;
    clg_status status = parse_address(config, &address, &address_length, &ipv6, err);
    if (status != CLG_OK)
        return status;
    /* Every route has its own metrics series (metrics.h). */
    if (clg_route_count > CLG_METRICS_MAX_ROUTES)
        return clg_error_set(err, CLG_ERR_IO, "serve", "%d routes, metrics.h counts %d",
                             clg_route_count, (int)CLG_METRICS_MAX_ROUTES);
    (void)address_length;

    /*
     * Block the stop signals before any thread starts (the connection
     * watchdog is the first), so only sigwait sees them: a thread that had
     * them unblocked would take SIGTERM's default action and kill the
     * process mid-request.
     */
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, NULL);
    signal(SIGPIPE, SIG_IGN);

    clg_server *server = calloc(1, sizeof *server);
    clg_metrics *metrics = calloc(1, sizeof *metrics);
    if (server == NULL || metrics == NULL) {
        free(server);
        free(metrics);
        return clg_error_set(err, CLG_ERR_IO, "serve", "out of memory");
    }
    server->config = *config;
    server->metrics = metrics;
    server->connections = clg_connections_new(&(clg_connection_limits){
        .total = config->max_connections,
        .per_address = config->max_connections_per_address,
        .header_seconds = config->header_seconds,
        .exempt = &server->config.trusted_proxies,
    });
    char dummy_password[CLG_SECRET_TEXT_SIZE];
    clg_secret_new(dummy_password);
    status = server->connections
                 ? clg_password_hash(dummy_password, server->dummy_password_hash, err)
                 : clg_error_set(err, CLG_ERR_IO, "serve", "out of memory");
    /* One connection per thread, plus one so a request never waits for a thread's own. */
    if (status == CLG_OK && config->database)
        status = pool_open(&server->pool, config->database, (int)config->threads + 1, err);
    if (status != CLG_OK) {
        server_free(server);
        return status;
    }

    unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
    if (ipv6)
        flags |= MHD_USE_IPv6;
    bool tls = config->tls_certificate != NULL;
    if (tls && MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES) {
        server_free(server);
        return clg_error_set(err, CLG_ERR_IO, "--tls-cert",
                             "this libmicrohttpd was built without TLS");
    }
    /* Without TLS the two options end the list early, as MHD_OPTION_END. */
    /*
     * libmicrohttpd's own connection limit, which it checks before the
     * accept policy, only backs ours up: at ours, the policy sheds a slow
     * connection to make room, which libmicrohttpd's would never let it do.
     */
    server->daemon = MHD_start_daemon(
        flags | (tls ? MHD_USE_TLS : 0), config->port, admit_connection, server, handle_access,
        server, MHD_OPTION_SOCK_ADDR, &address, MHD_OPTION_THREAD_POOL_SIZE, config->threads,
        MHD_OPTION_CONNECTION_LIMIT, 2 * config->max_connections, MHD_OPTION_NOTIFY_CONNECTION,
        notify_connection, server, MHD_OPTION_CONNECTION_TIMEOUT,
        config->connection_timeout_seconds, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
        config->max_header_bytes, MHD_OPTION_NOTIFY_COMPLETED, handle_completed, server,
        MHD_OPTION_URI_LOG_CALLBACK, handle_uri, server,
        tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, config->tls_certificate,
        MHD_OPTION_HTTPS_MEM_KEY, config->tls_key, MHD_OPTION_END);
    if (server->daemon == NULL) {
        server_free(server);
        return clg_error_set(err, CLG_ERR_IO, "serve", "cannot listen on %s port %u: %s",
                             config->listen_address, config->port, strerror(errno));
    }
    const union MHD_DaemonInfo *info =
        MHD_get_daemon_info(server->daemon, MHD_DAEMON_INFO_BIND_PORT);
    unsigned port = info ? info->port : config->port;
    if (config->announce) {
        fprintf(config->announce, "listening on http%s://%s%s%s:%u\n", tls ? "s" : "",
                ipv6 ? "[" : "", config->listen_address, ipv6 ? "]" : "", port);
        fflush(config->announce);
    }

    wait_for_stop_signal(&signals);

    /*
     * Stop accepting, then give in-flight requests time to finish. Without
     * the flag, clients on kept-alive connections would go on sending new
     * requests and the wait below would last its whole ten seconds.
     */
    atomic_store(&server->stopping, true);
    MHD_socket listener = MHD_quiesce_daemon(server->daemon);
    if (listener != MHD_INVALID_SOCKET)
        close(listener);
    for (int waited = 0; waited < 1000 && atomic_load(&server->in_flight) > 0; waited++)
        usleep(10000);
    MHD_stop_daemon(server->daemon);
    if (config->access_log)
        fflush(config->access_log);
    server_free(server);
    return CLG_OK;
}

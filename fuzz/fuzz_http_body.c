/*
 * Fuzz harness: the JSON bodies of the API's writes, through the route
 * handlers themselves (the same parse, the same service call, the same
 * answer) on a real SQLite store in a temporary folder, as a logged-in
 * admin of the "default" clinic. The input's first line names a write
 * route of the table (POST, PUT, PATCH, DELETE) and its {id}: "POST
 * /api/v1/courses/{id}/sessions 1" (the seeded client, course, session and
 * booking each have id 1); the rest is the body. The answer must be a status the API documents, and
 * a 2xx or 4xx must carry JSON.
 *
 * Left out: routes that hash a password or set a cookie (login, logout,
 * users, tokens; password hashing takes tens of milliseconds on purpose)
 * and the authentication itself (the caller is set here, not read from a
 * header). libmicrohttpd is not involved: the request's headers, query and
 * cookies are read through MHD_lookup_connection_value, defined below to
 * have none, so the body is read as JSON (no Content-Type).
 */
#include <microhttpd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http/router.h"
#include "http/server.h"
#include "store/store.h"

/* No headers, no query arguments, no cookies: the harness has no connection. */
const char *MHD_lookup_connection_value(struct MHD_Connection *connection, enum MHD_ValueKind kind,
                                        const char *key)
{
    (void)connection;
    (void)kind;
    (void)key;
    return NULL;
}

enum { MAX_WRITES = 64, RESEED_EVERY = 1000 };

static int writes[MAX_WRITES];
static int write_count;
static clg_server server;
static clg_metrics metrics;
static clg_protocol *protocol;
static clg_store *store;
static int64_t clinic;
static char folder[4096];
static char database[sizeof folder + 16];
static unsigned runs;

static bool left_out(const char *pattern)
{
    static const char *const words[] = {"login", "logout", "user", "token", "password", NULL};
    for (int i = 0; words[i]; i++)
        if (strstr(pattern, words[i]))
            return true;
    return false;
}

static int call(int route, long long id, const char *body, size_t length)
{
    clg_http_exchange exchange = {
        .server = &server,
        .method = clg_routes[route].method,
        .method_text = clg_http_method_name(clg_routes[route].method),
        .path = clg_routes[route].pattern,
        .params = {id, id},
        .body = body,
        .body_length = length,
        .caller = {.authenticated = true, .user_id = 1, .clinic_id = clinic, .is_admin = true},
        .store = store,
        .route_index = route,
    };
    snprintf(exchange.caller.email, sizeof exchange.caller.email, "fuzz@example.org");
    snprintf(exchange.caller.clinic_name, sizeof exchange.caller.clinic_name, "default");
    clg_routes[route].handle(&exchange);
    int status = exchange.status;
    if (getenv("CLG_FUZZ_VERBOSE"))
        fprintf(stderr, "%s %s -> %d %s\n", exchange.method_text, exchange.path, status,
                exchange.response.data ? exchange.response.data : "");
    if (status < 200 || status > 599 || status == 500)
        abort(); /* a body must never be a server error */
    if (status != 204 && exchange.response.length > 0 && exchange.content_type &&
        strstr(exchange.content_type, "json") && exchange.response.data[0] != '{' &&
        exchange.response.data[0] != '[')
        abort();
    clg_buffer_free(&exchange.response);
    return status;
}

static int route_index(clg_http_method method, const char *pattern)
{
    for (int i = 0; i < clg_route_count; i++)
        if (clg_routes[i].method == method && strcmp(clg_routes[i].pattern, pattern) == 0)
            return i;
    abort();
}

/* A fresh database with one client, course, session and booking (each id 1). */
static void seed(void)
{
    clg_error err;
    if (store) {
        clg_store_close(store);
        unlink(database);
        char side[sizeof database + 8];
        snprintf(side, sizeof side, "%s-wal", database);
        unlink(side);
        snprintf(side, sizeof side, "%s-shm", database);
        unlink(side);
    }
    if (clg_store_open(database, &store, &err) != CLG_OK ||
        clg_store_clinic_ensure(store, "default", "fuzz", &clinic, &err) != CLG_OK)
        abort();
    server.config.public_clinic = clinic; /* where the calculator's requests go */
    static const char client[] = "{\"name\": \"Ada Lovelace\", \"email\": \"ada@example.org\"}";
    static const char course[] = "{\"client\": 1, \"laxity\": \"mild\", \"start\": \"2026-01-05\"}";
    static const char session[] = "{\"date\": \"2026-01-05\", \"depth_mm\": 1.5}";
    static const char booking[] = "{\"date\": \"2027-02-01\", \"time\": \"09:30\"}";
    if (call(route_index(CLG_HTTP_POST, "/api/v1/clients"), 0, client, sizeof client - 1) != 201 ||
        call(route_index(CLG_HTTP_POST, "/api/v1/courses"), 0, course, sizeof course - 1) != 201 ||
        call(route_index(CLG_HTTP_POST, "/api/v1/courses/{id}/sessions"), 1, session,
             sizeof session - 1) != 201 ||
        call(route_index(CLG_HTTP_POST, "/api/v1/courses/{id}/bookings"), 1, booking,
             sizeof booking - 1) != 201)
        abort();
}

static void remove_folder(void)
{
    if (store)
        clg_store_close(store);
    store = NULL;
    char command[sizeof folder + 16];
    snprintf(command, sizeof command, "rm -rf '%s'", folder);
    if (system(command) != 0)
        fprintf(stderr, "could not remove %s\n", folder);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    clg_error err;
    /*
     * In memory where there is a /dev/shm (every commit is an fsync), in the
     * folder fuzz/run.sh gives (it removes it even after a crash), else /tmp.
     */
    const char *parent = getenv("CLG_FUZZ_TMP");
    if (parent == NULL)
        parent = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(folder, sizeof folder, "%s/clg-fuzz-http-XXXXXX", parent);
    if (clg_protocol_load_default(&protocol, &err) != CLG_OK || mkdtemp(folder) == NULL)
        abort();
    snprintf(database, sizeof database, "%s/fuzz.db", folder);
    atexit(remove_folder);
    clg_server_config_defaults(&server.config);
    server.config.protocol = protocol;
    server.config.database = database;
    server.metrics = &metrics;
    for (int i = 0; i < clg_route_count && write_count < MAX_WRITES; i++) {
        clg_http_method method = clg_routes[i].method;
        if ((method == CLG_HTTP_POST || method == CLG_HTTP_PUT || method == CLG_HTTP_PATCH ||
             method == CLG_HTTP_DELETE) &&
            !left_out(clg_routes[i].pattern))
            writes[write_count++] = i;
    }
    seed();
    return 0;
}

/*
 * The route of "METHOD /pattern ID": the write route with that method and
 * pattern, else one picked by the line's bytes (so a mutated line still
 * reaches some route). id is the number after the pattern, else 1 to 4.
 */
static int pick_route(const char *line, size_t length, long long *id)
{
    unsigned hash = 2166136261u;
    for (size_t i = 0; i < length; i++)
        hash = (hash ^ (unsigned char)line[i]) * 16777619u;
    *id = 1 + hash % 4;
    for (int i = 0; i < write_count; i++) {
        const clg_route *route = &clg_routes[writes[i]];
        const char *method = clg_http_method_name(route->method);
        size_t method_length = strlen(method), pattern_length = strlen(route->pattern);
        if (length > method_length + pattern_length + 2 &&
            memcmp(line, method, method_length) == 0 && line[method_length] == ' ' &&
            memcmp(line + method_length + 1, route->pattern, pattern_length) == 0 &&
            line[method_length + 1 + pattern_length] == ' ') {
            const char *digit = line + method_length + pattern_length + 2;
            if (*digit >= '1' && *digit <= '9')
                *id = *digit - '0';
            return writes[i];
        }
    }
    return writes[hash % (unsigned)write_count];
}

/* The input: "METHOD /pattern ID\n" and the body. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536)
        return 0;
    const char *text = (const char *)data;
    const char *newline = memchr(text, '\n', size);
    if (newline == NULL)
        return 0;
    if (++runs % RESEED_EVERY == 0)
        seed();
    long long id;
    int route = pick_route(text, (size_t)(newline - text), &id);
    /* The server hands handlers a NUL-terminated body. */
    size_t length = size - (size_t)(newline + 1 - text);
    char *body = malloc(length + 1);
    memcpy(body, newline + 1, length);
    body[length] = '\0';
    call(route, id, body, length);
    free(body);
    return 0;
}

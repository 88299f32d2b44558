/*
 * The HTTP adapter's shared types: one exchange (request + response) per
 * request, handed to a route handler by the router.
 *
 * Handlers parse and validate, call the core and the store, and fill the
 * response through the helpers below; they never touch libmicrohttpd. No
 * clinical rule lives here (docs/design.md#floors: adapters only translate).
 */
#ifndef CLG_HTTP_H
#define CLG_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "collagenda/collagenda.h"
#include "base/buffer.h"

struct MHD_Connection;
typedef struct clg_server clg_server;

enum { CLG_HTTP_MAX_PARAMS = 2, CLG_HTTP_TOKEN_SIZE = 65 };

typedef enum clg_http_method {
    CLG_HTTP_GET,
    CLG_HTTP_HEAD,
    CLG_HTTP_POST,
    CLG_HTTP_PUT,
    CLG_HTTP_DELETE,
    CLG_HTTP_PATCH,
    CLG_HTTP_OPTIONS,
    CLG_HTTP_OTHER,
} clg_http_method;

/* Who is calling, once authenticated (see auth.c). */
typedef struct clg_http_caller {
    bool authenticated;
    int64_t user_id;
    int64_t clinic_id;
    bool is_admin;
    bool by_cookie; /* cookie sessions must present the CSRF token on writes */
    char email[256];
    char clinic_name[401]; /* for exports that name the clinic */
    char csrf_token[65];   /* the cookie session's, when by_cookie */
} clg_http_caller;

typedef struct clg_http_exchange {
    clg_server *server;
    struct MHD_Connection *connection;

    clg_http_method method;
    const char *method_text;
    const char *path;
    long long params[CLG_HTTP_MAX_PARAMS]; /* numeric {id} segments of the route */
    char token[CLG_HTTP_TOKEN_SIZE];       /* the route's {token} segment: 64 hex, or "" */
    const char *body;                      /* NUL-terminated; length body_length */
    size_t body_length;
    clg_http_caller caller;
    struct clg_store *store; /* borrowed from the server's pool for routes that use it */

    int status;
    const char *content_type;
    clg_buffer response;
    char extra_headers[4][2][160]; /* name, value */
    int extra_header_count;
    int route_index; /* for metrics; -1 when no route matched */

    /* The client (client.h): the peer, or the one a trusted proxy names. */
    char client_network[64]; /* its /24 or /64, the login throttle's key */
    char client_address[64]; /* the address itself, as text */
    bool secure;             /* came over HTTPS: TLS here, or so says a trusted proxy */
} clg_http_exchange;

/*
 * The Content-Security-Policy of every answer (server.c adds it unless the
 * handler set one): same-origin scripts, styles and images only, no framing.
 * Only /calculator, framable by design, sends the second one instead.
 */
#define CLG_HTTP_POLICY                                                                            \
    "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; "          \
    "form-action 'self'"
#define CLG_HTTP_FRAMABLE_POLICY                                                                   \
    "default-src 'self'; img-src 'self' data:; frame-ancestors *; base-uri 'none'; "               \
    "form-action 'self'"

/* Response helpers. */
void clg_http_respond_json(clg_http_exchange *exchange, int status, const clg_buffer *json);
void clg_http_respond_text(clg_http_exchange *exchange, int status, const char *content_type,
                           const char *text, size_t length);
void clg_http_add_header(clg_http_exchange *exchange, const char *name, const char *value);

/*
 * RFC 9457 problem details: {"type", "title", "status", "detail"} plus a
 * "field" member naming the offending input when there is one.
 */
void clg_http_problem(clg_http_exchange *exchange, int status, const char *field,
                      const char *detail);
void clg_http_problem_from_error(clg_http_exchange *exchange, const clg_error *err);

/*
 * Parses the body as one JSON object (duplicate keys refused). On failure
 * answers 400 (or 415 for a wrong content type) and returns NULL. The caller
 * owns the result (json_decref).
 */
json_t *clg_http_body_object(clg_http_exchange *exchange);

/* The value of a query parameter, or NULL. */
const char *clg_http_query(clg_http_exchange *exchange, const char *name);
/* The value of a request header, or NULL. */
const char *clg_http_header(clg_http_exchange *exchange, const char *name);
/* The value of a cookie, or NULL. */
const char *clg_http_cookie(clg_http_exchange *exchange, const char *name);

#endif

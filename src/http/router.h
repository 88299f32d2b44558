/*
 * A small router of our own: a table of (method, pattern, handler, access).
 * Patterns are literal paths with numeric parameters: "/api/v1/clients/{id}",
 * "/api/v1/courses/{id}.ics", and at most one "{token}": exactly 64
 * lowercase hex digits, a secret in the URL ("/feeds/{token}.ics"). A path
 * that matches a pattern but not its method is 405 with an Allow header; no
 * pattern at all is 404.
 */
#ifndef CLG_HTTP_ROUTER_H
#define CLG_HTTP_ROUTER_H

#include "http/http.h"

typedef enum clg_route_access {
    CLG_ROUTE_PUBLIC, /* anyone, no login */
    CLG_ROUTE_STAFF,  /* a logged-in user of the clinic */
    CLG_ROUTE_ADMIN,  /* a logged-in admin of the clinic */
    CLG_ROUTE_CDS,    /* staff, or a registered CDS Hooks client's signed JWT (cds_auth.h) */
} clg_route_access;

typedef struct clg_route {
    clg_http_method method;
    const char *pattern;
    void (*handle)(clg_http_exchange *exchange);
    clg_route_access access;
    bool uses_store; /* borrows a database connection for the request */
} clg_route;

typedef struct clg_route_match {
    int index;                       /* into the route table, -1 when none */
    bool path_matched;               /* some route has this path (for 405) */
    char allow[64];                  /* methods allowed for this path, for the Allow header */
    char token[CLG_HTTP_TOKEN_SIZE]; /* the {token} segment on a match, else "" */
} clg_route_match;

/* The route table (routes.c) and its size. */
extern const clg_route clg_routes[];
extern const int clg_route_count;

/* Finds the route for method + path, filling params (and match.token) on a match. */
clg_route_match clg_router_match(clg_http_method method, const char *path,
                                 long long params[CLG_HTTP_MAX_PARAMS]);

const char *clg_http_method_name(clg_http_method method);
clg_http_method clg_http_method_parse(const char *text);

#endif

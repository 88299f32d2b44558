/*
 * Who may call a staff route: bearer tokens (SHA-256 in the store), or the
 * session cookie set by POST /api/v1/login, whose writes must carry the
 * CSRF token login returned. Answers 401 or 403 itself when refusing.
 */
#ifndef CLG_HTTP_AUTH_H
#define CLG_HTTP_AUTH_H

#include <stdbool.h>

#include "http/http.h"
#include "http/router.h"

/*
 * Every 401's WWW-Authenticate (a failed login's too): a bearer token is the
 * way in a client can be told of; the login form is the web app's own.
 */
#define CLG_HTTP_CHALLENGE "Bearer realm=\"collagenda\""

/* The session cookie's name. */
#define CLG_SESSION_COOKIE "collagenda_session"

/* Fills exchange->caller from a bearer token or a session cookie; false when neither is valid. */
bool clg_http_authenticate(clg_http_exchange *exchange);

/* Authenticates and checks access (and CSRF for cookie writes); answers 401/403 itself. */
bool clg_http_authorize(clg_http_exchange *exchange, clg_route_access access);

#endif

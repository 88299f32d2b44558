/*
 * Checks on a request's head that libmicrohttpd leaves to the application
 * (server.c calls them before a route sees the request).
 */
#ifndef CLG_HTTP_REQUEST_LIMITS_H
#define CLG_HTTP_REQUEST_LIMITS_H

#include <stdbool.h>

struct MHD_Connection;

/*
 * Whether the body's framing could be read two ways: more than one
 * Content-Length (libmicrohttpd reads the first, a proxy before it may read
 * another), a Content-Length list ("5, 6"), or a Content-Length beside a
 * Transfer-Encoding. Such a request is refused (400), never guessed at: a
 * proxy that framed it differently would let the rest of the body through
 * as a second request of its own (request smuggling).
 */
bool clg_http_framing_ambiguous(struct MHD_Connection *connection);

#endif

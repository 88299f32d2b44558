/*
 * Connections per client address, and the slow ones shed (server.c wires it
 * to libmicrohttpd's accept policy and connection notifications).
 *
 * libmicrohttpd's own limits are too blunt: its per-address limit would
 * count a trusted reverse proxy (which carries every client) as one client,
 * it refuses a connection past a limit rather than shed another, and its
 * idle timeout restarts with every byte, so a client that trickles a header
 * byte every 5 s holds its connection for ever. So:
 *
 *  - at most max_connections_per_address at once from one address (trusted
 *    proxies excepted), max_connections in all;
 *  - when either is full, the connection that has waited longest for its
 *    request's head (of that address, or of all) is shed to make room, and
 *    only when none is waiting is the newcomer refused: a client sending
 *    its request is never cut off for a newcomer;
 *  - a request's head (request line and headers) must be in within
 *    header_seconds of the connection opening or of the answer before on
 *    it: a watchdog shuts the slower ones down.
 *
 * Shedding is shutdown(2) on the connection's socket, which libmicrohttpd
 * then sees end and closes in its own thread; libmicrohttpd offers no way to
 * close a connection from outside its thread. The table entry is removed
 * when libmicrohttpd reports the connection closed, which it does before it
 * closes the socket, so a socket is never shut down once its number could
 * belong to another connection.
 */
#ifndef CLG_HTTP_CONNECTIONS_H
#define CLG_HTTP_CONNECTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "http/client.h"

typedef struct clg_connections clg_connections;

typedef struct clg_connection_limits {
    unsigned total;
    unsigned per_address;
    unsigned header_seconds;
    const clg_proxy_list *exempt; /* trusted proxies: no per-address limit */
} clg_connection_limits;

clg_connections *clg_connections_new(const clg_connection_limits *limits);
/* Stops the watchdog and frees; call after libmicrohttpd has stopped. */
void clg_connections_free(clg_connections *connections);

/* Whether a connection from address may open (shedding another if need be). */
bool clg_connections_admit(clg_connections *connections, const clg_ip *address);
/* A connection opened on socket fd; returns its entry (the socket context), or NULL. */
void *clg_connections_opened(clg_connections *connections, const clg_ip *address, int fd);
void clg_connections_closed(clg_connections *connections, void *entry);
/* Its request's head is in (the header deadline stops) / its answer is sent (it starts again). */
void clg_connections_request_begun(clg_connections *connections, void *entry);
void clg_connections_request_ended(clg_connections *connections, void *entry);

/* Connections open and connections shed so far (for /metrics and tests). */
unsigned clg_connections_open(clg_connections *connections);
uint64_t clg_connections_shed(clg_connections *connections);

#endif

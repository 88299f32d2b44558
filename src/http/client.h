/*
 * Who is on the other end of a request: the client's address and network
 * (for the login throttle and the connection limits), and whether the
 * request came over HTTPS (for HSTS and Secure cookies). Behind a reverse
 * proxy named by `serve --trust-proxy`, X-Forwarded-For and
 * X-Forwarded-Proto say so; from any other peer they are ignored, since any
 * client can send them.
 */
#ifndef CLG_HTTP_CLIENT_H
#define CLG_HTTP_CLIENT_H

#include <stdbool.h>

#include "collagenda/collagenda.h"

struct sockaddr;

enum { CLG_MAX_TRUSTED_PROXIES = 16 };

typedef struct clg_ip {
    bool v6;
    unsigned char bytes[16]; /* 4 used for IPv4 */
} clg_ip;

typedef struct clg_proxy_list {
    int count;
    clg_ip addresses[CLG_MAX_TRUSTED_PROXIES];
} clg_proxy_list;

/* Parses a numeric IPv4 or IPv6 address (an IPv4-mapped IPv6 one is IPv4). */
bool clg_ip_parse(const char *text, clg_ip *out);
/* From a socket address; false for a family that is neither. */
bool clg_ip_from_sockaddr(const struct sockaddr *address, clg_ip *out);
bool clg_ip_equal(const clg_ip *a, const clg_ip *b);
/* The address as text. */
void clg_ip_text(const clg_ip *ip, char *out, size_t size);
/*
 * The address's network, the unit one party usually holds: its /24 for
 * IPv4, its /64 for IPv6 ("203.0.113.0/24", "2001:db8:1:2::/64").
 */
void clg_ip_network(const clg_ip *ip, char *out, size_t size);

/* Adds text (a numeric address) to list; an invalid one is CLG_ERR_INVALID on field. */
clg_status clg_proxy_list_add(clg_proxy_list *list, const char *text, const char *field,
                              clg_error *err);
bool clg_proxy_list_has(const clg_proxy_list *list, const clg_ip *ip);

/*
 * The client behind a request from peer. When peer is a trusted proxy,
 * forwarded_for (X-Forwarded-For, or NULL) is read from its right end: the
 * first address there that is not itself a trusted proxy is the client (the
 * one the nearest proxy saw; entries further left are the client's own
 * say). A header that does not parse leaves the peer as the client.
 */
clg_ip clg_client_address(const clg_proxy_list *trusted, const clg_ip *peer,
                          const char *forwarded_for);

/* Whether X-Forwarded-Proto (its last value) says https. */
bool clg_forwarded_https(const char *forwarded_proto);

#endif

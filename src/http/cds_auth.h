/*
 * CDS Hooks clients' signed JWTs on the CDS service's routes
 * (CLG_ROUTE_CDS, docs/interop.md#cds-hooks), beside the staff's bearer
 * token and cookie, which auth.c handles as on every staff route.
 */
#ifndef CLG_HTTP_CDS_AUTH_H
#define CLG_HTTP_CDS_AUTH_H

#include <stdbool.h>

#include "http/http.h"

/*
 * Whether the request's "Authorization: Bearer ..." holds a JWT (three
 * dot-separated parts) rather than a staff token (64 hex digits, no dot).
 */
bool clg_http_cds_bearer(clg_http_exchange *exchange);

/*
 * Authenticates the JWT (service/cds_clients.h: clg_cds_authenticate) for
 * the URL of this request: --public-url and the path when the server has
 * one, else http:// or https:// with the request's Host and the path.
 * Fills exchange->caller as the client's clinic on success; answers 401
 * problem+json naming "Authorization", with the reason, and returns false
 * otherwise.
 */
bool clg_http_cds_authorize(clg_http_exchange *exchange);

#endif

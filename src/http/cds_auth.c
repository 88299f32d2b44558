/*
 * A CDS Hooks client's signed JWT (see cds_auth.h). The JWT's aud must be
 * the URL the client called: the server cannot see that URL whole (a TLS
 * proxy may stand in front), so an operator names the public base with
 * `serve --public-url`; without it the request's Host header stands in,
 * with either scheme, which is weaker (a client controls its Host) and
 * documented as such.
 */
#include "http/cds_auth.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "http/server.h"
#include "service/cds_clients.h"

enum { URL_SIZE = 512 };

bool clg_http_cds_bearer(clg_http_exchange *exchange)
{
    const char *authorization = clg_http_header(exchange, "Authorization");
    return authorization != NULL && strncmp(authorization, "Bearer ", 7) == 0 &&
           strchr(authorization + 7, '.') != NULL;
}

static void refuse(clg_http_exchange *exchange, const char *detail)
{
    clg_http_add_header(exchange, "WWW-Authenticate",
                        "Bearer realm=\"collagenda\", error=\"invalid_token\"");
    clg_http_problem(exchange, 401, "Authorization", detail);
}

/* A Host header as a URL's authority may hold it: a name or address and a port, nothing else. */
static bool is_authority(const char *host)
{
    size_t length = strlen(host);
    if (length == 0 || length > 255)
        return false;
    return strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") ==
           length;
}

bool clg_http_cds_authorize(clg_http_exchange *exchange)
{
    char public_url[URL_SIZE], http_url[URL_SIZE], https_url[URL_SIZE];
    const char *audiences[3] = {NULL, NULL, NULL};
    const char *base = exchange->server ? exchange->server->config.public_url : NULL;
    if (base != NULL) {
        snprintf(public_url, sizeof public_url, "%s%s", base, exchange->path);
        audiences[0] = public_url;
    } else {
        const char *host = clg_http_header(exchange, "Host");
        if (host == NULL || !is_authority(host)) {
            refuse(exchange, "the request has no usable Host header, so the JWT's aud cannot be "
                             "checked; start the server with --public-url");
            return false;
        }
        snprintf(https_url, sizeof https_url, "https://%s%s", host, exchange->path);
        snprintf(http_url, sizeof http_url, "http://%s%s", host, exchange->path);
        audiences[0] = https_url;
        audiences[1] = http_url;
    }
    const char *token = clg_http_header(exchange, "Authorization") + 7;
    clg_cds_caller caller;
    clg_error err;
    clg_status status =
        clg_cds_authenticate(exchange->store, token, audiences, (int64_t)time(NULL), &caller, &err);
    if (status == CLG_ERR_INVALID) {
        refuse(exchange, err.message);
        return false;
    }
    if (status != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
        return false;
    }
    exchange->caller = (clg_http_caller){
        .authenticated = true,
        .clinic_id = caller.clinic_id,
    };
    snprintf(exchange->caller.email, sizeof exchange->caller.email, "%s", caller.issuer);
    snprintf(exchange->caller.clinic_name, sizeof exchange->caller.clinic_name, "%s",
             caller.clinic_name);
    return true;
}

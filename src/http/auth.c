/*
 * Authentication and authorisation for staff routes (docs/records.md#http-api).
 *
 * Two ways in: "Authorization: Bearer TOKEN" (created by `collagenda token
 * create`), or the session cookie set by POST /api/v1/login. Only hashes
 * reach the store. A cookie session must send its CSRF token in the
 * X-CSRF-Token header on every write, because a browser attaches the cookie
 * to any request, a bearer token it never does.
 */
#include "http/auth.h"

#include <string.h>
#include <time.h>

#include "base/credentials.h"
#include "http/cds_auth.h"
#include "http/server.h"
#include "store/accounts.h"

static bool is_write(clg_http_method method)
{
    return method != CLG_HTTP_GET && method != CLG_HTTP_HEAD && method != CLG_HTTP_OPTIONS;
}

static void unauthorized(clg_http_exchange *exchange, const char *detail)
{
    clg_http_add_header(exchange, "WWW-Authenticate", CLG_HTTP_CHALLENGE);
    clg_http_problem(exchange, 401, NULL, detail);
}

static void take_user(clg_http_exchange *exchange, const clg_user_row *user, bool by_cookie)
{
    clg_http_caller *caller = &exchange->caller;
    caller->authenticated = true;
    caller->user_id = user->id;
    caller->clinic_id = user->clinic_id;
    caller->is_admin = user->role == CLG_ROLE_ADMIN;
    caller->by_cookie = by_cookie;
    snprintf(caller->email, sizeof caller->email, "%s", user->email);
    snprintf(caller->clinic_name, sizeof caller->clinic_name, "%s", user->clinic_name);
}

/*
 * CLG_OK with the caller taken, CLG_ERR_NOT_FOUND when the request carries
 * no credential the store knows, else the store's failure in err (the
 * database away: answered 503, not mistaken for a bad credential).
 */
static clg_status authenticate(clg_http_exchange *exchange, clg_error *err)
{
    clg_store *store = exchange->store;
    clg_user_row user;
    char hash[CLG_SECRET_HASH_TEXT_SIZE];
    clg_status status;

    const char *authorization = clg_http_header(exchange, "Authorization");
    if (authorization) {
        if (strncmp(authorization, "Bearer ", 7) != 0 || authorization[7] == '\0')
            return CLG_ERR_NOT_FOUND;
        clg_secret_hash(authorization + 7, hash);
        if ((status = clg_store_token_find(store, hash, &user, err)) != CLG_OK)
            return status;
        take_user(exchange, &user, false);
        clg_store_row_free(user.storage);
        return CLG_OK;
    }

    const char *session = clg_http_cookie(exchange, CLG_SESSION_COOKIE);
    if (session == NULL)
        return CLG_ERR_NOT_FOUND;
    clg_secret_hash(session, hash);
    char csrf[CLG_SECRET_TEXT_SIZE];
    status = clg_store_login_find(store, hash, (int64_t)time(NULL), &user, csrf, err);
    if (status != CLG_OK)
        return status;
    take_user(exchange, &user, true);
    clg_store_row_free(user.storage);
    snprintf(exchange->caller.csrf_token, sizeof exchange->caller.csrf_token, "%s", csrf);
    return CLG_OK;
}

bool clg_http_authenticate(clg_http_exchange *exchange)
{
    clg_error err;
    return authenticate(exchange, &err) == CLG_OK;
}

bool clg_http_authorize(clg_http_exchange *exchange, clg_route_access access)
{
    /* A CDS Hooks client's signed JWT; a staff token or cookie goes on below. */
    if (access == CLG_ROUTE_CDS && exchange->store != NULL && clg_http_cds_bearer(exchange))
        return clg_http_cds_authorize(exchange);
    clg_error err;
    clg_status status = exchange->store == NULL ? CLG_ERR_NOT_FOUND : authenticate(exchange, &err);
    if (status == CLG_ERR_UNAVAILABLE || status == CLG_ERR_IO) {
        clg_http_problem_from_error(exchange, &err);
        return false;
    }
    if (status != CLG_OK) {
        unauthorized(exchange, "log in first: a bearer token or the session cookie from "
                               "POST /api/v1/login");
        return false;
    }
    if (exchange->caller.by_cookie && is_write(exchange->method)) {
        const char *sent = clg_http_header(exchange, "X-CSRF-Token");
        if (sent == NULL || !clg_secret_equal(sent, exchange->caller.csrf_token)) {
            clg_http_problem(exchange, 403, "X-CSRF-Token",
                             "a write with the session cookie needs the CSRF token from login "
                             "in the X-CSRF-Token header");
            return false;
        }
    }
    if (access == CLG_ROUTE_ADMIN && !exchange->caller.is_admin) {
        clg_http_problem(exchange, 403, NULL, "only an admin of the clinic may do this");
        return false;
    }
    return true;
}

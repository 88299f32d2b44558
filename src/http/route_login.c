/*
 * Login, logout and "who am I" (docs/records.md#http-api): the web app's way in, where
 * scripts use a bearer token from `collagenda token create`
 * (cli/cmd_token.c). Login sets an HttpOnly, SameSite=Strict session cookie
 * with an expiry and returns the CSRF token that cookie-authenticated
 * writes must echo. Failed logins are slowed (a growing lock-out per e-mail
 * address and per client network, counted in the database so that every
 * server of a chain keeps one count: service/login_throttle.h) and counted. Over HTTPS
 * (server.c: TLS, or a trusted proxy's word) the cookie is Secure.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <time.h>

#include "base/credentials.h"
#include "base/json_writer.h"
#include "http/auth.h"
#include "http/body.h"
#include "http/routes.h"
#include "http/server.h"
#include "service/login_throttle.h"
#include "store/accounts.h"

enum { SESSION_SECONDS = 12 * 60 * 60 };

static void respond_account(clg_http_exchange *exchange, const char *email, const char *role,
                            const char *clinic, const char *csrf)
{
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &body, false);
    clg_json_begin_object(&writer);
    clg_json_member_string(&writer, "email", email);
    clg_json_member_string(&writer, "role", role);
    clg_json_member_string(&writer, "clinic", clinic);
    if (csrf)
        clg_json_member_string(&writer, "csrf_token", csrf);
    clg_json_end_object(&writer);
    clg_buffer_puts(&body, "\n");
    clg_http_respond_json(exchange, 200, &body);
    clg_buffer_free(&body);
}

void clg_route_login(clg_http_exchange *exchange)
{
    static const char *const keys[] = {"email", "password", NULL};
    clg_server *server = exchange->server;
    json_t *object = clg_http_body_object(exchange);
    if (object == NULL)
        return;
    const char *email, *password;
    clg_error err;
    if (clg_body_check_keys(object, keys, &err) != CLG_OK ||
        clg_body_string(object, "email", true, &email, &err) != CLG_OK ||
        clg_body_string(object, "password", true, &password, &err) != CLG_OK) {
        json_decref(object);
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    /* Judged and counted as a failure before the password is checked (login_throttle.h). */
    const clg_login_key throttle_keys[] = {
        {"email", email, CLG_LOGIN_FREE_FAILURES},
        {"network", exchange->client_network, CLG_LOGIN_NETWORK_FREE_FAILURES},
    };
    clg_login_attempt attempt;
    int wait_seconds = 0;
    if (clg_login_attempt_begin(exchange->store, throttle_keys, 2, (int64_t)time(NULL),
                                CLG_LOGIN_THROTTLE_MAX_KEYS, &attempt, &wait_seconds,
                                &err) != CLG_OK) {
        json_decref(object);
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    if (wait_seconds > 0) {
        char retry[16];
        snprintf(retry, sizeof retry, "%d", wait_seconds);
        clg_http_add_header(exchange, "Retry-After", retry);
        clg_http_problem(exchange, 429, NULL, "too many failed logins; try again later");
        json_decref(object);
        return;
    }

    clg_user_row user = {0};
    clg_status status = clg_store_user_find(exchange->store, email, &user, &err);
    /* Hash even for an unknown address, so timing does not tell which addresses exist. A
     * disabled user is answered as a wrong password, so the answer does not tell either. */
    bool matches = status == CLG_OK
                       ? clg_password_verify(user.password_hash, password) && !user.disabled
                       : (clg_password_verify(server->dummy_password_hash, password), false);
    if (!matches) {
        atomic_fetch_add_explicit(&server->metrics->logins_failed, 1, memory_order_relaxed);
        clg_store_row_free(user.storage);
        json_decref(object);
        /* A 401 names how to authenticate (RFC 9110): the same challenge as
           every other route's, since a bearer token is the other way in. */
        clg_http_add_header(exchange, "WWW-Authenticate", CLG_HTTP_CHALLENGE);
        clg_http_problem(exchange, 401, NULL, "the e-mail address or the password is wrong");
        return;
    }
    /* A good password takes its attempt back, and forgets its address's failures. */
    status = clg_login_attempt_refund(exchange->store, &attempt, "email", &err);
    if (status != CLG_OK) {
        clg_store_row_free(user.storage);
        json_decref(object);
        clg_http_problem_from_error(exchange, &err);
        return;
    }

    char session[CLG_SECRET_TEXT_SIZE], session_hash[CLG_SECRET_HASH_TEXT_SIZE];
    char csrf[CLG_SECRET_TEXT_SIZE];
    clg_secret_new(session);
    clg_secret_new(csrf);
    clg_secret_hash(session, session_hash);
    status = clg_store_login_insert(exchange->store, user.id, session_hash, csrf,
                                    (int64_t)time(NULL) + SESSION_SECONDS, &err);
    if (status == CLG_OK) {
        char cookie[160];
        snprintf(cookie, sizeof cookie, "%s=%s; Path=/; Max-Age=%d; HttpOnly; SameSite=Strict%s",
                 CLG_SESSION_COOKIE, session, SESSION_SECONDS, exchange->secure ? "; Secure" : "");
        clg_http_add_header(exchange, "Set-Cookie", cookie);
        respond_account(exchange, user.email, clg_user_role_name(user.role), user.clinic_name,
                        csrf);
    } else {
        clg_http_problem_from_error(exchange, &err);
    }
    clg_store_row_free(user.storage);
    json_decref(object);
}

void clg_route_logout(clg_http_exchange *exchange)
{
    const char *session = clg_http_cookie(exchange, CLG_SESSION_COOKIE);
    if (session) {
        char hash[CLG_SECRET_HASH_TEXT_SIZE];
        clg_error err;
        clg_secret_hash(session, hash);
        if (clg_store_login_delete(exchange->store, hash, &err) != CLG_OK) {
            clg_http_problem_from_error(exchange, &err);
            return;
        }
    }
    char cookie[120];
    snprintf(cookie, sizeof cookie, "%s=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict%s",
             CLG_SESSION_COOKIE, exchange->secure ? "; Secure" : "");
    clg_http_add_header(exchange, "Set-Cookie", cookie);
    clg_http_respond_text(exchange, 204, NULL, "", 0);
}

void clg_route_me(clg_http_exchange *exchange)
{
    clg_user_row user = {0};
    clg_error err;
    if (clg_store_user_find(exchange->store, exchange->caller.email, &user, &err) != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    /* A cookie session's CSRF token again, so a reloaded page can still write
     * (only same-origin script can read this answer: no CORS is offered). */
    respond_account(exchange, user.email, clg_user_role_name(user.role), user.clinic_name,
                    exchange->caller.by_cookie ? exchange->caller.csrf_token : NULL);
    clg_store_row_free(user.storage);
}

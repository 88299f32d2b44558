/*
 * The clinic's staff accounts (docs/records.md#staff-accounts), as the
 * `collagenda user` commands (cli/cmd_user.c): for admins, GET
 * /api/v1/users lists them, POST /api/v1/users ({"email", "password",
 * "role"}) adds one, PATCH /api/v1/users/{id} ({"disabled", "role"})
 * disables, enables or changes the role of one. PUT
 * /api/v1/users/{id}/password ({"password", "current_password"}) sets a
 * password: an admin sets any user's of the clinic; anyone may change
 * their own with their present password. Rules and audit: service/staff.h.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/json_writer.h"
#include "collagenda/records.h"
#include "http/answers.h"
#include "http/auth.h"
#include "http/body.h"
#include "http/records_context.h"
#include "http/routes.h"
#include "http/server.h"
#include "render/staff.h"
#include "service/accounts.h"
#include "service/login_throttle.h"
#include "service/staff.h"
#include "store/accounts.h"

static int write_user(void *context, const clg_user_row *row)
{
    clg_render_user_json(context, row);
    return 0;
}

void clg_route_users_list(clg_http_exchange *exchange)
{
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &body, false);
    clg_json_begin_array(&writer);
    clg_error err;
    clg_records records = clg_route_caller_records(exchange);
    clg_status status = clg_records_users_list(&records, write_user, &writer, &err);
    clg_json_end_array(&writer);
    clg_buffer_puts(&body, "\n");
    if (status == CLG_OK)
        clg_http_respond_json(exchange, 200, &body);
    else
        clg_http_problem_from_error(exchange, &err);
    clg_buffer_free(&body);
}

void clg_route_users_add(clg_http_exchange *exchange)
{
    static const char *const keys[] = {"email", "password", "role", NULL};
    json_t *object = clg_http_body_object(exchange);
    if (object == NULL)
        return;
    const char *email, *password, *role;
    int64_t id = 0;
    clg_error err;
    clg_status status;
    if ((status = clg_body_check_keys(object, keys, &err)) == CLG_OK &&
        (status = clg_body_string(object, "email", true, &email, &err)) == CLG_OK &&
        (status = clg_body_string(object, "password", true, &password, &err)) == CLG_OK &&
        (status = clg_body_string(object, "role", false, &role, &err)) == CLG_OK) {
        clg_records records = clg_route_caller_records(exchange);
        status = clg_records_user_add(&records, email, role, password, &id, &err);
    }
    json_decref(object);
    if (status != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    clg_route_answer_created(exchange, id);
}

/* Answers user id of the caller's clinic as GET /api/v1/users lists it. */
static void answer_user(clg_http_exchange *exchange, int64_t id)
{
    clg_user_row user;
    clg_error err;
    if (clg_store_user_get(exchange->store, exchange->caller.clinic_id, id, &user, &err) !=
        CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &body, false);
    clg_render_user_json(&writer, &user);
    clg_buffer_puts(&body, "\n");
    clg_http_respond_json(exchange, 200, &body);
    clg_buffer_free(&body);
    clg_store_row_free(user.storage);
}

void clg_route_user_change(clg_http_exchange *exchange)
{
    static const char *const keys[] = {"disabled", "role", NULL};
    json_t *object = clg_http_body_object(exchange);
    if (object == NULL)
        return;
    clg_user_change change = {0};
    clg_error err;
    clg_status status = clg_body_check_keys(object, keys, &err);
    if (status == CLG_OK && json_object_size(object) == 0)
        status = clg_error_set(&err, CLG_ERR_INVALID, "user",
                               "give what to change: \"disabled\" (true or false), \"role\" "
                               "(admin or staff)");
    if (status == CLG_OK && json_object_get(object, "disabled") != NULL) {
        change.set_disabled = true;
        status = clg_body_bool(object, "disabled", &change.disabled, &err);
    }
    if (status == CLG_OK)
        status = clg_body_string(object, "role", false, &change.role, &err);
    if (status == CLG_OK) {
        clg_records records = clg_route_caller_records(exchange);
        status = clg_records_user_change(&records, exchange->params[0], &change, &err);
    }
    json_decref(object);
    if (status != CLG_OK)
        clg_http_problem_from_error(exchange, &err);
    else
        answer_user(exchange, exchange->params[0]);
}

void clg_route_user_password(clg_http_exchange *exchange)
{
    static const char *const keys[] = {"password", "current_password", NULL};
    const clg_http_caller *caller = &exchange->caller;
    int64_t id = exchange->params[0];
    bool own = id == caller->user_id;
    if (!own && !caller->is_admin) {
        clg_http_problem(exchange, 403, NULL,
                         "only an admin may set another user's password; change your own with "
                         "your present password");
        return;
    }
    /* Guessing one's own present password is slowed as failed logins are. */
    const clg_login_key throttle_key = {"email", caller->email, CLG_LOGIN_FREE_FAILURES};
    clg_login_attempt attempt;
    int wait_seconds = 0;
    clg_error err;
    if (clg_login_attempt_begin(exchange->store, &throttle_key, 1, (int64_t)time(NULL),
                                CLG_LOGIN_THROTTLE_MAX_KEYS, &attempt, &wait_seconds,
                                &err) != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    if (wait_seconds > 0) {
        char retry[16];
        snprintf(retry, sizeof retry, "%d", wait_seconds);
        clg_http_add_header(exchange, "Retry-After", retry);
        clg_http_problem(exchange, 429, NULL, "too many wrong passwords; try again later");
        return;
    }
    json_t *object = clg_http_body_object(exchange);
    if (object == NULL) {
        clg_login_attempt_refund(exchange->store, &attempt, NULL, &err);
        return;
    }
    const char *password = NULL, *current = NULL;
    clg_status status;
    /* An admin resets anyone's; a user changing their own proves it is them. */
    bool needs_current = !caller->is_admin;
    if ((status = clg_body_check_keys(object, keys, &err)) == CLG_OK &&
        (status = clg_body_string(object, "password", true, &password, &err)) == CLG_OK &&
        (status = clg_body_string(object, "current_password", needs_current, &current, &err)) ==
            CLG_OK) {
        /* The session the change is made from stays; every other one of the user ends. */
        char keep[CLG_SECRET_HASH_TEXT_SIZE];
        const char *session =
            own && caller->by_cookie ? clg_http_cookie(exchange, CLG_SESSION_COOKIE) : NULL;
        if (session != NULL)
            clg_secret_hash(session, keep);
        clg_records records = clg_route_caller_records(exchange);
        status = clg_records_user_password(&records, id, password, current,
                                           session != NULL ? keep : NULL, &err);
    }
    json_decref(object);
    /* Only a wrong present password keeps its charge. */
    if (status != CLG_ERR_FORBIDDEN) {
        clg_error refund_err;
        clg_status refunded =
            clg_login_attempt_refund(exchange->store, &attempt, NULL, &refund_err);
        if (status == CLG_OK && refunded != CLG_OK) {
            status = refunded;
            err = refund_err;
        }
    }
    if (status != CLG_OK)
        clg_http_problem_from_error(exchange, &err);
    else
        clg_http_respond_text(exchange, 204, NULL, "", 0);
}

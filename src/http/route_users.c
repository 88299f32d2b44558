/*
 * The clinic's staff accounts, for admins only, as `collagenda user add`
 * (cli/cmd_user.c): GET /api/v1/users lists them, POST /api/v1/users
 * ({"email", "password", "role"}) adds one, audited, with the password
 * stored only as an argon2id hash.
 */
#include <stdio.h>
#include <string.h>

#include "base/credentials.h"
#include "base/json_writer.h"
#include "collagenda/records.h"
#include "http/body.h"
#include "http/routes.h"
#include "store/accounts.h"

static int write_user(void *context, const clg_user_row *row)
{
    clg_json_writer *writer = context;
    clg_json_begin_object(writer);
    clg_json_member_int(writer, "id", row->id);
    clg_json_member_string(writer, "email", row->email);
    clg_json_member_string(writer, "role", row->role);
    clg_json_end_object(writer);
    return 0;
}

void clg_route_users_list(clg_http_exchange *exchange)
{
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &body, false);
    clg_json_begin_array(&writer);
    clg_error err;
    clg_status status =
        clg_store_user_list(exchange->store, exchange->caller.clinic_id, write_user, &writer, &err);
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
    char hash[CLG_PASSWORD_HASH_SIZE];
    clg_error err;
    clg_status status;
    if ((status = clg_body_check_keys(object, keys, &err)) == CLG_OK &&
        (status = clg_body_string(object, "email", true, &email, &err)) == CLG_OK &&
        (status = clg_body_string(object, "password", true, &password, &err)) == CLG_OK &&
        (status = clg_body_string(object, "role", false, &role, &err)) == CLG_OK) {
        if (role == NULL)
            role = "staff";
        if (strcmp(role, "admin") != 0 && strcmp(role, "staff") != 0)
            status = clg_error_set(&err, CLG_ERR_INVALID, "role",
                                   "'%.40s' is not allowed; use one of: admin, staff", role);
        else if (email[0] == '\0' || (status = clg_email_check("email", email, &err)) != CLG_OK)
            status = status != CLG_OK
                         ? status
                         : clg_error_set(&err, CLG_ERR_INVALID, "email", "is required");
    }
    if (status == CLG_OK && (status = clg_password_check(password, &err)) == CLG_OK)
        status = clg_password_hash(password, hash, &err);
    int64_t id = 0;
    clg_store *store = exchange->store;
    if (status == CLG_OK && (status = clg_store_begin(store, true, &err)) == CLG_OK) {
        status =
            clg_store_user_insert(store, exchange->caller.clinic_id, email, role, hash, &id, &err);
        if (status == CLG_OK) {
            clg_audit_entry entry = {.who = exchange->caller.email,
                                     .action = "user.add",
                                     .entity = "user",
                                     .entity_id = id,
                                     .after = role};
            status = clg_store_audit_append(store, exchange->caller.clinic_id, &entry, &err);
        }
        if (status == CLG_OK)
            status = clg_store_commit(store, &err);
        else
            clg_store_rollback(store);
    }
    json_decref(object);
    if (status != CLG_OK) {
        if (strcmp(err.field, "--email") == 0)
            snprintf(err.field, sizeof err.field, "email");
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    clg_buffer body = CLG_BUFFER_INIT;
    clg_buffer_printf(&body, "{\"id\":%lld}\n", (long long)id);
    clg_http_respond_json(exchange, 201, &body);
    clg_buffer_free(&body);
}

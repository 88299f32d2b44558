/*
 * The clinic's staff accounts, for admins only, as `collagenda user add`
 * (cli/cmd_user.c): GET /api/v1/users lists them, POST /api/v1/users
 * ({"email", "password", "role"}) adds one, audited, with the password
 * stored only as an argon2id hash.
 */
#include <stdio.h>
#include <string.h>

#include "base/json_writer.h"
#include "collagenda/records.h"
#include "http/answers.h"
#include "http/body.h"
#include "http/records_context.h"
#include "http/routes.h"
#include "service/accounts.h"
#include "store/accounts.h"

static int write_user(void *context, const clg_user_row *row)
{
    clg_json_writer *writer = context;
    clg_json_begin_object(writer);
    clg_json_member_int(writer, "id", row->id);
    clg_json_member_string(writer, "email", row->email);
    clg_json_member_string(writer, "role", clg_user_role_name(row->role));
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

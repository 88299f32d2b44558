/*
 * The clinic's bearer tokens (docs/records.md#staff-accounts), for admins,
 * as `collagenda token` (cli/cmd_token.c): GET /api/v1/tokens (?user=ID
 * for one user's) lists them without any secret, POST /api/v1/tokens
 * ({"email", "label", "expires_in_days"}; the email defaults to the
 * caller's) makes one and answers its secret once, DELETE
 * /api/v1/tokens/{id} revokes one. Rules and audit: service/accounts.h and
 * service/staff.h.
 */
#include <time.h>

#include "base/json_writer.h"
#include "http/body.h"
#include "http/records_context.h"
#include "http/routes.h"
#include "render/staff.h"
#include "service/accounts.h"
#include "service/staff.h"

typedef struct list_context {
    clg_json_writer *writer;
    int64_t now;
} list_context;

static int write_token(void *context, const clg_token_row *row)
{
    list_context *list = context;
    clg_render_token_json(list->writer, row, list->now);
    return 0;
}

void clg_route_tokens_list(clg_http_exchange *exchange)
{
    int64_t user = 0;
    const char *user_text = clg_http_query(exchange, "user");
    clg_error err;
    /* The one id reader: its range named when the number is too large. */
    if (user_text != NULL && clg_id_parse("user", user_text, &user, &err) != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &body, false);
    clg_json_begin_array(&writer);
    list_context context = {.writer = &writer, .now = (int64_t)time(NULL)};
    clg_records records = clg_route_caller_records(exchange);
    clg_status status = clg_records_tokens_list(&records, user, write_token, &context, &err);
    clg_json_end_array(&writer);
    clg_buffer_puts(&body, "\n");
    if (status == CLG_OK)
        clg_http_respond_json(exchange, 200, &body);
    else
        clg_http_problem_from_error(exchange, &err);
    clg_buffer_free(&body);
}

/* "expires_in_days": a whole number (the service checks its range); absent or null: never. */
static clg_status read_days(const json_t *object, int64_t *days, clg_error *err)
{
    const json_t *value = json_object_get(object, "expires_in_days");
    *days = CLG_TOKEN_NO_EXPIRY;
    if (value == NULL || json_is_null(value))
        return CLG_OK;
    if (!json_is_integer(value))
        return clg_error_set(err, CLG_ERR_INVALID, "expires_in_days",
                             "must be a whole number of days from 1 to %d", CLG_TOKEN_MAX_DAYS);
    json_int_t given = json_integer_value(value);
    /* Far out of range stays out of range, as a number the service names. */
    *days = given < 0 ? 0 : given > CLG_TOKEN_MAX_DAYS ? CLG_TOKEN_MAX_DAYS + 1 : given;
    return CLG_OK;
}

void clg_route_tokens_create(clg_http_exchange *exchange)
{
    static const char *const keys[] = {"email", "label", "expires_in_days", NULL};
    json_t *object = clg_http_body_object(exchange);
    if (object == NULL)
        return;
    const char *email, *label;
    int64_t days;
    clg_token_issued issued;
    clg_error err;
    clg_status status;
    if ((status = clg_body_check_keys(object, keys, &err)) == CLG_OK &&
        (status = clg_body_string(object, "email", false, &email, &err)) == CLG_OK &&
        (status = clg_body_string(object, "label", false, &label, &err)) == CLG_OK &&
        (status = read_days(object, &days, &err)) == CLG_OK) {
        clg_records records = clg_route_caller_records(exchange);
        status = clg_records_token_create(&records, email ? email : exchange->caller.email, label,
                                          days, &issued, &err);
    }
    json_decref(object);
    if (status != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &body, false);
    clg_render_token_issued_json(&writer, issued.id, issued.secret, issued.expires_at);
    clg_buffer_puts(&body, "\n");
    clg_http_add_header(exchange, "Cache-Control", "no-store");
    clg_http_respond_json(exchange, 201, &body);
    clg_buffer_free(&body);
}

void clg_route_token_revoke(clg_http_exchange *exchange)
{
    clg_records records = clg_route_caller_records(exchange);
    clg_error err;
    if (clg_records_token_revoke(&records, exchange->params[0], &err) != CLG_OK)
        clg_http_problem_from_error(exchange, &err);
    else
        clg_http_respond_text(exchange, 204, NULL, "", 0);
}

/*
 * Reminders by e-mail over HTTP (docs/records.md#reminders), as the
 * command line's `messages`, `clinic set`'s mail flags and the opt-out
 * link:
 *
 *  - GET /api/v1/clients/{id}/messages (staff): what was sent to the
 *    client and whether they get reminders, as `messages --format json`;
 *  - PUT /api/v1/clients/{id}/reminders (staff), {"reminders": "on"|"off"};
 *  - GET and PUT /api/v1/clinic/mail (admins): the clinic's mail settings,
 *    the relay's password written only ("smtp_password_set" says whether
 *    there is one);
 *  - GET /opt-out/{token} (public): a page with one button, which POSTs to
 *    the same URL; POST /opt-out/{token} opts the client out, as a mail
 *    program's one-click unsubscribe (RFC 8058) does. An unknown token is
 *    the same 404 whatever it is, and the access log names the route
 *    pattern, never the token.
 */
#include <string.h>

#include "base/json_writer.h"
#include "http/body.h"
#include "http/records_context.h"
#include "http/routes.h"
#include "render/message_json.h"
#include "render/opt_out_page.h"
#include "service/mail_settings.h"
#include "service/reminders.h"

static int one(void *context, const clg_message_row *row)
{
    clg_render_message_json(row, context);
    return 0;
}

static void respond_messages(clg_http_exchange *exchange, const clg_records *records,
                             int64_t client_id)
{
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &body, false);
    clg_json_begin_object(&w);
    clg_json_member_int(&w, "client", client_id);
    clg_json_key(&w, "messages");
    clg_json_begin_array(&w);
    bool opted_out;
    char since[32];
    clg_error err;
    if (clg_records_messages_list(records, client_id, one, &w, &opted_out, since, &err) != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
        goto out;
    }
    clg_json_end_array(&w);
    clg_json_member_string(&w, "reminders", opted_out ? "off" : "on");
    clg_json_key(&w, "opted_out_at");
    if (opted_out)
        clg_json_string(&w, since);
    else
        clg_json_null(&w);
    clg_json_end_object(&w);
    clg_buffer_puts(&body, "\n");
    clg_http_respond_json(exchange, 200, &body);
out:
    clg_buffer_free(&body);
}

void clg_route_client_messages(clg_http_exchange *exchange)
{
    clg_records records = clg_route_caller_records(exchange);
    respond_messages(exchange, &records, exchange->params[0]);
}

void clg_route_client_reminders(clg_http_exchange *exchange)
{
    json_t *object = clg_http_body_object(exchange);
    if (object == NULL)
        return;
    static const char *const keys[] = {"reminders", NULL};
    const char *value = NULL;
    clg_error err;
    clg_status status = clg_body_check_keys(object, keys, &err);
    if (status == CLG_OK)
        status = clg_body_string(object, "reminders", true, &value, &err);
    if (status == CLG_OK && strcmp(value, "on") != 0 && strcmp(value, "off") != 0)
        status = clg_error_set(&err, CLG_ERR_INVALID, "reminders", "must be \"on\" or \"off\"");
    clg_records records = clg_route_caller_records(exchange);
    if (status == CLG_OK)
        status = clg_records_reminders_set(&records, exchange->params[0], strcmp(value, "on") == 0,
                                           &err);
    json_decref(object);
    if (status != CLG_OK)
        clg_http_problem_from_error(exchange, &err);
    else
        respond_messages(exchange, &records, exchange->params[0]);
}

static void respond_mail(clg_http_exchange *exchange, const clg_mail_settings *mail)
{
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &body, false);
    clg_json_begin_object(&w);
    clg_mail_settings_json_members(mail, &w);
    clg_json_end_object(&w);
    clg_buffer_puts(&body, "\n");
    clg_http_respond_json(exchange, 200, &body);
    clg_buffer_free(&body);
}

void clg_route_clinic_mail_show(clg_http_exchange *exchange)
{
    clg_records records = clg_route_caller_records(exchange);
    clg_mail_settings mail;
    bool set;
    clg_error err;
    if (clg_records_mail_settings(&records, &mail, &set, &err) != CLG_OK)
        clg_http_problem_from_error(exchange, &err);
    else
        respond_mail(exchange, &mail);
    memset(&mail, 0, sizeof mail);
}

/* A string member, or null as "" (cleared); *out NULL when absent. */
static clg_status optional_string(const json_t *object, const char *key, const char **out,
                                  clg_error *err)
{
    const json_t *value = json_object_get(object, key);
    if (value != NULL && json_is_null(value)) {
        *out = "";
        return CLG_OK;
    }
    return clg_body_string(object, key, false, out, err);
}

void clg_route_clinic_mail_update(clg_http_exchange *exchange)
{
    json_t *object = clg_http_body_object(exchange);
    if (object == NULL)
        return;
    static const char *const keys[] = {"smtp_url",      "mail_from",  "smtp_user",
                                       "smtp_password", "public_url", NULL};
    clg_mail_change change = {0};
    clg_mail_settings mail;
    clg_error err;
    clg_status status = clg_body_check_keys(object, keys, &err);
    if (status == CLG_OK)
        status = clg_body_string(object, "smtp_url", false, &change.smtp_url, &err);
    if (status == CLG_OK)
        status = clg_body_string(object, "mail_from", false, &change.mail_from, &err);
    if (status == CLG_OK)
        status = optional_string(object, "smtp_user", &change.smtp_user, &err);
    if (status == CLG_OK)
        status = clg_body_string(object, "smtp_password", false, &change.smtp_password, &err);
    if (status == CLG_OK)
        status = optional_string(object, "public_url", &change.public_url, &err);
    clg_records records = clg_route_caller_records(exchange);
    if (status == CLG_OK)
        status = clg_records_mail_update(&records, &change, &mail, &err);
    if (status == CLG_OK)
        respond_mail(exchange, &mail);
    else
        clg_http_problem_from_error(exchange, &err);
    memset(&mail, 0, sizeof mail);
    json_decref(object);
}

static void respond_page(clg_http_exchange *exchange, int status, const char *clinic_name,
                         bool done)
{
    clg_buffer body = CLG_BUFFER_INIT;
    if (status == 404)
        clg_render_opt_out_unknown(&body);
    else
        clg_render_opt_out_page(clinic_name, done, &body);
    clg_http_add_header(exchange, "Referrer-Policy", "no-referrer");
    clg_http_respond_text(exchange, status, "text/html; charset=utf-8", body.data, body.length);
    clg_buffer_free(&body);
}

/* A lookup that failed: 404 for a link that is none, else the usual problem. */
static void respond_failure(clg_http_exchange *exchange, const clg_error *err)
{
    if (err->status == CLG_ERR_NOT_FOUND)
        respond_page(exchange, 404, NULL, false);
    else
        clg_http_problem_from_error(exchange, err);
}

void clg_route_opt_out_page(clg_http_exchange *exchange)
{
    char clinic_name[CLG_NAME_MAX_BYTES + 1];
    clg_error err;
    if (clg_records_opt_out_check(exchange->store, exchange->token, clinic_name, &err) != CLG_OK)
        respond_failure(exchange, &err);
    else
        respond_page(exchange, 200, clinic_name, false);
}

void clg_route_opt_out(clg_http_exchange *exchange)
{
    char clinic_name[CLG_NAME_MAX_BYTES + 1];
    clg_error err;
    if (clg_records_opt_out_by_token(exchange->store, exchange->token, "client (opt-out link)",
                                     clinic_name, &err) != CLG_OK)
        respond_failure(exchange, &err);
    else
        respond_page(exchange, 200, clinic_name, true);
}

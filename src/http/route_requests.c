/*
 * Consultation requests over HTTP (docs/records.md#consultation-requests), as
 * `collagenda requests` (cli/cmd_requests.c) for staff.
 *
 * POST /api/v1/requests is public: the calculator's visitors have no login,
 * so the route reads no cookie, sets none and needs no CSRF token (there is
 * no session for a forged request to ride on). It takes a small body (16
 * KiB, far below the server's limit), refuses every bad field by name and
 * stores nothing then. A filled honeypot member ("website", a field people
 * never see) gets the same 202 as a real request and nothing is stored;
 * neither answer carries the request's id. Past the per-address or
 * per-clinic limit (service/requests.h) it answers 429 with Retry-After.
 *
 * The request goes to the clinic the server acts for (`serve --clinic`).
 */
#include <stdio.h>
#include <string.h>

#include "base/json_writer.h"
#include "http/answers.h"
#include "http/body.h"
#include "http/records_context.h"
#include "http/routes.h"
#include "http/server.h"
#include "render/requests.h"
#include "service/requests.h"

enum { PUBLIC_BODY_MAX_BYTES = 16 * 1024 };

static void answer_received(clg_http_exchange *exchange)
{
    static const char body[] = "{\"status\": \"received\"}\n";
    clg_http_respond_text(exchange, 202, "application/json", body, sizeof body - 1);
}

/* The address the limit counts: an IPv4 address, or an IPv6 address's /64 (one party's). */
static const char *limit_key(const clg_http_exchange *exchange)
{
    return strchr(exchange->client_address, ':') ? exchange->client_network
                                                 : exchange->client_address;
}

void clg_route_request_receive(clg_http_exchange *exchange)
{
    static const char *const keys[] = {"name",       "email",   "phone", "consent",
                                       "assessment", "website", NULL};
    if (exchange->body_length > PUBLIC_BODY_MAX_BYTES) {
        clg_http_problem(exchange, 413, "body", "a consultation request is at most 16 KiB");
        return;
    }
    json_t *object = clg_http_body_object(exchange);
    if (object == NULL)
        return;
    clg_request_input input = {0};
    const char *honeypot = NULL;
    clg_error err;
    clg_status status;
    if ((status = clg_body_check_keys(object, keys, &err)) == CLG_OK &&
        (status = clg_body_string(object, "website", false, &honeypot, &err)) == CLG_OK &&
        honeypot != NULL && honeypot[0] != '\0') {
        json_decref(object);
        answer_received(exchange); /* a robot filled the field people cannot see */
        return;
    }
    if (status == CLG_OK &&
        (status = clg_body_string(object, "name", true, &input.name, &err)) == CLG_OK &&
        (status = clg_body_string(object, "email", false, &input.email, &err)) == CLG_OK &&
        (status = clg_body_string(object, "phone", false, &input.phone, &err)) == CLG_OK &&
        (status = clg_body_bool(object, "consent", &input.consent, &err)) == CLG_OK) {
        input.assessment = json_object_get(object, "assessment");
        if (json_is_null(input.assessment))
            input.assessment = NULL;
    }
    int retry_after = 0;
    int64_t id = 0;
    if (status == CLG_OK)
        status = clg_request_receive(exchange->store, exchange->server->config.public_clinic,
                                     &input, limit_key(exchange), &retry_after, &id, &err);
    json_decref(object);
    if (status == CLG_OK) {
        answer_received(exchange);
    } else if (status == CLG_ERR_REFUSED && retry_after > 0) {
        char retry[16];
        snprintf(retry, sizeof retry, "%d", retry_after);
        clg_http_add_header(exchange, "Retry-After", retry);
        char detail[sizeof err.field + sizeof err.message + 4];
        clg_http_problem(exchange, 429, err.field, clg_error_text(&err, detail, sizeof detail));
    } else {
        clg_http_problem_from_error(exchange, &err);
    }
}

typedef struct list_context {
    clg_json_writer *writer;
} list_context;

static int write_request(void *context, const clg_request_row *row)
{
    clg_render_request_json_value(row, ((list_context *)context)->writer);
    return 0;
}

void clg_route_requests_list(clg_http_exchange *exchange)
{
    clg_request_filter filter = CLG_REQUESTS_OPEN;
    const char *status_text = clg_http_query(exchange, "status");
    if (status_text && !clg_request_filter_parse(status_text, &filter)) {
        clg_http_problem(exchange, 400, "status", "use open, closed or all");
        return;
    }
    clg_records records = clg_route_caller_records(exchange);
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &body, false);
    list_context context = {&writer};
    clg_error err;
    clg_json_begin_array(&writer);
    clg_status status = clg_records_request_list(&records, filter, write_request, &context, &err);
    clg_json_end_array(&writer);
    if (status == CLG_OK)
        clg_route_answer_document(exchange, &body);
    else
        clg_http_problem_from_error(exchange, &err);
    clg_buffer_free(&body);
}

void clg_route_request_show(clg_http_exchange *exchange)
{
    clg_records records = clg_route_caller_records(exchange);
    clg_request_row row;
    clg_error err;
    if (clg_records_request_get(&records, exchange->params[0], &row, &err) != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &body, false);
    clg_render_request_json_value(&row, &writer);
    clg_store_row_free(row.storage);
    clg_route_answer_document(exchange, &body);
    clg_buffer_free(&body);
}

/* Body (optional): {"note": TEXT, "course": ID}, the course started from the request. */
void clg_route_request_delete(clg_http_exchange *exchange)
{
    static const char *const keys[] = {"reason", NULL};
    json_t *object = clg_http_body_object(exchange);
    if (object == NULL)
        return;
    const char *reason = NULL;
    clg_error err;
    clg_status status = clg_body_check_keys(object, keys, &err);
    if (status == CLG_OK)
        status = clg_body_string(object, "reason", true, &reason, &err);
    clg_records records = clg_route_caller_records(exchange);
    if (status == CLG_OK)
        status = clg_records_request_delete(&records, exchange->params[0], reason, &err);
    json_decref(object);
    if (status == CLG_OK)
        clg_http_respond_text(exchange, 204, NULL, "", 0);
    else
        clg_http_problem_from_error(exchange, &err);
}

void clg_route_request_close(clg_http_exchange *exchange)
{
    static const char *const keys[] = {"note", "course", NULL};
    json_t *object = NULL;
    const char *note = NULL;
    long long course = 0;
    clg_error err;
    clg_status status = CLG_OK;
    if (exchange->body_length > 0) {
        object = clg_http_body_object(exchange);
        if (object == NULL)
            return;
        if ((status = clg_body_check_keys(object, keys, &err)) == CLG_OK &&
            (status = clg_body_string(object, "note", false, &note, &err)) == CLG_OK &&
            json_object_get(object, "course") != NULL)
            status = clg_body_id(object, "course", &course, &err);
    }
    clg_records records = clg_route_caller_records(exchange);
    if (status == CLG_OK)
        status = clg_records_request_close(&records, exchange->params[0], note, course, &err);
    json_decref(object);
    if (status == CLG_OK)
        clg_http_respond_text(exchange, 204, NULL, "", 0);
    else
        clg_http_problem_from_error(exchange, &err);
}

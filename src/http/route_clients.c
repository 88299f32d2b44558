/*
 * The clinic's clients (docs/records.md#http-api), as `collagenda client add | list | show`
 * (cli/cmd_client.c) prints them in JSON: GET and POST /api/v1/clients, and
 * GET /api/v1/clients/{id} with the client's courses. Each handler acts for
 * the caller's clinic only: the store scopes every query by clinic, so
 * another clinic's id is simply not found (404, never 403). Adding a client
 * and showing one are audited by the service.
 */
#include "collagenda/records.h"
#include "http/answers.h"
#include "http/body.h"
#include "http/records_context.h"
#include "service/reads.h"
#include "http/routes.h"
#include "model/record_json.h"
#include "service/records.h"

typedef struct list_context {
    clg_json_writer *writer;
} list_context;

static int write_client(void *context, const clg_client_row *row)
{
    clg_client_json_value(row, ((list_context *)context)->writer);
    return 0;
}

void clg_route_clients_list(clg_http_exchange *exchange)
{
    clg_records records = clg_route_caller_records(exchange);
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &body, false);
    list_context context = {&writer};
    clg_error err;
    clg_json_begin_array(&writer);
    clg_status status = clg_records_client_list(&records, write_client, &context, &err);
    clg_json_end_array(&writer);
    if (status == CLG_OK)
        clg_route_answer_document(exchange, &body);
    else
        clg_http_problem_from_error(exchange, &err);
    clg_buffer_free(&body);
}

void clg_route_clients_add(clg_http_exchange *exchange)
{
    static const char *const keys[] = {"name",      "email",           "phone", "birth_date",
                                       "skin_type", "allow_duplicate", NULL};
    json_t *object = clg_http_body_object(exchange);
    if (object == NULL)
        return;
    clg_records records = clg_route_caller_records(exchange);
    clg_client_row client = {0};
    const char *birth_date, *skin_type;
    bool allow_duplicate = false;
    clg_error err;
    clg_status status;
    if ((status = clg_body_check_keys(object, keys, &err)) == CLG_OK &&
        (status = clg_body_string(object, "name", true, &client.name, &err)) == CLG_OK &&
        (status = clg_body_string(object, "email", false, &client.email, &err)) == CLG_OK &&
        (status = clg_body_string(object, "phone", false, &client.phone, &err)) == CLG_OK &&
        (status = clg_body_string(object, "birth_date", false, &birth_date, &err)) == CLG_OK &&
        (status = clg_body_string(object, "skin_type", false, &skin_type, &err)) == CLG_OK &&
        (status = clg_body_bool(object, "allow_duplicate", &allow_duplicate, &err)) == CLG_OK) {
        if (birth_date && (status = clg_birth_date_parse("birth_date", birth_date, records.today,
                                                         &client.birth_date, &err)) == CLG_OK)
            client.has_birth_date = true;
        if (status == CLG_OK && skin_type)
            status = clg_skin_type_parse("skin_type", skin_type, &client.skin_type, &err);
    }
    int64_t id, existing = 0;
    if (status == CLG_OK)
        status = clg_records_client_check(&client, &err);
    if (status == CLG_OK)
        status = clg_records_client_add(&records, &client, allow_duplicate, &id, &existing, &err);
    json_decref(object);
    if (status == CLG_OK)
        clg_route_answer_created(exchange, id);
    else
        clg_route_answer_duplicate(exchange, &err, existing);
}

void clg_route_client_show(clg_http_exchange *exchange)
{
    clg_records records = clg_route_caller_records(exchange);
    clg_client_view view;
    clg_error err;
    if (clg_records_client_show(&records, exchange->params[0], &view, &err) != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &body, false);
    /* The same document as `client show --format json`. */
    clg_json_begin_object(&writer);
    clg_client_json_members(&view.client, &writer);
    clg_json_key(&writer, "courses");
    clg_json_begin_array(&writer);
    for (int i = 0; i < view.course_count; i++)
        clg_course_summary_json_value(&view.courses[i], &writer);
    clg_json_end_array(&writer);
    clg_json_end_object(&writer);
    clg_records_client_view_free(&view);
    clg_route_answer_document(exchange, &body);
    clg_buffer_free(&body);
}

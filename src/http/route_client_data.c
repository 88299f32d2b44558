/*
 * The client's data (docs/records.md#the-clients-data), as `collagenda
 * client export | erase` (cli/cmd_client_data.c): GET
 * /api/v1/clients/{id}/export, the document of everything held about the
 * client (staff), and POST /api/v1/clients/{id}/erase with {"reason"}
 * (admins only, by the route table), answering the client as now held.
 * Another clinic's id is not found (404); both are audited by the service.
 */
#include <stdio.h>

#include "http/answers.h"
#include "http/body.h"
#include "http/records_context.h"
#include "http/routes.h"
#include "model/record_json.h"
#include "render/client_export.h"
#include "service/client_data.h"

void clg_route_client_export(clg_http_exchange *exchange)
{
    clg_records records = clg_route_caller_records(exchange);
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &body, false);
    clg_client_export_json document;
    clg_client_export_visitor visitor =
        clg_render_client_export_json_begin(&document, &writer, records.today);
    clg_error err;
    if (clg_records_client_export(&records, exchange->params[0], "json", &visitor, &err) !=
        CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
    } else {
        clg_render_client_export_json_end(&document);
        char disposition[64];
        snprintf(disposition, sizeof disposition, "attachment; filename=\"client-%lld.json\"",
                 exchange->params[0]);
        clg_http_add_header(exchange, "Content-Disposition", disposition);
        clg_route_answer_document(exchange, &body);
    }
    clg_buffer_free(&body);
}

void clg_route_client_erase(clg_http_exchange *exchange)
{
    static const char *const keys[] = {"reason", NULL};
    json_t *object = clg_http_body_object(exchange);
    if (object == NULL)
        return;
    clg_records records = clg_route_caller_records(exchange);
    const char *reason = NULL;
    clg_client_row erased = {0};
    clg_error err;
    clg_status status;
    if ((status = clg_body_check_keys(object, keys, &err)) == CLG_OK &&
        (status = clg_body_string(object, "reason", true, &reason, &err)) == CLG_OK)
        status = clg_records_client_erase(&records, exchange->params[0], reason, &erased, &err);
    json_decref(object);
    if (status != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &body, false);
    clg_client_json_value(&erased, &writer);
    clg_store_row_free(erased.storage);
    clg_route_answer_document(exchange, &body);
    clg_buffer_free(&body);
}

/*
 * The audit log for admins (docs/records.md#audit-reader), as `collagenda
 * audit` (cli/cmd_audit.c): GET /api/v1/audit (JSON) and /api/v1/audit.csv,
 * with ?client=ID, ?since=YYYY-MM-DD and ?action=A (an action, or the word
 * before its dot). The route table lets only admins in (403 for staff);
 * the service checks the filters, masks erased clients and audits the
 * reading itself.
 */

#include "http/answers.h"
#include "http/records_context.h"
#include "http/routes.h"
#include "render/audit_log.h"
#include "service/audit_reader.h"

typedef struct audit_context {
    clg_json_writer *writer; /* NULL for CSV */
    clg_buffer *csv;
} audit_context;

static int write_entry(void *context, const clg_audit_row *row)
{
    audit_context *c = context;
    if (c->writer)
        clg_render_audit_json_value(row, c->writer);
    else
        clg_render_audit_csv(row, c->csv);
    return 0;
}

static void audit(clg_http_exchange *exchange, bool csv)
{
    clg_records records = clg_route_caller_records(exchange);
    clg_audit_query query = {.format = csv ? "csv" : "json"};
    clg_error err;
    const char *client = clg_http_query(exchange, "client");
    const char *since = clg_http_query(exchange, "since");
    query.action = clg_http_query(exchange, "action");
    clg_status status = CLG_OK;
    if (client)
        status = clg_id_parse("client", client, &query.client_id, &err);
    if (status == CLG_OK && since &&
        (status = clg_date_parse(since, "since", &query.since, &err)) == CLG_OK)
        query.has_since = true;
    if (status != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    audit_context context = {csv ? NULL : &writer, &body};
    if (csv) {
        clg_render_audit_csv_header(&body);
    } else {
        clg_json_writer_init(&writer, &body, false);
        clg_json_begin_array(&writer);
    }
    status = clg_records_audit_list(&records, &query, write_entry, &context, &err);
    if (status != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
    } else if (csv) {
        clg_http_add_header(exchange, "Content-Disposition", "attachment; filename=\"audit.csv\"");
        clg_http_respond_text(exchange, 200, "text/csv; charset=utf-8; header=present", body.data,
                              body.length);
    } else {
        clg_json_end_array(&writer);
        clg_route_answer_document(exchange, &body);
    }
    clg_buffer_free(&body);
}

void clg_route_audit(clg_http_exchange *exchange)
{
    audit(exchange, false);
}

void clg_route_audit_csv(clg_http_exchange *exchange)
{
    audit(exchange, true);
}

/*
 * The recall list (docs/records.md#command-line), as `collagenda due` (cli/cmd_due.c): GET
 * /api/v1/due (JSON) and /api/v1/due.csv, with ?on=YYYY-MM-DD (default
 * today) and ?within=DAYS (default 14): every course due by then, overdue
 * ones included, soonest first.
 */
#include "http/answers.h"
#include "http/records_context.h"
#include "http/routes.h"
#include "render/records.h"
#include "service/due.h"

typedef struct due_context {
    clg_json_writer *writer;
    clg_buffer *csv;
    clg_date on;
} due_context;

static int write_due(void *context, const clg_due_item *item)
{
    due_context *c = context;
    if (c->writer)
        clg_render_due_json_value(item, c->writer);
    else
        clg_render_due_csv(item, c->csv);
    return 0;
}

static void due(clg_http_exchange *exchange, bool csv)
{
    clg_records records = clg_route_caller_records(exchange);
    clg_error err;
    clg_date on = records.today;
    int within = CLG_DUE_DEFAULT_WITHIN_DAYS;
    const char *on_text = clg_http_query(exchange, "on");
    const char *within_text = clg_http_query(exchange, "within");
    if (on_text && clg_date_parse(on_text, "on", &on, &err) != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    if (within_text && clg_records_due_within_parse(within_text, &within, &err) != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    due_context context = {csv ? NULL : &writer, &body, on};
    if (csv) {
        clg_render_due_csv_header(&body);
    } else {
        clg_json_writer_init(&writer, &body, false);
        clg_json_begin_array(&writer);
    }
    clg_status status = clg_records_due_list(&records, on, within, write_due, &context, &err);
    if (status != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
    } else if (csv) {
        clg_http_add_header(exchange, "Content-Disposition", "attachment; filename=\"due.csv\"");
        clg_http_respond_text(exchange, 200, "text/csv; charset=utf-8; header=present", body.data,
                              body.length);
    } else {
        clg_json_end_array(&writer);
        clg_route_answer_document(exchange, &body);
    }
    clg_buffer_free(&body);
}

void clg_route_due(clg_http_exchange *exchange)
{
    due(exchange, false);
}

void clg_route_due_csv(clg_http_exchange *exchange)
{
    due(exchange, true);
}

/*
 * The clinic's diary (docs/records.md#diary), as `collagenda diary`
 * (cli/cmd_diary.c): GET /api/v1/diary (JSON) and /api/v1/diary.csv, with
 * ?on=YYYY-MM-DD (default the clinic's today) and ?days=N (1 to 366,
 * default 1): the bookings of those days in time order, all-day ones
 * first in their day.
 */
#include "http/answers.h"
#include "http/records_context.h"
#include "http/routes.h"
#include "render/diary.h"
#include "service/diary.h"

typedef struct diary_context {
    clg_json_writer *writer;
    clg_buffer *csv;
} diary_context;

static int write_row(void *context, const clg_diary_row *row)
{
    diary_context *c = context;
    if (c->writer)
        clg_render_diary_json_value(row, c->writer);
    else
        clg_render_diary_csv(row, c->csv);
    return 0;
}

static void diary(clg_http_exchange *exchange, bool csv)
{
    clg_records records = clg_route_caller_records(exchange);
    clg_error err;
    clg_date on = records.today;
    int days = CLG_DIARY_DEFAULT_DAYS;
    const char *on_text = clg_http_query(exchange, "on");
    const char *days_text = clg_http_query(exchange, "days");
    if (on_text && clg_date_parse(on_text, "on", &on, &err) != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    if (days_text && clg_records_diary_days_parse(days_text, &days, &err) != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    diary_context context = {csv ? NULL : &writer, &body};
    if (csv) {
        clg_render_diary_csv_header(&body);
    } else {
        clg_json_writer_init(&writer, &body, false);
        clg_json_begin_array(&writer);
    }
    clg_status status = clg_records_diary_list(&records, on, days, write_row, &context, &err);
    if (status != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
    } else if (csv) {
        clg_http_add_header(exchange, "Content-Disposition", "attachment; filename=\"diary.csv\"");
        clg_http_respond_text(exchange, 200, "text/csv; charset=utf-8; header=present", body.data,
                              body.length);
    } else {
        clg_json_end_array(&writer);
        clg_route_answer_document(exchange, &body);
    }
    clg_buffer_free(&body);
}

void clg_route_diary(clg_http_exchange *exchange)
{
    diary(exchange, false);
}

void clg_route_diary_csv(clg_http_exchange *exchange)
{
    diary(exchange, true);
}

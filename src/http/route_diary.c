/*
 * The clinic's diary (docs/records.md#diary), as `collagenda diary`
 * (cli/cmd_diary.c): GET /api/v1/diary (JSON), /api/v1/diary.csv and
 * /api/v1/diary.ics, with ?on=YYYY-MM-DD (default the clinic's today) and
 * ?days=N (1 to 366, default 1): the bookings of those days in time order,
 * all-day ones first in their day.
 */
#include <time.h>

#include "http/answers.h"
#include "http/records_context.h"
#include "http/routes.h"
#include "render/diary.h"
#include "service/clinic.h"
#include "service/diary.h"

typedef enum diary_format { DIARY_JSON, DIARY_CSV, DIARY_ICS } diary_format;

typedef struct diary_context {
    diary_format format;
    clg_json_writer *writer;
    clg_buffer *csv;
    clg_diary_ics *ics;
    clg_error *err;
    bool ics_failed; /* a nonzero visitor ends the listing as if complete */
} diary_context;

static int write_row(void *context, const clg_diary_row *row)
{
    diary_context *c = context;
    if (c->format == DIARY_JSON)
        clg_render_diary_json_value(row, c->writer);
    else if (c->format == DIARY_CSV)
        clg_render_diary_csv(row, c->csv);
    else
        c->ics_failed = clg_diary_ics_add(c->ics, row, c->err) != CLG_OK;
    return c->ics_failed;
}

static void answer(clg_http_exchange *exchange, diary_context *context, clg_buffer *body,
                   clg_error *err)
{
    switch (context->format) {
    case DIARY_CSV:
        clg_http_add_header(exchange, "Content-Disposition", "attachment; filename=\"diary.csv\"");
        clg_http_respond_text(exchange, 200, "text/csv; charset=utf-8; header=present", body->data,
                              body->length);
        break;
    case DIARY_ICS: {
        clg_diary_ics *ics = context->ics;
        context->ics = NULL; /* finish frees it */
        if (clg_diary_ics_finish(ics, body, err) != CLG_OK) {
            clg_http_problem_from_error(exchange, err);
            break;
        }
        clg_http_add_header(exchange, "Content-Disposition", "attachment; filename=\"diary.ics\"");
        clg_http_respond_text(exchange, 200, "text/calendar; charset=utf-8", body->data,
                              body->length);
        break;
    }
    case DIARY_JSON:
        clg_json_end_array(context->writer);
        clg_route_answer_document(exchange, body);
        break;
    }
}

static void diary(clg_http_exchange *exchange, diary_format format)
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
    diary_context context = {format, &writer, &body, NULL, &err, false};
    clg_clinic_settings clinic;
    if (format == DIARY_ICS &&
        (clg_records_clinic_settings(&records, &clinic, &err) != CLG_OK ||
         (context.ics = clg_diary_ics_begin(&clinic, (long long)time(NULL), &err)) == NULL)) {
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    if (format == DIARY_CSV) {
        clg_render_diary_csv_header(&body);
    } else if (format == DIARY_JSON) {
        clg_json_writer_init(&writer, &body, false);
        clg_json_begin_array(&writer);
    }
    if (clg_records_diary_list(&records, on, days, write_row, &context, &err) != CLG_OK ||
        context.ics_failed)
        clg_http_problem_from_error(exchange, &err);
    else
        answer(exchange, &context, &body, &err);
    clg_diary_ics_free(context.ics);
    clg_buffer_free(&body);
}

void clg_route_diary(clg_http_exchange *exchange)
{
    diary(exchange, DIARY_JSON);
}

void clg_route_diary_csv(clg_http_exchange *exchange)
{
    diary(exchange, DIARY_CSV);
}

void clg_route_diary_ics(clg_http_exchange *exchange)
{
    diary(exchange, DIARY_ICS);
}

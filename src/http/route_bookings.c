/*
 * Booking sessions ahead, as `collagenda session book | cancel`
 * (cli/cmd_session.c): POST /api/v1/courses/{id}/bookings ({"date", "time",
 * "force", "reason"}; too soon is 409 as for recorded sessions, and the
 * answer is the verdict, render/verdict_json.c), and DELETE
 * /api/v1/bookings/{id}. The time is local to the clinic's time zone
 * (route_clinic.c).
 */
#include <string.h>

#include "base/json_writer.h"
#include "http/answers.h"
#include "http/body.h"
#include "http/booking_input.h"
#include "http/records_context.h"
#include "http/routes.h"
#include "render/verdict_json.h"
#include "service/bookings.h"

clg_status clg_route_read_booking_input(const json_t *object, clg_booking_input *input,
                                        clg_error *err)
{
    static const char *const keys[] = {"date", "time", "force", "reason", NULL};
    const char *date, *time;
    clg_status status;
    memset(input, 0, sizeof *input);
    input->start_minute = -1;
    if ((status = clg_body_check_keys(object, keys, err)) != CLG_OK ||
        (status = clg_body_string(object, "date", true, &date, err)) != CLG_OK ||
        (status = clg_date_parse(date, "date", &input->date, err)) != CLG_OK ||
        (status = clg_body_string(object, "time", false, &time, err)) != CLG_OK)
        return status;
    if (time != NULL &&
        (status = clg_time_parse(time, "time", &input->start_minute, err)) != CLG_OK)
        return status;
    return clg_body_override(object, &input->forced, &input->reason, err);
}

void clg_route_booking_add(clg_http_exchange *exchange)
{
    json_t *object = clg_http_body_object(exchange);
    if (object == NULL)
        return;
    clg_records records = clg_route_caller_records(exchange);
    clg_booking_input input;
    clg_booking_result result;
    clg_error err;
    clg_status status = clg_route_read_booking_input(object, &input, &err);
    if (status == CLG_OK)
        status = clg_records_booking_add(&records, exchange->params[0], &input, &result, &err);
    json_decref(object);
    if (status != CLG_OK) {
        clg_route_answer_refusal(exchange, &err);
        return;
    }
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &body, false);
    clg_render_booked_session_json_value(result.id, &result.verdict, &writer);
    clg_buffer_puts(&body, "\n");
    clg_http_respond_json(exchange, 201, &body);
    clg_buffer_free(&body);
}

void clg_route_booking_cancel(clg_http_exchange *exchange)
{
    clg_records records = clg_route_caller_records(exchange);
    clg_error err;
    if (clg_records_booking_cancel(&records, exchange->params[0], &err) != CLG_OK)
        clg_http_problem_from_error(exchange, &err);
    else
        clg_http_respond_text(exchange, 204, NULL, "", 0);
}

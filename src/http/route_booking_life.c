/*
 * A booking's life, as `collagenda booking move | attend | no-show`
 * (cli/cmd_booking.c): PATCH /api/v1/bookings/{id} moves it ({"date",
 * "time", "force", "reason"}; judged like a new booking, too soon is 409;
 * the answer is the verdict as for a new booking), POST
 * /api/v1/bookings/{id}/attend records the session of its day ({} or the
 * session's "depth_mm", "device", "practitioner", "notes", "force",
 * "reason"; 201 with the recorded session as POST .../sessions answers),
 * POST /api/v1/bookings/{id}/no-show marks it ({}; 204). Cancelling is
 * DELETE /api/v1/bookings/{id} (route_bookings.c).
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

void clg_route_booking_move(clg_http_exchange *exchange)
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
        status = clg_records_booking_move(&records, exchange->params[0], &input, &result, &err);
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
    clg_http_respond_json(exchange, 200, &body);
    clg_buffer_free(&body);
}

/* The session's details an attend may carry; its date and course are the booking's. */
static clg_status read_attend_input(const json_t *object, clg_session_input *input, clg_error *err)
{
    static const char *const keys[] = {"depth_mm", "device", "practitioner", "notes", "force",
                                       "reason",   NULL};
    const char *depth;
    char depth_text[32];
    clg_status status;
    memset(input, 0, sizeof *input);
    input->laxity_halves = -1;
    if ((status = clg_body_check_keys(object, keys, err)) != CLG_OK ||
        (status = clg_body_number_text(object, "depth_mm", depth_text, &depth, err)) != CLG_OK ||
        (status = clg_body_string(object, "device", false, &input->device, err)) != CLG_OK ||
        (status = clg_body_string(object, "practitioner", false, &input->practitioner, err)) !=
            CLG_OK ||
        (status = clg_body_string(object, "notes", false, &input->notes, err)) != CLG_OK ||
        (status = clg_body_override(object, &input->forced, &input->reason, err)) != CLG_OK)
        return status;
    if (depth)
        status = clg_depth_parse("depth_mm", depth, &input->depth_hundredths, err);
    return status;
}

void clg_route_booking_attend(clg_http_exchange *exchange)
{
    json_t *object = clg_http_body_object(exchange);
    if (object == NULL)
        return;
    clg_records records = clg_route_caller_records(exchange);
    clg_session_input input;
    clg_session_result result;
    clg_error err;
    clg_status status = read_attend_input(object, &input, &err);
    if (status == CLG_OK)
        status = clg_records_booking_attend(&records, exchange->params[0], &input, &result, &err);
    json_decref(object);
    if (status != CLG_OK) {
        clg_route_answer_refusal(exchange, &err);
        return;
    }
    clg_route_answer_recorded_session(exchange, &result);
}

void clg_route_booking_no_show(clg_http_exchange *exchange)
{
    static const char *const keys[] = {NULL};
    json_t *object = clg_http_body_object(exchange);
    if (object == NULL)
        return;
    clg_records records = clg_route_caller_records(exchange);
    clg_error err;
    clg_status status = clg_body_check_keys(object, keys, &err);
    json_decref(object);
    if (status == CLG_OK)
        status = clg_records_booking_no_show(&records, exchange->params[0], &err);
    if (status != CLG_OK)
        clg_http_problem_from_error(exchange, &err);
    else
        clg_http_respond_text(exchange, 204, NULL, "", 0);
}

/*
 * The clinic the caller works for, as `collagenda clinic show | set`
 * (cli/cmd_clinic.c): GET /api/v1/clinic, and PUT /api/v1/clinic
 * ({"time_zone"}, admins only), the zone booked session times are local to.
 * The answer also carries the clinic's "today" in that zone
 * (service/today.h): the day the staff app offers for a session, and the
 * last one a session can be recorded on.
 */
#include "base/json_writer.h"
#include "http/body.h"
#include "http/records_context.h"
#include "http/routes.h"
#include "service/clinic.h"
#include "service/today.h"

static void respond_clinic(clg_http_exchange *exchange, const char *time_zone)
{
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &body, false);
    clg_json_begin_object(&writer);
    clg_json_member_string(&writer, "name", exchange->caller.clinic_name);
    clg_json_member_string(&writer, "time_zone", time_zone[0] ? time_zone : "UTC");
    clg_json_member_date(&writer, "today", clg_records_today_in(time_zone));
    clg_json_end_object(&writer);
    clg_buffer_puts(&body, "\n");
    clg_http_respond_json(exchange, 200, &body);
    clg_buffer_free(&body);
}

void clg_route_clinic_show(clg_http_exchange *exchange)
{
    clg_records records = clg_route_caller_records(exchange);
    char time_zone[CLG_TIME_ZONE_SIZE];
    clg_error err;
    if (clg_records_clinic_time_zone(&records, time_zone, &err) != CLG_OK)
        clg_http_problem_from_error(exchange, &err);
    else
        respond_clinic(exchange, time_zone);
}

void clg_route_clinic_update(clg_http_exchange *exchange)
{
    json_t *object = clg_http_body_object(exchange);
    if (object == NULL)
        return;
    static const char *const keys[] = {"time_zone", NULL};
    clg_records records = clg_route_caller_records(exchange);
    const char *time_zone = NULL;
    clg_error err;
    clg_status status = clg_body_check_keys(object, keys, &err);
    if (status == CLG_OK)
        status = clg_body_string(object, "time_zone", true, &time_zone, &err);
    if (status == CLG_OK)
        status = clg_records_clinic_set_time_zone(&records, "time_zone", time_zone, &err);
    if (status == CLG_OK)
        respond_clinic(exchange, time_zone);
    else
        clg_http_problem_from_error(exchange, &err);
    json_decref(object);
}

/*
 * The clinic the caller works for, as `collagenda clinic show | set`
 * (cli/cmd_clinic.c): GET /api/v1/clinic, and PUT /api/v1/clinic (admins
 * only) with any of "name", "address", "phone", "email", "time_zone",
 * "open_days" (["mon", ...]), "hours" ("09:00-18:00") and "chairs" (a
 * number); null clears an optional one. The rules are the service's
 * (service/clinic.c). The answer also carries the clinic's "today" in its
 * zone (service/today.h): the day the staff app offers for a session, and
 * the last one a session can be recorded on.
 */
#include "base/json_writer.h"
#include "http/body.h"
#include "http/records_context.h"
#include "http/routes.h"
#include "model/clinic_json.h"
#include "service/clinic.h"
#include "service/today.h"

static void respond_clinic(clg_http_exchange *exchange, const clg_clinic_settings *settings)
{
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &body, false);
    clg_json_begin_object(&writer);
    clg_clinic_settings_json_members(settings, &writer);
    clg_json_member_date(&writer, "today", clg_records_today_in(settings->time_zone));
    clg_json_end_object(&writer);
    clg_buffer_puts(&body, "\n");
    clg_http_respond_json(exchange, 200, &body);
    clg_buffer_free(&body);
}

void clg_route_clinic_show(clg_http_exchange *exchange)
{
    clg_records records = clg_route_caller_records(exchange);
    clg_clinic_settings settings;
    clg_error err;
    if (clg_records_clinic_settings(&records, &settings, &err) != CLG_OK)
        clg_http_problem_from_error(exchange, &err);
    else
        respond_clinic(exchange, &settings);
}

/* A string member, or null as "" (cleared); *out NULL when absent. */
static clg_status optional_string(const json_t *object, const char *key, const char **out,
                                  clg_error *err)
{
    const json_t *value = json_object_get(object, key);
    if (value != NULL && json_is_null(value)) {
        *out = "";
        return CLG_OK;
    }
    return clg_body_string(object, key, false, out, err);
}

/* A string member that cannot be cleared: null is refused; *out NULL when absent. */
static clg_status kept_string(const json_t *object, const char *key, const char **out,
                              clg_error *err)
{
    const json_t *value = json_object_get(object, key);
    if (value != NULL && json_is_null(value))
        return clg_error_set(err, CLG_ERR_INVALID, key, "must be a string; it cannot be cleared");
    return clg_body_string(object, key, false, out, err);
}

static clg_status read_change(const json_t *object, clg_clinic_change *change, char *days,
                              size_t days_size, char chairs[32], clg_error *err)
{
    static const char *const keys[] = {"name",      "address", "phone",  "email", "time_zone",
                                       "open_days", "hours",   "chairs", NULL};
    clg_status status = clg_body_check_keys(object, keys, err);
    if (status == CLG_OK)
        status = kept_string(object, "name", &change->name, err);
    if (status == CLG_OK)
        status = optional_string(object, "address", &change->address, err);
    if (status == CLG_OK)
        status = optional_string(object, "phone", &change->phone, err);
    if (status == CLG_OK)
        status = optional_string(object, "email", &change->email, err);
    if (status == CLG_OK)
        status = kept_string(object, "time_zone", &change->time_zone, err);
    if (status == CLG_OK)
        status = clg_body_word_list(object, "open_days", days, days_size, &change->open_days, err);
    if (status == CLG_OK)
        status = optional_string(object, "hours", &change->hours, err);
    if (status == CLG_OK) {
        const json_t *value = json_object_get(object, "chairs");
        if (value != NULL && json_is_null(value))
            change->chairs = "";
        else if (value != NULL && !json_is_integer(value))
            status = clg_error_set(err, CLG_ERR_INVALID, "chairs",
                                   "must be a whole number from 1 to 100, or null");
        else
            status = clg_body_number_text(object, "chairs", chairs, &change->chairs, err);
    }
    return status;
}

void clg_route_clinic_update(clg_http_exchange *exchange)
{
    json_t *object = clg_http_body_object(exchange);
    if (object == NULL)
        return;
    clg_records records = clg_route_caller_records(exchange);
    clg_clinic_change change = {0};
    clg_clinic_settings settings;
    char days[CLG_WORD_SET_TEXT_SIZE], chairs[32];
    clg_error err;
    clg_status status = read_change(object, &change, days, sizeof days, chairs, &err);
    if (status == CLG_OK)
        status = clg_records_clinic_update(&records, &change, &settings, &err);
    if (status == CLG_OK)
        respond_clinic(exchange, &settings);
    else
        clg_http_problem_from_error(exchange, &err);
    json_decref(object);
}

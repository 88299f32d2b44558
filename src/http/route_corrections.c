/*
 * Corrections (docs/records.md#corrections) over HTTP, as `collagenda
 * session amend | void` and `client edit | merge` (cli/corrections_cli.c):
 * PATCH /api/v1/sessions/{id}, POST /api/v1/sessions/{id}/void,
 * PATCH /api/v1/clients/{id} and POST /api/v1/clients/{id}/merge. A PATCH
 * changes the members it carries; null clears an optional one. The rules
 * are the service's (service/corrections.h); another clinic's id is not
 * found (404), a new date too soon is 409 like a new record, and an e-mail
 * or phone already on file is 409 naming the field and the "existing"
 * client unless "allow_duplicate" is true.
 */
#include <string.h>

#include "collagenda/records.h"
#include "http/answers.h"
#include "http/body.h"
#include "http/records_context.h"
#include "http/routes.h"
#include "model/record_json.h"
#include "render/correction_json.h"
#include "service/corrections.h"

static bool present(const json_t *object, const char *key)
{
    return json_object_get(object, key) != NULL;
}

static void answer_correction(clg_http_exchange *exchange, const clg_session_correction *result)
{
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &body, false);
    clg_render_session_correction_json_value(&result->session, result->verdict.warning,
                                             &result->progress, &writer);
    clg_route_answer_document(exchange, &body);
    clg_buffer_free(&body);
}

/*
 * The members the PATCH carries; a number goes through the parser the
 * command line uses, and null clears it.
 */
static clg_status read_amendment(const json_t *object, clg_session_amendment *a, clg_error *err)
{
    static const char *const keys[] = {"date",  "depth_mm", "laxity_grade", "gais",
                                       "notes", "force",    "reason",       NULL};
    const char *date, *depth, *grade, *gais;
    char depth_text[32], grade_text[32], gais_text[32];
    clg_status status;
    *a = (clg_session_amendment){.laxity_halves = -1};
    if ((status = clg_body_check_keys(object, keys, err)) != CLG_OK ||
        (status = clg_body_string(object, "date", false, &date, err)) != CLG_OK ||
        (status = clg_body_number_text(object, "depth_mm", depth_text, &depth, err)) != CLG_OK ||
        (status = clg_body_number_text(object, "laxity_grade", grade_text, &grade, err)) !=
            CLG_OK ||
        (status = clg_body_number_text(object, "gais", gais_text, &gais, err)) != CLG_OK ||
        (status = clg_body_string(object, "notes", false, &a->notes, err)) != CLG_OK ||
        (status = clg_body_bool(object, "force", &a->forced, err)) != CLG_OK ||
        (status = clg_body_string(object, "reason", false, &a->reason, err)) != CLG_OK)
        return status;
    if (present(object, "date")) {
        if (date == NULL)
            return clg_error_set(err, CLG_ERR_INVALID, "date", "cannot be cleared; give a date");
        if ((status = clg_date_parse(date, "date", &a->date, err)) != CLG_OK)
            return status;
        a->has_date = true;
    }
    a->has_depth = present(object, "depth_mm");
    if (depth && (status = clg_depth_parse("depth_mm", depth, &a->depth_hundredths, err)) != CLG_OK)
        return status;
    a->has_laxity_grade = present(object, "laxity_grade");
    if (grade &&
        (status = clg_laxity_grade_parse("laxity_grade", grade, &a->laxity_halves, err)) != CLG_OK)
        return status;
    a->has_gais = present(object, "gais");
    if (gais && (status = clg_gais_parse("gais", gais, &a->gais, err)) != CLG_OK)
        return status;
    a->has_notes = present(object, "notes");
    if (a->notes && a->notes[0] == '\0')
        a->notes = NULL;
    return CLG_OK;
}

void clg_route_session_amend(clg_http_exchange *exchange)
{
    json_t *object = clg_http_body_object(exchange);
    if (object == NULL)
        return;
    clg_records records = clg_route_caller_records(exchange);
    clg_session_amendment amendment;
    clg_session_correction result = {0};
    clg_error err;
    clg_status status = read_amendment(object, &amendment, &err);
    if (status == CLG_OK)
        status =
            clg_records_session_amend(&records, exchange->params[0], &amendment, &result, &err);
    json_decref(object);
    if (status == CLG_OK)
        answer_correction(exchange, &result);
    else
        clg_route_answer_refusal(exchange, &err);
    clg_records_session_correction_free(&result);
}

void clg_route_session_void(clg_http_exchange *exchange)
{
    static const char *const keys[] = {"reason", NULL};
    json_t *object = clg_http_body_object(exchange);
    if (object == NULL)
        return;
    clg_records records = clg_route_caller_records(exchange);
    clg_session_correction result = {0};
    const char *reason;
    clg_error err;
    clg_status status;
    if ((status = clg_body_check_keys(object, keys, &err)) == CLG_OK &&
        (status = clg_body_string(object, "reason", false, &reason, &err)) == CLG_OK)
        status = clg_records_session_void(&records, exchange->params[0], reason, &result, &err);
    json_decref(object);
    if (status == CLG_OK)
        answer_correction(exchange, &result);
    else
        clg_http_problem_from_error(exchange, &err);
    clg_records_session_correction_free(&result);
}

void clg_route_answer_duplicate(clg_http_exchange *exchange, const clg_error *err, int64_t existing)
{
    if (existing == 0) {
        clg_http_problem_from_error(exchange, err);
        return;
    }
    char detail[sizeof err->field + sizeof err->message + 4];
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &body, false);
    clg_json_begin_object(&w);
    clg_json_member_string(&w, "type", "about:blank");
    clg_json_member_string(&w, "title", "Conflict");
    clg_json_member_int(&w, "status", 409);
    clg_json_member_string(&w, "detail", clg_error_text(err, detail, sizeof detail));
    clg_json_member_string(&w, "field", err->field);
    clg_json_member_int(&w, "existing", (long)existing);
    clg_json_end_object(&w);
    clg_http_respond_text(exchange, 409, "application/problem+json", body.data, body.length);
    clg_buffer_free(&body);
}

static clg_status read_edit(const json_t *object, clg_date today, clg_client_edit *edit,
                            clg_error *err)
{
    static const char *const keys[] = {"name",      "email",           "phone", "birth_date",
                                       "skin_type", "allow_duplicate", NULL};
    const char *birth_date, *skin_type;
    clg_client_row *values = &edit->values;
    clg_status status;
    memset(edit, 0, sizeof *edit);
    if ((status = clg_body_check_keys(object, keys, err)) != CLG_OK ||
        (status = clg_body_string(object, "name", false, &values->name, err)) != CLG_OK ||
        (status = clg_body_string(object, "email", false, &values->email, err)) != CLG_OK ||
        (status = clg_body_string(object, "phone", false, &values->phone, err)) != CLG_OK ||
        (status = clg_body_string(object, "birth_date", false, &birth_date, err)) != CLG_OK ||
        (status = clg_body_string(object, "skin_type", false, &skin_type, err)) != CLG_OK ||
        (status = clg_body_bool(object, "allow_duplicate", &edit->allow_duplicate, err)) != CLG_OK)
        return status;
    static const struct {
        const char *key;
        unsigned field;
    } fields[] = {{"name", CLG_CLIENT_FIELD_NAME},
                  {"email", CLG_CLIENT_FIELD_EMAIL},
                  {"phone", CLG_CLIENT_FIELD_PHONE},
                  {"birth_date", CLG_CLIENT_FIELD_BIRTH_DATE},
                  {"skin_type", CLG_CLIENT_FIELD_SKIN_TYPE}};
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (present(object, fields[i].key))
            edit->fields |= fields[i].field;
    if (birth_date && birth_date[0]) {
        if ((status = clg_birth_date_parse("birth_date", birth_date, today, &values->birth_date,
                                           err)) != CLG_OK)
            return status;
        values->has_birth_date = true;
    }
    if (skin_type && skin_type[0] &&
        (status = clg_skin_type_parse("skin_type", skin_type, &values->skin_type, err)) != CLG_OK)
        return status;
    return CLG_OK;
}

void clg_route_client_edit(clg_http_exchange *exchange)
{
    json_t *object = clg_http_body_object(exchange);
    if (object == NULL)
        return;
    clg_records records = clg_route_caller_records(exchange);
    clg_client_edit edit;
    clg_client_edit_result result = {0};
    clg_error err;
    clg_status status = read_edit(object, records.today, &edit, &err);
    if (status == CLG_OK)
        status = clg_records_client_edit(&records, exchange->params[0], &edit, &result, &err);
    json_decref(object);
    if (status == CLG_OK) {
        clg_buffer body = CLG_BUFFER_INIT;
        clg_json_writer writer;
        clg_json_writer_init(&writer, &body, false);
        clg_client_json_value(&result.client, &writer);
        clg_route_answer_document(exchange, &body);
        clg_buffer_free(&body);
    } else {
        clg_route_answer_duplicate(exchange, &err, result.existing);
    }
    clg_store_row_free(result.client.storage);
}

void clg_route_client_merge(clg_http_exchange *exchange)
{
    static const char *const keys[] = {"other", "reason", NULL};
    json_t *object = clg_http_body_object(exchange);
    if (object == NULL)
        return;
    clg_records records = clg_route_caller_records(exchange);
    long long other = 0;
    const char *reason;
    clg_client_merge_result result;
    clg_error err;
    clg_status status;
    if ((status = clg_body_check_keys(object, keys, &err)) == CLG_OK &&
        (status = clg_body_id(object, "other", &other, &err)) == CLG_OK &&
        (status = clg_body_string(object, "reason", false, &reason, &err)) == CLG_OK)
        status =
            clg_records_client_merge(&records, exchange->params[0], other, reason, &result, &err);
    json_decref(object);
    if (status != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &body, false);
    clg_render_client_merge_json_value(exchange->params[0], other, result.courses, result.sessions,
                                       result.bookings, result.feed_revoked, &writer);
    clg_route_answer_document(exchange, &body);
    clg_buffer_free(&body);
}

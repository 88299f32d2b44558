/*
 * Staff routes over the clinic's records (SPEC §7), mirroring the CLI's
 * JSON. Each handler acts for the caller's clinic only: the store scopes
 * every query by clinic, so another clinic's id is simply not found (404,
 * never 403). Every read and write of a client's record is audited with
 * the user (reads through clg_records_audit_read).
 */
#include <stdatomic.h>
#include <string.h>

#include "collagenda/records.h"
#include "collagenda/request_json.h"
#include "http/body.h"
#include "http/routes.h"
#include "http/server.h"
#include "render/records.h"
#include "render/render.h"

static void respond_created(clg_http_exchange *exchange, int64_t id)
{
    clg_buffer body = CLG_BUFFER_INIT;
    clg_buffer_printf(&body, "{\"id\":%lld}\n", (long long)id);
    clg_http_respond_json(exchange, 201, &body);
    clg_buffer_free(&body);
}

static void respond_document(clg_http_exchange *exchange, clg_buffer *body)
{
    clg_buffer_puts(body, "\n");
    clg_http_respond_json(exchange, 200, body);
}

/* Audits a read of a client's record by the caller; false (answered 500) when it fails. */
static bool audit_read(clg_http_exchange *exchange, const clg_records *records, const char *entity,
                       int64_t id)
{
    clg_error err;
    clg_audit_entry entry = {.who = records->who,
                             .action = entity[1] == 'l' ? "client.read" : "course.read",
                             .entity = entity,
                             .entity_id = id};
    clg_status status = clg_store_begin(records->store, true, &err);
    if (status == CLG_OK)
        status = clg_store_audit_append(records->store, records->clinic, &entry, &err);
    if (status == CLG_OK)
        status = clg_store_commit(records->store, &err);
    else
        clg_store_rollback(records->store);
    if (status != CLG_OK)
        clg_http_problem_from_error(exchange, &err);
    return status == CLG_OK;
}

/* ---- clients ---- */

typedef struct list_context {
    clg_json_writer *writer;
} list_context;

static int write_client(void *context, const clg_client_row *row)
{
    clg_render_client_json_value(row, ((list_context *)context)->writer);
    return 0;
}

static int write_course_summary(void *context, const clg_course_row *row)
{
    clg_render_course_summary_json_value(row, ((list_context *)context)->writer);
    return 0;
}

void clg_route_clients_list(clg_http_exchange *exchange)
{
    clg_records records = clg_route_caller_records(exchange);
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &body, false);
    list_context context = {&writer};
    clg_error err;
    clg_json_begin_array(&writer);
    clg_status status = clg_store_begin(records.store, false, &err);
    if (status == CLG_OK)
        status = clg_store_client_list(records.store, records.clinic, write_client, &context, &err);
    clg_store_rollback(records.store);
    clg_json_end_array(&writer);
    if (status == CLG_OK)
        respond_document(exchange, &body);
    else
        clg_http_problem_from_error(exchange, &err);
    clg_buffer_free(&body);
}

void clg_route_clients_add(clg_http_exchange *exchange)
{
    static const char *const keys[] = {"name", "email", "phone", "birth_date", "skin_type", NULL};
    json_t *object = clg_http_body_object(exchange);
    if (object == NULL)
        return;
    clg_records records = clg_route_caller_records(exchange);
    clg_client_row client = {0};
    const char *birth_date, *skin_type;
    clg_error err;
    clg_status status;
    if ((status = clg_body_check_keys(object, keys, &err)) == CLG_OK &&
        (status = clg_body_string(object, "name", true, &client.name, &err)) == CLG_OK &&
        (status = clg_body_string(object, "email", false, &client.email, &err)) == CLG_OK &&
        (status = clg_body_string(object, "phone", false, &client.phone, &err)) == CLG_OK &&
        (status = clg_body_string(object, "birth_date", false, &birth_date, &err)) == CLG_OK &&
        (status = clg_body_string(object, "skin_type", false, &skin_type, &err)) == CLG_OK) {
        if (birth_date && (status = clg_birth_date_parse("birth_date", birth_date, records.today,
                                                         &client.birth_date, &err)) == CLG_OK)
            client.has_birth_date = true;
        if (status == CLG_OK && skin_type)
            status = clg_skin_type_parse("skin_type", skin_type, &client.skin_type, &err);
    }
    int64_t id;
    if (status == CLG_OK)
        status = clg_records_client_check(&client, "", &err);
    if (status == CLG_OK)
        status = clg_records_client_add(&records, &client, &id, &err);
    json_decref(object);
    if (status == CLG_OK)
        respond_created(exchange, id);
    else
        clg_http_problem_from_error(exchange, &err);
}

void clg_route_client_show(clg_http_exchange *exchange)
{
    clg_records records = clg_route_caller_records(exchange);
    int64_t id = exchange->params[0];
    clg_client_row client = {0};
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &body, false);
    list_context context = {&writer};
    clg_error err;
    clg_status status = clg_store_begin(records.store, false, &err);
    if (status == CLG_OK)
        status = clg_store_client_get(records.store, records.clinic, id, &client, &err);
    if (status == CLG_OK) {
        /* The same document as `client show --format json`. */
        clg_json_begin_object(&writer);
        clg_render_client_json_members(&client, &writer);
        clg_json_key(&writer, "courses");
        clg_json_begin_array(&writer);
        status = clg_store_course_list(records.store, records.clinic, id, write_course_summary,
                                       &context, &err);
        clg_json_end_array(&writer);
        clg_json_end_object(&writer);
    }
    clg_store_rollback(records.store);
    clg_store_row_free(client.storage);
    if (status != CLG_OK)
        clg_http_problem_from_error(exchange, &err);
    else if (audit_read(exchange, &records, "client", id))
        respond_document(exchange, &body);
    clg_buffer_free(&body);
}

/* ---- courses ---- */

void clg_route_courses_start(clg_http_exchange *exchange)
{
    static const char *const extra[] = {"client", "force", "reason", NULL};
    json_t *object = clg_http_body_object(exchange);
    if (object == NULL)
        return;
    clg_records records = clg_route_caller_records(exchange);
    clg_plan_request request;
    long long client_id = 0;
    bool forced = false;
    const char *reason = NULL;
    clg_error err;
    clg_status status;
    if ((status = clg_body_id(object, "client", &client_id, &err)) == CLG_OK &&
        (status = clg_body_override(object, &forced, &reason, &err)) == CLG_OK &&
        (status = clg_plan_request_from_json(object, extra, &request, &err)) == CLG_OK &&
        !request.has_start)
        status = clg_error_set(&err, CLG_ERR_INVALID, "start",
                               "is required to start a course (YYYY-MM-DD)");
    int64_t id;
    if (status == CLG_OK)
        status =
            clg_records_course_start(&records, client_id, &request,
                                     exchange->server->config.protocol, forced, reason, &id, &err);
    json_decref(object);
    if (status == CLG_OK)
        respond_created(exchange, id);
    else
        clg_http_problem_from_error(exchange, &err);
}

void clg_route_course_show(clg_http_exchange *exchange)
{
    clg_records records = clg_route_caller_records(exchange);
    int64_t id = exchange->params[0];
    clg_course_view view;
    clg_error err;
    if (clg_records_course_load(&records, id, &view, &err) != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &body, false);
    clg_render_course_json_value(&view, &writer);
    clg_records_course_view_free(&view);
    if (audit_read(exchange, &records, "course", id))
        respond_document(exchange, &body);
    clg_buffer_free(&body);
}

/*
 * Re-plans the course under the server's protocol (a stored course keeps
 * its own until then); no body, or an empty object. Answers what `course
 * replan ID --format json` prints.
 */
void clg_route_course_replan(clg_http_exchange *exchange)
{
    static const char *const no_keys[] = {NULL};
    clg_error err;
    if (exchange->body_length > 0) {
        json_t *object = clg_http_body_object(exchange);
        if (object == NULL)
            return;
        clg_status checked = clg_body_check_keys(object, no_keys, &err);
        json_decref(object);
        if (checked != CLG_OK) {
            clg_http_problem_from_error(exchange, &err);
            return;
        }
    }
    clg_records records = clg_route_caller_records(exchange);
    const clg_protocol *protocol = exchange->server->config.protocol;
    clg_course_replan_result result;
    if (clg_records_course_replan(&records, exchange->params[0], protocol, &result, &err) !=
        CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &body, false);
    clg_render_course_replan_json_value(exchange->params[0], &result, protocol, &w);
    respond_document(exchange, &body);
    clg_buffer_free(&body);
}

/* ---- sessions ---- */

static clg_status read_session_input(const json_t *object, clg_session_input *input, clg_error *err)
{
    static const char *const keys[] = {
        "date", "modality",  "areas", "depth_mm", "device", "practitioner", "notes", "laxity_grade",
        "gais", "screening", "force", "reason",   NULL};
    const char *date, *modality, *areas, *screening, *depth, *grade, *gais;
    char areas_text[256], screening_text[512], depth_text[32], grade_text[32], gais_text[32];
    int modality_index;
    clg_status status;
    memset(input, 0, sizeof *input);
    input->laxity_halves = -1;
    if ((status = clg_body_check_keys(object, keys, err)) != CLG_OK ||
        (status = clg_body_string(object, "date", true, &date, err)) != CLG_OK ||
        (status = clg_date_parse(date, "date", &input->date, err)) != CLG_OK ||
        (status = clg_body_string(object, "modality", false, &modality, err)) != CLG_OK ||
        (status = clg_body_word_list(object, "areas", areas_text, sizeof areas_text, &areas,
                                     err)) != CLG_OK ||
        (status = clg_body_word_list(object, "screening", screening_text, sizeof screening_text,
                                     &screening, err)) != CLG_OK ||
        (status = clg_body_number_text(object, "depth_mm", depth_text, &depth, err)) != CLG_OK ||
        (status = clg_body_number_text(object, "laxity_grade", grade_text, &grade, err)) !=
            CLG_OK ||
        (status = clg_body_number_text(object, "gais", gais_text, &gais, err)) != CLG_OK ||
        (status = clg_body_string(object, "device", false, &input->device, err)) != CLG_OK ||
        (status = clg_body_string(object, "practitioner", false, &input->practitioner, err)) !=
            CLG_OK ||
        (status = clg_body_string(object, "notes", false, &input->notes, err)) != CLG_OK ||
        (status = clg_body_override(object, &input->forced, &input->reason, err)) != CLG_OK)
        return status;
    if (modality) {
        if ((status = clg_vocabulary_parse(CLG_VOCAB_MODALITY, "modality", modality,
                                           strlen(modality), &modality_index, err)) != CLG_OK)
            return status;
        input->has_modality = true;
        input->modality = (clg_modality)modality_index;
    }
    clg_plan_request scratch;
    clg_plan_request_init(&scratch);
    if (areas) {
        if ((status = clg_plan_request_set(&scratch, "areas", areas, NULL, err)) != CLG_OK)
            return status;
        input->areas = scratch.assessment.areas;
    }
    if (screening) {
        if ((status = clg_plan_request_set(&scratch, "screening", screening, NULL, err)) != CLG_OK)
            return status;
        input->screening = scratch.assessment.screening;
    }
    if (depth &&
        (status = clg_depth_parse("depth_mm", depth, &input->depth_hundredths, err)) != CLG_OK)
        return status;
    if (grade && (status = clg_laxity_grade_parse("laxity_grade", grade, &input->laxity_halves,
                                                  err)) != CLG_OK)
        return status;
    if (gais && (status = clg_gais_parse("gais", gais, &input->gais, err)) != CLG_OK)
        return status;
    return CLG_OK;
}

static const char *timing_name(clg_session_timing timing)
{
    switch (timing) {
    case CLG_TIMING_EARLY:
        return "early";
    case CLG_TIMING_LATE:
        return "late";
    default:
        return "on-time";
    }
}

void clg_route_answer_refusal(clg_http_exchange *exchange, const clg_error *err)
{
    if (err->status == CLG_ERR_REFUSED || err->status == CLG_ERR_FORBIDDEN)
        atomic_fetch_add_explicit(&exchange->server->metrics->sessions_refused, 1,
                                  memory_order_relaxed);
    clg_http_problem_from_error(exchange, err);
}

void clg_route_begin_verdict(clg_json_writer *writer, int64_t id,
                             const clg_session_verdict *verdict)
{
    clg_json_begin_object(writer);
    clg_json_member_int(writer, "id", id);
    clg_json_member_int(writer, "number", verdict->number);
    clg_json_member_string(writer, "timing", timing_name(verdict->timing));
    clg_json_key(writer, "forced");
    clg_json_bool(writer, verdict->forced);
    clg_json_key(writer, "warning");
    clg_json_string(writer, verdict->warning[0] ? verdict->warning : NULL);
}

void clg_route_session_record(clg_http_exchange *exchange)
{
    json_t *object = clg_http_body_object(exchange);
    if (object == NULL)
        return;
    clg_records records = clg_route_caller_records(exchange);
    clg_session_input input;
    clg_session_result result;
    clg_error err;
    clg_status status = read_session_input(object, &input, &err);
    if (status == CLG_OK)
        status = clg_records_session_record(&records, exchange->params[0], &input, &result, &err);
    json_decref(object);
    if (status != CLG_OK) {
        clg_route_answer_refusal(exchange, &err);
        return;
    }
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &body, false);
    clg_route_begin_verdict(&writer, result.id, &result.verdict);
    clg_json_member_string(&writer, "status", clg_course_status_name(result.progress.status));
    clg_json_key(&writer, "next");
    clg_render_next_json_value(&result.progress.next, &writer);
    clg_json_end_object(&writer);
    clg_buffer_puts(&body, "\n");
    clg_http_respond_json(exchange, 201, &body);
    clg_buffer_free(&body);
}

/* ---- due ---- */

enum { DUE_DEFAULT_WITHIN_DAYS = 14, DUE_MAX_WITHIN_DAYS = 3660 };

typedef struct due_context {
    clg_json_writer *writer;
    clg_buffer *csv;
    clg_date on;
} due_context;

static int write_due(void *context, const clg_due_row *row)
{
    due_context *c = context;
    clg_due_item item = {row, row->due < c->on ? c->on - row->due : 0};
    if (c->writer)
        clg_render_due_json_value(&item, c->writer);
    else
        clg_render_due_csv(&item, c->csv);
    return 0;
}

static void due(clg_http_exchange *exchange, bool csv)
{
    clg_records records = clg_route_caller_records(exchange);
    clg_error err;
    clg_date on = records.today;
    long within = DUE_DEFAULT_WITHIN_DAYS;
    const char *on_text = clg_http_query(exchange, "on");
    const char *within_text = clg_http_query(exchange, "within");
    if (on_text && clg_date_parse(on_text, "on", &on, &err) != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    if (within_text) {
        char *end;
        within =
            within_text[0] >= '0' && within_text[0] <= '9' ? strtol(within_text, &end, 10) : -1;
        if (within < 0 || *end != '\0' || within > DUE_MAX_WITHIN_DAYS) {
            clg_error_set(&err, CLG_ERR_INVALID, "within",
                          "'%.40s' is not allowed; use a whole number of days from 0 to %d",
                          within_text, DUE_MAX_WITHIN_DAYS);
            clg_http_problem_from_error(exchange, &err);
            return;
        }
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
    clg_status status = clg_store_begin(records.store, false, &err);
    if (status == CLG_OK)
        status = clg_store_due_list(records.store, records.clinic, on + (clg_date)within, write_due,
                                    &context, &err);
    clg_store_rollback(records.store);
    if (status != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
    } else if (csv) {
        clg_http_add_header(exchange, "Content-Disposition", "attachment; filename=\"due.csv\"");
        clg_http_respond_text(exchange, 200, "text/csv; charset=utf-8; header=present", body.data,
                              body.length);
    } else {
        clg_json_end_array(&writer);
        respond_document(exchange, &body);
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

/*
 * Records workflows; see records.h. Each public function is one
 * transaction: a refused or invalid write rolls back and leaves the
 * database exactly as it was, audit log included.
 */
#include "store/records.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "collagenda/request_json.h"
#include "render/records.h"
#include "render/render.h"
#include "store/records_internal.h"

uint32_t clg_records_word_set(const char *field, const char *text)
{
    clg_plan_request scratch;
    clg_plan_request_init(&scratch);
    scratch.assessment.areas = 0;
    if (clg_plan_request_set(&scratch, field, text, NULL, NULL) != CLG_OK)
        return 0;
    if (strcmp(field, "areas") == 0)
        return scratch.assessment.areas;
    if (strcmp(field, "screening") == 0)
        return scratch.assessment.screening;
    if (strcmp(field, "risks") == 0)
        return scratch.assessment.risks;
    if (strcmp(field, "concerns") == 0)
        return scratch.assessment.concerns;
    return 0;
}

static clg_status rollback_with(const clg_records *r, clg_status status)
{
    clg_store_rollback(r->store);
    return status;
}

static void field_name(char *out, size_t size, const char *prefix, const char *name)
{
    snprintf(out, size, "%s%s", prefix, name);
}

clg_status clg_records_client_check(const clg_client_row *client, const char *prefix,
                                    clg_error *err)
{
    char field[64];
    clg_status status;
    field_name(field, sizeof field, prefix, "name");
    if ((status = clg_text_check(field, client->name ? client->name : "", CLG_NAME_MAX_BYTES, true,
                                 err)) != CLG_OK)
        return status;
    field_name(field, sizeof field, prefix, "email");
    if (client->email && (status = clg_email_check(field, client->email, err)) != CLG_OK)
        return status;
    field_name(field, sizeof field, prefix, "phone");
    if (client->phone && (status = clg_phone_check(field, client->phone, err)) != CLG_OK)
        return status;
    if (client->skin_type < 0 || client->skin_type > CLG_SKIN_TYPE_MAX) {
        field_name(field, sizeof field, prefix, "skin-type");
        return clg_error_set(err, CLG_ERR_INVALID, field, "out of range; use I to VI");
    }
    return CLG_OK;
}

static char *client_json(const clg_client_row *client, int64_t id)
{
    clg_buffer out = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_client_row copy = *client;
    copy.id = id;
    clg_json_writer_init(&w, &out, false);
    clg_render_client_json_value(&copy, &w);
    return out.data;
}

/* Inserts and audits one client inside the caller's write transaction. */
static clg_status insert_client(const clg_records *r, const clg_client_row *client, int64_t *id,
                                clg_error *err)
{
    clg_status status = clg_store_client_insert(r->store, r->clinic, client, id, err);
    if (status != CLG_OK)
        return status;
    char *after = client_json(client, *id);
    clg_audit_entry entry = {.who = r->who,
                             .action = "client.add",
                             .entity = "client",
                             .entity_id = *id,
                             .after = after};
    status = clg_store_audit_append(r->store, r->clinic, &entry, err);
    free(after);
    return status;
}

clg_status clg_records_client_add(const clg_records *r, const clg_client_row *client, int64_t *id,
                                  clg_error *err)
{
    clg_status status = clg_records_client_check(client, "--", err);
    if (status != CLG_OK)
        return status;
    if ((status = clg_store_begin(r->store, true, err)) != CLG_OK)
        return status;
    status = insert_client(r, client, id, err);
    if (status != CLG_OK)
        return rollback_with(r, status);
    return clg_store_commit(r->store, err);
}

clg_status clg_records_clients_import(const clg_records *r, const clg_client_row *clients,
                                      int count, int64_t *ids, clg_error *err)
{
    clg_status status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK)
        return status;
    for (int i = 0; i < count; i++) {
        status = insert_client(r, &clients[i], &ids[i], err);
        if (status != CLG_OK)
            return rollback_with(r, status);
    }
    return clg_store_commit(r->store, err);
}

/* ---- courses --------------------------------------------------------- */

/* The request in the API's own field names, read back by clg_plan_request_from_json. */
static char *request_json(const clg_plan_request *request)
{
    clg_buffer out = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &out, false);
    clg_render_request_json_value(request, false, &w);
    return out.data;
}

clg_status clg_records_request_parse(const char *text, clg_plan_request *request, clg_error *err)
{
    json_error_t json_error;
    json_t *object = json_loads(text, JSON_REJECT_DUPLICATES, &json_error);
    if (object == NULL)
        return clg_error_set(err, CLG_ERR_IO, "database", "a stored course request is not JSON: %s",
                             json_error.text);
    clg_status status = clg_plan_request_from_json(object, NULL, request, err);
    json_decref(object);
    if (status != CLG_OK)
        clg_error_prefix_field(err, "stored course request");
    return status == CLG_OK ? CLG_OK : CLG_ERR_IO;
}

static bool is_blank(const char *text)
{
    if (text == NULL)
        return true;
    for (; *text; text++)
        if (*text != ' ' && *text != '\t' && *text != '\n' && *text != '\r')
            return false;
    return true;
}

clg_status clg_records_check_reason(bool forced, const char *reason, clg_error *err)
{
    if (forced && is_blank(reason))
        return clg_error_set(err, CLG_ERR_INVALID, "--force",
                             "needs --reason TEXT saying why the safety rule is overridden");
    if (forced)
        return clg_text_check("--reason", reason, CLG_TEXT_MAX_BYTES, true, err);
    return CLG_OK;
}

/* Stores the protocol under (name, version), or checks it is the one already stored. */
static clg_status ensure_protocol(const clg_records *r, const clg_protocol *protocol,
                                  clg_error *err)
{
    char *document = clg_protocol_to_json(protocol);
    if (document == NULL)
        return clg_error_set(err, CLG_ERR_IO, "protocol", "out of memory");
    char *stored = NULL;
    clg_status status = clg_store_protocol_get(r->store, r->clinic, protocol->name,
                                               protocol->version, &stored, err);
    if (status == CLG_OK && strcmp(stored, document) != 0)
        status = clg_error_set(err, CLG_ERR_INVALID, "--protocol",
                               "protocol '%s' version '%s' is already stored with different "
                               "content; give the changed protocol a new version",
                               protocol->name, protocol->version);
    if (status == CLG_ERR_NOT_FOUND) {
        status = clg_store_protocol_insert(r->store, r->clinic, protocol->name, protocol->version,
                                           document, err);
        if (status == CLG_OK) {
            clg_audit_entry entry = {
                .who = r->who, .action = "protocol.store", .entity = "protocol", .after = document};
            status = clg_store_audit_append(r->store, r->clinic, &entry, err);
        }
    }
    free(stored);
    free(document);
    return status;
}

/* {"kind", "date", "earliest", "latest"} plus the status, for the audit log. */
static void write_progress(clg_json_writer *w, clg_course_status status,
                           const clg_course_next *next)
{
    clg_json_begin_object(w);
    clg_json_member_string(w, "status", clg_course_status_name(status));
    clg_json_key(w, "next");
    clg_render_next_json_value(next, w);
    clg_json_end_object(w);
}

clg_status clg_records_audit_override(const clg_records *r, const char *entity, int64_t id,
                                      const char *refusal, const char *reason, clg_error *err)
{
    clg_buffer after = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &after, false);
    clg_json_begin_object(&w);
    clg_json_member_string(&w, "overridden", refusal);
    clg_json_end_object(&w);
    clg_audit_entry entry = {.who = r->who,
                             .action = "safety.override",
                             .entity = entity,
                             .entity_id = id,
                             .after = after.data,
                             .reason = reason};
    clg_status status = clg_store_audit_append(r->store, r->clinic, &entry, err);
    clg_buffer_free(&after);
    return status;
}

/*
 * A refusal writes nothing of what was asked, but it is not silent: it gets
 * an audit entry of its own, in its own transaction, after the refused one
 * was rolled back. date is the date asked for. Returns CLG_OK, or the
 * failure to write the entry (then in err).
 */
clg_status clg_records_audit_refusal(const clg_records *r, const char *entity, int64_t id,
                                     clg_date date, const char *refusal, clg_error *err)
{
    clg_buffer after = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &after, false);
    clg_json_begin_object(&w);
    clg_json_member_date(&w, "date", date);
    clg_json_member_string(&w, "refused", refusal);
    clg_json_end_object(&w);
    clg_audit_entry entry = {.who = r->who,
                             .action = "safety.refused",
                             .entity = entity,
                             .entity_id = id,
                             .after = after.data};
    clg_error audit_err;
    clg_status status = clg_store_begin(r->store, true, &audit_err);
    if (status == CLG_OK) {
        status = clg_store_audit_append(r->store, r->clinic, &entry, &audit_err);
        if (status == CLG_OK)
            status = clg_store_commit(r->store, &audit_err);
        else
            clg_store_rollback(r->store);
    }
    clg_buffer_free(&after);
    if (status != CLG_OK)
        *err = audit_err;
    return status;
}

clg_status clg_records_course_start(const clg_records *r, int64_t client_id,
                                    const clg_plan_request *request, const clg_protocol *protocol,
                                    bool forced, const char *reason, int64_t *id, clg_error *err)
{
    if (!request->has_start)
        return clg_error_set(err, CLG_ERR_INVALID, "--start", "a course needs a start date");
    clg_status status = clg_records_check_reason(forced, reason, err);
    if (status != CLG_OK)
        return status;
    clg_plan *plan = malloc(sizeof *plan);
    char *request_text = NULL;
    clg_buffer plan_text = CLG_BUFFER_INIT, after = CLG_BUFFER_INIT;
    clg_client_row client = {0};
    clg_error refusal;
    clg_error_clear(&refusal);
    bool began = false;
    if (plan == NULL) {
        status = clg_error_set(err, CLG_ERR_IO, "course", "out of memory");
        goto out;
    }
    if ((status = clg_plan_compute(protocol, request, plan, err)) != CLG_OK)
        goto out;
    bool blocked;
    clg_course_start_check(plan, false, false, &blocked, &refusal); /* the block, in words */
    status = clg_course_start_check(plan, forced, r->may_override_block, &blocked, err);
    if (status != CLG_OK) {
        clg_status audited =
            clg_records_audit_refusal(r, "client", client_id, request->start, err->message, err);
        if (audited != CLG_OK)
            status = audited;
        goto out;
    }

    clg_course_progress progress;
    if ((status = clg_course_progress_compute(plan, NULL, 0, CLG_COURSE_ACTIVE, &progress, err)) !=
        CLG_OK)
        goto out;
    request_text = request_json(request);
    clg_render_plan_json(plan, &plan_text, false);

    if ((status = clg_store_begin(r->store, true, err)) != CLG_OK)
        goto out;
    began = true;
    if ((status = clg_store_client_get(r->store, r->clinic, client_id, &client, err)) != CLG_OK)
        goto out;
    if ((status = ensure_protocol(r, protocol, err)) != CLG_OK)
        goto out;
    clg_course_row row = {
        .client_id = client_id,
        .protocol_name = protocol->name,
        .protocol_version = protocol->version,
        .request_json = request_text,
        .plan_json = plan_text.data,
        .start = request->start,
        .status = progress.status,
        .next_kind = progress.next.kind,
        .next_date = progress.next.date,
        .forced = forced && blocked,
        .force_reason = forced && blocked ? reason : NULL,
    };
    if ((status = clg_store_course_insert(r->store, r->clinic, &row, id, err)) != CLG_OK)
        goto out;

    clg_json_writer w;
    clg_json_writer_init(&w, &after, false);
    row.id = *id;
    clg_render_course_export_json_value(&row, request, &w);
    clg_audit_entry entry = {.who = r->who,
                             .action = "course.start",
                             .entity = "course",
                             .entity_id = *id,
                             .after = after.data,
                             .reason = row.force_reason};
    if ((status = clg_store_audit_append(r->store, r->clinic, &entry, err)) != CLG_OK)
        goto out;
    if (row.forced && (status = clg_records_audit_override(r, "course", *id, refusal.message,
                                                           reason, err)) != CLG_OK)
        goto out;
    status = clg_store_commit(r->store, err);
    began = false;
out:
    if (began)
        clg_store_rollback(r->store);
    clg_store_row_free(client.storage);
    clg_buffer_free(&plan_text);
    clg_buffer_free(&after);
    free(request_text);
    free(plan);
    return status;
}

/* ---- loading a course ------------------------------------------------ */

/*
 * Copies the texts a borrowed row points at (fields, count of them, each
 * already pointing at the borrowed text or NULL) into one block that
 * *storage then owns, and points the fields at the copies.
 */
static clg_status own_texts(const char **fields[], int count, char **storage, clg_error *err)
{
    size_t total = 1;
    for (int i = 0; i < count; i++)
        if (*fields[i])
            total += strlen(*fields[i]) + 1;
    char *block = malloc(total);
    if (block == NULL)
        return clg_error_set(err, CLG_ERR_IO, "course", "out of memory");
    *storage = block;
    for (int i = 0; i < count; i++) {
        if (*fields[i] == NULL)
            continue;
        size_t length = strlen(*fields[i]) + 1;
        memcpy(block, *fields[i], length);
        *fields[i] = block;
        block += length;
    }
    return CLG_OK;
}

/* Appends a copy of each borrowed row to the view's sessions or bookings. */
typedef struct row_collector {
    clg_course_view *view;
    clg_error *err;
    clg_status status;
} row_collector;

static int collect_session(void *context, const clg_session_row *row)
{
    row_collector *c = context;
    clg_course_view *view = c->view;
    clg_session_row *grown =
        realloc(view->sessions, (size_t)(view->session_count + 1) * sizeof *grown);
    if (grown == NULL) {
        c->status = clg_error_set(c->err, CLG_ERR_IO, "session", "out of memory");
        return 1;
    }
    view->sessions = grown;
    clg_session_row *out = &grown[view->session_count];
    *out = *row;
    const char **texts[] = {&out->modality, &out->areas,     &out->device,      &out->practitioner,
                            &out->notes,    &out->screening, &out->force_reason};
    c->status = own_texts(texts, sizeof texts / sizeof texts[0], &out->storage, c->err);
    if (c->status != CLG_OK)
        return 1;
    view->session_count++;
    return 0;
}

static int collect_booking(void *context, const clg_booking_row *row)
{
    row_collector *c = context;
    clg_course_view *view = c->view;
    clg_booking_row *grown =
        realloc(view->bookings, (size_t)(view->booking_count + 1) * sizeof *grown);
    if (grown == NULL) {
        c->status = clg_error_set(c->err, CLG_ERR_IO, "booking", "out of memory");
        return 1;
    }
    view->bookings = grown;
    clg_booking_row *out = &grown[view->booking_count];
    *out = *row;
    const char **texts[] = {&out->areas, &out->force_reason};
    c->status = own_texts(texts, sizeof texts / sizeof texts[0], &out->storage, c->err);
    if (c->status != CLG_OK)
        return 1;
    view->booking_count++;
    return 0;
}

/* Computes the course's plan afresh and re-flows it around its sessions. */
static clg_status compute_progress(const clg_plan_request *request, const clg_protocol *protocol,
                                   const clg_date *dates, int count, clg_course_status stored,
                                   clg_plan *plan, clg_course_progress *progress, clg_error *err)
{
    clg_status status = clg_plan_compute(protocol, request, plan, err);
    if (status != CLG_OK)
        return status;
    clg_course_status closed = stored == CLG_COURSE_COMPLETED || stored == CLG_COURSE_CANCELLED
                                   ? stored
                                   : CLG_COURSE_ACTIVE;
    return clg_course_progress_compute(plan, dates, count, closed, progress, err);
}

/* The course re-planned as if its bookings had been done on their dates. */
static clg_status progress_with_bookings(clg_course_view *view, clg_error *err)
{
    int count = view->session_count + view->booking_count;
    clg_date *dates = malloc(sizeof *dates * (size_t)(count + 1));
    if (dates == NULL)
        return clg_error_set(err, CLG_ERR_IO, "booking", "out of memory");
    for (int i = 0; i < view->session_count; i++)
        dates[i] = view->sessions[i].date;
    for (int i = 0; i < view->booking_count; i++)
        dates[view->session_count + i] = view->bookings[i].date;
    clg_plan_request request = view->plan->request; /* the plan is recomputed in place */
    clg_status status = compute_progress(&request, view->protocol, dates, count,
                                         view->course.status, view->plan, &view->progress, err);
    free(dates);
    return status;
}

static clg_status load_view(const clg_records *r, int64_t id, clg_course_view *view, clg_error *err)
{
    memset(view, 0, sizeof *view);
    char *document = NULL;
    clg_date *dates = NULL;
    clg_status status = clg_store_course_get(r->store, r->clinic, id, &view->course, err);
    if (status != CLG_OK)
        goto out;
    status = clg_store_client_get(r->store, r->clinic, view->course.client_id, &view->client, err);
    if (status != CLG_OK)
        goto out;
    status = clg_store_protocol_get(r->store, r->clinic, view->course.protocol_name,
                                    view->course.protocol_version, &document, err);
    if (status == CLG_OK)
        status = clg_protocol_parse(document, strlen(document), &view->protocol, err);
    if (status != CLG_OK) {
        status = CLG_ERR_IO; /* the stored protocol is the database's, not the user's, fault */
        goto out;
    }
    row_collector collector = {view, err, CLG_OK};
    status = clg_store_session_list(r->store, r->clinic, id, 0, collect_session, &collector, err);
    if (status == CLG_OK)
        status = collector.status;
    if (status == CLG_OK)
        status =
            clg_store_booking_list(r->store, r->clinic, id, 0, collect_booking, &collector, err);
    if (status == CLG_OK)
        status = collector.status;
    if (status == CLG_OK)
        status = clg_store_clinic_time_zone_get(r->store, r->clinic, view->time_zone, err);
    if (status != CLG_OK)
        goto out;

    clg_plan_request request;
    if ((status = clg_records_request_parse(view->course.request_json, &request, err)) != CLG_OK)
        goto out;
    view->plan = malloc(sizeof *view->plan);
    dates = malloc(sizeof *dates * (size_t)(view->session_count + 1));
    if (view->plan == NULL || dates == NULL) {
        status = clg_error_set(err, CLG_ERR_IO, "course", "out of memory");
        goto out;
    }
    for (int i = 0; i < view->session_count; i++)
        dates[i] = view->sessions[i].date;
    status = compute_progress(&request, view->protocol, dates, view->session_count,
                              view->course.status, view->plan, &view->progress, err);
    /*
     * The schedule shows booked sessions on their dates and the later ones
     * re-flowed from them; the progress (status, next item) stays what the
     * recorded sessions make it, as `due` sees it.
     */
    if (status == CLG_OK && view->booking_count > 0) {
        clg_course_progress recorded = view->progress;
        status = progress_with_bookings(view, err);
        view->progress = recorded;
    }
out:
    free(document);
    free(dates);
    return status;
}

clg_status clg_records_course_load(const clg_records *r, int64_t id, clg_course_view *view,
                                   clg_error *err)
{
    clg_status status = clg_store_begin(r->store, false, err);
    if (status != CLG_OK) {
        memset(view, 0, sizeof *view);
        return status;
    }
    status = load_view(r, id, view, err);
    clg_store_rollback(r->store); /* read only: nothing to keep */
    return status;
}

void clg_records_course_view_free(clg_course_view *view)
{
    clg_store_row_free(view->course.storage);
    clg_store_row_free(view->client.storage);
    clg_protocol_free(view->protocol);
    free(view->plan);
    for (int i = 0; i < view->session_count; i++)
        clg_store_row_free(view->sessions[i].storage);
    free(view->sessions);
    for (int i = 0; i < view->booking_count; i++)
        clg_store_row_free(view->bookings[i].storage);
    free(view->bookings);
    memset(view, 0, sizeof *view);
}

/* ---- recording a session --------------------------------------------- */

typedef struct fact_collector {
    clg_records_judgement *judgement;
    bool failed;
} fact_collector;

static bool add_fact(fact_collector *c, clg_date date, const char *areas)
{
    clg_records_judgement *j = c->judgement;
    clg_session_fact *grown = realloc(j->facts, (size_t)(j->fact_count + 1) * sizeof *grown);
    if (grown == NULL) {
        c->failed = true;
        return false;
    }
    j->facts = grown;
    j->facts[j->fact_count++] = (clg_session_fact){date, clg_records_word_set("areas", areas)};
    return true;
}

static int collect_session_fact(void *context, const clg_session_row *row)
{
    return add_fact(context, row->date, row->areas) ? 0 : 1;
}

static int collect_booking_fact(void *context, const clg_booking_row *row)
{
    return add_fact(context, row->date, row->areas) ? 0 : 1;
}

void clg_records_write_word_list(char *out, size_t size, uint32_t set, clg_vocabulary_id id)
{
    const clg_vocabulary *words = clg_vocabulary_get(id);
    size_t used = 0;
    out[0] = '\0';
    for (int member = 0; member < words->count && used < size; member++) {
        if (!((set >> member) & 1u))
            continue;
        int written =
            snprintf(out + used, size - used, "%s%s", used ? "," : "", words->names[member]);
        if (written > 0)
            used += (size_t)written;
    }
}

static clg_status check_session_input(const clg_session_input *input, clg_error *err)
{
    clg_status status = clg_records_check_reason(input->forced, input->reason, err);
    if (status == CLG_OK && input->device)
        status = clg_text_check("--device", input->device, CLG_NAME_MAX_BYTES, false, err);
    if (status == CLG_OK && input->practitioner)
        status =
            clg_text_check("--practitioner", input->practitioner, CLG_NAME_MAX_BYTES, false, err);
    if (status == CLG_OK && input->notes)
        status = clg_text_check("--notes", input->notes, CLG_TEXT_MAX_BYTES, false, err);
    if (status == CLG_OK && input->has_modality && input->modality == CLG_MODALITY_AUTO)
        status = clg_error_set(err, CLG_ERR_INVALID, "--modality",
                               "'auto' is for plans; record the modality used: traditional, rf, "
                               "roller");
    return status;
}

clg_status clg_records_judge(const clg_records *r, int64_t course_id,
                             const clg_session_input *input, bool booking, clg_records_judgement *j,
                             clg_error *err)
{
    memset(j, 0, sizeof *j);
    clg_status status = load_view(r, course_id, &j->view, err);
    if (status != CLG_OK)
        return status;
    fact_collector facts = {j, false};
    status = clg_store_session_list(r->store, r->clinic, 0, j->view.course.client_id,
                                    collect_session_fact, &facts, err);
    if (status == CLG_OK && booking)
        status = clg_store_booking_list(r->store, r->clinic, 0, j->view.course.client_id,
                                        collect_booking_fact, &facts, err);
    if (status == CLG_OK && facts.failed)
        status = clg_error_set(err, CLG_ERR_IO, "session", "out of memory");
    if (status == CLG_OK && booking)
        status = progress_with_bookings(&j->view, err);
    if (status != CLG_OK)
        return status;

    const clg_plan *plan = j->view.plan;
    j->proposal = (clg_session_proposal){
        .date = input->date,
        .areas = input->areas ? input->areas : plan->request.assessment.areas,
        .modality = input->has_modality ? input->modality : plan->modality,
        .screening = input->screening,
        .client_sessions = j->facts,
        .client_session_count = j->fact_count,
        .forced = input->forced,
        .may_override_block = r->may_override_block,
        .booking = booking,
    };
    return clg_session_evaluate(plan, &j->view.progress, &j->proposal, &j->verdict, err);
}

void clg_records_judgement_free(clg_records_judgement *j)
{
    clg_records_course_view_free(&j->view);
    free(j->facts);
    memset(j, 0, sizeof *j);
}

clg_status clg_records_session_check(const clg_records *r, int64_t course_id,
                                     const clg_session_input *input, bool booking,
                                     clg_session_verdict *verdict, clg_error *err)
{
    memset(verdict, 0, sizeof *verdict);
    clg_session_input asked = *input;
    asked.forced = false; /* a dry run overrides nothing: it says what would be refused */
    asked.reason = NULL;
    clg_status status = check_session_input(&asked, err);
    if (status != CLG_OK)
        return status;
    if ((status = clg_store_begin(r->store, false, err)) != CLG_OK)
        return status;
    clg_records_judgement judgement;
    status = clg_records_judge(r, course_id, &asked, booking, &judgement, err);
    *verdict = judgement.verdict;
    clg_store_rollback(r->store); /* read only: nothing to keep */
    clg_records_judgement_free(&judgement);
    return status == CLG_ERR_REFUSED ? CLG_OK : status;
}

typedef struct open_course_finder {
    int64_t id;
} open_course_finder;

static int find_open_course(void *context, const clg_course_row *row)
{
    open_course_finder *finder = context;
    /* Listed by id: the last open one is the newest. */
    if (row->status == CLG_COURSE_ACTIVE || row->status == CLG_COURSE_MAINTENANCE)
        finder->id = row->id;
    return 0;
}

clg_status clg_records_open_course(const clg_records *r, int64_t client_id, int64_t *course_id,
                                   clg_error *err)
{
    *course_id = 0;
    clg_status status = clg_store_begin(r->store, false, err);
    if (status != CLG_OK)
        return status;
    clg_client_row client = {0};
    open_course_finder finder = {0};
    status = clg_store_client_get(r->store, r->clinic, client_id, &client, err);
    if (status == CLG_OK)
        status =
            clg_store_course_list(r->store, r->clinic, client_id, find_open_course, &finder, err);
    clg_store_rollback(r->store);
    clg_store_row_free(client.storage);
    if (status == CLG_OK)
        *course_id = finder.id;
    return status;
}

clg_status clg_records_session_record(const clg_records *r, int64_t course_id,
                                      const clg_session_input *input, clg_session_result *result,
                                      clg_error *err)
{
    memset(result, 0, sizeof *result);
    clg_status status = check_session_input(input, err);
    if (status != CLG_OK)
        return status;
    if ((status = clg_store_begin(r->store, true, err)) != CLG_OK)
        return status;

    clg_records_judgement judgement;
    clg_course_view *view = &judgement.view;
    clg_date *dates = NULL;
    clg_buffer before = CLG_BUFFER_INIT, after = CLG_BUFFER_INIT;
    bool began = true;
    status = clg_records_judge(r, course_id, input, false, &judgement, err);
    result->verdict = judgement.verdict;
    if (status == CLG_ERR_REFUSED || status == CLG_ERR_FORBIDDEN) {
        clg_store_rollback(r->store);
        began = false;
        clg_status audited =
            clg_records_audit_refusal(r, "course", course_id, input->date, err->message, err);
        if (audited != CLG_OK)
            status = audited;
    }
    if (status != CLG_OK)
        goto out;

    const clg_plan *plan = view->plan;
    const clg_session_proposal *proposal = &judgement.proposal;
    char areas[128], screening[256];
    clg_records_write_word_list(areas, sizeof areas, proposal->areas, CLG_VOCAB_AREA);
    clg_records_write_word_list(screening, sizeof screening, proposal->screening,
                                CLG_VOCAB_SCREENING);
    const clg_session_verdict *verdict = &result->verdict;
    clg_session_row row = {
        .course_id = course_id,
        .client_id = view->course.client_id,
        .number = verdict->number,
        .date = input->date,
        .modality = clg_modality_name(proposal->modality),
        .areas = areas,
        .depth_hundredths = input->depth_hundredths,
        .device = input->device,
        .practitioner = input->practitioner,
        .notes = input->notes,
        .screening = screening,
        .laxity_halves = input->laxity_halves,
        .gais = input->gais,
        .early = verdict->timing == CLG_TIMING_EARLY,
        .late = verdict->timing == CLG_TIMING_LATE,
        .forced = verdict->forced,
        .force_reason = verdict->forced ? input->reason : NULL,
    };
    if ((status = clg_store_session_insert(r->store, r->clinic, &row, &result->id, err)) != CLG_OK)
        goto out;
    row.id = result->id;
    if ((status = clg_records_bookings_settle(r, view, input->date, result->id, err)) != CLG_OK)
        goto out;

    /* The course moves on: re-plan with the new session and keep `due`'s index in step. */
    dates = malloc(sizeof *dates * (size_t)(view->session_count + 1));
    if (dates == NULL) {
        status = clg_error_set(err, CLG_ERR_IO, "session", "out of memory");
        goto out;
    }
    for (int i = 0; i < view->session_count; i++)
        dates[i] = view->sessions[i].date;
    dates[view->session_count] = input->date;
    clg_json_writer w;
    clg_json_writer_init(&w, &before, false);
    write_progress(&w, view->progress.status, &view->progress.next);
    clg_plan_request request = plan->request; /* the plan is recomputed in place */
    status = compute_progress(&request, view->protocol, dates, view->session_count + 1,
                              view->course.status, view->plan, &result->progress, err);
    if (status != CLG_OK)
        goto out;
    const clg_course_next *next = &result->progress.next;
    status = clg_store_course_set_progress(r->store, r->clinic, course_id, result->progress.status,
                                           next->kind, next->date, err);
    if (status != CLG_OK)
        goto out;

    clg_json_writer_init(&w, &after, false);
    clg_json_begin_object(&w);
    clg_json_key(&w, "session");
    clg_render_session_json_value(&row, &w);
    clg_json_key(&w, "course");
    write_progress(&w, result->progress.status, next);
    if (verdict->warning[0])
        clg_json_member_string(&w, "warning", verdict->warning);
    clg_json_end_object(&w);
    clg_audit_entry entry = {.who = r->who,
                             .action = "session.record",
                             .entity = "session",
                             .entity_id = result->id,
                             .before = before.data,
                             .after = after.data,
                             .reason = row.force_reason};
    if ((status = clg_store_audit_append(r->store, r->clinic, &entry, err)) != CLG_OK)
        goto out;
    if (verdict->forced &&
        (status = clg_records_audit_override(r, "session", result->id, verdict->refusal,
                                             input->reason, err)) != CLG_OK)
        goto out;
    status = clg_store_commit(r->store, err);
    began = false;
out:
    if (began)
        clg_store_rollback(r->store);
    clg_records_judgement_free(&judgement);
    free(dates);
    clg_buffer_free(&before);
    clg_buffer_free(&after);
    return status;
}

/* ---- re-planning a course under the current protocol ------------------ */

/* {"protocol": {"name", "version"}, "status", "next"}: what re-planning changes, for the audit log. */
static void write_planned_under(clg_json_writer *w, const char *name, const char *version,
                                const clg_course_progress *progress)
{
    clg_json_begin_object(w);
    clg_json_key(w, "protocol");
    clg_json_begin_object(w);
    clg_json_member_string(w, "name", name);
    clg_json_member_string(w, "version", version);
    clg_json_end_object(w);
    clg_json_member_string(w, "status", clg_course_status_name(progress->status));
    clg_json_key(w, "next");
    clg_render_next_json_value(&progress->next, w);
    clg_json_end_object(w);
}

static clg_status audit_replan(const clg_records *r, int64_t id, const clg_course_view *view,
                               const clg_protocol *protocol, const clg_course_progress *progress,
                               clg_error *err)
{
    clg_buffer before = CLG_BUFFER_INIT, after = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &before, false);
    write_planned_under(&w, view->course.protocol_name, view->course.protocol_version,
                        &view->progress);
    clg_json_writer_init(&w, &after, false);
    write_planned_under(&w, protocol->name, protocol->version, progress);
    clg_audit_entry entry = {.who = r->who,
                             .action = "course.replan",
                             .entity = "course",
                             .entity_id = id,
                             .before = before.data,
                             .after = after.data};
    clg_status status = clg_store_audit_append(r->store, r->clinic, &entry, err);
    clg_buffer_free(&before);
    clg_buffer_free(&after);
    return status;
}

/*
 * A re-plan must not put a course the clinic never forced over a block: a
 * protocol whose screening now blocks the assessment leaves the course on
 * the version it has.
 */
static clg_status check_replan_screening(const clg_course_view *view, const clg_plan *plan,
                                         clg_error *err)
{
    char codes[256];
    if (plan->screening_status != CLG_SCREENING_BLOCKED || view->course.forced)
        return CLG_OK;
    return clg_error_set(err, CLG_ERR_REFUSED, "course",
                         "refused: under protocol %s version %s the assessment's screening is "
                         "blocked by %s; the course stays on version %s",
                         plan->protocol->name, plan->protocol->version,
                         clg_plan_blocked_codes(plan, codes, sizeof codes),
                         view->course.protocol_version);
}

/* The course's plan and progress under protocol, stored with the protocol and audited. */
static clg_status store_replan(const clg_records *r, int64_t id, const clg_course_view *view,
                               const clg_protocol *protocol, clg_plan *plan,
                               clg_course_progress *progress, clg_error *err)
{
    clg_date *dates = malloc(sizeof *dates * (size_t)(view->session_count + 1));
    if (dates == NULL)
        return clg_error_set(err, CLG_ERR_IO, "course", "out of memory");
    for (int i = 0; i < view->session_count; i++)
        dates[i] = view->sessions[i].date;
    clg_plan_request request = view->plan->request;
    clg_buffer plan_text = CLG_BUFFER_INIT;
    clg_status status = compute_progress(&request, protocol, dates, view->session_count,
                                         view->course.status, plan, progress, err);
    if (status == CLG_OK)
        status = check_replan_screening(view, plan, err);
    if (status == CLG_OK)
        status = ensure_protocol(r, protocol, err);
    if (status == CLG_OK) {
        clg_render_plan_json(plan, &plan_text, false);
        status = clg_store_course_set_plan(r->store, r->clinic, id, protocol->name,
                                           protocol->version, plan_text.data, err);
    }
    if (status == CLG_OK)
        status = clg_store_course_set_progress(r->store, r->clinic, id, progress->status,
                                               progress->next.kind, progress->next.date, err);
    if (status == CLG_OK)
        status = audit_replan(r, id, view, protocol, progress, err);
    clg_buffer_free(&plan_text);
    free(dates);
    return status;
}

clg_status clg_records_course_replan(const clg_records *r, int64_t id,
                                     const clg_protocol *protocol,
                                     clg_course_replan_result *result, clg_error *err)
{
    memset(result, 0, sizeof *result);
    clg_status status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK)
        return status;
    clg_course_view view;
    clg_plan *plan = NULL;
    bool keep = false;
    if ((status = load_view(r, id, &view, err)) != CLG_OK)
        goto out;
    snprintf(result->previous_name, sizeof result->previous_name, "%s",
             view.course.protocol_name);
    snprintf(result->previous_version, sizeof result->previous_version, "%s",
             view.course.protocol_version);
    result->progress = view.progress;
    if (view.course.status == CLG_COURSE_COMPLETED || view.course.status == CLG_COURSE_CANCELLED) {
        status = clg_error_set(err, CLG_ERR_INVALID, "course",
                               "the course is %s; a closed course is not re-planned",
                               clg_course_status_name(view.course.status));
        goto out;
    }
    if (strcmp(view.course.protocol_name, protocol->name) == 0 &&
        strcmp(view.course.protocol_version, protocol->version) == 0)
        goto out; /* already planned under it: nothing to write */
    if ((plan = malloc(sizeof *plan)) == NULL) {
        status = clg_error_set(err, CLG_ERR_IO, "course", "out of memory");
        goto out;
    }
    status = store_replan(r, id, &view, protocol, plan, &result->progress, err);
    keep = status == CLG_OK;
    result->changed = keep;
out:
    if (keep)
        status = clg_store_commit(r->store, err);
    else
        clg_store_rollback(r->store);
    clg_records_course_view_free(&view);
    free(plan);
    return status;
}

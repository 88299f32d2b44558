/*
 * Starting a course (the protocol it is planned under is stored with it),
 * re-reading a stored course request, and finding a client's open course.
 * See records.h.
 */
#include "service/records.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "collagenda/request_json.h"
#include "model/plan_json.h"
#include "model/record_json.h"
#include "service/clinic.h"
#include "service/records_internal.h"

/* The request in the API's own field names, read back by clg_plan_request_from_json. */
static char *request_json(const clg_plan_request *request)
{
    clg_buffer out = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &out, false);
    clg_request_json_value(request, false, &w);
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

/* Stores the protocol under (name, version), or checks it is the one already stored. */
clg_status clg_records_protocol_ensure(const clg_records *r, const clg_protocol *protocol,
                                       clg_error *err)
{
    char *document = clg_protocol_to_json(protocol);
    if (document == NULL)
        return clg_error_set(err, CLG_ERR_IO, "protocol", "out of memory");
    char *stored = NULL;
    clg_status status = clg_store_protocol_get(r->store, r->clinic, protocol->name,
                                               protocol->version, &stored, err);
    if (status == CLG_OK && strcmp(stored, document) != 0)
        status = clg_error_set(err, CLG_ERR_INVALID, "protocol",
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

/*
 * The facts the request leaves out, from what the records hold about the
 * client (docs/records.md#stored-facts): today the skin type, which the
 * screening reads. A fact given in the request wins.
 */
static void use_stored_facts(const clg_client_row *client, clg_plan_request *request)
{
    if (request->assessment.skin_type == CLG_SKIN_TYPE_UNKNOWN)
        request->assessment.skin_type = client->skin_type;
}

clg_status clg_records_course_start(const clg_records *r, int64_t client_id,
                                    const clg_plan_request *asked, const clg_protocol *protocol,
                                    bool forced, const char *reason, int64_t *id, clg_error *err)
{
    if (!asked->has_start)
        return clg_error_set(err, CLG_ERR_INVALID, "start", "a course needs a start date");
    clg_status status = clg_records_check_reason(forced, reason, err);
    if (status != CLG_OK)
        return status;
    clg_plan *plan = malloc(sizeof *plan);
    char *request_text = NULL;
    clg_buffer plan_text = CLG_BUFFER_INIT, after = CLG_BUFFER_INIT;
    clg_client_row client = {0};
    clg_plan_request request = *asked;
    clg_error refusal;
    clg_error_clear(&refusal);
    bool began = false;
    if (plan == NULL) {
        status = clg_error_set(err, CLG_ERR_IO, "course", "out of memory");
        goto out;
    }
    if ((status = clg_store_begin(r->store, true, err)) != CLG_OK)
        goto out;
    began = true;
    if ((status = clg_store_client_get(r->store, r->clinic, client_id, &client, err)) != CLG_OK)
        goto out;
    if ((status = clg_records_client_writable(&client, "client", err)) != CLG_OK)
        goto out;
    use_stored_facts(&client, &request);
    /* Planned on the clinic's open days; stored as asked, so a course without its own follows the
     * clinic's when they change (course_view.c). */
    clg_plan_request planned = request;
    clg_clinic_settings clinic;
    if ((status = clg_store_clinic_settings_get(r->store, r->clinic, &clinic, err)) != CLG_OK)
        goto out;
    clg_records_use_clinic_days(&clinic, &planned);
    if ((status = clg_plan_compute(protocol, &planned, plan, err)) != CLG_OK)
        goto out;
    bool blocked;
    clg_course_start_check(plan, false, false, &blocked, &refusal); /* the block, in words */
    status = clg_course_start_check(plan, forced, r->may_override_block, &blocked, err);
    if (status != CLG_OK) {
        clg_store_rollback(r->store);
        began = false;
        clg_status audited =
            clg_records_audit_refusal(r, "client", client_id, request.start, err->message, err);
        if (audited != CLG_OK)
            status = audited;
        goto out;
    }

    clg_course_progress progress;
    if ((status = clg_course_progress_compute(plan, NULL, 0, CLG_COURSE_ACTIVE, &progress, err)) !=
            CLG_OK ||
        (status = clg_course_dates_check(plan, &progress, request.start, "start", err)) != CLG_OK)
        goto out;
    request_text = request_json(&request);
    clg_plan_json(plan, &plan_text, false);

    if ((status = clg_records_protocol_ensure(r, protocol, err)) != CLG_OK)
        goto out;
    clg_course_row row = {
        .client_id = client_id,
        .protocol_name = protocol->name,
        .protocol_version = protocol->version,
        .request_json = request_text,
        .plan_json = plan_text.data,
        .start = request.start,
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
    clg_course_export_json_value(&row, &request, &w);
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

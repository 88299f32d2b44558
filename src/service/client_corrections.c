/*
 * Correcting a client: editing their details with the checks of a new
 * client, and merging the same person entered twice into one record.
 * See corrections.h.
 */
#include "service/corrections.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/record_json.h"
#include "model/row_storage.h"
#include "store/feeds.h"
#include "store/messages.h"
#include "store/portals.h"
#include "service/records_internal.h"

clg_status clg_records_client_writable(const clg_client_row *client, const char *field,
                                       clg_error *err)
{
    if (client->merged_into != 0)
        return clg_error_set(
            err, CLG_ERR_INVALID, field, "client %lld was merged into client %lld; use client %lld",
            (long long)client->id, (long long)client->merged_into, (long long)client->merged_into);
    if (client->erased_at != NULL)
        return clg_error_set(err, CLG_ERR_INVALID, field,
                             "client %lld was erased; an erased client takes no new records and "
                             "no edits, so that no identity comes back to their clinical rows",
                             (long long)client->id);
    return CLG_OK;
}

static char *client_json(const clg_client_row *client)
{
    clg_buffer out = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &out, false);
    clg_client_json_value(client, &w);
    return out.data;
}

/* An empty e-mail or phone is none, as in `client add` and the CSV import. */
static const char *or_none(const char *text)
{
    return text && text[0] ? text : NULL;
}

static void apply_edit(clg_client_row *client, const clg_client_edit *edit)
{
    const clg_client_row *values = &edit->values;
    if (edit->fields & CLG_CLIENT_FIELD_NAME)
        client->name = values->name;
    if (edit->fields & CLG_CLIENT_FIELD_EMAIL)
        client->email = or_none(values->email);
    if (edit->fields & CLG_CLIENT_FIELD_PHONE)
        client->phone = or_none(values->phone);
    if (edit->fields & CLG_CLIENT_FIELD_BIRTH_DATE) {
        client->has_birth_date = values->has_birth_date;
        client->birth_date = values->birth_date;
    }
    if (edit->fields & CLG_CLIENT_FIELD_SKIN_TYPE)
        client->skin_type = values->skin_type;
}

clg_status clg_records_client_edit(const clg_records *r, int64_t id, const clg_client_edit *edit,
                                   clg_client_edit_result *result, clg_error *err)
{
    memset(result, 0, sizeof *result);
    if ((edit->fields & (CLG_CLIENT_FIELD_NAME | CLG_CLIENT_FIELD_EMAIL | CLG_CLIENT_FIELD_PHONE |
                         CLG_CLIENT_FIELD_BIRTH_DATE | CLG_CLIENT_FIELD_SKIN_TYPE)) == 0)
        return clg_error_set(err, CLG_ERR_INVALID, "client",
                             "nothing to edit; give name, email, phone, birth_date or skin_type");
    clg_status status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK)
        return status;
    clg_client_row before = {0};
    char *before_json = NULL, *after_json = NULL;
    if ((status = clg_store_client_get(r->store, r->clinic, id, &before, err)) != CLG_OK)
        goto out;
    if ((status = clg_records_client_writable(&before, "client", err)) != CLG_OK)
        goto out;
    clg_client_row after = before;
    apply_edit(&after, edit);
    if ((status = clg_records_client_check(&after, err)) != CLG_OK)
        goto out;
    /* Only a changed contact is checked: a duplicate kept on purpose before stays allowed. */
    if (!edit->allow_duplicate &&
        (status = clg_records_client_duplicate_check(r, &after, edit->fields, id, &result->existing,
                                                     err)) != CLG_OK)
        goto out;
    if ((status = clg_store_client_update(r->store, r->clinic, &after, err)) != CLG_OK)
        goto out;
    before_json = client_json(&before);
    after_json = client_json(&after);
    clg_audit_entry entry = {.who = r->who,
                             .action = "client.edit",
                             .entity = "client",
                             .entity_id = id,
                             .before = before_json,
                             .after = after_json};
    status = clg_store_audit_append(r->store, r->clinic, &entry, err);
    if (status == CLG_OK) {
        result->client = after;
        result->client.storage = NULL;
        status = clg_client_row_own(&result->client, err);
    }
out:
    status = clg_store_finish(r->store, status, err);
    if (status != CLG_OK) {
        clg_store_row_free(result->client.storage);
        result->client = (clg_client_row){0};
    }
    clg_store_row_free(before.storage);
    free(before_json);
    free(after_json);
    return status;
}

/* The ids of what moves with the merged client, for the audit log. */
typedef struct moved {
    clg_json_writer *w;
    int count;
} moved;

static int note_course(void *context, const clg_course_row *row)
{
    moved *m = context;
    clg_json_int(m->w, (long)row->id);
    m->count++;
    return 0;
}

static int note_session(void *context, const clg_session_row *row)
{
    moved *m = context;
    clg_json_int(m->w, (long)row->id);
    m->count++;
    return 0;
}

static int note_booking(void *context, const clg_booking_row *row)
{
    moved *m = context;
    clg_json_int(m->w, (long)row->id);
    m->count++;
    return 0;
}

/* "moved": {"courses": [...], "sessions": [...], "bookings": [...]}, counted into result. */
static clg_status write_moved(const clg_records *r, int64_t other, clg_json_writer *w,
                              clg_client_merge_result *result, clg_error *err)
{
    moved m = {w, 0};
    clg_json_key(w, "moved");
    clg_json_begin_object(w);
    clg_json_key(w, "courses");
    clg_json_begin_array(w);
    clg_status status = clg_store_course_list(r->store, r->clinic, other, note_course, &m, err);
    clg_json_end_array(w);
    result->courses = m.count;
    m.count = 0;
    clg_json_key(w, "sessions");
    clg_json_begin_array(w);
    if (status == CLG_OK)
        status = clg_store_session_list(r->store, r->clinic, 0, other, note_session, &m, err);
    clg_json_end_array(w);
    result->sessions = m.count;
    m.count = 0;
    clg_json_key(w, "bookings");
    clg_json_begin_array(w);
    if (status == CLG_OK)
        status = clg_store_booking_list(r->store, r->clinic, 0, other, note_booking, &m, err);
    clg_json_end_array(w);
    result->bookings = m.count;
    clg_json_end_object(w);
    return status;
}

static void write_pair(clg_json_writer *w, const clg_client_row *keep, const clg_client_row *other)
{
    clg_json_key(w, "keep");
    clg_client_json_value(keep, w);
    clg_json_key(w, "other");
    clg_client_json_value(other, w);
}

static clg_status audit_merge(const clg_records *r, int64_t id, const char *before,
                              const char *after, const char *reason, clg_error *err)
{
    clg_audit_entry entry = {.who = r->who,
                             .action = "client.merge",
                             .entity = "client",
                             .entity_id = id,
                             .before = before,
                             .after = after,
                             .reason = reason};
    return clg_store_audit_append(r->store, r->clinic, &entry, err);
}

clg_status clg_records_client_merge(const clg_records *r, int64_t keep_id, int64_t other_id,
                                    const char *reason, clg_client_merge_result *result,
                                    clg_error *err)
{
    memset(result, 0, sizeof *result);
    clg_status status = clg_records_correction_reason_check(reason, "a merge", err);
    if (status != CLG_OK)
        return status;
    if (keep_id == other_id)
        return clg_error_set(err, CLG_ERR_INVALID, "other",
                             "client %lld cannot be merged into itself; name two clients",
                             (long long)keep_id);
    if ((status = clg_store_begin(r->store, true, err)) != CLG_OK)
        return status;
    clg_client_row keep = {0}, other = {0};
    clg_buffer before = CLG_BUFFER_INIT, after = CLG_BUFFER_INIT;
    if ((status = clg_store_client_get(r->store, r->clinic, keep_id, &keep, err)) != CLG_OK)
        goto out;
    if ((status = clg_store_client_get(r->store, r->clinic, other_id, &other, err)) != CLG_OK) {
        snprintf(err->field, sizeof err->field, "other");
        goto out;
    }
    if ((status = clg_records_client_writable(&keep, "client", err)) != CLG_OK)
        goto out;
    if (other.merged_into != 0) {
        status = clg_error_set(err, CLG_ERR_INVALID, "other",
                               "client %lld is already merged into client %lld",
                               (long long)other_id, (long long)other.merged_into);
        goto out;
    }
    if ((status = clg_records_client_writable(&other, "other", err)) != CLG_OK)
        goto out;

    clg_json_writer w;
    clg_json_writer_init(&w, &before, false);
    clg_json_begin_object(&w);
    write_pair(&w, &keep, &other);
    clg_json_end_object(&w);

    clg_json_writer_init(&w, &after, false);
    clg_json_begin_object(&w);
    clg_client_row merged = other;
    merged.merged_into = keep_id;
    write_pair(&w, &keep, &merged);
    if ((status = write_moved(r, other_id, &w, result, err)) != CLG_OK)
        goto out;
    if ((status = clg_store_client_merge(r->store, r->clinic, keep_id, other_id, err)) != CLG_OK)
        goto out;
    /* The merged record's calendar feed would go empty without a word: it ends with the merge. */
    int revoked = 0;
    if ((status = clg_store_feed_revoke(r->store, r->clinic, other_id, &revoked, err)) != CLG_OK)
        goto out;
    result->feed_revoked = revoked > 0;
    clg_json_key(&w, "feed_revoked");
    clg_json_bool(&w, result->feed_revoked);
    /* So does the other client's portal link: a merged client has no page. */
    if ((status = clg_store_portal_revoke(r->store, r->clinic, other_id, &revoked, err)) != CLG_OK)
        goto out;
    clg_json_key(&w, "portal_revoked");
    clg_json_bool(&w, revoked > 0);
    /*
     * A wish not to be reminded is the person's, whichever record heard it:
     * the kept client stays opted out if the other had opted out.
     */
    bool opted_out = false;
    char since[32];
    int changed = 0;
    if ((status = clg_store_opt_out_get(r->store, r->clinic, other_id, &opted_out, since, err)) !=
            CLG_OK ||
        (opted_out && (status = clg_store_opt_out_set(r->store, r->clinic, keep_id, true, &changed,
                                                      err)) != CLG_OK))
        goto out;
    clg_json_key(&w, "opt_out_carried");
    clg_json_bool(&w, changed > 0);
    clg_json_end_object(&w);
    /* One entry on each client, so that either one's history shows the merge. */
    if ((status = audit_merge(r, keep_id, before.data, after.data, reason, err)) == CLG_OK)
        status = audit_merge(r, other_id, before.data, after.data, reason, err);
out:
    status = clg_store_finish(r->store, status, err);
    clg_store_row_free(keep.storage);
    clg_store_row_free(other.storage);
    clg_buffer_free(&before);
    clg_buffer_free(&after);
    return status;
}

/*
 * The client's data: the export for a right-of-access request and the
 * erasure; see client_data.h and docs/records.md#the-clients-data.
 */
#include "service/client_data.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "base/json_writer.h"
#include "model/record_json.h"
#include "service/audit_reader.h"
#include "service/records_internal.h"
#include "store/feeds.h"
#include "store/portals.h"
#include "store/requests.h"

const char *clg_records_client_tombstone(int64_t id, char out[CLG_TOMBSTONE_SIZE])
{
    snprintf(out, CLG_TOMBSTONE_SIZE, "erased client %lld", (long long)id);
    return out;
}

/* ---- export ---- */

/* The export's own audit entry: who took it out, in which format. */
static clg_status audit_export(const clg_records *r, int64_t id, const char *format, clg_error *err)
{
    clg_buffer after = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &after, false);
    clg_json_begin_object(&w);
    clg_json_member_string(&w, "format", format);
    clg_json_end_object(&w);
    clg_audit_entry entry = {.who = r->who,
                             .action = "client.export",
                             .entity = "client",
                             .entity_id = id,
                             .after = after.data};
    clg_status status = clg_store_audit_append(r->store, r->clinic, &entry, err);
    clg_buffer_free(&after);
    return status;
}

clg_status clg_records_client_export(const clg_records *r, int64_t id, const char *format,
                                     const clg_client_export_visitor *v, clg_error *err)
{
    clg_status status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK)
        return status;
    clg_client_row client = {0};
    char time_zone[CLG_TIME_ZONE_SIZE] = "";
    if ((status = clg_store_client_get(r->store, r->clinic, id, &client, err)) != CLG_OK ||
        (status = clg_store_clinic_time_zone_get(r->store, r->clinic, time_zone, err)) != CLG_OK)
        goto out;
    v->client(v->context, &client, time_zone);
    v->part(v->context, CLG_CLIENT_EXPORT_COURSES);
    if ((status = clg_store_course_list(r->store, r->clinic, id, v->course, v->context, err)) !=
        CLG_OK)
        goto out;
    v->part(v->context, CLG_CLIENT_EXPORT_SESSIONS);
    if ((status = clg_store_session_list(r->store, r->clinic, 0, id, v->session, v->context,
                                         err)) != CLG_OK)
        goto out;
    v->part(v->context, CLG_CLIENT_EXPORT_BOOKINGS);
    if ((status = clg_store_booking_list(r->store, r->clinic, 0, id, v->booking, v->context,
                                         err)) != CLG_OK)
        goto out;
    v->part(v->context, CLG_CLIENT_EXPORT_FEEDS);
    if ((status = clg_store_feed_list(r->store, r->clinic, id, v->feed, v->context, err)) != CLG_OK)
        goto out;
    v->part(v->context, CLG_CLIENT_EXPORT_PORTALS);
    if ((status = clg_store_portal_list(r->store, r->clinic, id, v->portal, v->context, err)) !=
        CLG_OK)
        goto out;
    v->part(v->context, CLG_CLIENT_EXPORT_MESSAGES);
    if ((status = clg_store_message_list(r->store, r->clinic, id, v->message, v->context, err)) !=
        CLG_OK)
        goto out;
    /* The entries written before this one: the export does not list itself. */
    v->part(v->context, CLG_CLIENT_EXPORT_AUDIT);
    if ((status = clg_records_audit_of_client(r, id, v->audit, v->context, err)) != CLG_OK)
        goto out;
    status = audit_export(r, id, format, err);
out:
    clg_store_row_free(client.storage);
    return clg_store_finish(r->store, status, err);
}

/* ---- erasure ---- */

/* A letter or digit, any byte of a UTF-8 sequence counted as a letter. */
static bool is_word_byte(char c)
{
    return isalnum((unsigned char)c) || (unsigned char)c >= 0x80;
}

/*
 * Whether needle (not empty) occurs in text as a whole word or words,
 * ignoring ASCII case: a client called "Al" is not found in "Also".
 */
static bool contains_word(const char *text, const char *needle)
{
    size_t length = strlen(needle);
    if (length == 0)
        return false;
    for (const char *at = text; *at; at++) {
        if (at > text && is_word_byte(at[-1]) && is_word_byte(needle[0]))
            continue;
        size_t i = 0;
        while (i < length && at[i] &&
               tolower((unsigned char)at[i]) == tolower((unsigned char)needle[i]))
            i++;
        if (i == length && !(is_word_byte(at[length]) && is_word_byte(needle[length - 1])))
            return true;
    }
    return false;
}

clg_status clg_records_reason_names_nobody(const char *reason, const char *name, const char *email,
                                           const char *phone, clg_error *err)
{
    const char *personal[] = {name, email, phone};
    const char *what[] = {"name", "e-mail", "phone"};
    for (int i = 0; i < 3; i++)
        if (personal[i] && contains_word(reason, personal[i]))
            return clg_error_set(err, CLG_ERR_INVALID, "reason",
                                 "repeats the client's %s; the reason stays in the audit log, so "
                                 "say why without saying who",
                                 what[i]);
    return CLG_OK;
}

/*
 * The erasure's audit entry. It holds no erased value: not before (the
 * client as it was), only which fields held something, and after the
 * tombstone.
 */
static clg_status audit_erasure(const clg_records *r, const clg_client_row *was,
                                const clg_client_row *now, int notes_cleared, bool feed_revoked,
                                bool portal_revoked, int requests_erased, const char *reason,
                                clg_error *err)
{
    clg_buffer after = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &after, false);
    clg_json_begin_object(&w);
    clg_json_key(&w, "client");
    clg_client_json_value(now, &w);
    clg_json_key(&w, "erased");
    clg_json_begin_array(&w);
    clg_json_string(&w, "name");
    if (was->email)
        clg_json_string(&w, "email");
    if (was->phone)
        clg_json_string(&w, "phone");
    if (was->has_birth_date)
        clg_json_string(&w, "birth_date");
    if (was->skin_type)
        clg_json_string(&w, "skin_type");
    clg_json_end_array(&w);
    clg_json_member_int(&w, "session_notes_erased", notes_cleared);
    clg_json_key(&w, "feed_revoked");
    clg_json_bool(&w, feed_revoked);
    clg_json_key(&w, "portal_revoked");
    clg_json_bool(&w, portal_revoked);
    clg_json_member_int(&w, "requests_erased", requests_erased);
    clg_json_end_object(&w);
    clg_audit_entry entry = {.who = r->who,
                             .action = "client.erase",
                             .entity = "client",
                             .entity_id = now->id,
                             .after = after.data,
                             .reason = reason};
    clg_status status = clg_store_audit_append(r->store, r->clinic, &entry, err);
    clg_buffer_free(&after);
    return status;
}

/*
 * The revocation of the client's live link of one kind (a calendar feed, a
 * portal link), audited as `feed revoke` and `portal revoke` audit it.
 */
static clg_status revoke_link(const clg_records *r, int64_t id,
                              clg_status (*revoke)(clg_store *, int64_t, int64_t, int *,
                                                   clg_error *),
                              const char *action, bool *revoked, clg_error *err)
{
    int count = 0;
    clg_status status = revoke(r->store, r->clinic, id, &count, err);
    *revoked = count > 0;
    if (status != CLG_OK || !*revoked)
        return status;
    clg_audit_entry entry = {
        .who = r->who, .action = action, .entity = "client", .entity_id = id, .client_id = id};
    return clg_store_audit_append(r->store, r->clinic, &entry, err);
}

clg_status clg_records_client_erase(const clg_records *r, int64_t id, const char *reason,
                                    clg_client_row *erased, clg_error *err)
{
    memset(erased, 0, sizeof *erased);
    clg_status status =
        clg_text_check("reason", reason ? reason : "", CLG_TEXT_MAX_BYTES, true, err);
    if (status != CLG_OK)
        return status;
    if ((status = clg_store_begin(r->store, true, err)) != CLG_OK)
        return status;
    clg_client_row was = {0};
    char tombstone[CLG_TOMBSTONE_SIZE];
    int notes_cleared = 0;
    bool feed_revoked = false, portal_revoked = false;
    int requests_erased = 0;
    if ((status = clg_store_client_get(r->store, r->clinic, id, &was, err)) != CLG_OK)
        goto out;
    if (was.erased_at) {
        status =
            clg_error_set(err, CLG_ERR_INVALID, "client", "client %lld was already erased at %s",
                          (long long)id, was.erased_at);
        goto out;
    }
    if ((status = clg_records_reason_names_nobody(reason, was.name, was.email, was.phone, err)) !=
            CLG_OK ||
        (status = clg_store_client_erase(r->store, r->clinic, id,
                                         clg_records_client_tombstone(id, tombstone), err)) !=
            CLG_OK ||
        (status = clg_store_session_clear_notes(r->store, r->clinic, id, &notes_cleared, err)) !=
            CLG_OK ||
        (status = revoke_link(r, id, clg_store_feed_revoke, "feed.revoke", &feed_revoked, err)) !=
            CLG_OK ||
        (status = revoke_link(r, id, clg_store_portal_revoke, "portal.revoke", &portal_revoked,
                              err)) != CLG_OK ||
        (status = clg_store_request_erase_for_client(r->store, r->clinic, id, &requests_erased,
                                                     err)) != CLG_OK ||
        (status = clg_store_client_get(r->store, r->clinic, id, erased, err)) != CLG_OK)
        goto out;
    status = audit_erasure(r, &was, erased, notes_cleared, feed_revoked, portal_revoked,
                           requests_erased, reason, err);
out:
    clg_store_row_free(was.storage);
    status = clg_store_finish(r->store, status, err);
    if (status != CLG_OK) {
        clg_store_row_free(erased->storage);
        memset(erased, 0, sizeof *erased);
    }
    return status;
}

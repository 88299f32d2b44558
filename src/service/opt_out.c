/*
 * A client's reminders: the one-click opt-out link each message carries
 * (PUBLIC_URL/opt-out/TOKEN: the token is random, only its SHA-256 is kept,
 * on the message's row), staff turning reminders on or off, and the list of
 * messages staff see. See reminders.h and docs/records.md#reminders.
 */
#include <stdio.h>
#include <string.h>

#include "base/json_writer.h"
#include "service/records_internal.h"
#include "service/reminders.h"

static bool is_token(const char *text)
{
    size_t length = 0;
    for (; text[length]; length++) {
        char c = text[length];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return length == CLG_SECRET_TEXT_SIZE - 1;
}

static clg_status not_found(clg_error *err)
{
    return clg_error_set(err, CLG_ERR_NOT_FOUND, "token", "no such opt-out link");
}

/* The message's clinic and client, and the clinic's name; NOT_FOUND the same for any miss. */
static clg_status find(clg_store *store, const char *token, int64_t *clinic, int64_t *client_id,
                       char clinic_name[CLG_NAME_MAX_BYTES + 1], clg_error *err)
{
    if (!is_token(token))
        return not_found(err);
    char hash[CLG_SECRET_HASH_TEXT_SIZE];
    clg_secret_hash(token, hash);
    clg_status status = clg_store_opt_out_token(store, hash, clinic, client_id, err);
    clg_clinic_settings settings;
    if (status == CLG_OK &&
        (status = clg_store_clinic_settings_get(store, *clinic, &settings, err)) == CLG_OK &&
        clinic_name != NULL)
        snprintf(clinic_name, CLG_NAME_MAX_BYTES + 1, "%s", settings.name);
    return status == CLG_ERR_NOT_FOUND ? not_found(err) : status;
}

static clg_status audit_reminders(clg_store *store, int64_t clinic, const char *who,
                                  const char *action, int64_t client_id, bool was_on, bool on,
                                  clg_error *err)
{
    char before[32], after[32];
    snprintf(before, sizeof before, "{\"reminders\":\"%s\"}", was_on ? "on" : "off");
    snprintf(after, sizeof after, "{\"reminders\":\"%s\"}", on ? "on" : "off");
    clg_audit_entry entry = {.who = who,
                             .action = action,
                             .entity = "client",
                             .entity_id = client_id,
                             .before = before,
                             .after = after};
    return clg_store_audit_append(store, clinic, &entry, err);
}

clg_status clg_records_opt_out_check(clg_store *store, const char *token,
                                     char clinic_name[CLG_NAME_MAX_BYTES + 1], clg_error *err)
{
    int64_t clinic, client_id;
    clg_status status = clg_store_begin(store, false, err);
    if (status != CLG_OK)
        return status;
    status = find(store, token, &clinic, &client_id, clinic_name, err);
    clg_store_rollback(store); /* read only */
    return status;
}

clg_status clg_records_opt_out_by_token(clg_store *store, const char *token, const char *who,
                                        char clinic_name[CLG_NAME_MAX_BYTES + 1], clg_error *err)
{
    int64_t clinic, client_id;
    if (!is_token(token))
        return not_found(err);
    clg_status status = clg_store_begin(store, true, err);
    if (status != CLG_OK)
        return status;
    int changed = 0;
    if ((status = find(store, token, &clinic, &client_id, clinic_name, err)) == CLG_OK)
        status = clg_store_opt_out_set(store, clinic, client_id, true, &changed, err);
    if (status == CLG_OK && changed) /* a second click changes nothing and says nothing */
        status = audit_reminders(store, clinic, who, "client.opt_out", client_id, true, false, err);
    return clg_store_finish(store, status, err);
}

/* The clinic's client (another clinic's is not found); merged and erased ones included. */
static clg_status client_exists(const clg_records *r, int64_t client_id, clg_error *err)
{
    clg_client_row client = {0};
    clg_status status = clg_store_client_get(r->store, r->clinic, client_id, &client, err);
    clg_store_row_free(client.storage);
    return status;
}

clg_status clg_records_reminders_set(const clg_records *r, int64_t client_id, bool on,
                                     clg_error *err)
{
    clg_status status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK)
        return status;
    int changed = 0;
    if ((status = client_exists(r, client_id, err)) == CLG_OK)
        status = clg_store_opt_out_set(r->store, r->clinic, client_id, !on, &changed, err);
    if (status == CLG_OK && changed)
        status = audit_reminders(r->store, r->clinic, r->who, "client.reminders", client_id, !on,
                                 on, err);
    return clg_store_finish(r->store, status, err);
}

clg_status clg_records_messages_list(const clg_records *r, int64_t client_id,
                                     clg_message_visitor visit, void *context, bool *opted_out,
                                     char since[32], clg_error *err)
{
    clg_status status = clg_store_begin(r->store, false, err);
    if (status != CLG_OK)
        return status;
    if ((status = client_exists(r, client_id, err)) == CLG_OK &&
        (status = clg_store_opt_out_get(r->store, r->clinic, client_id, opted_out, since, err)) ==
            CLG_OK)
        status = clg_store_message_list(r->store, r->clinic, client_id, visit, context, err);
    clg_store_rollback(r->store); /* read only */
    return status;
}

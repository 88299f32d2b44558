/*
 * Clients: the checks of a client's fields, the check that a client is not
 * on file twice, adding one, importing many.
 * See records.h.
 */
#include "service/records.h"

#include <stdio.h>
#include <stdlib.h>

#include "model/record_json.h"
#include "service/corrections.h"
#include "service/records_internal.h"

static clg_status rollback_with(const clg_records *r, clg_status status)
{
    clg_store_rollback(r->store);
    return status;
}

clg_status clg_records_client_check(const clg_client_row *client, clg_error *err)
{
    clg_status status;
    if ((status = clg_text_check("name", client->name ? client->name : "", CLG_NAME_MAX_BYTES, true,
                                 err)) != CLG_OK)
        return status;
    if (client->email && (status = clg_email_check("email", client->email, err)) != CLG_OK)
        return status;
    if (client->phone && (status = clg_phone_check("phone", client->phone, err)) != CLG_OK)
        return status;
    if (client->skin_type < 0 || client->skin_type > CLG_SKIN_TYPE_MAX) {
        return clg_error_set(err, CLG_ERR_INVALID, "skin_type", "out of range; use I to VI");
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
    clg_client_json_value(&copy, &w);
    return out.data;
}

/* One contact field against the clinic's other clients (docs/records.md#corrections). */
static clg_status check_contact(const clg_records *r, const char *field, const char *email,
                                const char *phone, int64_t except, int64_t *existing,
                                clg_error *err)
{
    clg_client_row other;
    clg_status status =
        clg_store_client_find_contact(r->store, r->clinic, email, phone, except, &other, err);
    if (status == CLG_ERR_NOT_FOUND)
        return CLG_OK;
    if (status == CLG_OK) {
        if (existing)
            *existing = other.id;
        status = clg_error_set(err, CLG_ERR_INVALID, field,
                               "'%.200s' already belongs to client %lld (%.200s)",
                               email ? email : phone, (long long)other.id, other.name);
    }
    clg_store_row_free(other.storage);
    return status;
}

clg_status clg_records_client_duplicate_check(const clg_records *r, const clg_client_row *client,
                                              unsigned fields, int64_t except, int64_t *existing,
                                              clg_error *err)
{
    clg_status status = CLG_OK;
    if ((fields & CLG_CLIENT_FIELD_EMAIL) && client->email && client->email[0])
        status = check_contact(r, "email", client->email, NULL, except, existing, err);
    if (status == CLG_OK && (fields & CLG_CLIENT_FIELD_PHONE) && client->phone && client->phone[0])
        status = check_contact(r, "phone", NULL, client->phone, except, existing, err);
    return status;
}

/*
 * Inserts and audits one client inside the caller's write transaction,
 * after the duplicate check unless allow_duplicate.
 */
static clg_status insert_client(const clg_records *r, const clg_client_row *client,
                                bool allow_duplicate, int64_t *id, int64_t *existing,
                                clg_error *err)
{
    clg_status status = CLG_OK;
    if (!allow_duplicate)
        status = clg_records_client_duplicate_check(
            r, client, CLG_CLIENT_FIELD_EMAIL | CLG_CLIENT_FIELD_PHONE, 0, existing, err);
    if (status == CLG_OK)
        status = clg_store_client_insert(r->store, r->clinic, client, id, err);
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

clg_status clg_records_client_add(const clg_records *r, const clg_client_row *client,
                                  bool allow_duplicate, int64_t *id, int64_t *existing,
                                  clg_error *err)
{
    if (existing)
        *existing = 0;
    clg_status status = clg_records_client_check(client, err);
    if (status != CLG_OK)
        return status;
    if ((status = clg_store_begin(r->store, true, err)) != CLG_OK)
        return status;
    status = insert_client(r, client, allow_duplicate, id, existing, err);
    if (status != CLG_OK)
        return rollback_with(r, status);
    return clg_store_commit(r->store, err);
}

clg_status clg_records_clients_import(const clg_records *r, const clg_client_row *clients,
                                      int count, bool allow_duplicate, int64_t *ids, int *failed,
                                      clg_error *err)
{
    *failed = -1;
    clg_status status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK)
        return status;
    /* Each row is checked against the clients already on file, the file's earlier rows too. */
    for (int i = 0; i < count; i++) {
        status = insert_client(r, &clients[i], allow_duplicate, &ids[i], NULL, err);
        if (status != CLG_OK) {
            *failed = i;
            return rollback_with(r, status);
        }
    }
    return clg_store_commit(r->store, err);
}

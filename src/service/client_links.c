/*
 * A client's secret links (feeds, portals): see client_links.h.
 */
#include "service/client_links.h"

#include <stdio.h>
#include <string.h>

#include "base/json_writer.h"
#include "service/records_internal.h"

clg_status clg_client_link_check_client(const clg_records *r, int64_t client_id, bool creating,
                                        clg_error *err)
{
    clg_client_row client = {0};
    clg_status status = clg_store_client_get(r->store, r->clinic, client_id, &client, err);
    if (status == CLG_OK && creating)
        status = clg_records_client_writable(&client, "client", err);
    clg_store_row_free(client.storage);
    return status;
}

/* NOUN.create with {"NOUN": id}, or NOUN.revoke (link_id 0) with no document. */
static clg_status audit_link(const clg_records *r, const clg_client_link_kind *kind,
                             const char *verb, int64_t client_id, int64_t link_id, clg_error *err)
{
    char action[32];
    snprintf(action, sizeof action, "%s.%s", kind->noun, verb);
    clg_buffer after = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &after, false);
    clg_json_begin_object(&w);
    if (link_id > 0)
        clg_json_member_int(&w, kind->noun, link_id);
    clg_json_end_object(&w);
    clg_audit_entry entry = {.who = r->who,
                             .action = action,
                             .entity = "client",
                             .entity_id = client_id,
                             .after = link_id > 0 ? after.data : NULL,
                             .client_id = client_id};
    clg_status status = clg_store_audit_append(r->store, r->clinic, &entry, err);
    clg_buffer_free(&after);
    return status;
}

clg_status clg_client_link_create(const clg_records *r, const clg_client_link_kind *kind,
                                  int64_t client_id, char token[CLG_SECRET_TEXT_SIZE],
                                  clg_error *err)
{
    char hash[CLG_SECRET_HASH_TEXT_SIZE];
    clg_secret_new(token);
    clg_secret_hash(token, hash);
    clg_status status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK)
        goto out;
    int revoked = 0;
    int64_t id = 0;
    status = clg_client_link_check_client(r, client_id, true, err);
    if (status == CLG_OK)
        status = kind->revoke(r->store, r->clinic, client_id, &revoked, err);
    if (status == CLG_OK && revoked)
        status = audit_link(r, kind, "revoke", client_id, 0, err);
    if (status == CLG_OK)
        status = kind->insert(r->store, r->clinic, client_id, hash, &id, err);
    if (status == CLG_OK)
        status = audit_link(r, kind, "create", client_id, id, err);
    status = clg_store_finish(r->store, status, err);
out:
    if (status != CLG_OK)
        memset(token, 0, CLG_SECRET_TEXT_SIZE);
    return status;
}

clg_status clg_client_link_revoke(const clg_records *r, const clg_client_link_kind *kind,
                                  int64_t client_id, clg_error *err)
{
    clg_status status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK)
        return status;
    int revoked = 0;
    if ((status = clg_client_link_check_client(r, client_id, false, err)) == CLG_OK &&
        (status = kind->revoke(r->store, r->clinic, client_id, &revoked, err)) == CLG_OK &&
        revoked == 0)
        status =
            clg_error_set(err, CLG_ERR_NOT_FOUND, kind->noun, "client %lld has no %s to revoke",
                          (long long)client_id, kind->words);
    if (status == CLG_OK)
        status = audit_link(r, kind, "revoke", client_id, 0, err);
    return clg_store_finish(r->store, status, err);
}

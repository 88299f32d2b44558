/*
 * Calendar feeds through the store's backend, and the create / revoke
 * workflows every door uses; see feeds.h. Each workflow is one write
 * transaction with its audit entry, so a feed never changes unrecorded.
 */
#include "service/feeds.h"

#include <stdio.h>
#include <string.h>

#include "base/json_writer.h"
#include "service/records_internal.h"

const char *clg_feed_path(const char *token, char out[CLG_FEED_PATH_SIZE])
{
    snprintf(out, CLG_FEED_PATH_SIZE, "/feeds/%s.ics", token);
    return out;
}

/*
 * The client must be the clinic's: another clinic's client is simply not
 * found. A new feed also needs a client who is neither a merged stub nor
 * erased.
 */
static clg_status check_client(const clg_records *r, int64_t client_id, bool creating,
                               clg_error *err)
{
    clg_client_row client = {0};
    clg_status status = clg_store_client_get(r->store, r->clinic, client_id, &client, err);
    if (status == CLG_OK && creating)
        status = clg_records_client_writable(&client, "client", err);
    clg_store_row_free(client.storage);
    return status;
}

static clg_status audit_feed(const clg_records *r, const char *action, int64_t client_id,
                             int64_t feed_id, clg_error *err)
{
    clg_buffer after = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &after, false);
    clg_json_begin_object(&w);
    if (feed_id > 0)
        clg_json_member_int(&w, "feed", feed_id);
    clg_json_end_object(&w);
    clg_audit_entry entry = {.who = r->who,
                             .action = action,
                             .entity = "client",
                             .entity_id = client_id,
                             .after = feed_id > 0 ? after.data : NULL};
    clg_status status = clg_store_audit_append(r->store, r->clinic, &entry, err);
    clg_buffer_free(&after);
    return status;
}

clg_status clg_records_feed_create(const clg_records *r, int64_t client_id,
                                   char token[CLG_SECRET_TEXT_SIZE], clg_error *err)
{
    char hash[CLG_SECRET_HASH_TEXT_SIZE];
    clg_secret_new(token);
    clg_secret_hash(token, hash);
    clg_status status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK)
        goto out;
    int revoked = 0;
    int64_t id = 0;
    status = check_client(r, client_id, true, err);
    if (status == CLG_OK)
        status = clg_store_feed_revoke(r->store, r->clinic, client_id, &revoked, err);
    if (status == CLG_OK && revoked)
        status = audit_feed(r, "feed.revoke", client_id, 0, err);
    if (status == CLG_OK)
        status = clg_store_feed_insert(r->store, r->clinic, client_id, hash, &id, err);
    if (status == CLG_OK)
        status = audit_feed(r, "feed.create", client_id, id, err);
    status = clg_store_finish(r->store, status, err);
out:
    if (status != CLG_OK)
        memset(token, 0, CLG_SECRET_TEXT_SIZE);
    return status;
}

clg_status clg_records_feed_revoke(const clg_records *r, int64_t client_id, clg_error *err)
{
    clg_status status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK)
        return status;
    int revoked = 0;
    if ((status = check_client(r, client_id, false, err)) == CLG_OK &&
        (status = clg_store_feed_revoke(r->store, r->clinic, client_id, &revoked, err)) == CLG_OK &&
        revoked == 0)
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "feed",
                               "client %lld has no calendar feed to revoke", (long long)client_id);
    if (status == CLG_OK)
        status = audit_feed(r, "feed.revoke", client_id, 0, err);
    return clg_store_finish(r->store, status, err);
}

clg_status clg_records_feed_find(clg_store *store, const char *token, clg_feed_row *row,
                                 clg_error *err)
{
    memset(row, 0, sizeof *row);
    char hash[CLG_SECRET_HASH_TEXT_SIZE];
    if (!clg_secret_link_hash(token, hash))
        return clg_error_set(err, CLG_ERR_NOT_FOUND, "feed", "no such calendar feed");
    clg_status status = clg_store_feed_find(store, hash, row, err);
    if (status == CLG_ERR_NOT_FOUND)
        clg_error_set(err, CLG_ERR_NOT_FOUND, "feed", "no such calendar feed");
    return status;
}

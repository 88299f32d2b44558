/*
 * Calendar feeds through the store's backend, and the create / revoke
 * workflows every door uses; see feeds.h. A feed is a client's secret link
 * like the portal's, so both live the one life of client_links.c: each
 * change one write transaction with its audit entry.
 */
#include "service/feeds.h"

#include <stdio.h>
#include <string.h>

#include "service/client_links.h"
#include "service/records_internal.h"

const char *clg_feed_path(const char *token, char out[CLG_FEED_PATH_SIZE])
{
    snprintf(out, CLG_FEED_PATH_SIZE, "/feeds/%s.ics", token);
    return out;
}

static const clg_client_link_kind feed_links = {
    .noun = "feed",
    .words = "calendar feed",
    .insert = clg_store_feed_insert,
    .revoke = clg_store_feed_revoke,
};

clg_status clg_records_feed_create(const clg_records *r, int64_t client_id,
                                   char token[CLG_SECRET_TEXT_SIZE], clg_error *err)
{
    return clg_client_link_create(r, &feed_links, client_id, token, err);
}

clg_status clg_records_feed_revoke(const clg_records *r, int64_t client_id, clg_error *err)
{
    return clg_client_link_revoke(r, &feed_links, client_id, err);
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

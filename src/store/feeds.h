/*
 * A client's calendar feed: a secret, revocable URL ("/feeds/<token>.ics")
 * that a calendar app subscribes to, answering one iCalendar file with every
 * course of the client. Whoever holds the URL reads the calendar without
 * logging in, so the store keeps only the token's SHA-256 (as it does for
 * bearer tokens), a client has at most one live feed, and creating a new
 * one revokes the old. Creating and revoking are audited.
 */
#ifndef CLG_STORE_FEEDS_H
#define CLG_STORE_FEEDS_H

#include <stdint.h>

#include "accounts/credentials.h"
#include "store/records.h"
#include "store/store.h"

/* A live feed as found by its token. */
typedef struct clg_feed_row {
    int64_t id;
    int64_t clinic_id;
    int64_t client_id;
    const char *clinic_name;
    char *storage; /* owns clinic_name; clg_store_row_free() */
} clg_feed_row;

/* The backend's three operations, inside the caller's transaction. */
clg_status clg_store_feed_insert(clg_store *store, int64_t clinic, int64_t client_id,
                                 const char *token_hash, int64_t *id, clg_error *err);
/* Revokes the client's live feed, if any; *revoked is how many were (0 or 1). */
clg_status clg_store_feed_revoke(clg_store *store, int64_t clinic, int64_t client_id, int *revoked,
                                 clg_error *err);
/* The live feed with this token hash (any clinic); CLG_ERR_NOT_FOUND when none. */
clg_status clg_store_feed_find(clg_store *store, const char *token_hash, clg_feed_row *row,
                               clg_error *err);

#define CLG_FEED_PATH_SIZE 80 /* "/feeds/" + 64 hex + ".ics" + NUL */

/* The feed's URL path for token: "/feeds/<token>.ics". Returns out. */
const char *clg_feed_path(const char *token, char out[CLG_FEED_PATH_SIZE]);

/*
 * Creates a calendar feed for client_id (revoking the client's old one) in
 * one audited transaction; token receives the new secret, which is shown
 * once and never stored. CLG_ERR_NOT_FOUND naming "client" for a client the
 * clinic does not have.
 */
clg_status clg_records_feed_create(const clg_records *records, int64_t client_id,
                                   char token[CLG_SECRET_TEXT_SIZE], clg_error *err);

/*
 * Revokes the client's feed, audited. CLG_ERR_NOT_FOUND naming "client" for
 * an unknown client, naming "feed" when the client has no live feed.
 */
clg_status clg_records_feed_revoke(const clg_records *records, int64_t client_id, clg_error *err);

/*
 * The live feed whose secret is token (64 hex characters). Anything else,
 * and a revoked feed, is CLG_ERR_NOT_FOUND naming "feed", with no hint of
 * which case it was.
 */
clg_status clg_records_feed_find(clg_store *store, const char *token, clg_feed_row *row,
                                 clg_error *err);

#endif

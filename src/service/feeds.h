/*
 * A client's calendar feed: a secret, revocable URL ("/feeds/<token>.ics")
 * that a calendar app subscribes to, answering one iCalendar file with every
 * course of the client. Whoever holds the URL reads the calendar without
 * logging in, so the store keeps only the token's SHA-256 (as it does for
 * bearer tokens), a client has at most one live feed, and creating a new
 * one revokes the old. Creating and revoking are audited.
 */
#ifndef CLG_SERVICE_FEEDS_H
#define CLG_SERVICE_FEEDS_H

#include <stdint.h>

#include "base/credentials.h"
#include "service/records.h"
#include "store/feeds.h"
#include "store/store.h"

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

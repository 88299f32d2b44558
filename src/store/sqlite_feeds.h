/* The SQLite backend's calendar-feed functions (sqlite_feeds.c), for its ops table. */
#ifndef CLG_STORE_SQLITE_FEEDS_H
#define CLG_STORE_SQLITE_FEEDS_H

#include "store/feeds.h"

clg_status clg_sqlite_feed_insert(void *impl, int64_t clinic, int64_t client_id,
                                  const char *token_hash, int64_t *id, clg_error *err);
clg_status clg_sqlite_feed_revoke(void *impl, int64_t clinic, int64_t client_id, int *revoked,
                                  clg_error *err);
clg_status clg_sqlite_feed_find(void *impl, const char *token_hash, clg_feed_row *row,
                                clg_error *err);

#endif

/*
 * The failed-login throttle's counts in the store (migration 14), one row
 * per key: kind "email", "network" or "overflow" (the count shared by the
 * keys that found the table full). The policy is base/login_throttle.h's;
 * the workflow, one write transaction per attempt, is
 * service/login_throttle.h's. Every function runs inside the caller's
 * write transaction.
 */
#ifndef CLG_STORE_LOGIN_THROTTLE_H
#define CLG_STORE_LOGIN_THROTTLE_H

#include <stdbool.h>
#include <stdint.h>

#include "base/login_throttle.h"
#include "store/store.h"

/* Forgets every count with no failure since forget_before and no lock running at now. */
clg_status clg_store_login_counts_prune(clg_store *store, int64_t forget_before, int64_t now,
                                        clg_error *err);

/*
 * The count of (kind, key), held for the rest of the transaction so that no
 * other server's attempt for the key is judged before this one commits;
 * *found is false (and *count zero) when the key has no row.
 */
clg_status clg_store_login_count_read(clg_store *store, const char *kind, const char *key,
                                      clg_login_count *count, bool *found, clg_error *err);

/* Writes the count of (kind, key), adding its row when there is none. */
clg_status clg_store_login_count_write(clg_store *store, const char *kind, const char *key,
                                       const clg_login_count *count, clg_error *err);

/* Forgets the count of (kind, key); forgetting one that does not exist is not an error. */
clg_status clg_store_login_count_forget(clg_store *store, const char *kind, const char *key,
                                        clg_error *err);

/* How many keys have a row. */
clg_status clg_store_login_counts_size(clg_store *store, int64_t *rows, clg_error *err);

/*
 * Makes room for one key: forgets the row, among those not locked at now,
 * with the fewest failures, the oldest last failure among equals; *freed is
 * false when every row is locked.
 */
clg_status clg_store_login_counts_evict(clg_store *store, int64_t now, bool *freed, clg_error *err);

#endif

/* Failed logins counted in the database; see login_throttle.h. */
#include "service/login_throttle.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "store/login_throttle.h"

static const char overflow_kind[] = "overflow";

/* key cut to the table's bound, on a UTF-8 character's boundary (the database keeps text). */
static void copy_key(char out[CLG_LOGIN_THROTTLE_KEY_BYTES], const char *key)
{
    size_t length = strlen(key);
    if (length >= CLG_LOGIN_THROTTLE_KEY_BYTES) {
        length = CLG_LOGIN_THROTTLE_KEY_BYTES - 1;
        while (length > 0 && ((unsigned char)key[length] & 0xC0) == 0x80)
            length--;
    }
    memcpy(out, key, length);
    out[length] = '\0';
}

/* What one key looked like when the attempt was judged. */
typedef struct judged {
    char key[CLG_LOGIN_THROTTLE_KEY_BYTES];
    clg_login_count count;
    bool found;
    clg_login_count overflow; /* read only when the key has no row */
} judged;

static clg_status judge(clg_store *store, const clg_login_key *key, int64_t now, judged *out,
                        int *wait_seconds, clg_error *err)
{
    copy_key(out->key, key->key);
    out->overflow = (clg_login_count){0};
    clg_status status =
        clg_store_login_count_read(store, key->kind, out->key, &out->count, &out->found, err);
    if (status != CLG_OK)
        return status;
    int wait;
    if (out->found) {
        wait = clg_login_count_wait(&out->count, now);
    } else {
        /* A key without a row is one the full table could not hold: it waits on the overflow. */
        bool found;
        status = clg_store_login_count_read(store, overflow_kind, key->kind, &out->overflow, &found,
                                            err);
        if (status != CLG_OK)
            return status;
        wait = clg_login_count_wait(&out->overflow, now);
    }
    if (wait > *wait_seconds)
        *wait_seconds = wait;
    return CLG_OK;
}

static clg_status charge(clg_store *store, const clg_login_key *key, judged *seen, int64_t now,
                         int64_t max_keys, clg_login_charge *out, clg_error *err)
{
    clg_login_count *count = &seen->count;
    snprintf(out->kind, sizeof out->kind, "%s", key->kind);
    snprintf(out->key, sizeof out->key, "%s", seen->key);
    clg_status status = CLG_OK;
    if (!seen->found) {
        int64_t rows = 0;
        bool room = true;
        if ((status = clg_store_login_counts_size(store, &rows, err)) == CLG_OK && rows >= max_keys)
            status = clg_store_login_counts_evict(store, now, &room, err);
        if (status != CLG_OK)
            return status;
        if (!room) {
            snprintf(out->kind, sizeof out->kind, "%s", overflow_kind);
            snprintf(out->key, sizeof out->key, "%s", key->kind);
            count = &seen->overflow;
        }
    }
    out->lock_before = count->locked_until;
    clg_login_count_fail(count, key->free_failures, now);
    out->lock_after = count->locked_until != out->lock_before ? count->locked_until : 0;
    return clg_store_login_count_write(store, out->kind, out->key, count, err);
}

clg_status clg_login_attempt_begin(clg_store *store, const clg_login_key *keys, int count,
                                   int64_t now, int64_t max_keys, clg_login_attempt *attempt,
                                   int *wait_seconds, clg_error *err)
{
    memset(attempt, 0, sizeof *attempt);
    *wait_seconds = 0;
    if (count > CLG_LOGIN_THROTTLE_MAX_CHARGES)
        count = CLG_LOGIN_THROTTLE_MAX_CHARGES;
    judged seen[CLG_LOGIN_THROTTLE_MAX_CHARGES];
    clg_status status = clg_store_begin(store, true, err);
    if (status != CLG_OK)
        return status;
    status = clg_store_login_counts_prune(store, now - CLG_LOGIN_THROTTLE_FORGET_SECONDS, now, err);
    for (int i = 0; status == CLG_OK && i < count; i++)
        status = judge(store, &keys[i], now, &seen[i], wait_seconds, err);
    if (status == CLG_OK && *wait_seconds > 0) {
        clg_store_rollback(store); /* a refused attempt changes nothing */
        return CLG_OK;
    }
    for (int i = 0; status == CLG_OK && i < count; i++)
        status = charge(store, &keys[i], &seen[i], now, max_keys, &attempt->charges[i], err);
    status = clg_store_finish(store, status, err);
    attempt->count = status == CLG_OK ? count : 0;
    return status;
}

static clg_status take_back(clg_store *store, const clg_login_charge *charge,
                            const char *forget_kind, clg_error *err)
{
    if (forget_kind != NULL && strcmp(charge->kind, forget_kind) == 0)
        return clg_store_login_count_forget(store, charge->kind, charge->key, err);
    clg_login_count count;
    bool found;
    clg_status status =
        clg_store_login_count_read(store, charge->kind, charge->key, &count, &found, err);
    if (status != CLG_OK || !found)
        return status; /* pruned or given up meanwhile: nothing left to take back */
    if (count.failures > 0)
        count.failures--;
    /* The lock this attempt set goes; one a later failure set stays. */
    if (charge->lock_after != 0 && count.locked_until == charge->lock_after)
        count.locked_until = charge->lock_before;
    return count.failures == 0
               ? clg_store_login_count_forget(store, charge->kind, charge->key, err)
               : clg_store_login_count_write(store, charge->kind, charge->key, &count, err);
}

clg_status clg_login_attempt_refund(clg_store *store, const clg_login_attempt *attempt,
                                    const char *forget_kind, clg_error *err)
{
    if (attempt->count == 0)
        return CLG_OK;
    clg_status status = clg_store_begin(store, true, err);
    if (status != CLG_OK)
        return status;
    for (int i = 0; status == CLG_OK && i < attempt->count; i++)
        status = take_back(store, &attempt->charges[i], forget_kind, err);
    return clg_store_finish(store, status, err);
}

/*
 * Slowing password guesses across every server of a chain: each login
 * attempt is judged and counted in one write transaction on the shared
 * database, per e-mail address and per client network (the policy is
 * base/login_throttle.h's, the counts store/login_throttle.h's).
 *
 * An attempt counts as a failure from the moment it is let through, before
 * its password is checked (an Argon2id hash, too slow to hold a
 * transaction open across): so two servers cannot both let through the try
 * that should lock a key, whichever finishes first. An attempt that proves
 * good takes its charge back (clg_login_attempt_refund). The table stays
 * bounded whatever an attacker sends: counts quiet for an hour are pruned
 * by each attempt, and past CLG_LOGIN_THROTTLE_MAX_KEYS a new key takes the
 * room of the unlocked key with the fewest failures (the oldest among
 * equals), or, when every key is locked, counts on one shared overflow
 * count whose lock every key without a row then waits on: it fails closed,
 * never forgetting a locked key.
 */
#ifndef CLG_SERVICE_LOGIN_THROTTLE_H
#define CLG_SERVICE_LOGIN_THROTTLE_H

#include <stdint.h>

#include "base/login_throttle.h"
#include "store/store.h"

enum {
    /* Keys counted at most (a row each, about 100 bytes). */
    CLG_LOGIN_THROTTLE_MAX_KEYS = 100000,
    CLG_LOGIN_THROTTLE_MAX_CHARGES = 2,
};

/* A key an attempt is judged by: kind "email" or "network", with its free failures. */
typedef struct clg_login_key {
    const char *kind;
    const char *key;
    int free_failures;
} clg_login_key;

/* What an attempt charged one count, to take back if the attempt proves good. */
typedef struct clg_login_charge {
    char kind[16];                          /* the count charged: the key's, or "overflow" */
    char key[CLG_LOGIN_THROTTLE_KEY_BYTES]; /* (the overflow count's key is the kind) */
    int64_t lock_before;                    /* its lock before (over when charged) */
    int64_t lock_after;                     /* the lock the charge set; 0: none */
} clg_login_charge;

typedef struct clg_login_attempt {
    int count;
    clg_login_charge charges[CLG_LOGIN_THROTTLE_MAX_CHARGES];
} clg_login_attempt;

/*
 * Judges an attempt at now against keys (at most
 * CLG_LOGIN_THROTTLE_MAX_CHARGES, in the same order every time: e-mail
 * before network) in one write transaction. When any key is locked,
 * *wait_seconds is the longest wait and nothing is written; otherwise
 * *wait_seconds is 0 and one failure is counted against each key, recorded
 * in *attempt. max_keys: the table's bound (CLG_LOGIN_THROTTLE_MAX_KEYS).
 */
clg_status clg_login_attempt_begin(clg_store *store, const clg_login_key *keys, int count,
                                   int64_t now, int64_t max_keys, clg_login_attempt *attempt,
                                   int *wait_seconds, clg_error *err);

/*
 * The attempt proved good: in one write transaction each charge is taken
 * back (a lock it set is lifted unless a later failure set another), and
 * the counts of kind forget_kind (NULL: none) are forgotten whole, as a
 * successful login forgets its e-mail address's failures.
 */
clg_status clg_login_attempt_refund(clg_store *store, const clg_login_attempt *attempt,
                                    const char *forget_kind, clg_error *err);

#endif

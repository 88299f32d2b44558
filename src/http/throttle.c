/*
 * Failed-login throttle; see throttle.h.
 *
 * The table is fixed (CLG_THROTTLE_SLOTS), so a key must sometimes give its
 * slot to another. The old rule, "reuse the oldest slot", let an attacker
 * fail once with a thousand other keys and so flush a victim's count, then
 * guess again with the victim's free failures restored. Now a new key takes,
 * in this order:
 *
 *  1. a slot that is empty or forgotten (no failure for FORGET_SECONDS, and
 *     no lock still running);
 *  2. else the slot, among those not locked, with the fewest failures, the
 *     oldest last failure among equals;
 *  3. else (every slot is locked) no slot: its failure counts on one shared
 *     overflow entry, and every key without a slot waits on that entry's
 *     lock.
 *
 * So a victim's count goes only to make room for keys that have failed more
 * often than the victim, each of them needing failures of its own, and a
 * locked key is never forgotten before its lock ends. Flushing a victim with
 * f failures takes more than SLOTS * f failures from the attacker, at an
 * Argon2id hash each and under the client-network throttle besides
 * (route_login.c). Were the attacker to lock every slot (4,096 keys each
 * past its free failures, from many networks), the throttle fails closed:
 * keys it cannot hold share one lock, slowing new logins rather than
 * forgetting anyone's count.
 *
 * A lookup is a scan of the table under one mutex: 4,096 short string
 * compares, microseconds beside the password hash every login pays.
 */
#include "http/throttle.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct slot {
    char key[CLG_THROTTLE_KEY_BYTES];
    int failures;
    time_t last_failure;
    time_t locked_until;
} slot;

struct clg_throttle {
    pthread_mutex_t lock;
    int free_failures;
    slot overflow; /* keys that found every slot locked */
    slot slots[CLG_THROTTLE_SLOTS];
};

clg_throttle *clg_throttle_new(int free_failures)
{
    clg_throttle *throttle = calloc(1, sizeof *throttle);
    if (throttle) {
        pthread_mutex_init(&throttle->lock, NULL);
        throttle->free_failures = free_failures;
    }
    return throttle;
}

void clg_throttle_free(clg_throttle *throttle)
{
    if (throttle == NULL)
        return;
    pthread_mutex_destroy(&throttle->lock);
    free(throttle);
}

static bool is_locked(const slot *entry, time_t now)
{
    return entry->locked_until > now;
}

static bool is_forgotten(const slot *entry, time_t now)
{
    return entry->failures == 0 ||
           (!is_locked(entry, now) && now - entry->last_failure >= CLG_THROTTLE_FORGET_SECONDS);
}

/* Whether a should give its slot before b (rule 2 above). */
static bool evicts_before(const slot *a, const slot *b)
{
    return a->failures != b->failures ? a->failures < b->failures
                                      : a->last_failure < b->last_failure;
}

static slot *find(clg_throttle *throttle, const char *key, time_t now)
{
    for (int i = 0; i < CLG_THROTTLE_SLOTS; i++) {
        slot *candidate = &throttle->slots[i];
        if (candidate->failures == 0 ||
            strncmp(candidate->key, key, CLG_THROTTLE_KEY_BYTES - 1) != 0)
            continue;
        if (!is_forgotten(candidate, now))
            return candidate;
        memset(candidate, 0, sizeof *candidate);
        return NULL;
    }
    return NULL;
}

/* A slot for a key not in the table (rules 1-3 above); NULL when every slot is locked. */
static slot *take_slot(clg_throttle *throttle, const char *key, time_t now)
{
    slot *victim = NULL;
    for (int i = 0; i < CLG_THROTTLE_SLOTS; i++) {
        slot *candidate = &throttle->slots[i];
        if (is_forgotten(candidate, now)) {
            victim = candidate;
            break;
        }
        if (!is_locked(candidate, now) && (victim == NULL || evicts_before(candidate, victim)))
            victim = candidate;
    }
    if (victim == NULL)
        return NULL;
    memset(victim, 0, sizeof *victim);
    snprintf(victim->key, sizeof victim->key, "%s", key);
    return victim;
}

int clg_throttle_wait(clg_throttle *throttle, const char *key, time_t now)
{
    pthread_mutex_lock(&throttle->lock);
    slot *entry = find(throttle, key, now);
    if (entry == NULL)
        entry = &throttle->overflow;
    int wait = is_locked(entry, now) ? (int)(entry->locked_until - now) : 0;
    pthread_mutex_unlock(&throttle->lock);
    return wait;
}

void clg_throttle_fail(clg_throttle *throttle, const char *key, time_t now)
{
    pthread_mutex_lock(&throttle->lock);
    slot *entry = find(throttle, key, now);
    if (entry == NULL)
        entry = take_slot(throttle, key, now);
    if (entry == NULL) {
        entry = &throttle->overflow;
        if (is_forgotten(entry, now))
            memset(entry, 0, sizeof *entry);
    }
    entry->failures++;
    entry->last_failure = now;
    if (entry->failures > throttle->free_failures) {
        int doublings = entry->failures - throttle->free_failures - 1;
        long wait = doublings >= 8 ? CLG_THROTTLE_MAX_WAIT_SECONDS
                                   : (long)CLG_THROTTLE_FIRST_WAIT_SECONDS << doublings;
        if (wait > CLG_THROTTLE_MAX_WAIT_SECONDS)
            wait = CLG_THROTTLE_MAX_WAIT_SECONDS;
        entry->locked_until = now + wait;
    }
    pthread_mutex_unlock(&throttle->lock);
}

void clg_throttle_succeed(clg_throttle *throttle, const char *key)
{
    pthread_mutex_lock(&throttle->lock);
    for (int i = 0; i < CLG_THROTTLE_SLOTS; i++) {
        slot *candidate = &throttle->slots[i];
        if (candidate->failures > 0 &&
            strncmp(candidate->key, key, CLG_THROTTLE_KEY_BYTES - 1) == 0)
            memset(candidate, 0, sizeof *candidate);
    }
    pthread_mutex_unlock(&throttle->lock);
}

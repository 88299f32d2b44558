/* Failed-login throttle; see throttle.h. */
#include "http/throttle.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    SLOTS = 1024,
    FREE_FAILURES = 3, /* failures allowed before any wait */
    FIRST_WAIT_SECONDS = 2,
    MAX_WAIT_SECONDS = 300,
    EMAIL_BYTES = 256,
};

typedef struct slot {
    char email[EMAIL_BYTES];
    int failures;
    time_t last_failure;
    time_t locked_until;
} slot;

struct clg_throttle {
    pthread_mutex_t lock;
    slot slots[SLOTS];
};

clg_throttle *clg_throttle_new(void)
{
    clg_throttle *throttle = calloc(1, sizeof *throttle);
    if (throttle)
        pthread_mutex_init(&throttle->lock, NULL);
    return throttle;
}

void clg_throttle_free(clg_throttle *throttle)
{
    if (throttle == NULL)
        return;
    pthread_mutex_destroy(&throttle->lock);
    free(throttle);
}

/* The slot for email, or NULL; with create, the oldest slot is taken over. */
static slot *find(clg_throttle *throttle, const char *email, bool create)
{
    slot *oldest = &throttle->slots[0];
    for (int i = 0; i < SLOTS; i++) {
        slot *candidate = &throttle->slots[i];
        if (candidate->failures > 0 && strncmp(candidate->email, email, EMAIL_BYTES - 1) == 0)
            return candidate;
        if (candidate->last_failure < oldest->last_failure)
            oldest = candidate;
    }
    if (!create)
        return NULL;
    memset(oldest, 0, sizeof *oldest);
    snprintf(oldest->email, sizeof oldest->email, "%s", email);
    return oldest;
}

int clg_throttle_wait(clg_throttle *throttle, const char *email, time_t now)
{
    pthread_mutex_lock(&throttle->lock);
    slot *entry = find(throttle, email, false);
    int wait = entry && entry->locked_until > now ? (int)(entry->locked_until - now) : 0;
    pthread_mutex_unlock(&throttle->lock);
    return wait;
}

void clg_throttle_fail(clg_throttle *throttle, const char *email, time_t now)
{
    pthread_mutex_lock(&throttle->lock);
    slot *entry = find(throttle, email, true);
    entry->failures++;
    entry->last_failure = now;
    if (entry->failures > FREE_FAILURES) {
        int doublings = entry->failures - FREE_FAILURES - 1;
        long wait = doublings >= 8 ? MAX_WAIT_SECONDS : (long)FIRST_WAIT_SECONDS << doublings;
        entry->locked_until = now + (wait > MAX_WAIT_SECONDS ? MAX_WAIT_SECONDS : wait);
    }
    pthread_mutex_unlock(&throttle->lock);
}

void clg_throttle_succeed(clg_throttle *throttle, const char *email)
{
    pthread_mutex_lock(&throttle->lock);
    slot *entry = find(throttle, email, false);
    if (entry)
        memset(entry, 0, sizeof *entry);
    pthread_mutex_unlock(&throttle->lock);
}

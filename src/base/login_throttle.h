/*
 * The failed-login throttle's policy, pure: what one key's count (an e-mail
 * address, or a client's network) says about waiting, and how a failure
 * changes it. After a key's free failures each further failure locks the
 * key, for a wait that doubles up to a cap; a key quiet for an hour starts
 * again from nothing. The counts themselves live in the database
 * (service/login_throttle.h), so that every server of a chain keeps one.
 */
#ifndef CLG_BASE_LOGIN_THROTTLE_H
#define CLG_BASE_LOGIN_THROTTLE_H

#include <stdbool.h>
#include <stdint.h>

enum {
    CLG_LOGIN_THROTTLE_FIRST_WAIT_SECONDS = 2,
    CLG_LOGIN_THROTTLE_MAX_WAIT_SECONDS = 300,
    /* A key with no failure for this long (and no lock running) starts again from nothing. */
    CLG_LOGIN_THROTTLE_FORGET_SECONDS = 60 * 60,
    /* The longest key kept: a longer e-mail address is counted by its first bytes. */
    CLG_LOGIN_THROTTLE_KEY_BYTES = 256,
};

/* One key's count; times are Unix seconds. */
typedef struct clg_login_count {
    int failures;
    int64_t locked_until; /* 0: never locked */
    int64_t touched_at;   /* the last failure */
} clg_login_count;

/* Seconds the next attempt must still wait at now (0: it may try). */
int clg_login_count_wait(const clg_login_count *count, int64_t now);

/* Whether the count no longer matters at now: no failure, or quiet for an hour and not locked. */
bool clg_login_count_forgotten(const clg_login_count *count, int64_t now);

/* Counts one failure at now; past free_failures it locks the key (2 s, 4 s, ... 300 s). */
void clg_login_count_fail(clg_login_count *count, int free_failures, int64_t now);

#endif

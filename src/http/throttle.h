/*
 * Slowing failed logins: per key (an e-mail address, or a client's network:
 * route_login.c keeps one throttle of each), after a few failures each
 * further attempt must wait, doubling up to a cap. A fixed table keeps memory
 * bounded whatever an attacker sends, and its eviction rule (throttle.c)
 * keeps an attacker from flushing a victim's count by failing with many
 * other keys.
 */
#ifndef CLG_HTTP_THROTTLE_H
#define CLG_HTTP_THROTTLE_H

#include <time.h>

typedef struct clg_throttle clg_throttle;

enum {
    CLG_THROTTLE_SLOTS = 4096,
    CLG_THROTTLE_KEY_BYTES = 256,
    CLG_THROTTLE_FIRST_WAIT_SECONDS = 2,
    CLG_THROTTLE_MAX_WAIT_SECONDS = 300,
    /* A key with no failure for this long starts again from nothing. */
    CLG_THROTTLE_FORGET_SECONDS = 60 * 60,
};

/* free_failures: the failures a key may have before it must wait. */
clg_throttle *clg_throttle_new(int free_failures);
void clg_throttle_free(clg_throttle *throttle);

/* Seconds the next attempt for key must still wait (0: may try now). */
int clg_throttle_wait(clg_throttle *throttle, const char *key, time_t now);
void clg_throttle_fail(clg_throttle *throttle, const char *key, time_t now);
/* Forgets key's failures (a login that succeeded). */
void clg_throttle_succeed(clg_throttle *throttle, const char *key);

#endif

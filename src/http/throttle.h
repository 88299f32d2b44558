/*
 * Slowing failed logins: per e-mail address, after a few failures each
 * further attempt must wait, doubling up to a cap. A fixed table (oldest
 * entry reused) keeps memory bounded whatever an attacker sends.
 */
#ifndef CLG_HTTP_THROTTLE_H
#define CLG_HTTP_THROTTLE_H

#include <time.h>

typedef struct clg_throttle clg_throttle;

clg_throttle *clg_throttle_new(void);
void clg_throttle_free(clg_throttle *throttle);

/* Seconds the next attempt for email must still wait (0: may try now). */
int clg_throttle_wait(clg_throttle *throttle, const char *email, time_t now);
void clg_throttle_fail(clg_throttle *throttle, const char *email, time_t now);
void clg_throttle_succeed(clg_throttle *throttle, const char *email);

#endif

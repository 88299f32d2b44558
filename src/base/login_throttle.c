/* The failed-login throttle's policy; see login_throttle.h. */
#include "base/login_throttle.h"

int clg_login_count_wait(const clg_login_count *count, int64_t now)
{
    return count->locked_until > now ? (int)(count->locked_until - now) : 0;
}

bool clg_login_count_forgotten(const clg_login_count *count, int64_t now)
{
    return count->failures <= 0 || (clg_login_count_wait(count, now) == 0 &&
                                    now - count->touched_at >= CLG_LOGIN_THROTTLE_FORGET_SECONDS);
}

void clg_login_count_fail(clg_login_count *count, int free_failures, int64_t now)
{
    if (clg_login_count_forgotten(count, now))
        *count = (clg_login_count){0};
    count->failures++;
    count->touched_at = now;
    if (count->failures > free_failures) {
        int doublings = count->failures - free_failures - 1;
        int64_t wait = doublings >= 8 ? CLG_LOGIN_THROTTLE_MAX_WAIT_SECONDS
                                      : (int64_t)CLG_LOGIN_THROTTLE_FIRST_WAIT_SECONDS << doublings;
        if (wait > CLG_LOGIN_THROTTLE_MAX_WAIT_SECONDS)
            wait = CLG_LOGIN_THROTTLE_MAX_WAIT_SECONDS;
        count->locked_until = now + wait;
    }
}

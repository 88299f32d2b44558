/* Wall-clock times in a time zone; see local_time.h. */
#include "base/local_time.h"

#include <stdio.h>

enum { SECONDS_PER_DAY = 24 * 60 * 60 };

static long long floor_div(long long a, long long b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* The UTC offset in force at the instant utc: unambiguous, unlike libical's local lookup. */
static int offset_at(icaltimezone *zone, long long utc)
{
    if (zone == NULL)
        return 0;
    long long day = floor_div(utc, SECONDS_PER_DAY);
    long long second = utc - day * SECONDS_PER_DAY;
    int year, month, mday;
    clg_date_to_civil((clg_date)day, &year, &month, &mday);
    struct icaltimetype t = icaltime_null_time();
    t.year = year;
    t.month = month;
    t.day = mday;
    t.hour = (int)(second / 3600);
    t.minute = (int)(second / 60 % 60);
    t.second = (int)(second % 60);
    t.zone = icaltimezone_get_utc_timezone();
    int is_daylight = 0;
    return icaltimezone_get_utc_offset_of_utc_time(zone, &t, &is_daylight);
}

clg_local_time clg_local_time_at(icaltimezone *zone, long long utc)
{
    clg_local_time local = {.utc = utc, .offset = offset_at(zone, utc)};
    long long wall = utc + local.offset;
    long long day = floor_div(wall, SECONDS_PER_DAY);
    local.date = (clg_date)day;
    local.minute = (int)((wall - day * SECONDS_PER_DAY) / 60);
    return local;
}

clg_local_time clg_local_time_resolve(icaltimezone *zone, clg_date date, int minute)
{
    long long wall = (long long)date * SECONDS_PER_DAY + (long long)minute * 60;
    /* The offsets a day either side: zones change offset at most once in two days. */
    int before = offset_at(zone, wall - SECONDS_PER_DAY);
    int after = offset_at(zone, wall + SECONDS_PER_DAY);
    bool before_fits = offset_at(zone, wall - before) == before;
    bool after_fits = offset_at(zone, wall - after) == after;
    long long utc;
    if (before_fits && after_fits)
        utc = wall - (before > after ? before : after); /* the earlier instant: the larger offset */
    else if (before_fits)
        utc = wall - before;
    else if (after_fits)
        utc = wall - after;
    else
        utc = wall - before; /* in the gap: the offset before it, so past it by its length */
    clg_local_time local = clg_local_time_at(zone, utc);
    local.gap = !before_fits && !after_fits;
    local.ambiguous = before_fits && after_fits && before != after;
    return local;
}

/* The first instant in (low, high] whose offset is not the one at low. */
static long long transition_after(icaltimezone *zone, long long low, long long high)
{
    int from = offset_at(zone, low);
    while (high - low > 1) {
        long long middle = low + (high - low) / 2;
        if (offset_at(zone, middle) == from)
            low = middle;
        else
            high = middle;
    }
    return high;
}

static void format_wall(long long wall, char out[CLG_TIME_TEXT_SIZE])
{
    long long day = floor_div(wall, SECONDS_PER_DAY);
    clg_time_format((int)((wall - day * SECONDS_PER_DAY) / 60), out);
}

clg_status clg_local_time_check(const char *time_zone, clg_date date, int minute, const char *field,
                                clg_error *err)
{
    if (minute < 0 || time_zone == NULL || time_zone[0] == '\0')
        return CLG_OK;
    icaltimezone *zone = icaltimezone_get_builtin_timezone(time_zone);
    if (zone == NULL)
        return CLG_OK;
    clg_local_time local = clg_local_time_resolve(zone, date, minute);
    if (!local.gap)
        return CLG_OK;
    long long wall = (long long)date * SECONDS_PER_DAY + (long long)minute * 60;
    int before = offset_at(zone, wall - SECONDS_PER_DAY);
    int after = offset_at(zone, wall + SECONDS_PER_DAY);
    long long change = transition_after(zone, wall - after, wall - before);
    char asked[CLG_TIME_TEXT_SIZE], from[CLG_TIME_TEXT_SIZE], to[CLG_TIME_TEXT_SIZE];
    char day[CLG_DATE_TEXT_SIZE];
    clg_time_format(minute, asked);
    format_wall(change + before, from);
    format_wall(change + after, to);
    return clg_error_set(err, CLG_ERR_INVALID, field,
                         "%s does not exist on %s in %s: clocks go from %s to %s", asked,
                         clg_date_format(date, day), time_zone, from, to);
}

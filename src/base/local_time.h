/*
 * Wall-clock times in a clinic's time zone, resolved once for every door and
 * export. A local time can be missing (the spring-forward gap: 02:30 on
 * 2027-03-28 in Europe/Berlin) or occur twice (the autumn overlap: 02:30 on
 * 2027-10-31). Bookings refuse the first; every export reads the second as
 * its first occurrence, as RFC 5545 §3.3.5 does, so iCalendar and FHIR give
 * the same instant. Zones are libical's (its copy of the tz database).
 */
#ifndef CLG_BASE_LOCAL_TIME_H
#define CLG_BASE_LOCAL_TIME_H

#include <libical/ical.h>
#include <stdbool.h>

#include "collagenda/date.h"
#include "collagenda/error.h"

typedef struct clg_local_time {
    long long utc;  /* seconds since 1970-01-01T00:00Z */
    int offset;     /* seconds east of UTC in force at utc */
    clg_date date;  /* the wall-clock date and minute at utc: the asked one, */
    int minute;     /* or for a time in a gap, the one the clocks show then */
    bool gap;       /* the asked time does not exist; utc uses the offset before the gap */
    bool ambiguous; /* the asked time occurs twice; utc is the first occurrence */
} clg_local_time;

/*
 * The instant of minute (after midnight; may exceed a day) on date in zone,
 * NULL meaning UTC. A time in a gap is read with the offset before the gap
 * (RFC 5545 §3.3.5), so 02:30 in the Berlin gap is 03:30 CEST.
 */
clg_local_time clg_local_time_resolve(icaltimezone *zone, clg_date date, int minute);

/* The wall-clock time at utc (seconds since 1970-01-01T00:00Z) in zone, NULL meaning UTC. */
clg_local_time clg_local_time_at(icaltimezone *zone, long long utc);

/*
 * CLG_ERR_INVALID naming field when minute on date falls in a gap of the zone
 * named time_zone ("" or NULL, or a name libical does not know: UTC, which has
 * none): "02:30 does not exist on 2027-03-28 in Europe/Berlin: clocks go from
 * 02:00 to 03:00". minute -1 (all day) always passes.
 */
clg_status clg_local_time_check(const char *time_zone, clg_date date, int minute, const char *field,
                                clg_error *err);

#endif

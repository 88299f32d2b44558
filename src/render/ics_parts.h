/*
 * What the iCalendar renderers (plan_ics.c for a course, diary_ics.c for
 * the clinic's diary) share: the calendar's frame, dates, timed properties
 * that every reader takes to the same instant, and the zone's VTIMEZONE.
 * Private to src/render/.
 */
#ifndef CLG_RENDER_ICS_PARTS_H
#define CLG_RENDER_ICS_PARTS_H

#include <libical/ical.h>

#include "base/buffer.h"
#include "collagenda/date.h"

/* A VCALENDAR with PRODID, VERSION 2.0, CALSCALE and METHOD:PUBLISH. */
icalcomponent *clg_ics_calendar_new(void);

/* An all-day date (VALUE=DATE). */
struct icaltimetype clg_ics_date(clg_date date);

/* DTSTART on date and DTEND the day after: an all-day event. */
void clg_ics_set_all_day(icalcomponent *event, clg_date date);

/* The stamp of an export made at generated_at (seconds since 1970, UTC). */
struct icaltimetype clg_ics_stamp(long long generated_at);

/*
 * DTSTART or DTEND (make) at the instant utc: its wall-clock time with
 * TZID tzid when zone is set and the wall time names that instant alone,
 * else in UTC (see ics_parts.c for why overlap times are written in UTC).
 */
icalproperty *clg_ics_timed_property(icalproperty *(*make)(struct icaltimetype), long long utc,
                                     icaltimezone *zone, const char *tzid);

/*
 * The zone's VTIMEZONE named tzid, with full yearly rules from 1 January of
 * the year before first_timed; NULL when libical has no data for it.
 */
icalcomponent *clg_ics_vtimezone(icaltimezone *zone, const char *tzid, clg_date first_timed);

/*
 * A TEXT property (SUMMARY, DESCRIPTION, LOCATION...) holding only what
 * iCalendar can carry: a control character or U+FFFE in an old row, or a
 * byte sequence snprintf cut short, becomes U+FFFD (clg_buffer_put_carriable).
 * Every text property of both calendars is made here.
 */
icalproperty *clg_ics_text_property(icalproperty *(*make)(const char *), const char *text);

/* LOCATION: the clinic's name, then ", " and its address when it has one (address may be NULL or
 * ""). */
void clg_ics_add_location(icalcomponent *event, const char *name, const char *address);

/* Serialises calendar into out; false (out untouched) when libical fails. */
bool clg_ics_write(icalcomponent *calendar, clg_buffer *out);

#endif

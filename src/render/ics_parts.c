/*
 * The iCalendar pieces both calendars use (ics_parts.h). libical builds and
 * serialises the text, so line folding at 75 octets, CRLF line ends and TEXT
 * escaping are done by a library that calendar clients already trust.
 */
#include <stdio.h>
#include <stdlib.h>

#include "collagenda/version.h"
#include "base/local_time.h"
#include "render/ics_parts.h"

#define PRODID "-//Collagenda//Collagenda " CLG_VERSION "//EN"

icalcomponent *clg_ics_calendar_new(void)
{
    icalcomponent *calendar = icalcomponent_new_vcalendar();
    if (calendar == NULL)
        return NULL;
    icalcomponent_add_property(calendar, icalproperty_new_prodid(PRODID));
    icalcomponent_add_property(calendar, icalproperty_new_version("2.0"));
    icalcomponent_add_property(calendar, icalproperty_new_calscale("GREGORIAN"));
    icalcomponent_add_property(calendar, icalproperty_new_method(ICAL_METHOD_PUBLISH));
    return calendar;
}

struct icaltimetype clg_ics_date(clg_date date)
{
    int year, month, day;
    clg_date_to_civil(date, &year, &month, &day);
    struct icaltimetype t = icaltime_null_date();
    t.year = year;
    t.month = month;
    t.day = day;
    return t;
}

void clg_ics_set_all_day(icalcomponent *event, clg_date date)
{
    icalcomponent_add_property(event, icalproperty_new_dtstart(clg_ics_date(date)));
    icalcomponent_add_property(event, icalproperty_new_dtend(clg_ics_date(date + 1)));
}

struct icaltimetype clg_ics_stamp(long long generated_at)
{
    return icaltime_from_timet_with_zone((time_t)generated_at, 0, icaltimezone_get_utc_timezone());
}

/* A wall-clock time: floating here, given its TZID parameter by the caller. */
static struct icaltimetype local_time(clg_date date, int minute)
{
    struct icaltimetype t = icaltime_null_time();
    int year, month, day;
    clg_date_to_civil(date, &year, &month, &day);
    t.year = year;
    t.month = month;
    t.day = day;
    t.hour = minute / 60;
    t.minute = minute % 60;
    return t;
}

/*
 * A wall time that occurs twice (the autumn overlap) is written in UTC:
 * RFC 5545 §3.3.5 says it means the first occurrence, but readers differ
 * (khal, through pytz, takes the second), and in UTC every reader sees the
 * instant clg_local_time_resolve gives FHIR.
 */
icalproperty *clg_ics_timed_property(icalproperty *(*make)(struct icaltimetype), long long utc,
                                     icaltimezone *zone, const char *tzid)
{
    clg_local_time local = clg_local_time_at(zone, utc);
    clg_local_time read_back = clg_local_time_resolve(zone, local.date, local.minute);
    if (zone == NULL || read_back.utc != utc || read_back.ambiguous) {
        struct icaltimetype t =
            icaltime_from_timet_with_zone((time_t)utc, 0, icaltimezone_get_utc_timezone());
        return make(t);
    }
    icalproperty *property = make(local_time(local.date, local.minute));
    icalproperty_add_parameter(property, icalparameter_new_tzid(tzid));
    return property;
}

/*
 * RFC 5545 §3.6.5 requires a VTIMEZONE per TZID used. It is named by its
 * plain IANA id rather than libical's prefixed one, so clients that map
 * TZIDs to their own zone database recognise it, and keeps the zone's yearly
 * rules (STANDARD and DAYLIGHT with RRULEs) from the year before the first
 * timed event: readers that expand the block themselves rather than trust
 * their own zone data (ical.js, older Outlook) find every event inside it.
 */
icalcomponent *clg_ics_vtimezone(icaltimezone *zone, const char *tzid, clg_date first_timed)
{
    icalcomponent *source = icaltimezone_get_component(zone);
    icalcomponent *vtimezone = source ? icalcomponent_new_clone(source) : NULL;
    if (vtimezone == NULL)
        return NULL;
    int year, month, day;
    clg_date_to_civil(first_timed, &year, &month, &day);
    struct icaltimetype from = icaltime_null_time();
    from.year = year > CLG_YEAR_MIN ? year - 1 : year;
    from.month = 1;
    from.day = 1;
    from.zone = icaltimezone_get_utc_timezone();
    icaltimezone_truncate_vtimezone(vtimezone, from, icaltime_null_time(), 0);
    icalproperty *id = icalcomponent_get_first_property(vtimezone, ICAL_TZID_PROPERTY);
    if (id)
        icalproperty_set_tzid(id, tzid);
    return vtimezone;
}

void clg_ics_add_location(icalcomponent *event, const char *name, const char *address)
{
    bool has_address = address != NULL && address[0] != '\0';
    char location[1024];
    snprintf(location, sizeof location, "%s%s%s", name, has_address ? ", " : "",
             has_address ? address : "");
    icalcomponent_add_property(event, clg_ics_text_property(icalproperty_new_location, location));
}

bool clg_ics_write(icalcomponent *calendar, clg_buffer *out)
{
    char *text = icalcomponent_as_ical_string_r(calendar);
    if (text == NULL)
        return false;
    clg_buffer_puts(out, text);
    free(text);
    return true;
}

icalproperty *clg_ics_text_property(icalproperty *(*make)(const char *), const char *text)
{
    clg_buffer carriable = CLG_BUFFER_INIT;
    clg_buffer_put_carriable(&carriable, text);
    icalproperty *property = make(carriable.data ? carriable.data : "");
    clg_buffer_free(&carriable);
    return property;
}

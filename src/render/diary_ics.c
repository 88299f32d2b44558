/*
 * The clinic's diary as one iCalendar file, for the desk's own calendar
 * program: an event per booking, timed in the clinic's zone (or all day),
 * with the client, their phone and which visit it is. A booking keeps its
 * UID ("diary-booking-12@collagenda") when it moves, so importing the
 * file again updates the event instead of adding a second one; the prefix
 * keeps it apart from the client's own calendar's events for the visit.
 *
 * The rows arrive one at a time, in the diary's order; the VTIMEZONE,
 * which must cover the first timed booking, is written before the events
 * when the calendar is finished.
 */
#include <stdio.h>
#include <stdlib.h>

#include "base/local_time.h"
#include "render/diary.h"
#include "render/ics_parts.h"

struct clg_diary_ics {
    icalcomponent *events; /* a holder for the events until the calendar is put together */
    icaltimezone *zone;    /* libical's cached zone, never freed here; NULL for UTC */
    char time_zone[CLG_TIME_ZONE_SIZE];
    char location_name[CLG_NAME_MAX_BYTES + 1];
    char location_address[CLG_NAME_MAX_BYTES + 1];
    struct icaltimetype stamp;
    bool any_timed;
    clg_date first_timed;
};

clg_diary_ics *clg_diary_ics_begin(const clg_clinic_settings *clinic, long long generated_at,
                                   clg_error *err)
{
    icaltimezone *zone = NULL;
    if (clinic->time_zone[0] != '\0' &&
        (zone = icaltimezone_get_builtin_timezone(clinic->time_zone)) == NULL) {
        clg_error_set(err, CLG_ERR_INVALID, "time_zone",
                      "the clinic's time zone is not one libical knows");
        return NULL;
    }
    clg_diary_ics *ics = calloc(1, sizeof *ics);
    if (ics == NULL || (ics->events = icalcomponent_new_vcalendar()) == NULL) {
        free(ics);
        clg_error_set(err, CLG_ERR_IO, "icalendar", "out of memory building the calendar");
        return NULL;
    }
    ics->zone = zone;
    snprintf(ics->time_zone, sizeof ics->time_zone, "%s", clinic->time_zone);
    snprintf(ics->location_name, sizeof ics->location_name, "%s", clinic->name);
    snprintf(ics->location_address, sizeof ics->location_address, "%s", clinic->address);
    ics->stamp = clg_ics_stamp(generated_at);
    return ics;
}

static void describe(const clg_diary_row *row, char *summary, size_t summary_size,
                     char *description, size_t description_size)
{
    char visit[48], areas[CLG_WORD_SET_TEXT_SIZE];
    if (row->maintenance)
        snprintf(visit, sizeof visit, "maintenance visit");
    else
        snprintf(visit, sizeof visit, "session %d of %d", row->number, row->sessions);
    snprintf(summary, summary_size, "%s: %s", row->name ? row->name : "a client", visit);
    int used = snprintf(description, description_size, "Course %lld, %s. Areas: %s.",
                        (long long)row->course_id, visit,
                        clg_word_set_format(CLG_VOCAB_AREA, row->areas, areas));
    if (used >= 0 && (size_t)used < description_size && row->phone)
        used += snprintf(description + used, description_size - (size_t)used, " Phone: %s.",
                         row->phone);
    if (used >= 0 && (size_t)used < description_size && row->minutes > 0)
        snprintf(description + used, description_size - (size_t)used, " About %d minutes.",
                 row->minutes);
}

clg_status clg_diary_ics_add(clg_diary_ics *ics, const clg_diary_row *row, clg_error *err)
{
    char uid[64], summary[CLG_NAME_MAX_BYTES + 64], description[CLG_PHONE_MAX_BYTES + 256];
    snprintf(uid, sizeof uid, "diary-booking-%lld@collagenda", (long long)row->booking_id);
    describe(row, summary, sizeof summary, description, sizeof description);
    icalcomponent *event = icalcomponent_new_vevent();
    if (event == NULL)
        return clg_error_set(err, CLG_ERR_IO, "icalendar", "out of memory building the calendar");
    icalcomponent_add_property(event, icalproperty_new_uid(uid));
    icalcomponent_add_property(event, icalproperty_new_dtstamp(ics->stamp));
    icalcomponent_add_property(event, clg_ics_text_property(icalproperty_new_summary, summary));
    icalcomponent_add_property(event,
                               clg_ics_text_property(icalproperty_new_description, description));
    if (ics->location_name[0])
        clg_ics_add_location(event, ics->location_name, ics->location_address);
    if (row->start_minute >= 0) {
        /* The end is the start's instant plus the visit's length: after it across any change. */
        long long start = clg_local_time_resolve(ics->zone, row->date, row->start_minute).utc;
        icalcomponent_add_property(event, clg_ics_timed_property(icalproperty_new_dtstart, start,
                                                                 ics->zone, ics->time_zone));
        if (row->minutes > 0)
            icalcomponent_add_property(event, clg_ics_timed_property(icalproperty_new_dtend,
                                                                     start + 60LL * row->minutes,
                                                                     ics->zone, ics->time_zone));
        if (!ics->any_timed || row->date < ics->first_timed)
            ics->first_timed = row->date;
        ics->any_timed = true;
    } else {
        clg_ics_set_all_day(event, row->date);
    }
    icalcomponent_add_property(event, icalproperty_new_status(ICAL_STATUS_CONFIRMED));
    icalcomponent_add_component(ics->events, event);
    return CLG_OK;
}

clg_status clg_diary_ics_finish(clg_diary_ics *ics, clg_buffer *out, clg_error *err)
{
    clg_status status = CLG_ERR_IO;
    icalcomponent *calendar = clg_ics_calendar_new();
    if (calendar == NULL)
        goto out;
    if (ics->any_timed && ics->zone) {
        icalcomponent *vtimezone = clg_ics_vtimezone(ics->zone, ics->time_zone, ics->first_timed);
        if (vtimezone == NULL)
            goto out;
        icalcomponent_add_component(calendar, vtimezone);
    }
    icalcomponent *event;
    while ((event = icalcomponent_get_first_component(ics->events, ICAL_VEVENT_COMPONENT))) {
        icalcomponent_remove_component(ics->events, event);
        icalcomponent_add_component(calendar, event);
    }
    if (clg_ics_write(calendar, out))
        status = CLG_OK;
out:
    if (status != CLG_OK)
        clg_error_set(err, CLG_ERR_IO, "icalendar",
                      "libical could not build the calendar (out of memory, or no zone data)");
    if (calendar)
        icalcomponent_free(calendar);
    clg_diary_ics_free(ics);
    return status;
}

void clg_diary_ics_free(clg_diary_ics *ics)
{
    if (ics == NULL)
        return;
    icalcomponent_free(ics->events);
    free(ics);
}

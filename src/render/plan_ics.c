/*
 * The course as an iCalendar file (RFC 5545) that the front desk sends to the
 * client, built with libical (ics_parts.c has the pieces the clinic's diary
 * calendar shares).
 *
 * A planned session is an all-day, tentative, transparent event on its
 * planned date with the safe window in its description (the client may be
 * booked on any day of it); a booked one is confirmed, timed in the clinic's
 * zone when it has a start time. Each not-yet-done event reminds the day before.
 * A client's calendar feed is the same events for each of the client's
 * courses in one VCALENDAR; the UIDs stay per course.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/export_visits.h"
#include "render/ics_parts.h"
#include "base/local_time.h"

#define UID_DOMAIN "collagenda"

enum { SECONDS_PER_DAY = 24 * 60 * 60 };

static icalcomponent *new_reminder(const char *summary)
{
    char text[160];
    snprintf(text, sizeof text, "Tomorrow: %s", summary);
    struct icaltriggertype trigger = {.time = icaltime_null_time(),
                                      .duration = icaldurationtype_from_int(-SECONDS_PER_DAY)};
    icalcomponent *alarm = icalcomponent_new_valarm();
    icalcomponent_add_property(alarm, icalproperty_new_action(ICAL_ACTION_DISPLAY));
    icalcomponent_add_property(alarm, icalproperty_new_trigger(trigger));
    icalcomponent_add_property(alarm, clg_ics_text_property(icalproperty_new_description, text));
    return alarm;
}

static icalcomponent *new_event(const clg_export_context *context, const char *uid_kind, int number,
                                struct icaltimetype stamp, const char *summary,
                                const char *description)
{
    char uid[256];
    snprintf(uid, sizeof uid, "%s-%s-%d@" UID_DOMAIN, context->course_id, uid_kind, number);
    icalcomponent *event = icalcomponent_new_vevent();
    icalcomponent_add_property(event, icalproperty_new_uid(uid));
    icalcomponent_add_property(event, icalproperty_new_dtstamp(stamp));
    icalcomponent_add_property(event, clg_ics_text_property(icalproperty_new_summary, summary));
    icalcomponent_add_property(event,
                               clg_ics_text_property(icalproperty_new_description, description));
    if (context->clinic_name)
        clg_ics_add_location(event, context->clinic_name, context->clinic_address);
    return event;
}

static void describe_visit(const clg_plan *plan, const clg_visit *visit, char *out, size_t size)
{
    char date[CLG_DATE_TEXT_SIZE], earliest[CLG_DATE_TEXT_SIZE], latest[CLG_DATE_TEXT_SIZE];
    bool window = visit->has_window && visit->earliest != visit->latest;
    clg_date_format(visit->date, date);
    if (window) {
        clg_date_format(visit->earliest, earliest);
        clg_date_format(visit->latest, latest);
    }
    int used;
    if (visit->state == CLG_VISIT_DONE)
        used = snprintf(out, size, "Done on %s. ", date);
    else if (visit->state == CLG_VISIT_BOOKED && window)
        used =
            snprintf(out, size, "Booked for %s (safe window %s .. %s). ", date, earliest, latest);
    else if (visit->state == CLG_VISIT_BOOKED)
        used = snprintf(out, size, "Booked for %s. ", date);
    else if (window)
        used = snprintf(out, size,
                        "Planned for %s. Safe window %s .. %s: any day in it keeps the course "
                        "on track. ",
                        date, earliest, latest);
    else
        used = snprintf(out, size, "Planned for %s, the first session of the course. ", date);
    if (used >= 0 && used < (int)size)
        snprintf(out + used, size - (size_t)used, "%s%s, about %d minutes.",
                 visit->modality == CLG_MODALITY_ROLLER ? "At-home roller" : "In-clinic ",
                 visit->modality == CLG_MODALITY_ROLLER ? "" : clg_modality_title(visit->modality),
                 plan->session_minutes);
}

static icalcomponent *new_visit_event(const clg_plan *plan, const clg_export_context *context,
                                      const clg_visit_list *list, const clg_visit *visit,
                                      struct icaltimetype stamp)
{
    char summary[96], description[512];
    clg_visit_summary(list, visit, summary, sizeof summary);
    describe_visit(plan, visit, description, sizeof description);
    icalcomponent *event =
        new_event(context, "session", visit->number, stamp, summary, description);
    if (event == NULL)
        return NULL;
    if (visit->state != CLG_VISIT_PLANNED && visit->start_minute >= 0) {
        /* The end is the start's instant plus the visit's length: after it across any change. */
        long long start = clg_local_time_resolve(list->zone, visit->date, visit->start_minute).utc;
        long long end = start + 60LL * plan->session_minutes;
        icalcomponent_add_property(event, clg_ics_timed_property(icalproperty_new_dtstart, start,
                                                                 list->zone, context->time_zone));
        icalcomponent_add_property(event, clg_ics_timed_property(icalproperty_new_dtend, end,
                                                                 list->zone, context->time_zone));
    } else {
        clg_ics_set_all_day(event, visit->date);
    }
    if (visit->state == CLG_VISIT_PLANNED) {
        /* A plan is a proposal: it must not mark the client's whole day busy. */
        icalcomponent_add_property(event, icalproperty_new_status(ICAL_STATUS_TENTATIVE));
        icalcomponent_add_property(event, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
    } else {
        icalcomponent_add_property(event, icalproperty_new_status(ICAL_STATUS_CONFIRMED));
    }
    if (visit->state != CLG_VISIT_DONE)
        icalcomponent_add_component(event, new_reminder(summary));
    return event;
}

static icalcomponent *new_maintenance_event(const clg_plan *plan, const clg_export_context *context,
                                            const clg_visit_list *list, struct icaltimetype stamp)
{
    char description[256];
    const clg_range_recommended *months = &plan->maintenance_months;
    snprintf(description, sizeof description,
             "First maintenance visit, %d months after the last session of the course "
             "(maintenance every %d to %d months keeps the result).",
             months->recommended, months->min, months->max);
    const char *summary = "Microneedling maintenance visit";
    icalcomponent *event = new_event(context, "maintenance", 1, stamp, summary, description);
    if (event == NULL)
        return NULL;
    clg_ics_set_all_day(event, list->maintenance);
    icalcomponent_add_property(event, icalproperty_new_status(ICAL_STATUS_TENTATIVE));
    icalcomponent_add_property(event, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
    icalcomponent_add_component(event, new_reminder(summary));
    return event;
}

/* Both NULL (UTC), or the same IANA name. */
static bool same_zone(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

clg_status clg_render_courses_ics(const clg_export_course *courses, int count, clg_buffer *out,
                                  clg_error *err)
{
    clg_visit_list *lists = count > 0 ? calloc((size_t)count, sizeof *lists) : NULL;
    icalcomponent *calendar = NULL;
    clg_status status = CLG_ERR_IO;
    if (count > 0 && lists == NULL)
        goto out;
    for (int c = 0; c < count; c++) {
        status = clg_visits_build(courses[c].plan, courses[c].context, &lists[c], err);
        if (status == CLG_OK &&
            !same_zone(courses[c].context->time_zone, courses[0].context->time_zone))
            status = clg_error_set(err, CLG_ERR_INVALID, "time_zone",
                                   "every course of one calendar must be in the same zone");
        if (status != CLG_OK) {
            if (count > 1) {
                char prefix[32];
                snprintf(prefix, sizeof prefix, "courses[%d]", c);
                clg_error_prefix_field(err, prefix);
            }
            goto out;
        }
    }
    status = CLG_ERR_IO;

    calendar = clg_ics_calendar_new();
    if (calendar == NULL)
        goto out;

    /* One VTIMEZONE for the whole calendar, from its earliest timed visit on. */
    clg_date first_timed = 0;
    bool any_timed = false;
    for (int c = 0; c < count; c++) {
        for (int i = 0; i < lists[c].count; i++) {
            const clg_visit *visit = &lists[c].visits[i];
            if (visit->state != CLG_VISIT_PLANNED && visit->start_minute >= 0 &&
                (!any_timed || visit->date < first_timed)) {
                first_timed = visit->date;
                any_timed = true;
            }
        }
    }
    if (any_timed && lists[0].zone) {
        icalcomponent *vtimezone =
            clg_ics_vtimezone(lists[0].zone, courses[0].context->time_zone, first_timed);
        if (vtimezone == NULL)
            goto out;
        icalcomponent_add_component(calendar, vtimezone);
    }

    for (int c = 0; c < count; c++) {
        const clg_plan *plan = courses[c].plan;
        const clg_export_context *context = courses[c].context;
        const clg_visit_list *list = &lists[c];
        struct icaltimetype stamp = clg_ics_stamp(context->generated_at);
        for (int i = 0; i < list->count; i++) {
            icalcomponent *event = new_visit_event(plan, context, list, &list->visits[i], stamp);
            if (event == NULL)
                goto out;
            icalcomponent_add_component(calendar, event);
        }
        if (list->has_maintenance) {
            icalcomponent *event = new_maintenance_event(plan, context, list, stamp);
            if (event == NULL)
                goto out;
            icalcomponent_add_component(calendar, event);
        }
    }

    if (!clg_ics_write(calendar, out))
        goto out;
    status = CLG_OK;
out:
    if (status == CLG_ERR_IO)
        clg_error_set(err, CLG_ERR_IO, "icalendar",
                      "libical could not build the calendar (out of memory, or no zone data)");
    if (calendar)
        icalcomponent_free(calendar);
    free(lists);
    return status;
}

clg_status clg_render_plan_ics(const clg_plan *plan, const clg_export_context *context,
                               clg_buffer *out, clg_error *err)
{
    const clg_export_course course = {plan, context};
    return clg_render_courses_ics(&course, 1, out, err);
}

/*
 * Exports that other systems read: iCalendar (RFC 5545, through libical),
 * FHIR R4 JSON, and an SVG timeline. The plan says what should happen; the
 * context adds what the records know (booked and done sessions, the client,
 * the clinic and its time zone) and the few values that would otherwise make
 * the output depend on the clock, so the same inputs always give the same
 * bytes and the same calendar UIDs.
 */
#ifndef CLG_RENDER_EXPORT_H
#define CLG_RENDER_EXPORT_H

#include <stdbool.h>

#include "collagenda/course.h"
#include "collagenda/plan.h"
#include "base/buffer.h"

/* A session the records know about: booked (done false) or recorded as done. */
typedef struct clg_export_session {
    int number; /* 1-based position in the course, unique within a context */
    clg_date date;
    int start_minute;      /* minutes after local midnight, or -1 for an all-day booking */
    clg_modality modality; /* CLG_MODALITY_AUTO when not recorded: the plan's modality is shown */
    int laxity_halves; /* Alexiades-Armenakas grade 0..4 times two (0..8); below 0: not graded */
    bool done;
} clg_export_session;

typedef struct clg_export_context {
    /*
     * Stable id the UIDs and FHIR ids are built from: "course-12", or for a
     * bare plan clg_export_plan_id(). Required. The same id always exports the
     * same UIDs ("course-12-session-3@collagenda"), so a calendar that
     * imports the file again updates its events instead of doubling them.
     */
    const char *course_id;
    const char *client_name; /* may be NULL: the plan is then for "a client" */
    const char *clinic_name; /* may be NULL; used as the events' LOCATION */
    const char *clinic_address; /* may be NULL; the LOCATION after the name */
    const char *clinic_phone;   /* may be NULL */
    /*
     * IANA name ("Europe/Berlin") of the clinic's zone, or NULL for UTC.
     * Timed sessions are local times in this zone; in FHIR, where every time
     * needs an offset, an all-day booking runs from local midnight to the next.
     */
    const char *time_zone;
    /*
     * When the export was made, in seconds since 1970-01-01 UTC: iCalendar's
     * DTSTAMP and the FHIR Bundle's timestamp. Passed in (rather than read
     * from the clock here) so that the renderers stay deterministic.
     */
    long long generated_at;
    clg_date today;                     /* the SVG's "today" line; 0 draws none */
    const clg_export_session *sessions; /* borrowed; any order */
    int session_count;
    /*
     * The stored course's status; CLG_COURSE_ACTIVE for a bare plan. A course
     * the clinic closed (completed, discontinued) exports only the sessions
     * done: nothing more is to come, neither visit nor maintenance, and the
     * FHIR CarePlan is "completed" or "revoked".
     */
    clg_course_status status;
    /*
     * The maintenance visit's booked day (a stored course's, course_export.c),
     * 0 for the plan's; exported all day like the planned one.
     */
    clg_date maintenance_booked;
} clg_export_context;

/* A context with only course_id set: no client, no sessions, UTC, no today line. */
void clg_export_context_init(clg_export_context *context, const char *course_id);

#define CLG_EXPORT_ID_SIZE 22 /* "plan-" + 16 hex digits + NUL */

/*
 * The course id of a bare plan: "plan-" and the FNV-1a hash of the canonical
 * JSON of the request's assessment, start and open days. The same request
 * always gives the same id, whichever protocol version planned it.
 */
void clg_export_plan_id(const clg_plan_request *request, char out[CLG_EXPORT_ID_SIZE]);

/*
 * The renderers append to out (caller-owned) and fail only on a context they
 * cannot honour: no course_id, an unknown time zone, a session numbered
 * twice or out of range. They then return CLG_ERR_INVALID naming the field
 * and leave out as it was.
 */

/* VCALENDAR: one VEVENT per planned, booked or done session and one for the first maintenance
 * visit. */
clg_status clg_render_plan_ics(const clg_plan *plan, const clg_export_context *context,
                               clg_buffer *out, clg_error *err);

/* A course to put in a calendar with others: both borrowed. */
typedef struct clg_export_course {
    const clg_plan *plan;
    const clg_export_context *context;
} clg_export_course;

/*
 * One VCALENDAR with the events of count courses, each as
 * clg_render_plan_ics() would write them (a client's calendar feed). Every
 * context must name the same time zone; count 0 gives a calendar with no
 * events. Errors name the course as "courses[i]" when there are several.
 */
clg_status clg_render_courses_ics(const clg_export_course *courses, int count, clg_buffer *out,
                                  clg_error *err);

/* FHIR R4 Bundle (collection): CarePlan, Appointment per booked session, Patient when named. */
clg_status clg_render_plan_fhir(const clg_plan *plan, const clg_export_context *context,
                                clg_buffer *out, bool pretty, clg_error *err);

/* SVG timeline: windows, sessions, maintenance, today, laxity grades. */
clg_status clg_render_plan_svg(const clg_plan *plan, const clg_export_context *context,
                               clg_buffer *out, clg_error *err);

/* The protocol as a FHIR R4 PlanDefinition: one action per rule, one relatedArtifact per source. */
void clg_render_protocol_fhir(const clg_protocol *protocol, clg_buffer *out, bool pretty);

#endif

/*
 * A stored course as the export renderers see it: the one place that turns
 * a course view (plan re-flowed around its recorded sessions, the client)
 * into a clg_export_context, so that `course show --format ics|fhir|svg`,
 * the server's /api/v1/courses/{id}.ics|fhir|timeline.svg and the client's
 * calendar feed always agree on ids, dates and grades.
 *
 * Recorded sessions are all-day visits (the records keep their day, not
 * their hour); booked ones are timed, or all day when booked without a
 * time, in the clinic's time zone (UTC when the clinic has none).
 */
#ifndef CLG_RENDER_COURSE_EXPORT_H
#define CLG_RENDER_COURSE_EXPORT_H

#include "render/export.h"
#include "model/course_view.h"

#define CLG_COURSE_EXPORT_ID_SIZE 32 /* "course-" + a 64-bit id + NUL */

/*
 * The context points into this struct (course_id, sessions) and into the
 * view and clinic name it was built from: keep all three alive and in place
 * while the context is used, and never copy the struct.
 */
typedef struct clg_course_export {
    clg_export_context context;
    char course_id[CLG_COURSE_EXPORT_ID_SIZE];
    clg_export_session sessions[CLG_MAX_SESSIONS];
} clg_course_export;

/*
 * Fills export from view: course id "course-<id>", the client's name,
 * clinic_name (borrowed, may be NULL), the sessions of the initial course
 * recorded so far as done on their dates with their modality and laxity
 * grade (or not graded), the bookings as the sessions after
 * them, the clinic's time zone, and the clock values passed in
 * (generated_at in seconds since 1970 UTC; today for the SVG's today line).
 * Maintenance visits already recorded are not sessions of the plan and are
 * left out; the next one is the export's maintenance event.
 */
void clg_course_export_init(clg_course_export *export, const clg_course_view *view,
                            const char *clinic_name, long long generated_at, clg_date today);

#endif

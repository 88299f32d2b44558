/*
 * What the export renderers share: the course as one ordered list of visits,
 * each planned (from the plan's schedule), booked or done (from the context),
 * and the clinic's time zone resolved once. Private to src/render/.
 */
#ifndef CLG_RENDER_EXPORT_VISITS_H
#define CLG_RENDER_EXPORT_VISITS_H

#include <libical/ical.h>
#include <stddef.h>

#include "render/export.h"
#include "render/render.h"

typedef enum clg_visit_state {
    CLG_VISIT_PLANNED,
    CLG_VISIT_BOOKED,
    CLG_VISIT_DONE
} clg_visit_state;

typedef struct clg_visit {
    int number;
    clg_visit_state state;
    clg_date date;
    bool has_window; /* earliest..latest come from the plan's schedule */
    clg_date earliest;
    clg_date latest;
    int start_minute;      /* -1: all day */
    clg_modality modality; /* never AUTO */
    int laxity_halves;     /* the laxity grade times two; below 0: not graded */
} clg_visit;

typedef struct clg_visit_list {
    int count;
    int total; /* the N of "session k of N" */
    bool has_maintenance;
    clg_date maintenance;
    icaltimezone *zone; /* libical's cached zone (never freed here), NULL for UTC */
    clg_visit visits[CLG_MAX_SESSIONS];
} clg_visit_list;

/*
 * Checks the context and merges it with the plan: a session the context
 * knows replaces the planned one with the same number and keeps its window.
 * Returns CLG_ERR_INVALID naming the context field on a bad context.
 */
clg_status clg_visits_build(const clg_plan *plan, const clg_export_context *context,
                            clg_visit_list *list, clg_error *err);

/* "Microneedling session 2 of 4" into out; returns out. */
const char *clg_visit_summary(const clg_visit_list *list, const clg_visit *visit, char *out,
                              size_t size);

#define CLG_INSTANT_TEXT_SIZE 32 /* "2027-01-04T09:30:00+01:00" */

/*
 * The instant later_minutes after the local time (date, minute after
 * midnight; minute may exceed a day) in the list's zone, as an RFC 3339 time
 * with its UTC offset ("Z" for UTC). The local time is read as
 * clg_local_time_resolve does (first occurrence; a gap's time with the offset
 * before it) and the minutes are added to the instant, not the wall clock, so
 * an end is after its start across a clock change. The iCalendar renderer
 * resolves with the same function: both exports give the same instants.
 */
const char *clg_visit_instant(const clg_visit_list *list, clg_date date, int minute,
                              int later_minutes, char out[CLG_INSTANT_TEXT_SIZE]);

/*
 * text reduced to FHIR's id alphabet [A-Za-z0-9-.] (anything else becomes
 * '-'), at most max_length characters, never empty; out holds max_length + 1.
 */
void clg_export_fhir_id(const char *text, size_t max_length, char *out);
#define CLG_FHIR_ID_MAX 64

/* FNV-1a, 64 bits: stable ids from stable text (not for secrets). */
uint64_t clg_export_hash(const char *text, size_t length, uint64_t seed);
#define CLG_EXPORT_HASH_SEED 0xcbf29ce484222325ull

#endif

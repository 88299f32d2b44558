/*
 * A course in progress: the plan meets the sessions actually recorded.
 *
 * The plan (clg_plan_compute with the course's start date) says when each
 * session should happen; the clinic records when it did. This module keeps
 * the two honest to each other, with no I/O so that the CLI, the server and
 * the tests share one answer:
 *
 *  - clg_course_progress_compute() re-flows the schedule: recorded sessions
 *    keep their actual dates, the remaining ones are re-planned from the
 *    last actual date; it also works out the course's status and its next
 *    item (a session, or the maintenance visit once the initial course is
 *    done).
 *  - clg_session_evaluate() judges a proposed session (docs/records.md#records-and-safety): sooner
 * than its course's interval floor after (or before) another session of the same client on an
 * overlapping area, or on a course whose screening is blocked, is refused unless forced with a
 * reason (a block only by who may override one: an admin); before the window opens is accepted
 *    early; after it closes is accepted late.
 */
#ifndef COLLAGENDA_COURSE_H
#define COLLAGENDA_COURSE_H

#include <stdbool.h>
#include <stdint.h>

#include "collagenda/date.h"
#include "collagenda/error.h"
#include "collagenda/plan.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum clg_course_status {
    CLG_COURSE_ACTIVE,
    CLG_COURSE_MAINTENANCE,
    CLG_COURSE_COMPLETED,
    CLG_COURSE_DISCONTINUED,
    CLG_COURSE_STATUS_COUNT
} clg_course_status;

/* "active", "maintenance", "completed", "discontinued". */
const char *clg_course_status_name(clg_course_status status);

/*
 * Whether the clinic closed the course (completed or discontinued): a
 * closed course has nothing next, leaves `due`, and takes no session or
 * booking until it is reopened.
 */
bool clg_course_status_is_closed(clg_course_status status);

typedef enum clg_next_kind { CLG_NEXT_NONE, CLG_NEXT_SESSION, CLG_NEXT_MAINTENANCE } clg_next_kind;

/* "session", "maintenance", or NULL for CLG_NEXT_NONE. */
const char *clg_next_kind_name(clg_next_kind kind);

/* What the course expects next; kind CLG_NEXT_NONE for a closed course. */
typedef struct clg_course_next {
    clg_next_kind kind;
    int number; /* the session number this visit will have in the course */
    clg_date date;
    clg_date earliest;
    clg_date latest;
} clg_course_next;

typedef struct clg_course_progress {
    clg_course_status status;
    int recorded;         /* sessions recorded in this course */
    int initial_recorded; /* of those, the ones that belong to the initial course */
    clg_date last_date;   /* the last recorded session, when recorded > 0 */
    clg_course_next next;
} clg_course_progress;

/*
 * Re-flows plan->schedule around the course's recorded session dates
 * (ascending; equal dates are allowed only as given) and fills *progress.
 * Session i <= recorded keeps its actual date, with the window it had when
 * it was due (from the session before it); the sessions after the last
 * recorded one are rebuilt from its date with the plan's intervals and open
 * days. plan->maintenance_date becomes the next maintenance visit.
 *
 * closed is CLG_COURSE_ACTIVE for an open course, or CLG_COURSE_COMPLETED /
 * CLG_COURSE_DISCONTINUED when the clinic closed it. The plan must have been
 * computed with a start date. A blocked plan has no dates of its own; a
 * course on one exists only because its start was overridden, so its
 * schedule is built here from the start. Dates out of order are
 * CLG_ERR_INVALID.
 */
clg_status clg_course_progress_compute(clg_plan *plan, const clg_date *dates, int count,
                                       clg_course_status closed, clg_course_progress *progress,
                                       clg_error *err);

/*
 * Whether every date the course computes can be written down: its sessions
 * and their windows, the maintenance visit, the maintenance window after
 * the last session and the next item, none after CLG_DATE_LAST
 * (9999-12-31). plan and progress are as clg_course_progress_compute left
 * them. CLG_ERR_INVALID naming field otherwise, the message quoting from
 * (the start, or the proposed date, that carries the course that far).
 */
clg_status clg_course_dates_check(const clg_plan *plan, const clg_course_progress *progress,
                                  clg_date from, const char *field, clg_error *err);

/* A session of the client as the safety check sees it: when, and where. */
typedef struct clg_session_fact {
    clg_date date;
    uint32_t areas; /* bit per clg_area */
} clg_session_fact;

typedef struct clg_session_proposal {
    clg_date date;
    uint32_t areas;        /* bit per clg_area; never empty */
    clg_modality modality; /* the modality used (never AUTO) */
    uint32_t screening;    /* findings noted at the session, bit per clg_screening_code */
    /* Every session of the same client, in any of the client's courses. */
    const clg_session_fact *client_sessions;
    int client_session_count;
    bool forced;             /* the practitioner overrides a refusal (with a reason) */
    bool may_override_block; /* the caller may force a blocked screening (an admin) */
    bool booking;            /* booked ahead rather than recorded as done: only the words differ */
} clg_session_proposal;

typedef enum clg_session_timing {
    CLG_TIMING_ON_TIME,
    CLG_TIMING_EARLY, /* at least the floor after the last session, before the window opens */
    CLG_TIMING_LATE,  /* after the window closed; the rest of the course re-flows */
} clg_session_timing;

/* "on-time", "early", "late": the verdict's timing as the API and the audit log spell it. */
const char *clg_session_timing_name(clg_session_timing timing);

#define CLG_VERDICT_TEXT_SIZE 512

typedef struct clg_session_verdict {
    int number;       /* the session number the proposal would get in the course */
    bool maintenance; /* a maintenance visit (the initial course is done) */
    clg_date window_earliest;
    clg_date window_latest;
    clg_session_timing timing;
    bool too_soon; /* within the course's interval floor of an overlapping session */
    bool blocked;  /* the course's or the session's screening is blocked */
    bool forced;   /* too_soon or blocked, and overridden */
    /* Why it was refused (also when forced, for the audit log), else "". */
    char refusal[CLG_VERDICT_TEXT_SIZE];
    /* The early / late warning for the practitioner, else "". */
    char warning[CLG_VERDICT_TEXT_SIZE];
} clg_session_verdict;

/*
 * Judges proposal against a plan already re-flowed by
 * clg_course_progress_compute() and its progress. Returns CLG_OK (maybe
 * with a warning, maybe forced), CLG_ERR_REFUSED with err->field "session"
 * and the precise reason, CLG_ERR_FORBIDDEN when a blocked screening is
 * forced by a caller who may not override one, or CLG_ERR_INVALID for a
 * proposal that cannot be recorded at all (a closed course, a date before
 * the course's last recorded session). *verdict is filled in every case.
 */
clg_status clg_session_evaluate(const clg_plan *plan, const clg_course_progress *progress,
                                const clg_session_proposal *proposal, clg_session_verdict *verdict,
                                clg_error *err);

/*
 * The refusal for starting a course on a plan whose screening is blocked
 * (docs/protocol.md#screening): CLG_ERR_REFUSED naming the blocking findings unless forced;
 * CLG_ERR_FORBIDDEN when forced by a caller who may not override a block
 * (only an admin may); else CLG_OK. *blocked tells whether the plan was
 * blocked at all.
 */
clg_status clg_course_start_check(const clg_plan *plan, bool forced, bool may_override_block,
                                  bool *blocked, clg_error *err);

#ifdef __cplusplus
}
#endif
#endif

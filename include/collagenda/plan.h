/*
 * The plan: a treatment course computed from an assessment and a protocol.
 *
 * clg_plan_compute() applies the protocol's rules in docs/protocol.md#rules order and
 * records each fired rule as a reason (with its source tag). A plan is a
 * fixed-size value: it allocates nothing, and its strings point into the
 * protocol it was computed from, which must outlive it.
 */
#ifndef COLLAGENDA_PLAN_H
#define COLLAGENDA_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "collagenda/assessment.h"
#include "collagenda/date.h"
#include "collagenda/error.h"
#include "collagenda/protocol.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CLG_MAX_REASONS 16
#define CLG_MAX_WARNINGS 8
#define CLG_MAX_FINDINGS (CLG_SCREEN_COUNT + 1)
#define CLG_REASON_TEXT_SIZE 512
#define CLG_MAX_SOURCES_CITED CLG_MAX_SOURCES

typedef enum clg_course_kind { CLG_COURSE_STANDARD, CLG_COURSE_INTENSIVE } clg_course_kind;

const char *clg_course_kind_name(clg_course_kind kind);

/* The rules of docs/protocol.md#rules, in the order they are applied. */
typedef enum clg_rule {
    CLG_RULE_BASE_COURSE,
    CLG_RULE_INTERVAL,
    CLG_RULE_SMALL_AREA,
    CLG_RULE_GOAL,
    CLG_RULE_DIFFICULTY_LOAD,
    CLG_RULE_INTENSIVE_COURSE,
    CLG_RULE_INTERVAL_FLOOR,
    CLG_RULE_MAINTENANCE,
    CLG_RULE_MODALITY,
    CLG_RULE_SESSION_LENGTH,
    CLG_RULE_COUNT
} clg_rule;

/* The stable name of a rule: "base-course", "small-area", ... */
const char *clg_rule_name(clg_rule rule);

/*
 * Why a number is what it is. The human sentence is built on demand by
 * clg_reason_describe() so that computing a plan formats no text.
 */
/* Why a maintenance interval was chosen (rule 6). */
typedef enum clg_maintenance_case {
    CLG_MAINTENANCE_USUAL,
    CLG_MAINTENANCE_SOONER_FOR_LAXITY,
    CLG_MAINTENANCE_SOONER_FOR_INTENSIVE,
    CLG_MAINTENANCE_OTHERWISE,
} clg_maintenance_case;

typedef struct clg_reason {
    clg_rule rule;
    const char *source;     /* tag of the source that states this reason's number */
    clg_int_range sessions; /* the session range after this rule */
    clg_int_range interval; /* the interval range after this rule */
    int value;              /* rule-specific: load, months, minutes, floor days */
    clg_laxity laxity;
    clg_goal goal;
    clg_modality modality;
    clg_course_kind course; /* interval-floor: whose floor it is */
    bool chosen_by_request; /* modality: asked for rather than picked */
    bool never_intensive;   /* difficulty-load: the load would, but the laxity never is */
    clg_maintenance_case maintenance_case;
    int first_area_minutes;        /* session-length: the first area's share of value */
    const char *first_area_source; /* session-length: the source of that share */
    uint32_t areas;                /* small-area / difficulty: the areas that counted */
    uint32_t risks;                /* difficulty: the risks that counted */
    uint32_t concerns;             /* difficulty: the concerns that counted */
    const char *note;              /* protocol note, may be NULL */
    /* What other sources say on the same point, quoted after the reason's own words. */
    const clg_see_also *see_also; /* may be NULL */
    const clg_citation *why;      /* interval-floor: why there is a floor; may be NULL */
} clg_reason;

typedef struct clg_warning {
    const char *code;
    const char *message;
    const char *source; /* may be NULL for warnings about dates */
} clg_warning;

typedef struct clg_finding {
    const char *code;
    clg_screening_level level;
    const char *message;
    const char *source;
} clg_finding;

typedef struct clg_scheduled_session {
    int number; /* 1-based */
    clg_date date;
    clg_date earliest;
    clg_date latest;
} clg_scheduled_session;

typedef struct clg_range_recommended {
    int min;
    int max;
    int recommended;
} clg_range_recommended;

typedef struct clg_plan {
    const clg_protocol *protocol;
    clg_plan_request request;

    clg_course_kind course;
    clg_modality modality; /* never AUTO */
    clg_range_recommended sessions;
    clg_range_recommended interval_days;
    int interval_floor_days; /* rule 5: the floor of this course's kind */
    clg_range_recommended maintenance_months;
    int session_minutes;
    int difficulty_load;

    clg_screening_level screening_status;
    int finding_count;
    clg_finding findings[CLG_MAX_FINDINGS];

    /*
     * Present only when request.has_start, and never for a blocked
     * screening: a plan that must not be started has no dates (docs/protocol.md#screening).
     */
    int schedule_count;
    clg_scheduled_session schedule[CLG_MAX_SESSIONS];
    clg_date maintenance_date;

    int reason_count;
    clg_reason reasons[CLG_MAX_REASONS];

    int warning_count;
    clg_warning warnings[CLG_MAX_WARNINGS];
} clg_plan;

/*
 * Computes the plan for request under protocol into *plan (caller-owned).
 * Fails with CLG_ERR_INVALID only for a request that could not have come
 * from clg_plan_request_set() (an empty area set, an out-of-range enum).
 */
clg_status clg_plan_compute(const clg_protocol *protocol, const clg_plan_request *request,
                            clg_plan *plan, clg_error *err);

/*
 * Builds the dated schedule for plan from first_date: session 1 on the first
 * open day on or after first_date, every later one `recommended` days after
 * the one before, moved to an open day inside its window. Sessions numbered
 * below first_number are not built (used to re-flow a course from a session
 * actually done). Fills plan->schedule, schedule_count and maintenance_date.
 */
void clg_schedule_build(clg_plan *plan, int first_number, clg_date first_date, uint8_t open_days);

/*
 * The sentence for a reason ("mild laxity: 3-4 sessions") written into out,
 * other sources' readings quoted after it with their tags. Returns out.
 */
const char *clg_reason_describe(const clg_reason *reason, char *out, size_t size);

/*
 * The sources the plan cites, in the protocol's order: its reasons (their
 * own source, other readings and the floor's why), its findings, warnings
 * and aftercare. Fills out (up to max) and returns the count. What the text
 * plan lists under "Sources", so that it names no source it does not use.
 */
int clg_plan_cited_sources(const clg_plan *plan, const clg_source **out, int max);

/*
 * The codes of the plan's blocking findings, comma-separated
 * ("pregnancy,active-acne"), into out; "" when nothing blocks. Returns out.
 */
const char *clg_plan_blocked_codes(const clg_plan *plan, char *out, size_t size);

/*
 * Whether the plan's dates may leave as a calendar, a FHIR CarePlan or a
 * timeline: CLG_OK, or CLG_ERR_REFUSED naming the blocking findings (a
 * blocked plan has no dates to export, docs/protocol.md#screening).
 */
clg_status clg_plan_check_dated_export(const clg_plan *plan, clg_error *err);

#ifdef __cplusplus
}
#endif
#endif

/*
 * The protocol: every clinical number the planner uses, with its source.
 *
 * A protocol is data (protocols/default.json is compiled in; a clinic may
 * load its own file). clg_protocol_parse() validates the whole document and
 * names the first bad field ("base_course[2].sessions.max: must be ...").
 * The parsed protocol owns all its strings; plans point into it, so a
 * protocol must outlive every plan computed from it. It is never modified
 * after parsing, so one protocol may be shared by any number of threads.
 */
#ifndef COLLAGENDA_PROTOCOL_H
#define COLLAGENDA_PROTOCOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "collagenda/assessment.h"
#include "collagenda/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Hard limits that keep a plan a fixed-size value (no allocation per plan). */
#define CLG_MAX_SESSIONS 52
#define CLG_MAX_SOURCES 32
#define CLG_MAX_GOAL_RULES CLG_GOAL_COUNT
#define CLG_MAX_AFTERCARE 16
#define CLG_INTERVAL_FLOOR_MIN_DAYS                                                                \
    7 /* docs/protocol.md#rules: a clinic's floor is never below 7 days */
#define CLG_MAX_INTERVAL_DAYS 366
#define CLG_MAX_MAINTENANCE_MONTHS 60
#define CLG_MAX_SEE_ALSO 3
#define CLG_PROTOCOL_NAME_MAX_BYTES 200 /* a name or code, not a sentence */

typedef enum clg_source_kind {
    CLG_SOURCE_MARKETING,
    CLG_SOURCE_STUDY,
    CLG_SOURCE_REVIEW,
    CLG_SOURCE_CONSENSUS,
    CLG_SOURCE_CLINIC_PRACTICE,
    CLG_SOURCE_KIND_COUNT
} clg_source_kind;

typedef enum clg_screening_level {
    CLG_SCREENING_CLEAR,
    CLG_SCREENING_CAUTION,
    CLG_SCREENING_BLOCKED,
    CLG_SCREENING_LEVEL_COUNT
} clg_screening_level;

const char *clg_source_kind_name(clg_source_kind kind);
const char *clg_screening_level_name(clg_screening_level level);

typedef struct clg_source {
    const char *tag;
    const char *title;
    clg_source_kind kind;
} clg_source;

typedef struct clg_int_range {
    int min;
    int max;
} clg_int_range;

/*
 * What another source says on the same point, in the protocol author's
 * words (docs/protocol.md#rules: where the sources disagree, the plan says so). A reason
 * quotes it after its own number, with the source's tag.
 */
typedef struct clg_citation {
    const char *source; /* tag into the protocol's sources */
    const char *says;
} clg_citation;

/* The other readings of one rule (a protocol's "see_also" list). */
typedef struct clg_see_also {
    int count;
    clg_citation items[CLG_MAX_SEE_ALSO];
} clg_see_also;

typedef struct clg_base_course_rule {
    clg_int_range sessions;
    const char *source;
    const char *note; /* may be NULL */
    clg_see_also see_also;
} clg_base_course_rule;

typedef struct clg_goal_rule {
    bool present;
    clg_int_range sessions_at_least;
    const char *source;
    clg_see_also see_also;
} clg_goal_rule;

typedef struct clg_warning_rule {
    bool present;
    uint32_t laxities; /* bit per clg_laxity; the roller-laxity warning only */
    const char *code;
    const char *message;
    const char *source;
} clg_warning_rule;

typedef struct clg_screening_rule {
    clg_screening_level level;
    clg_screening_level level_rf; /* level when the modality is RF */
    const char *message;
    const char *source;
} clg_screening_rule;

typedef struct clg_aftercare_item {
    const char *text;
    const char *source;
} clg_aftercare_item;

/* One course kind's interval floor: no plan spaces sessions closer, none is recorded sooner. */
typedef struct clg_floor_rule {
    int days;
    const char *source;
} clg_floor_rule;

/*
 * A maintenance interval and the cases it is for. A case matches when the
 * laxity is in laxities, or (when_intensive) the course is intensive; with
 * only_without_load it also needs a difficulty load of 0.
 */
typedef struct clg_maintenance_rule {
    int months;
    uint32_t laxities; /* bit per clg_laxity */
    bool when_intensive;
    bool only_without_load;
    const char *source;
    const char *note; /* may be NULL */
} clg_maintenance_rule;

typedef struct clg_protocol {
    const char *name;
    const char *version;
    const char *title;
    /* The document's format: 1 (protocol version 1's shape) or 2. */
    int format;

    int source_count;
    clg_source sources[CLG_MAX_SOURCES];

    /* Rule 1: base course by laxity, and the standard interval. */
    clg_base_course_rule base_course[CLG_LAXITY_COUNT];
    clg_int_range interval_days;
    const char *interval_source;
    clg_see_also interval_see_also;

    /* Rule 5: the floor of each course kind, and why there is one. */
    clg_floor_rule standard_floor;
    clg_floor_rule intensive_floor;
    clg_citation floor_why; /* source NULL when the document gives no reason */

    /* Rule 2: a small treatment area needs fewer sessions. */
    uint32_t small_areas; /* the plan's areas must all be in this set */
    int small_area_sessions_delta;
    int small_area_sessions_floor;
    const char *small_area_source;
    clg_see_also small_area_see_also;

    /* Rule 3: goals that raise the course. */
    clg_goal_rule goals[CLG_GOAL_COUNT];

    /* Rule 4: difficulty load and the intensive course. */
    uint32_t difficulty_extra_areas;
    bool difficulty_counts_risks;
    bool difficulty_counts_concerns;
    /*
     * Rule 1 and docs/protocol.md#rules: the recommended interval is the range's midpoint
     * rounded down to a whole day; documents of format 1 rounded it down to
     * whole weeks, and courses planned with them keep doing so.
     */
    bool interval_rounds_to_weeks;
    int light_load;
    int light_load_sessions_delta;
    int intensive_load;
    const char *difficulty_source;
    clg_see_also difficulty_see_also;
    uint32_t intensive_laxities; /* a load makes the course intensive only for these */
    clg_int_range intensive_sessions_at_least;
    clg_int_range intensive_interval_days;
    const char *intensive_source;
    clg_see_also intensive_see_also;

    /* Rule 6: maintenance: the range, then the first rule that matches. */
    clg_int_range maintenance_months;
    const char *maintenance_source;
    clg_maintenance_rule maintenance_sooner;
    clg_maintenance_rule maintenance_usual;
    clg_maintenance_rule maintenance_otherwise; /* when neither matches */

    /* Rule 7: modality. */
    uint32_t modality_traditional_laxities;
    uint32_t modality_rf_laxities;
    uint32_t modality_rf_goals;
    const char *modality_source;
    clg_warning_rule roller_warning;
    clg_warning_rule roller_laxity_warning;

    /* Rule 8: session length; each further area may rest on another source. */
    int session_minutes_first_area;
    int session_minutes_each_further_area;
    const char *session_minutes_source;
    const char *session_minutes_further_area_source;

    /* Rule 9: aftercare. */
    int aftercare_count;
    clg_aftercare_item aftercare[CLG_MAX_AFTERCARE];

    /* §3.1 screening. */
    clg_screening_rule screening[CLG_SCREEN_COUNT];
    uint32_t skin_type_caution_types; /* bit per Fitzpatrick type, bit 1 = I */
    const char *skin_type_code;
    clg_screening_level skin_type_level;
    const char *skin_type_message;
    const char *skin_type_source;

    /* §3.2: the closing line of the text output. */
    const char *evidence_note;

    /* Private: the parsed document that owns every string above. */
    void *document;
} clg_protocol;

/*
 * Parses and validates a protocol document (JSON text of length bytes).
 * On success *out is a new protocol the caller frees with clg_protocol_free().
 * On failure returns CLG_ERR_INVALID with err naming the first bad field, or
 * CLG_ERR_IO when memory runs out; *out is then NULL.
 */
clg_status clg_protocol_parse(const char *text, size_t length, clg_protocol **out, clg_error *err);

/* Parses the compiled-in default protocol (protocols/default.json). */
clg_status clg_protocol_load_default(clg_protocol **out, clg_error *err);

/* The compiled-in default protocol's JSON text, NUL-terminated. */
const char *clg_protocol_default_text(void);

void clg_protocol_free(clg_protocol *protocol);

/* The source with this tag, or NULL. */
const clg_source *clg_protocol_find_source(const clg_protocol *protocol, const char *tag);

/*
 * The validated document, re-serialised as indented JSON (what `protocol
 * show` prints). Returns a malloc'd string the caller frees, or NULL.
 */
char *clg_protocol_to_json(const clg_protocol *protocol);

#ifdef __cplusplus
}
#endif
#endif

/*
 * A course as the records keep it: the assessment it was planned from, the
 * plan as first computed, and the denormalised status and next due date
 * that `due` reads from an index.
 */
#ifndef CLG_MODEL_COURSE_H
#define CLG_MODEL_COURSE_H

#include <stdbool.h>
#include <stdint.h>

#include "collagenda/collagenda.h"

typedef struct clg_course_row {
    int64_t id;
    int64_t client_id;
    const char *protocol_name;
    const char *protocol_version;
    const char *request_json; /* the assessment with start and open days */
    const char *plan_json;    /* the plan as computed when the course started */
    clg_date start;
    clg_course_status status;
    clg_next_kind next_kind;
    clg_date next_date; /* meaningful when next_kind != CLG_NEXT_NONE */
    bool forced;
    const char *force_reason; /* NULL unless forced */
    char *storage;
} clg_course_row;

#endif

/*
 * One line of the clinic's diary: a booking with who comes (name, phone),
 * which course and which visit of it, its areas and how long the visit
 * takes by the course's plan (docs/records.md#diary).
 */
#ifndef CLG_MODEL_DIARY_H
#define CLG_MODEL_DIARY_H

#include <stdbool.h>
#include <stdint.h>

#include "collagenda/collagenda.h"

typedef struct clg_diary_row {
    int64_t booking_id;
    int64_t course_id;
    int64_t client_id;
    clg_date date;
    int start_minute; /* minutes after the clinic's local midnight; -1 all day */
    uint32_t areas;   /* bit per clg_area */
    const char *name;
    const char *phone; /* NULL when not on file */
    /*
     * Which visit: the booking's place after the course's recorded
     * sessions and its earlier bookings (as the course view counts them).
     * A number past the plan's sessions is the maintenance visit.
     */
    int number;
    int sessions; /* the plan's recommended sessions: the n of "k of n" */
    bool maintenance;
    int minutes; /* the plan's session_minutes; 0 when the plan lacks it */
} clg_diary_row;

#endif

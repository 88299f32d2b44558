/*
 * One line of the recall list: a course whose next item is due, with its
 * client's name and how to reach them, what the window of the next item
 * is measured from, and the course's first booking if it has one.
 */
#ifndef CLG_MODEL_DUE_H
#define CLG_MODEL_DUE_H

#include <stdint.h>

#include "collagenda/collagenda.h"

typedef struct clg_due_row {
    int64_t course_id;
    int64_t client_id;
    const char *name;
    const char *email; /* NULL when not on file */
    const char *phone; /* NULL when not on file */
    clg_next_kind kind;
    clg_date due;
    /* The last live session, 0 when none is recorded yet. */
    clg_date last_session;
    /* The plan's ranges the next item's window comes from. */
    int interval_min, interval_max;
    int maintenance_min, maintenance_max; /* months */
    /* The course's first booking: 0 when none; its minute -1 when all day. */
    clg_date booked;
    int booked_minute;
} clg_due_row;

/* A due row with how late it is on the day asked about, as `due` shows it. */
typedef struct clg_due_item {
    const clg_due_row *row;
    int overdue_days; /* max(0, on - due) */
    clg_date earliest; /* the next item's window */
    clg_date latest;
} clg_due_item;

#endif

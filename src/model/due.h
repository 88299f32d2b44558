/*
 * One line of the recall list: a course whose next item is due, with its
 * client's name.
 */
#ifndef CLG_MODEL_DUE_H
#define CLG_MODEL_DUE_H

#include <stdint.h>

#include "collagenda/collagenda.h"

typedef struct clg_due_row {
    int64_t course_id;
    int64_t client_id;
    const char *name;
    clg_next_kind kind;
    clg_date due;
} clg_due_row;

/* A due row with how late it is on the day asked about, as `due` shows it. */
typedef struct clg_due_item {
    const clg_due_row *row;
    int overdue_days; /* max(0, on - due) */
} clg_due_item;

#endif

/*
 * A session booked ahead: deleted when cancelled or settled by a recorded
 * session (attended), kept marked when the client did not come (no-show:
 * released, it holds no place and counts for no floor). Its time is local
 * to the clinic's time zone.
 */
#ifndef CLG_MODEL_BOOKING_H
#define CLG_MODEL_BOOKING_H

#include <stdbool.h>
#include <stdint.h>

#include "collagenda/collagenda.h"

typedef struct clg_booking_row {
    int64_t id;
    int64_t course_id;
    int64_t client_id;
    clg_date date;
    int start_minute;  /* minutes after the clinic's local midnight; -1 all day */
    uint32_t areas;    /* the course's areas when booked: bit per clg_area */
    bool forced;
    const char *force_reason; /* NULL unless forced */
    bool no_show;             /* the client did not come: kept for the record only */
    char *storage;
} clg_booking_row;

#endif

/*
 * A course with everything needed to show, judge or export it: its row, its
 * client, the protocol it was planned under, the plan re-flowed around the
 * recorded sessions (and bookings), the sessions and bookings themselves
 * and the clinic's time zone. The service builds it; every renderer reads
 * it. Owned by whoever loaded it (clg_records_course_view_free).
 */
#ifndef CLG_MODEL_COURSE_VIEW_H
#define CLG_MODEL_COURSE_VIEW_H

#include "collagenda/collagenda.h"
#include "model/booking.h"
#include "model/client.h"
#include "model/clinic.h"
#include "model/course.h"
#include "model/session.h"

typedef struct clg_course_view {
    clg_course_row course;
    clg_client_row client;
    clg_protocol *protocol;
    clg_plan *plan; /* re-flowed around the recorded sessions */
    clg_course_progress progress;
    int session_count;
    clg_session_row *sessions;
    /* Sessions booked ahead, by date; all after the last recorded session. */
    int booking_count;
    clg_booking_row *bookings;
    /* Sessions voided as entered in error: kept to be seen, counted nowhere. */
    int voided_count;
    clg_session_row *voided;
    char time_zone[CLG_TIME_ZONE_SIZE]; /* the clinic's IANA zone; "" for UTC */
    /* The clinic's settings: its name, address and phone for exports, its open days. */
    clg_clinic_settings clinic;
} clg_course_view;

#endif

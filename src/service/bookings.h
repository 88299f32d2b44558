/*
 * Booking a course's next sessions ahead (times local to the clinic's
 * time zone, service/clinic.h). A booking is a session not yet done: it is
 * judged by the same safety rules as recording one (the interval floor
 * against every session and booking of the client, the screening, the
 * window) with the course's earlier bookings counted as done on their
 * dates, so a course can be booked through to its last session. Recording
 * a session settles the booking it was for. Every write is one audited
 * transaction; a refusal writes nothing but its own audit entry.
 */
#ifndef CLG_SERVICE_BOOKINGS_H
#define CLG_SERVICE_BOOKINGS_H

#include <stdbool.h>
#include <stdint.h>

#include "service/records.h"

typedef struct clg_booking_input {
    clg_date date;
    int start_minute; /* minutes after the clinic's local midnight; -1 all day */
    bool forced;
    const char *reason; /* required when forced */
} clg_booking_input;

typedef struct clg_booking_result {
    int64_t id;
    clg_session_verdict verdict; /* number: the session of the course it is booked for */
} clg_booking_result;

/*
 * Books the course's next session. CLG_ERR_REFUSED (nothing written but the
 * refusal's audit entry) when too soon or blocked, unless forced with a
 * reason; CLG_ERR_INVALID for a date before the course's last session or
 * booking, a closed course, or a course whose initial sessions are all
 * recorded or booked (maintenance visits are recorded, not booked);
 * CLG_ERR_NOT_FOUND for an unknown course.
 */
clg_status clg_records_booking_add(const clg_records *records, int64_t course_id,
                                   const clg_booking_input *input, clg_booking_result *result,
                                   clg_error *err);

/*
 * Cancels a booking, audited with what it was; CLG_ERR_NOT_FOUND for a
 * booking the clinic does not have. Any booking may go: a session taken
 * away never brings two others within the interval floor. The course's
 * later bookings move up a number.
 */
clg_status clg_records_booking_cancel(const clg_records *records, int64_t booking_id,
                                      clg_error *err);

#endif

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
    /*
     * Asked by the client on their own channel (the portal, service/portal.h)
     * rather than by staff: never forced, timed, from the day after the
     * clinic's today, and inside the safe window the judge gives the visit
     * (a date outside it is CLG_ERR_REFUSED like a session too soon); a new
     * booking only while the course has none ahead.
     */
    bool by_client;
    int64_t client_id; /* by_client: who asks; a move of anyone else's booking is not found */
} clg_booking_input;

typedef struct clg_booking_result {
    int64_t id;
    clg_session_verdict verdict; /* number: the session of the course it is booked for */
} clg_booking_result;

/*
 * Books the course's next item, a session or, once the initial sessions
 * are all recorded or booked, the maintenance visit (verdict.maintenance).
 * CLG_ERR_REFUSED (nothing written but the refusal's audit entry) when too
 * soon or blocked, unless forced with a reason; CLG_ERR_INVALID for a date
 * before the course's last session or booking or a closed course;
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
/* The same, for the client client_id's own booking only: anyone else's is not found. */
clg_status clg_records_booking_cancel_of(const clg_records *records, int64_t booking_id,
                                         int64_t client_id, clg_error *err);

/*
 * Moves a booking to input's date and time, judged like a new booking with
 * this one left out of its course and its client (so a move too soon is
 * refused: CLG_ERR_REFUSED, nothing written but the refusal's audit entry,
 * unless forced with a reason). Audited "booking.move" with before and
 * after. CLG_ERR_NOT_FOUND for a booking the clinic does not have,
 * CLG_ERR_INVALID for a no-show or a date out of the course's order.
 */
clg_status clg_records_booking_move(const clg_records *records, int64_t booking_id,
                                    const clg_booking_input *input, clg_booking_result *result,
                                    clg_error *err);

/*
 * The client came: records the session of the booking's date through the
 * one record workflow (judged; its date, floor and window rules hold; the
 * booking settled), with details' other fields (its date is the
 * booking's, its areas the booking's unless given), and audits
 * "booking.attend" naming the session, all in one transaction.
 * CLG_ERR_INVALID for a booking after the clinic's today or a no-show.
 */
clg_status clg_records_booking_attend(const clg_records *records, int64_t booking_id,
                                      const clg_session_input *details, clg_session_result *result,
                                      clg_error *err);

/*
 * The client did not come: the booking is kept with status no-show,
 * audited "booking.no_show", and released (it holds no place, counts for
 * no floor, is listed nowhere). CLG_ERR_INVALID for a booking after the
 * clinic's today or one already marked.
 */
clg_status clg_records_booking_no_show(const clg_records *records, int64_t booking_id,
                                       clg_error *err);

#endif

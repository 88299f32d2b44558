/*
 * The rule every booking path shares for its time of day: a wall-clock time
 * the clinic's clocks skip (the spring-forward gap) is no appointment, so it
 * is invalid input naming the field "time" and the gap, before any judging
 * (docs/records.md#bookings). A time that occurs twice is accepted and means
 * its first occurrence (base/local_time.h), as every export reads it.
 */
#ifndef CLG_SERVICE_BOOKING_TIME_H
#define CLG_SERVICE_BOOKING_TIME_H

#include "service/records.h"

/*
 * CLG_ERR_INVALID (field "time") when start_minute on date falls in a gap of
 * the clinic's zone; start_minute -1 (all day) always passes. Reads the
 * clinic's zone from the store, so call it inside the booking's transaction.
 */
clg_status clg_records_check_booking_time(const clg_records *records, clg_date date,
                                          int start_minute, clg_error *err);

#endif

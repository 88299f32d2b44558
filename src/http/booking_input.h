/*
 * A booking's body, {"date", "time", "force", "reason"}, read the same for
 * a new booking (route_bookings.c) and a move (route_booking_life.c).
 */
#ifndef CLG_HTTP_BOOKING_INPUT_H
#define CLG_HTTP_BOOKING_INPUT_H

#include <jansson.h>

#include "service/bookings.h"

clg_status clg_route_read_booking_input(const json_t *object, clg_booking_input *input,
                                        clg_error *err);

#endif

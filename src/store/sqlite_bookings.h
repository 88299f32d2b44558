/* The SQLite backend's bookings and clinic time zone (sqlite_bookings.c), for its ops table. */
#ifndef CLG_STORE_SQLITE_BOOKINGS_H
#define CLG_STORE_SQLITE_BOOKINGS_H

#include "store/store.h"

clg_status clg_sqlite_clinic_time_zone_get(void *impl, int64_t clinic,
                                           char time_zone[CLG_TIME_ZONE_SIZE], clg_error *err);
clg_status clg_sqlite_clinic_time_zone_set(void *impl, int64_t clinic, const char *time_zone,
                                           clg_error *err);
clg_status clg_sqlite_booking_insert(void *impl, int64_t clinic, const clg_booking_row *row,
                                     int64_t *id, clg_error *err);
clg_status clg_sqlite_booking_get(void *impl, int64_t clinic, int64_t id, clg_booking_row *row,
                                  clg_error *err);
clg_status clg_sqlite_booking_list(void *impl, int64_t clinic, int64_t course_id, int64_t client_id,
                                   clg_booking_visitor visit, void *context, clg_error *err);
clg_status clg_sqlite_booking_delete(void *impl, int64_t clinic, int64_t id, clg_error *err);

#endif

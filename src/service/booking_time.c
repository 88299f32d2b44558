/* A booking's time of day in the clinic's zone; see booking_time.h. */
#include "service/booking_time.h"

#include "base/local_time.h"
#include "service/records_internal.h"

clg_status clg_records_check_booking_time(const clg_records *r, clg_date date, int start_minute,
                                          clg_error *err)
{
    if (start_minute < 0)
        return CLG_OK;
    char time_zone[CLG_TIME_ZONE_SIZE];
    clg_status status = clg_store_clinic_time_zone_get(r->store, r->clinic, time_zone, err);
    if (status != CLG_OK)
        return status;
    return clg_local_time_check(time_zone, date, start_minute, "time", err);
}

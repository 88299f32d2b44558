/* The clinic's today; see today.h. */
#include "service/today.h"

#include <libical/ical.h>

#include "service/clinic.h"

clg_date clg_records_today_in(const char *time_zone)
{
    icaltimezone *zone = time_zone != NULL && time_zone[0] != '\0'
                             ? icaltimezone_get_builtin_timezone(time_zone)
                             : NULL;
    if (zone == NULL)
        zone = icaltimezone_get_utc_timezone();
    struct icaltimetype now = icaltime_current_time_with_zone(zone);
    clg_date today = 0;
    clg_date_from_civil(now.year, now.month, now.day, &today);
    return today;
}

void clg_records_today_set(clg_records *records)
{
    char time_zone[CLG_TIME_ZONE_SIZE];
    clg_error ignored;
    if (clg_records_clinic_time_zone(records, time_zone, &ignored) != CLG_OK)
        time_zone[0] = '\0';
    records->today = clg_records_today_in(time_zone);
}

/*
 * The clinic's settings as the workflows use them; see clinic.c.
 */
#ifndef CLG_SERVICE_CLINIC_H
#define CLG_SERVICE_CLINIC_H

#include "service/records.h"

/* The clinic's IANA time zone into out; "" when none is set (UTC). */
clg_status clg_records_clinic_time_zone(const clg_records *records, char out[CLG_TIME_ZONE_SIZE],
                                        clg_error *err);

/*
 * Sets the clinic's time zone, checked against the zones the calendar
 * exports know (field names the caller's spelling of it), audited with the
 * old and new value.
 */
clg_status clg_records_clinic_set_time_zone(const clg_records *records, const char *field,
                                            const char *time_zone, clg_error *err);

#endif

/*
 * The clinic's settings as the workflows use them; see clinic.c.
 */
#ifndef CLG_SERVICE_CLINIC_H
#define CLG_SERVICE_CLINIC_H

#include "service/records.h"

/* The clinic's IANA time zone into out; "" when none is set (UTC). */
clg_status clg_records_clinic_time_zone(const clg_records *records, char out[CLG_TIME_ZONE_SIZE],
                                        clg_error *err);

/* The clinic's settings (src/model/clinic.h): what bookings, plans and exports read. */
clg_status clg_records_clinic_settings(const clg_records *records, clg_clinic_settings *settings,
                                       clg_error *err);

/*
 * A plan for the clinic's course uses the clinic's open days unless the
 * course gives its own: sets request's open days from clinic's when it has none.
 */
void clg_records_use_clinic_days(const clg_clinic_settings *clinic, clg_plan_request *request);

/*
 * A change to the clinic's settings, each in the API's spelling; NULL
 * leaves a setting as it is, "" clears an optional one (address, phone,
 * email, hours, chairs). open_days is "mon,tue,...", hours "HH:MM-HH:MM",
 * chairs a whole number.
 */
typedef struct clg_clinic_change {
    const char *name;
    const char *address;
    const char *phone;
    const char *email;
    const char *time_zone;
    const char *open_days;
    const char *hours;
    const char *chairs;
} clg_clinic_change;

/*
 * Checks every given setting (an error names its field and what is
 * allowed), stores them in one transaction and audits `clinic.set` with
 * the settings before and after; *after (may be NULL) gets the new ones.
 */
clg_status clg_records_clinic_update(const clg_records *records, const clg_clinic_change *change,
                                     clg_clinic_settings *after, clg_error *err);

/* Adds a clinic named name (audited `clinic.create`); its id into *id (may be NULL). */
clg_status clg_records_clinic_add(const clg_records *records, const char *name, int64_t *id,
                                  clg_error *err);

#endif

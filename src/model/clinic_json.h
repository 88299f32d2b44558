/*
 * A clinic's settings as the API, `clinic show --format json` and the
 * audit log's before/after spell them (see clinic_json.c).
 */
#ifndef CLG_MODEL_CLINIC_JSON_H
#define CLG_MODEL_CLINIC_JSON_H

#include "base/json_writer.h"
#include "model/clinic.h"

/* "HH:MM-HH:MM" into out (12 bytes); "" when the hours are not set. */
const char *clg_clinic_hours_format(const clg_clinic_settings *settings, char out[12]);

/*
 * {"name", "address", "phone", "email", "time_zone", "open_days", "hours",
 * "chairs"}: a text not given is null, the time zone "UTC" when none is
 * set, open_days every day when none is set, hours "09:00-18:00" or null,
 * chairs a number or null. The members only: the caller opens the object.
 */
void clg_clinic_settings_json_members(const clg_clinic_settings *settings, clg_json_writer *w);

#endif

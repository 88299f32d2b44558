/* A clinic's settings in JSON; see clinic_json.h. */
#include "model/clinic_json.h"

#include <stdio.h>

#include "model/plan_json.h"

const char *clg_clinic_hours_format(const clg_clinic_settings *settings, char out[12])
{
    out[0] = '\0';
    if (settings->opens >= 0 && settings->closes > settings->opens)
        snprintf(out, 12, "%02d:%02d-%02d:%02d", settings->opens / 60 % 100, settings->opens % 60,
                 settings->closes / 60 % 100, settings->closes % 60);
    return out;
}

static void optional_text(clg_json_writer *w, const char *key, const char *text)
{
    clg_json_key(w, key);
    clg_json_string(w, text[0] ? text : NULL);
}

void clg_clinic_settings_json_members(const clg_clinic_settings *settings, clg_json_writer *w)
{
    clg_json_member_string(w, "name", settings->name);
    optional_text(w, "address", settings->address);
    optional_text(w, "phone", settings->phone);
    optional_text(w, "email", settings->email);
    clg_json_member_string(w, "time_zone", settings->time_zone[0] ? settings->time_zone : "UTC");
    clg_word_set_json(w, "open_days", settings->open_days ? settings->open_days : CLG_ALL_WEEKDAYS,
                      CLG_VOCAB_WEEKDAY);
    char hours[12];
    optional_text(w, "hours", clg_clinic_hours_format(settings, hours));
    clg_json_key(w, "chairs");
    if (settings->chairs > 0)
        clg_json_int(w, settings->chairs);
    else
        clg_json_null(w);
}

/*
 * The clinic's settings the workflows read (docs/records.md#clinic-settings):
 * its name, address, phone, e-mail, its time zone (which booked times are
 * local to), open days (which plans use unless a course gives its own),
 * opening hours and chairs. Setting them is audited with the old and new
 * values.
 */
#include "service/clinic.h"

#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_writer.h"
#include "model/clinic_json.h"

/* The longest IANA name is about 32 bytes; the store keeps up to 63. */
enum { TIME_ZONE_MAX_BYTES = CLG_TIME_ZONE_SIZE - 1 };

/* A zone the calendar exports can write: libical's built-in tzdata names. */
static clg_status time_zone_check(const char *field, const char *name, clg_error *err)
{
    if (name == NULL || name[0] == '\0' || strlen(name) > TIME_ZONE_MAX_BYTES ||
        icaltimezone_get_builtin_timezone(name) == NULL)
        return clg_error_set(err, CLG_ERR_INVALID, field,
                             "'%.80s' is not a known IANA time zone; use a name like "
                             "Europe/Berlin, America/New_York or UTC",
                             name ? name : "");
    return CLG_OK;
}

clg_status clg_records_clinic_time_zone(const clg_records *r, char out[CLG_TIME_ZONE_SIZE],
                                        clg_error *err)
{
    clg_status status = clg_store_begin(r->store, false, err);
    if (status != CLG_OK)
        return status;
    status = clg_store_clinic_time_zone_get(r->store, r->clinic, out, err);
    clg_store_rollback(r->store); /* read only */
    return status;
}

clg_status clg_records_clinic_settings(const clg_records *r, clg_clinic_settings *settings,
                                       clg_error *err)
{
    clg_status status = clg_store_begin(r->store, false, err);
    if (status != CLG_OK)
        return status;
    status = clg_store_clinic_settings_get(r->store, r->clinic, settings, err);
    clg_store_rollback(r->store); /* read only */
    return status;
}

/* "HH:MM" at text, 00:00 to 24:00, into minutes after midnight; -1 when it is not one. */
static int clock_minutes(const char *text)
{
    for (int i = 0; i < 5; i++)
        if (i == 2 ? text[i] != ':' : (text[i] < '0' || text[i] > '9'))
            return -1;
    int hours = (text[0] - '0') * 10 + (text[1] - '0');
    int minutes = (text[3] - '0') * 10 + (text[4] - '0');
    if (minutes > 59 || hours > 24 || (hours == 24 && minutes > 0))
        return -1;
    return hours * 60 + minutes;
}

static clg_status hours_parse(const char *text, clg_clinic_settings *settings, clg_error *err)
{
    if (text[0] == '\0') {
        settings->opens = settings->closes = -1;
        return CLG_OK;
    }
    int opens = strlen(text) == 11 && text[5] == '-' ? clock_minutes(text) : -1;
    int closes = opens >= 0 ? clock_minutes(text + 6) : -1;
    if (opens < 0 || closes < 0)
        return clg_error_set(err, CLG_ERR_INVALID, "hours",
                             "'%.40s' is not opening hours; use HH:MM-HH:MM such as 09:00-18:00",
                             text);
    if (closes <= opens)
        return clg_error_set(err, CLG_ERR_INVALID, "hours",
                             "'%.40s' closes before it opens; use HH:MM-HH:MM such as 09:00-18:00",
                             text);
    settings->opens = opens;
    settings->closes = closes;
    return CLG_OK;
}

enum { CHAIRS_MAX = 100 };

static clg_status chairs_parse(const char *text, clg_clinic_settings *settings, clg_error *err)
{
    if (text[0] == '\0') {
        settings->chairs = 0;
        return CLG_OK;
    }
    int value = 0;
    size_t i = 0;
    for (; text[i] >= '0' && text[i] <= '9' && value <= CHAIRS_MAX; i++)
        value = value * 10 + (text[i] - '0');
    if (text[i] != '\0' || i == 0 || value < 1 || value > CHAIRS_MAX)
        return clg_error_set(err, CLG_ERR_INVALID, "chairs",
                             "'%.40s' is not a number of chairs; use a whole number from 1 to %d",
                             text, CHAIRS_MAX);
    settings->chairs = value;
    return CLG_OK;
}

/* Copies an optional text setting after checking it with check (NULL: free text). */
static clg_status text_setting(const char *field, const char *text, size_t max_bytes,
                               clg_status (*check)(const char *, const char *, clg_error *),
                               char *out, size_t size, clg_error *err)
{
    clg_status status = clg_text_check(field, text, max_bytes, false, err);
    if (status == CLG_OK && check != NULL)
        status = check(field, text, err);
    if (status == CLG_OK)
        snprintf(out, size, "%s", text);
    return status;
}

/* Applies change to settings, each setting checked; the name's uniqueness is the caller's. */
static clg_status apply_change(const clg_clinic_change *c, clg_clinic_settings *s, clg_error *err)
{
    clg_status status = CLG_OK;
    if (c->name &&
        (status = clg_text_check("name", c->name, CLG_NAME_MAX_BYTES, true, err)) == CLG_OK)
        snprintf(s->name, sizeof s->name, "%s", c->name);
    if (status == CLG_OK && c->address)
        status = text_setting("address", c->address, CLG_NAME_MAX_BYTES, NULL, s->address,
                              sizeof s->address, err);
    if (status == CLG_OK && c->phone)
        status = text_setting("phone", c->phone, CLG_PHONE_MAX_BYTES, clg_phone_check, s->phone,
                              sizeof s->phone, err);
    if (status == CLG_OK && c->email)
        status = text_setting("email", c->email, CLG_EMAIL_MAX_BYTES, clg_email_check, s->email,
                              sizeof s->email, err);
    if (status == CLG_OK && c->time_zone &&
        (status = time_zone_check("time_zone", c->time_zone, err)) == CLG_OK)
        snprintf(s->time_zone, sizeof s->time_zone, "%s", c->time_zone);
    if (status == CLG_OK && c->open_days) {
        uint32_t days = 0;
        status = clg_word_set_parse(CLG_VOCAB_WEEKDAY, "open_days", c->open_days, &days, err);
        s->open_days = (uint8_t)((days & CLG_ALL_WEEKDAYS) == CLG_ALL_WEEKDAYS ? 0 : days);
    }
    if (status == CLG_OK && c->hours)
        status = hours_parse(c->hours, s, err);
    if (status == CLG_OK && c->chairs)
        status = chairs_parse(c->chairs, s, err);
    return status;
}

static char *settings_json(const clg_clinic_settings *settings)
{
    clg_buffer out = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &out, false);
    clg_json_begin_object(&w);
    clg_clinic_settings_json_members(settings, &w);
    clg_json_end_object(&w);
    return out.data;
}

clg_status clg_records_clinic_update(const clg_records *r, const clg_clinic_change *change,
                                     clg_clinic_settings *after, clg_error *err)
{
    if (!change->name && !change->address && !change->phone && !change->email &&
        !change->time_zone && !change->open_days && !change->hours && !change->chairs)
        return clg_error_set(err, CLG_ERR_INVALID, "settings",
                             "give at least one of name, address, phone, email, time_zone, "
                             "open_days, hours, chairs");
    clg_clinic_settings old, new;
    char *before_json = NULL, *after_json = NULL;
    clg_status status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK)
        return status;
    if ((status = clg_store_clinic_settings_get(r->store, r->clinic, &old, err)) != CLG_OK)
        goto out;
    new = old;
    if ((status = apply_change(change, &new, err)) != CLG_OK)
        goto out;
    int64_t other;
    if (strcmp(new.name, old.name) != 0 &&
        clg_store_clinic_find(r->store, new.name, &other, err) != CLG_ERR_NOT_FOUND) {
        status = clg_error_set(err, CLG_ERR_INVALID, "name",
                               "another clinic is named '%.100s'; choose another name", new.name);
        goto out;
    }
    if ((status = clg_store_clinic_settings_set(r->store, r->clinic, &new, err)) != CLG_OK)
        goto out;
    before_json = settings_json(&old);
    after_json = settings_json(&new);
    clg_audit_entry entry = {.who = r->who,
                             .action = "clinic.set",
                             .entity = "clinic",
                             .entity_id = r->clinic,
                             .before = before_json,
                             .after = after_json};
    status = clg_store_audit_append(r->store, r->clinic, &entry, err);
out:
    status = clg_store_finish(r->store, status, err);
    if (status == CLG_OK && after != NULL)
        *after = new;
    free(before_json);
    free(after_json);
    return status;
}

clg_status clg_records_clinic_add(const clg_records *r, const char *name, int64_t *id,
                                  clg_error *err)
{
    clg_status status = clg_text_check("name", name, CLG_NAME_MAX_BYTES, true, err);
    int64_t added;
    if (status == CLG_OK)
        status = clg_store_clinic_add(r->store, name, r->who, &added, err);
    if (status == CLG_OK && id != NULL)
        *id = added;
    return status;
}

void clg_records_use_clinic_days(const clg_clinic_settings *clinic, clg_plan_request *request)
{
    if ((request->open_days & CLG_ALL_WEEKDAYS) == 0)
        request->open_days = clinic->open_days;
}

/*
 * The clinic's settings the workflows read: its time zone, which booked
 * times are local to. Setting it is audited with the old and new value.
 */
#include "service/clinic.h"

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_writer.h"

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

/* {"time_zone": "..."} for the audit log; "UTC" when none is set. */
static char *time_zone_json(const char *time_zone)
{
    clg_buffer out = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &out, false);
    clg_json_begin_object(&w);
    clg_json_member_string(&w, "time_zone", time_zone[0] ? time_zone : "UTC");
    clg_json_end_object(&w);
    return out.data;
}

clg_status clg_records_clinic_set_time_zone(const clg_records *r, const char *field,
                                            const char *time_zone, clg_error *err)
{
    clg_status status = time_zone_check(field, time_zone, err);
    if (status != CLG_OK)
        return status;
    if ((status = clg_store_begin(r->store, true, err)) != CLG_OK)
        return status;
    char old[CLG_TIME_ZONE_SIZE];
    char *before = NULL, *after = NULL;
    if ((status = clg_store_clinic_time_zone_get(r->store, r->clinic, old, err)) == CLG_OK &&
        (status = clg_store_clinic_time_zone_set(r->store, r->clinic, time_zone, err)) == CLG_OK) {
        before = time_zone_json(old);
        after = time_zone_json(time_zone);
        clg_audit_entry entry = {.who = r->who,
                                 .action = "clinic.time_zone",
                                 .entity = "clinic",
                                 .entity_id = r->clinic,
                                 .before = before,
                                 .after = after};
        status = clg_store_audit_append(r->store, r->clinic, &entry, err);
    }
    status = clg_store_finish(r->store, status, err);
    free(before);
    free(after);
    return status;
}

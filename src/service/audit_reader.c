/*
 * The audit reader; see audit_reader.h. Three things happen here and
 * nowhere else: the filters are checked (an unknown action is an error
 * that lists the known ones, a day is turned into the instant the clinic's
 * day began), an erased client's personal data is masked in the entries
 * written before the erasure, and the reading is itself audited.
 */
#include "service/audit_reader.h"

#include <jansson.h>
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/json_writer.h"
#include "service/client_data.h"

/*
 * Every action the program writes (scripts/check-audit-actions.sh keeps
 * this list complete), in the order docs/records.md#audit-log gives them.
 */
/* clang-format off: one action a line, so that a new one is one line added */
const char *const clg_audit_actions[] = {
    /* writes */
    "clinic.create",
    "clinic.time_zone",
    "clinic.set",
    "clinic.mail",
    "client.add",
    "client.edit",
    "client.merge",
    "client.erase",
    "client.opt_out",
    "client.reminders",
    "course.start",
    "course.replan",
    "course.complete",
    "course.discontinue",
    "course.reopen",
    "protocol.store",
    "session.record",
    "session.amend",
    "session.void",
    "booking.add",
    "booking.attend",
    "booking.cancel",
    "booking.move",
    "booking.no_show",
    "booking.settle",
    "feed.create",
    "feed.revoke",
    "portal.create",
    "portal.revoke",
    "message.record",
    "message.finish",
    "user.add",
    "user.disable",
    "user.enable",
    "user.role",
    "user.password",
    "token.create",
    "token.revoke",
    "cds_client.add",
    "cds_client.remove",
    "request.receive",
    "request.close",
    "request.delete",
    /* the safety judge */
    "safety.refused",
    "safety.override",
    /* reads and exports */
    "client.read",
    "client.export",
    "course.read",
    "course.export",
    "records.export",
    "audit.read",
    NULL,
};
/* clang-format on */

enum { ACTION_MAX_BYTES = 64 };

static bool is_action_text(const char *text)
{
    size_t length = strlen(text);
    if (length == 0 || length > ACTION_MAX_BYTES || text[0] == '.' || text[length - 1] == '.')
        return false;
    for (const char *c = text; *c; c++)
        if (!((*c >= 'a' && *c <= 'z') || *c == '_' || *c == '.'))
            return false;
    return true;
}

/* An action of the list, or the noun before the dot of one ("session"). */
static bool is_listed(const char *action)
{
    size_t length = strlen(action);
    for (int i = 0; clg_audit_actions[i]; i++) {
        const char *known = clg_audit_actions[i];
        if (strcmp(known, action) == 0 ||
            (strncmp(known, action, length) == 0 && known[length] == '.'))
            return true;
    }
    return false;
}

/*
 * The list grouped by kind, to fit an error message however many actions
 * there are: "clinic.create|time_zone, client.add|erase|export|read, ...".
 */
static void list_actions(char *out, size_t size)
{
    clg_buffer text = CLG_BUFFER_INIT;
    for (int i = 0; clg_audit_actions[i]; i++) {
        const char *dot = strchr(clg_audit_actions[i], '.');
        size_t noun = (size_t)(dot - clg_audit_actions[i]);
        bool seen = false;
        for (int j = 0; j < i && !seen; j++)
            seen = strncmp(clg_audit_actions[j], clg_audit_actions[i], noun + 1) == 0;
        if (seen)
            continue;
        clg_buffer_printf(&text, "%s%.*s.", i ? ", " : "", (int)noun, clg_audit_actions[i]);
        const char *separator = "";
        for (int j = i; clg_audit_actions[j]; j++) {
            if (strncmp(clg_audit_actions[j], clg_audit_actions[i], noun + 1) != 0)
                continue;
            clg_buffer_printf(&text, "%s%s", separator, clg_audit_actions[j] + noun + 1);
            separator = "|";
        }
    }
    snprintf(out, size, "%s", text.data ? text.data : "");
    clg_buffer_free(&text);
}

static int found_one(void *context, const clg_audit_row *row)
{
    (void)row;
    *(bool *)context = true;
    return 1;
}

/*
 * An action is known when the program writes it or the clinic's log holds
 * it (an older version's action, say), so that every entry can be found by
 * its own action.
 */
static clg_status action_check(const clg_records *r, const char *action, clg_error *err)
{
    if (is_action_text(action) && is_listed(action))
        return CLG_OK;
    bool held = false;
    if (is_action_text(action)) {
        clg_audit_filter filter = {.action = action};
        clg_status status =
            clg_store_audit_list(r->store, r->clinic, &filter, found_one, &held, err);
        if (status != CLG_OK)
            return status;
    }
    if (held)
        return CLG_OK;
    char list[512];
    list_actions(list, sizeof list);
    return clg_error_set(err, CLG_ERR_INVALID, "action",
                         "'%.64s' is not an action of the audit log; use one of: %s; or the word "
                         "before the dot for every action of its kind (session)",
                         action, list);
}

/*
 * The instant the day began in the clinic's time zone, as the log stamps
 * time ("2027-01-04T23:00:00.000Z" for 2027-01-05 in Europe/Berlin). The
 * log holds nothing older than 1970, so an earlier day is "" (everything).
 */
static void since_stamp(clg_date day, const char *time_zone, char out[32])
{
    int year, month, date;
    clg_date_to_civil(day, &year, &month, &date);
    out[0] = '\0';
    if (year < 1971)
        return;
    icaltimezone *zone = time_zone[0] ? icaltimezone_get_builtin_timezone(time_zone) : NULL;
    if (zone == NULL)
        zone = icaltimezone_get_utc_timezone();
    struct icaltimetype local = icaltime_null_time();
    local.year = year;
    local.month = month;
    local.day = date;
    time_t instant = icaltime_as_timet_with_zone(local, zone);
    struct tm utc;
    if (gmtime_r(&instant, &utc) == NULL)
        return;
    strftime(out, 32, "%Y-%m-%dT%H:%M:%S.000Z", &utc);
}

/* ---- masking: docs/records.md#erasure-and-the-audit-log ---- */

/* The members erasure empties in a client's record (the name becomes the tombstone). */
static bool is_identity_key(const char *key)
{
    return strcmp(key, "email") == 0 || strcmp(key, "phone") == 0 ||
           strcmp(key, "birth_date") == 0 || strcmp(key, "skin_type") == 0;
}

/*
 * Masks in value what erasure removed from the records: in a client's
 * record the name (the tombstone instead), e-mail, phone, birth date and
 * skin type; anywhere, notes (a session's). A client's record is an object
 * of an entry about the client record itself (names), or elsewhere an
 * object shaped like one (with an "email" member): a protocol's name and
 * the skin type of a course's assessment, clinical facts, stay.
 */
static void mask_value(json_t *value, const char *tombstone, bool names)
{
    if (json_is_array(value)) {
        size_t index;
        json_t *item;
        json_array_foreach(value, index, item) mask_value(item, tombstone, names);
        return;
    }
    if (!json_is_object(value))
        return;
    bool client_shaped = names || json_object_get(value, "email") != NULL;
    for (void *iter = json_object_iter(value); iter; iter = json_object_iter_next(value, iter)) {
        const char *key = json_object_iter_key(iter);
        json_t *member = json_object_iter_value(iter);
        if ((strcmp(key, "notes") == 0 || (client_shaped && is_identity_key(key))) &&
            !json_is_null(member))
            json_object_iter_set_new(value, iter, json_null());
        else if (strcmp(key, "name") == 0 && client_shaped && json_is_string(member))
            json_object_iter_set_new(value, iter, json_string(tombstone));
        else
            mask_value(member, tombstone, names);
    }
}

/* The masked copy of a before/after text (malloc'd), or NULL when there is nothing to show. */
static char *mask_text(const char *text, const char *tombstone, bool names)
{
    if (text == NULL)
        return NULL;
    json_t *value = json_loads(text, JSON_DECODE_ANY, NULL);
    if (value == NULL)
        return NULL; /* not JSON: shown as nothing rather than as it is */
    mask_value(value, tombstone, names);
    char *masked = json_dumps(value, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_ENCODE_ANY |
                                         JSON_REAL_PRECISION(10));
    json_decref(value);
    return masked;
}

typedef struct masking_visitor {
    clg_audit_visitor visit;
    void *context;
    int count;
} masking_visitor;

static int visit_masked(void *context, const clg_audit_row *row)
{
    masking_visitor *m = context;
    m->count++;
    if (!row->client_erased)
        return m->visit(m->context, row);
    char tombstone[CLG_TOMBSTONE_SIZE];
    clg_records_client_tombstone(row->client_id, tombstone);
    bool names = row->entity != NULL && strcmp(row->entity, "client") == 0;
    clg_audit_row masked = *row;
    masked.before = mask_text(row->before, tombstone, names);
    masked.after = mask_text(row->after, tombstone, names);
    int stop = m->visit(m->context, &masked);
    free((char *)masked.before);
    free((char *)masked.after);
    return stop;
}

static void member_text_or_null(clg_json_writer *w, const char *key, const char *text)
{
    clg_json_key(w, key);
    if (text)
        clg_json_string(w, text);
    else
        clg_json_null(w);
}

/* The "audit.read" entry: what was asked for and how many entries it found. */
static clg_status audit_reading(const clg_records *r, const clg_audit_query *query, int count,
                                clg_error *err)
{
    clg_buffer after = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &after, false);
    clg_json_begin_object(&w);
    clg_json_key(&w, "client");
    if (query->client_id)
        clg_json_int(&w, (long)query->client_id);
    else
        clg_json_null(&w);
    char day[CLG_DATE_TEXT_SIZE];
    member_text_or_null(&w, "since", query->has_since ? clg_date_format(query->since, day) : NULL);
    member_text_or_null(&w, "action", query->action);
    member_text_or_null(&w, "format", query->format);
    clg_json_member_int(&w, "entries", count);
    clg_json_end_object(&w);
    clg_audit_entry entry = {.who = r->who,
                             .action = "audit.read",
                             .entity = query->client_id ? "client" : "clinic",
                             .entity_id = query->client_id ? query->client_id : r->clinic,
                             .after = after.data};
    clg_status status = clg_store_audit_append(r->store, r->clinic, &entry, err);
    clg_buffer_free(&after);
    return status;
}

clg_status clg_records_audit_list(const clg_records *r, const clg_audit_query *query,
                                  clg_audit_visitor visit, void *context, clg_error *err)
{
    clg_status status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK)
        return status;
    char time_zone[CLG_TIME_ZONE_SIZE] = "";
    char since[32] = "";
    clg_client_row client = {0};
    if (query->client_id)
        status = clg_store_client_get(r->store, r->clinic, query->client_id, &client, err);
    if (status == CLG_OK && query->action)
        status = action_check(r, query->action, err);
    if (status == CLG_OK && query->has_since &&
        (status = clg_store_clinic_time_zone_get(r->store, r->clinic, time_zone, err)) == CLG_OK)
        since_stamp(query->since, time_zone, since);
    masking_visitor masking = {visit, context, 0};
    if (status == CLG_OK) {
        clg_audit_filter filter = {
            .client_id = query->client_id, .since = since, .action = query->action};
        status = clg_store_audit_list(r->store, r->clinic, &filter, visit_masked, &masking, err);
    }
    if (status == CLG_OK)
        status = audit_reading(r, query, masking.count, err);
    clg_store_row_free(client.storage);
    return clg_store_finish(r->store, status, err);
}

clg_status clg_records_audit_of_client(const clg_records *r, int64_t client_id,
                                       clg_audit_visitor visit, void *context, clg_error *err)
{
    masking_visitor masking = {visit, context, 0};
    clg_audit_filter filter = {.client_id = client_id};
    return clg_store_audit_list(r->store, r->clinic, &filter, visit_masked, &masking, err);
}

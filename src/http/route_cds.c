/*
 * CDS Hooks 2.0 (https://cds-hooks.hl7.org/2.0/), SPEC §8: another clinic
 * system asks before it books a session and gets a card when the date is
 * unsafe or off plan, so the interval floor holds on every booking channel.
 *
 * - GET /cds-services: discovery, public as the specification has it.
 * - POST /cds-services/collagenda-session-safety: the appointment-book hook,
 *   for a staff bearer token (the CDS client acts for one clinic). Every
 *   proposed Appointment in context.appointments is judged against the
 *   client's newest open course by clg_records_session_check(), the dry run
 *   of `session book` (the course's bookings count as done, the client's
 *   bookings for the floor): the same rules, nothing written. Cards: too soon
 *   (critical), blocked by screening (critical), before the window opens or
 *   after it closed (warning, unless it is already too soon); all well is
 *   {"cards": []}.
 *
 * Choices where the specification leaves room:
 * - context.patientId is the Collagenda client id; an unknown one (or one of
 *   another clinic) is 404 problem+json naming context.patientId, not a
 *   card: the CDS client has the wrong patient, which no card can fix.
 * - A client without an open course gets one info card saying so.
 * - An Appointment needs its start; its date is the date part as written,
 *   so a time with an offset counts on the calendar day of that offset.
 * - A malformed request is 400 problem+json naming the field by its JSON
 *   path ("context.appointments.entry[0].resource.start").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/credentials.h"
#include "http/body.h"
#include "http/routes.h"
#include "base/json_writer.h"
#include "service/records.h"

#define HOOK "appointment-book"
#define SERVICE_ID "collagenda-session-safety"
#define SUMMARY_SIZE 140 /* CDS Hooks: a summary is under 140 characters */

void clg_route_cds_discovery(clg_http_exchange *exchange)
{
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &body, false);
    clg_json_begin_object(&w);
    clg_json_key(&w, "services");
    clg_json_begin_array(&w);
    clg_json_begin_object(&w);
    clg_json_member_string(&w, "hook", HOOK);
    clg_json_member_string(&w, "id", SERVICE_ID);
    clg_json_member_string(&w, "title", "Collagenda microneedling session safety");
    clg_json_member_string(&w, "description",
                           "Checks a proposed microneedling appointment against the client's "
                           "Collagenda course: too soon after a session on an overlapping area "
                           "or blocked by screening (critical), outside the next session's "
                           "window (warning).");
    clg_json_member_string(&w, "usageRequirements",
                           "context.patientId is the Collagenda client id; call with a staff "
                           "bearer token of the client's clinic.");
    clg_json_end_object(&w);
    clg_json_end_array(&w);
    clg_json_end_object(&w);
    clg_buffer_puts(&body, "\n");
    clg_http_respond_json(exchange, 200, &body);
    clg_buffer_free(&body);
}

/* ---- reading the request ---- */

typedef struct cds_request {
    const char *patient_id;
    int count; /* proposed appointments */
    clg_date *dates;
} cds_request;

static bool is_uuid(const char *text)
{
    static const char shape[] = "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx";
    if (strlen(text) != sizeof shape - 1)
        return false;
    for (size_t i = 0; shape[i]; i++) {
        char c = text[i];
        bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        if (shape[i] == '-' ? c != '-' : !hex)
            return false;
    }
    return true;
}

/* A FHIR reference to the user: "Practitioner/123" (type, slash, id). */
static bool is_user_reference(const char *text)
{
    const char *slash = strchr(text, '/');
    return slash != NULL && slash != text && slash[1] != '\0' && strchr(slash + 1, '/') == NULL &&
           text[0] >= 'A' && text[0] <= 'Z';
}

static clg_status member_object(const json_t *object, const char *key, const char *field,
                                bool required, const json_t **out, clg_error *err)
{
    const json_t *value = json_object_get(object, key);
    *out = NULL;
    if (value == NULL && !required)
        return CLG_OK;
    if (value == NULL)
        return clg_error_set(err, CLG_ERR_INVALID, field, "is required");
    if (!json_is_object(value))
        return clg_error_set(err, CLG_ERR_INVALID, field, "must be a JSON object");
    *out = value;
    return CLG_OK;
}

static clg_status member_string(const json_t *object, const char *key, const char *field,
                                bool required, const char **out, clg_error *err)
{
    clg_status status = clg_body_string(object, key, required, out, err);
    if (status != CLG_OK)
        snprintf(err->field, sizeof err->field, "%s", field);
    return status;
}

/* The date of a proposed Appointment's start: "2027-03-08T09:30:00+01:00" or "2027-03-08". */
static clg_status read_appointment(const json_t *entry, int index, clg_date *date, clg_error *err)
{
    char field[96], date_text[11];
    const json_t *resource;
    const char *type, *start;
    snprintf(field, sizeof field, "context.appointments.entry[%d]", index);
    if (!json_is_object(entry))
        return clg_error_set(err, CLG_ERR_INVALID, field, "must be a JSON object");
    snprintf(field, sizeof field, "context.appointments.entry[%d].resource", index);
    clg_status status = member_object(entry, "resource", field, true, &resource, err);
    if (status != CLG_OK)
        return status;
    snprintf(field, sizeof field, "context.appointments.entry[%d].resource.resourceType", index);
    if ((status = member_string(resource, "resourceType", field, true, &type, err)) != CLG_OK)
        return status;
    if (strcmp(type, "Appointment") != 0)
        return clg_error_set(err, CLG_ERR_INVALID, field,
                             "'%.40s' is not allowed; the appointment-book hook carries "
                             "Appointment resources",
                             type);
    snprintf(field, sizeof field, "context.appointments.entry[%d].resource.start", index);
    if ((status = member_string(resource, "start", field, false, &start, err)) != CLG_OK)
        return status;
    if (start == NULL)
        return clg_error_set(err, CLG_ERR_INVALID, field,
                             "is required: the date is what this service checks");
    if (strlen(start) < 10 || (start[10] != '\0' && start[10] != 'T'))
        return clg_error_set(err, CLG_ERR_INVALID, field,
                             "'%.40s' is not a FHIR instant (YYYY-MM-DDThh:mm:ss+zz:zz)", start);
    memcpy(date_text, start, 10);
    date_text[10] = '\0';
    return clg_date_parse(date_text, field, date, err);
}

static clg_status read_appointments(const json_t *context, cds_request *request, clg_error *err)
{
    const json_t *bundle, *entries;
    const char *type;
    clg_status status =
        member_object(context, "appointments", "context.appointments", true, &bundle, err);
    if (status != CLG_OK)
        return status;
    if ((status = member_string(bundle, "resourceType", "context.appointments.resourceType", true,
                                &type, err)) != CLG_OK)
        return status;
    if (strcmp(type, "Bundle") != 0)
        return clg_error_set(err, CLG_ERR_INVALID, "context.appointments.resourceType",
                             "'%.40s' is not allowed; use Bundle", type);
    entries = json_object_get(bundle, "entry");
    if (entries == NULL)
        return CLG_OK;
    if (!json_is_array(entries))
        return clg_error_set(err, CLG_ERR_INVALID, "context.appointments.entry",
                             "must be an array of Bundle entries");
    size_t count = json_array_size(entries);
    if (count > CLG_MAX_SESSIONS)
        return clg_error_set(err, CLG_ERR_INVALID, "context.appointments.entry",
                             "holds %zu appointments; this service checks at most %d at once",
                             count, CLG_MAX_SESSIONS);
    if (count == 0)
        return CLG_OK;
    request->dates = calloc(count, sizeof *request->dates);
    if (request->dates == NULL)
        return clg_error_set(err, CLG_ERR_IO, "body", "out of memory");
    for (size_t i = 0; i < count; i++) {
        status = read_appointment(json_array_get(entries, i), (int)i, &request->dates[i], err);
        if (status != CLG_OK)
            return status;
        request->count++;
    }
    return CLG_OK;
}

static clg_status read_request(const json_t *object, cds_request *request, clg_error *err)
{
    static const char *const keys[] = {"hook",    "hookInstance", "fhirServer", "fhirAuthorization",
                                       "context", "prefetch",     "extension",  NULL};
    static const char *const context_keys[] = {"userId", "patientId", "encounterId", "appointments",
                                               NULL};
    const char *hook, *instance, *user, *encounter;
    const json_t *context;
    clg_status status;
    if ((status = clg_body_check_keys(object, keys, err)) != CLG_OK ||
        (status = clg_body_string(object, "hook", true, &hook, err)) != CLG_OK)
        return status;
    if (strcmp(hook, HOOK) != 0)
        return clg_error_set(err, CLG_ERR_INVALID, "hook",
                             "'%.40s' is not a hook this service answers; use " HOOK, hook);
    if ((status = clg_body_string(object, "hookInstance", true, &instance, err)) != CLG_OK)
        return status;
    if (!is_uuid(instance))
        return clg_error_set(err, CLG_ERR_INVALID, "hookInstance",
                             "'%.40s' is not a UUID (8-4-4-4-12 hex digits)", instance);
    if ((status = member_object(object, "context", "context", true, &context, err)) != CLG_OK)
        return status;
    if ((status = clg_body_check_keys(context, context_keys, err)) != CLG_OK) {
        char key[sizeof err->field];
        snprintf(key, sizeof key, "%s", err->field);
        snprintf(err->field, sizeof err->field, "context.%s", key);
        return status;
    }
    if ((status = member_string(context, "userId", "context.userId", true, &user, err)) != CLG_OK)
        return status;
    if (!is_user_reference(user))
        return clg_error_set(err, CLG_ERR_INVALID, "context.userId",
                             "'%.40s' is not a user reference such as Practitioner/123", user);
    if ((status = member_string(context, "patientId", "context.patientId", true,
                                &request->patient_id, err)) != CLG_OK ||
        (status = member_string(context, "encounterId", "context.encounterId", false, &encounter,
                                err)) != CLG_OK)
        return status;
    if (request->patient_id[0] == '\0')
        return clg_error_set(err, CLG_ERR_INVALID, "context.patientId", "must not be empty");
    return read_appointments(context, request, err);
}

/* The client id in patientId; false for anything that is not one. */
static bool client_id_of(const char *text, int64_t *id)
{
    long long value = 0;
    int digits = 0;
    if (text == NULL)
        return false;
    for (; text[digits]; digits++) {
        if (text[digits] < '0' || text[digits] > '9' || digits == 18)
            return false;
        value = value * 10 + (text[digits] - '0');
    }
    *id = value;
    return digits > 0 && value > 0;
}

/* ---- the cards ---- */

/* A random (version 4) UUID, so that a CDS client can refer to a card in feedback. */
static void new_uuid(char out[37])
{
    char hex[CLG_SECRET_TEXT_SIZE];
    clg_secret_new(hex);
    hex[12] = '4';
    hex[16] = "89ab"[(hex[16] >= 'a' ? hex[16] - 'a' + 10 : hex[16] - '0') & 3];
    snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

static void write_card(clg_json_writer *w, const char *indicator, const char *summary,
                       const char *detail)
{
    char uuid[37];
    new_uuid(uuid);
    clg_json_begin_object(w);
    clg_json_member_string(w, "uuid", uuid);
    clg_json_member_string(w, "summary", summary);
    clg_json_member_string(w, "indicator", indicator);
    clg_json_member_string(w, "detail", detail);
    clg_json_key(w, "source");
    clg_json_begin_object(w);
    clg_json_member_string(w, "label", "Collagenda");
    clg_json_end_object(w);
    clg_json_end_object(w);
}

/*
 * The refusal text of one condition. The core joins a blocked screening and
 * a too-soon date into one refusal, blocked first, with "; and "; each gets
 * its own card here.
 */
static void refusal_part(const clg_session_verdict *verdict, bool too_soon_part, char *out,
                         size_t size)
{
    const char *joint =
        verdict->blocked && verdict->too_soon ? strstr(verdict->refusal, "; and ") : NULL;
    if (joint == NULL)
        snprintf(out, size, "%s", verdict->refusal);
    else if (too_soon_part)
        snprintf(out, size, "%s", joint + strlen("; and "));
    else
        snprintf(out, size, "%.*s", (int)(joint - verdict->refusal), verdict->refusal);
}

static void write_verdict_cards(clg_json_writer *w, int64_t course_id, clg_date date,
                                const clg_session_verdict *verdict)
{
    char summary[SUMMARY_SIZE], detail[CLG_VERDICT_TEXT_SIZE + 256], part[CLG_VERDICT_TEXT_SIZE];
    char day[CLG_DATE_TEXT_SIZE], earliest[CLG_DATE_TEXT_SIZE], latest[CLG_DATE_TEXT_SIZE];
    clg_date_format(date, day);
    if (verdict->blocked) {
        refusal_part(verdict, false, part, sizeof part);
        snprintf(summary, sizeof summary, "Screening blocks microneedling on %s", day);
        snprintf(detail, sizeof detail,
                 "Course %lld: %s. Collagenda refuses to record a session while the screening "
                 "is blocked, unless a practitioner overrides it with a reason.",
                 (long long)course_id, part);
        write_card(w, "critical", summary, detail);
    }
    if (verdict->too_soon) {
        refusal_part(verdict, true, part, sizeof part);
        snprintf(summary, sizeof summary,
                 "Too soon: %s is inside the minimum interval after a session", day);
        snprintf(detail, sizeof detail,
                 "Course %lld: %s. Collagenda refuses to record a session this soon, unless a "
                 "practitioner overrides it with a reason.",
                 (long long)course_id, part);
        write_card(w, "critical", summary, detail);
    }
    if (verdict->too_soon || verdict->timing == CLG_TIMING_ON_TIME)
        return;
    char what[48];
    if (verdict->maintenance)
        snprintf(what, sizeof what, "maintenance visit %d", verdict->number);
    else
        snprintf(what, sizeof what, "session %d", verdict->number);
    clg_date_format(verdict->window_earliest, earliest);
    clg_date_format(verdict->window_latest, latest);
    bool early = verdict->timing == CLG_TIMING_EARLY;
    snprintf(summary, sizeof summary, "%s: %s is %s the window of %s (%s to %s)",
             early ? "Early" : "Late", day, early ? "before" : "after", what, earliest, latest);
    snprintf(detail, sizeof detail,
             "Course %lld plans %s between %s and %s. %s Booking inside the window keeps the "
             "course on its plan.",
             (long long)course_id, what, earliest, latest,
             early ? "An earlier session is allowed and recorded as early."
                   : "A later session is allowed, recorded as late, and the rest of the course "
                     "moves on from its date.");
    write_card(w, "warning", summary, detail);
}

void clg_route_cds_session_safety(clg_http_exchange *exchange)
{
    json_t *object = clg_http_body_object(exchange);
    if (object == NULL)
        return;
    cds_request request = {0};
    clg_records records;
    clg_route_records_init(exchange, exchange->caller.clinic_id, exchange->caller.email, &records);
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &body, false);
    clg_error err;
    int64_t client_id = 0, course_id = 0;
    clg_status status = read_request(object, &request, &err);
    if (status == CLG_OK) {
        status = client_id_of(request.patient_id, &client_id)
                     ? clg_records_open_course(&records, client_id, &course_id, &err)
                     : CLG_ERR_NOT_FOUND;
        if (status == CLG_ERR_NOT_FOUND)
            clg_error_set(&err, CLG_ERR_NOT_FOUND, "context.patientId",
                          "no client with id '%.40s' in this clinic", request.patient_id);
    }
    if (status == CLG_OK) {
        clg_json_begin_object(&w);
        clg_json_key(&w, "cards");
        clg_json_begin_array(&w);
        if (course_id == 0 && request.count > 0)
            write_card(&w, "info", "No open Collagenda course for this client",
                       "The client has no active course or maintenance in Collagenda, so there "
                       "is no plan to check this booking against. Start a course first.");
        for (int i = 0; course_id != 0 && status == CLG_OK && i < request.count; i++) {
            clg_session_input input = {.date = request.dates[i], .laxity_halves = -1};
            clg_session_verdict verdict;
            status = clg_records_session_check(&records, course_id, &input, true, &verdict, &err);
            if (status == CLG_OK) {
                write_verdict_cards(&w, course_id, request.dates[i], &verdict);
            } else if (status == CLG_ERR_INVALID) {
                /* Not bookable at all, e.g. before the course's last session or booking. */
                char summary[SUMMARY_SIZE], detail[sizeof err.field + sizeof err.message + 4];
                char day[CLG_DATE_TEXT_SIZE];
                snprintf(summary, sizeof summary, "Collagenda cannot book a session on %s",
                         clg_date_format(request.dates[i], day));
                write_card(&w, "warning", summary, clg_error_text(&err, detail, sizeof detail));
                status = CLG_OK;
            }
        }
        clg_json_end_array(&w);
        clg_json_end_object(&w);
    }
    if (status == CLG_OK) {
        clg_buffer_puts(&body, "\n");
        clg_http_respond_json(exchange, 200, &body);
    } else {
        clg_http_problem_from_error(exchange, &err);
    }
    clg_buffer_free(&body);
    free(request.dates);
    json_decref(object);
}

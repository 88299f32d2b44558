/*
 * CDS Hooks 2.0 (https://cds-hooks.hl7.org/2.0/), docs/interop.md#formats: another clinic
 * system asks before it books a session and gets a card when the date is
 * unsafe or off plan, so the interval floor holds on every booking channel.
 *
 * - GET /cds-services: discovery, public as the specification has it.
 * - POST /cds-services/collagenda-session-safety: the appointment-book hook,
 *   for a registered CDS client's signed JWT (http/cds_auth.c) or a staff
 *   login; either acts for one clinic. Every
 *   proposed Appointment in context.appointments is judged against the
 *   client's newest open course by clg_records_session_check(), the dry run
 *   of `session book` (the course's bookings count as done, the client's
 *   bookings for the floor): the same rules, nothing written. Cards
 *   (render/cds_cards.c): too soon (critical), blocked by screening
 *   (critical), before the window opens or after it closed (warning, unless
 *   it is already too soon); all well is {"cards": []}.
 *
 * Choices where the specification leaves room:
 * - context.patientId is the Collagenda client id; an unknown one (or one of
 *   another clinic) is 404 problem+json naming context.patientId, not a
 *   card: the CDS client has the wrong patient, which no card can fix.
 * - A client without an open course gets one info card saying so.
 * - An Appointment needs its start; its date is the date part as written,
 *   so a time with an offset counts on the calendar day of that offset.
 * - context.appointments is a FHIR Bundle (the hook's context table) or an
 *   array of Appointments (the hook's own examples): both are taken.
 * - extension (on the request and on its context), prefetch and
 *   fhirAuthorization are taken when they are objects, and not read.
 * - A malformed request is 400 problem+json naming the field by its JSON
 *   path ("context.appointments.entry[0].resource.start").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_writer.h"
#include "http/body.h"
#include "http/records_context.h"
#include "http/routes.h"
#include "render/cds_cards.h"
#include "service/records.h"

#define HOOK "appointment-book"
#define SERVICE_ID "collagenda-session-safety"

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
                           "context.patientId is the Collagenda client id; authenticate with a "
                           "JWT signed by a CDS client the clinic registered, or a staff bearer "
                           "token of the client's clinic.");
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
    int count;             /* proposed appointments */
    clg_cds_check *checks; /* each one's date, read here, and its check, made below */
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

/*
 * The date of a proposed Appointment's start: "2027-03-08T09:30:00+01:00"
 * or "2027-03-08". where is its JSON path ("context.appointments[0]").
 */
static clg_status read_appointment(const json_t *resource, const char *where, clg_date *date,
                                   clg_error *err)
{
    char field[96], date_text[11];
    const char *type, *start;
    if (!json_is_object(resource))
        return clg_error_set(err, CLG_ERR_INVALID, where, "must be a FHIR Appointment (an object)");
    snprintf(field, sizeof field, "%s.resourceType", where);
    clg_status status = member_string(resource, "resourceType", field, true, &type, err);
    if (status != CLG_OK)
        return status;
    if (strcmp(type, "Appointment") != 0)
        return clg_error_set(err, CLG_ERR_INVALID, field,
                             "'%.40s' is not allowed; the appointment-book hook carries "
                             "Appointment resources",
                             type);
    snprintf(field, sizeof field, "%s.start", where);
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

/*
 * The proposed Appointments, in either of the shapes the appointment-book
 * hook is sent in: a FHIR Bundle, as its context table says (each entry's
 * resource; entry[i].resource), or a plain array of Appointment resources,
 * as the hook's own examples send them (appointments[i]).
 */
static clg_status read_appointments(const json_t *context, cds_request *request, clg_error *err)
{
    const json_t *appointments = json_object_get(context, "appointments"), *entries;
    const char *type;
    bool bundle = !json_is_array(appointments);
    clg_status status;
    if (bundle) {
        const json_t *object;
        if ((status = member_object(context, "appointments", "context.appointments", true, &object,
                                    err)) != CLG_OK ||
            (status = member_string(object, "resourceType", "context.appointments.resourceType",
                                    true, &type, err)) != CLG_OK)
            return status;
        if (strcmp(type, "Bundle") != 0)
            return clg_error_set(err, CLG_ERR_INVALID, "context.appointments.resourceType",
                                 "'%.40s' is not allowed; use Bundle (or an array of "
                                 "Appointments)",
                                 type);
        entries = json_object_get(object, "entry");
        if (entries == NULL)
            return CLG_OK;
        if (!json_is_array(entries))
            return clg_error_set(err, CLG_ERR_INVALID, "context.appointments.entry",
                                 "must be an array of Bundle entries");
    } else {
        entries = appointments;
    }
    const char *list_field = bundle ? "context.appointments.entry" : "context.appointments";
    size_t count = json_array_size(entries);
    if (count > CLG_MAX_SESSIONS)
        return clg_error_set(err, CLG_ERR_INVALID, list_field,
                             "holds %zu appointments; this service checks at most %d at once",
                             count, CLG_MAX_SESSIONS);
    if (count == 0)
        return CLG_OK;
    request->checks = calloc(count, sizeof *request->checks);
    if (request->checks == NULL)
        return clg_error_set(err, CLG_ERR_IO, "body", "out of memory");
    for (size_t i = 0; i < count; i++) {
        const json_t *item = json_array_get(entries, i);
        char where[80];
        snprintf(where, sizeof where, "%s[%zu]", list_field, i);
        if (bundle) {
            if (!json_is_object(item))
                return clg_error_set(err, CLG_ERR_INVALID, where, "must be a JSON object");
            char field[96];
            snprintf(field, sizeof field, "%s.resource", where);
            if ((status = member_object(item, "resource", field, true, &item, err)) != CLG_OK)
                return status;
            snprintf(where, sizeof where, "%s", field);
        }
        if ((status = read_appointment(item, where, &request->checks[i].date, err)) != CLG_OK)
            return status;
        request->count++;
    }
    return CLG_OK;
}

/*
 * Members the specification reserves for extensions ("extension") or
 * defines as objects this service does not read (prefetch,
 * fhirAuthorization): taken whatever they hold inside, when they are objects.
 */
static clg_status optional_objects(const json_t *object, const char *const *keys,
                                   const char *prefix, clg_error *err)
{
    for (int i = 0; keys[i]; i++) {
        const json_t *value = json_object_get(object, keys[i]);
        if (value != NULL && !json_is_object(value) && !json_is_null(value)) {
            char field[64];
            snprintf(field, sizeof field, "%s%s", prefix, keys[i]);
            return clg_error_set(err, CLG_ERR_INVALID, field, "must be a JSON object");
        }
    }
    return CLG_OK;
}

static clg_status read_request(const json_t *object, cds_request *request, clg_error *err)
{
    static const char *const keys[] = {"hook",    "hookInstance", "fhirServer", "fhirAuthorization",
                                       "context", "prefetch",     "extension",  NULL};
    static const char *const context_keys[] = {"userId",       "patientId", "encounterId",
                                               "appointments", "extension", NULL};
    static const char *const objects[] = {"fhirAuthorization", "prefetch", "extension", NULL};
    static const char *const context_objects[] = {"extension", NULL};
    const char *hook, *instance, *user, *encounter;
    const json_t *context;
    clg_status status;
    if ((status = clg_body_check_keys(object, keys, err)) != CLG_OK ||
        (status = optional_objects(object, objects, "", err)) != CLG_OK ||
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
    if ((status = optional_objects(context, context_objects, "context.", err)) != CLG_OK)
        return status;
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

/* ---- the checks ---- */

/*
 * Judges each proposed date by the dry run of `session book`. A date the
 * course cannot take at all (CLG_ERR_INVALID) is an answer too, a card; any
 * other failure fails the request.
 */
static clg_status check_dates(const clg_records *records, int64_t course_id, cds_request *request,
                              clg_error *err)
{
    for (int i = 0; i < request->count; i++) {
        clg_cds_check *check = &request->checks[i];
        clg_session_input input = {.date = check->date, .laxity_halves = -1};
        check->status = clg_records_session_check(records, course_id, &input, true, &check->verdict,
                                                  &check->why);
        if (check->status != CLG_OK && check->status != CLG_ERR_INVALID) {
            *err = check->why;
            return check->status;
        }
    }
    return CLG_OK;
}

void clg_route_cds_session_safety(clg_http_exchange *exchange)
{
    json_t *object = clg_http_body_object(exchange);
    if (object == NULL)
        return;
    cds_request request = {0};
    clg_records records = clg_route_caller_records(exchange);
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
    if (status == CLG_OK && course_id != 0)
        status = check_dates(&records, course_id, &request, &err);
    if (status == CLG_OK) {
        clg_buffer body = CLG_BUFFER_INIT;
        clg_json_writer w;
        clg_json_writer_init(&w, &body, false);
        if (course_id == 0)
            clg_render_cds_no_course_cards(request.count, &w);
        else
            clg_render_cds_course_cards(course_id, request.checks, request.count, &w);
        clg_buffer_puts(&body, "\n");
        clg_http_respond_json(exchange, 200, &body);
        clg_buffer_free(&body);
    } else {
        clg_http_problem_from_error(exchange, &err);
    }
    free(request.checks);
    json_decref(object);
}

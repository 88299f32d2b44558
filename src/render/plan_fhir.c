/*
 * The course as FHIR R4 JSON, for clinic systems that speak FHIR (docs/interop.md#formats).
 *
 * A Bundle of type "collection" holds a CarePlan (one activity per session,
 * plus one for the first maintenance visit), an Appointment for every booked
 * or done session, and a Patient when the client is named. A bare plan has no
 * patient to point at, so its CarePlan.subject is a display-only Reference,
 * which R4 allows (ref-1 only constrains references that carry one).
 *
 * R4 constraints this file is written against:
 * - CarePlan.activity carries a detail or a reference, never both (cpl-3),
 *   so a booked session keeps its detail and links its Appointment through
 *   outcomeReference; detail.kind is "Appointment" (CarePlanActivityKind).
 * - A booked or fulfilled Appointment must have start and end (app-3), and
 *   both are instants with an offset, so an all-day booking runs from local
 *   midnight to the next one in the clinic's zone (UTC without one).
 * - Entries are linked by urn:uuid fullUrls; the UUIDs are hashed from the
 *   course id (version 8, "custom", RFC 9562) so an export is reproducible.
 */
#include <stdlib.h>
#include <string.h>

#include "render/export_visits.h"
#include "base/json_writer.h"

#define UUID_TEXT_SIZE 46 /* "urn:uuid:" + 36 + NUL */
#define FHIR_ID_SIZE (CLG_FHIR_ID_MAX + 1)
#define FHIR_ID_PREFIX_MAX 40

typedef struct fhir_links {
    char careplan_url[UUID_TEXT_SIZE];
    char patient_url[UUID_TEXT_SIZE];
    char id_prefix[FHIR_ID_PREFIX_MAX + 1]; /* course_id reduced to FHIR's id alphabet */
} fhir_links;

static void urn_uuid(const char *course_id, const char *what, int number, char out[UUID_TEXT_SIZE])
{
    char name[300];
    int length = snprintf(name, sizeof name, "%s/%s/%d", course_id, what, number);
    if (length < 0 || length >= (int)sizeof name)
        length = (int)sizeof name - 1;
    uint64_t high = clg_export_hash(name, (size_t)length, CLG_EXPORT_HASH_SEED);
    uint64_t low = clg_export_hash(name, (size_t)length, CLG_EXPORT_HASH_SEED ^ high);
    high = (high & ~0xF000ull) | 0x8000ull;                      /* version 8 */
    low = (low & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull; /* RFC 9562 variant */
    snprintf(out, UUID_TEXT_SIZE, "urn:uuid:%08llx-%04llx-%04llx-%04llx-%012llx",
             (unsigned long long)(high >> 32), (unsigned long long)((high >> 16) & 0xFFFF),
             (unsigned long long)(high & 0xFFFF), (unsigned long long)(low >> 48),
             (unsigned long long)(low & 0xFFFFFFFFFFFFull));
}

/* A Period of two dates; key NULL writes it as an array item. */
static void member_period(clg_json_writer *w, const char *key, clg_date start, clg_date end)
{
    if (key)
        clg_json_key(w, key);
    clg_json_begin_object(w);
    clg_json_member_date(w, "start", start);
    clg_json_member_date(w, "end", end);
    clg_json_end_object(w);
}

static void write_subject(clg_json_writer *w, const clg_export_context *context,
                          const fhir_links *links)
{
    clg_json_begin_object(w);
    if (context->client_name) {
        clg_json_member_string(w, "reference", links->patient_url);
        clg_json_member_string(w, "display", context->client_name);
    } else {
        clg_json_member_string(w, "display", "Prospective client (no patient record)");
    }
    clg_json_end_object(w);
}

static const clg_visit *find_visit(const clg_visit_list *list, int number)
{
    for (int i = 0; i < list->count; i++)
        if (list->visits[i].number == number)
            return &list->visits[i];
    return NULL;
}

static void write_session_activity(clg_json_writer *w, const clg_plan *plan,
                                   const clg_export_context *context, const clg_visit_list *list,
                                   int number)
{
    static const char *const statuses[] = {"not-started", "scheduled", "completed"};
    static const char *const states[] = {"planned for", "booked for", "done on"};
    const clg_visit *visit = find_visit(list, number);
    char text[256], date[CLG_DATE_TEXT_SIZE];

    clg_json_begin_object(w);
    snprintf(text, sizeof text, "session-%d", number);
    clg_json_member_string(w, "id", text);
    if (visit && visit->state != CLG_VISIT_PLANNED) {
        char url[UUID_TEXT_SIZE];
        urn_uuid(context->course_id, "Appointment", number, url);
        clg_json_key(w, "outcomeReference");
        clg_json_begin_array(w);
        clg_json_begin_object(w);
        clg_json_member_string(w, "reference", url);
        clg_json_end_object(w);
        clg_json_end_array(w);
    }
    clg_json_key(w, "detail");
    clg_json_begin_object(w);
    clg_json_member_string(w, "kind", "Appointment");
    clg_json_key(w, "code");
    clg_json_begin_object(w);
    snprintf(text, sizeof text, "Collagen induction therapy: %s",
             clg_modality_title(visit ? visit->modality : plan->modality));
    clg_json_member_string(w, "text", text);
    clg_json_end_object(w);
    clg_json_member_string(w, "status", statuses[visit ? visit->state : CLG_VISIT_PLANNED]);
    if (visit && visit->has_window)
        member_period(w, "scheduledPeriod", visit->earliest, visit->latest);
    else if (visit)
        member_period(w, "scheduledPeriod", visit->date, visit->date);
    if (visit)
        snprintf(text, sizeof text, "Session %d of %d, %s %s.", number, list->total,
                 states[visit->state], clg_date_format(visit->date, date));
    else if (number == 1)
        snprintf(text, sizeof text, "Session 1 of %d, on the start date.", list->total);
    else
        snprintf(text, sizeof text, "Session %d of %d, %d days (%d-%d) after session %d.", number,
                 list->total, plan->interval_days.recommended, plan->interval_days.min,
                 plan->interval_days.max, number - 1);
    clg_json_member_string(w, "description", text);
    clg_json_end_object(w);
    clg_json_end_object(w);
}

static void write_maintenance_activity(clg_json_writer *w, const clg_plan *plan,
                                       const clg_visit_list *list)
{
    char text[256];
    clg_json_begin_object(w);
    clg_json_member_string(w, "id", "maintenance-1");
    clg_json_key(w, "detail");
    clg_json_begin_object(w);
    clg_json_member_string(w, "kind", "Appointment");
    clg_json_key(w, "code");
    clg_json_begin_object(w);
    clg_json_member_string(w, "text", "Collagen induction therapy: maintenance visit");
    clg_json_end_object(w);
    clg_json_member_string(w, "status", "not-started");
    if (list->has_maintenance)
        member_period(w, "scheduledPeriod", list->maintenance, list->maintenance);
    snprintf(text, sizeof text,
             "First maintenance visit, %d months after the last session (every %d-%d months).",
             plan->maintenance_months.recommended, plan->maintenance_months.min,
             plan->maintenance_months.max);
    clg_json_member_string(w, "description", text);
    clg_json_end_object(w);
    clg_json_end_object(w);
}

static void write_note(clg_json_writer *w, const char *text)
{
    clg_json_begin_object(w);
    clg_json_member_string(w, "text", text);
    clg_json_end_object(w);
}

/* Why the plan is what it is, travelling with it: reasons, screening, warnings, aftercare. */
static void write_notes(clg_json_writer *w, const clg_plan *plan)
{
    const clg_protocol *protocol = plan->protocol;
    char effect[CLG_REASON_TEXT_SIZE], text[CLG_REASON_TEXT_SIZE + 640];
    clg_json_key(w, "note");
    clg_json_begin_array(w);
    for (int i = 0; i < plan->finding_count; i++) {
        const clg_finding *finding = &plan->findings[i];
        snprintf(text, sizeof text, "Screening, %s (%s): %s [%s]",
                 clg_screening_level_name(finding->level), finding->code, finding->message,
                 finding->source);
        write_note(w, text);
    }
    for (int i = 0; i < plan->warning_count; i++) {
        snprintf(text, sizeof text, "Warning (%s): %s", plan->warnings[i].code,
                 plan->warnings[i].message);
        write_note(w, text);
    }
    for (int i = 0; i < plan->reason_count; i++) {
        const clg_reason *reason = &plan->reasons[i];
        snprintf(text, sizeof text, "Rule %s: %s [%s]", clg_rule_name(reason->rule),
                 clg_reason_describe(reason, effect, sizeof effect), reason->source);
        write_note(w, text);
    }
    for (int i = 0; i < protocol->aftercare_count; i++) {
        snprintf(text, sizeof text, "Aftercare: %s [%s]", protocol->aftercare[i].text,
                 protocol->aftercare[i].source);
        write_note(w, text);
    }
    write_note(w, protocol->evidence_note);
    clg_json_end_array(w);
}

static void write_careplan(clg_json_writer *w, const clg_plan *plan,
                           const clg_export_context *context, const clg_visit_list *list,
                           const fhir_links *links)
{
    char text[512], id[FHIR_ID_SIZE];
    clg_json_begin_object(w);
    clg_json_member_string(w, "resourceType", "CarePlan");
    snprintf(id, sizeof id, "%s", links->id_prefix);
    clg_json_member_string(w, "id", id);
    clg_json_key(w, "identifier");
    clg_json_begin_array(w);
    clg_json_begin_object(w);
    clg_json_member_string(w, "value", context->course_id);
    clg_json_end_object(w);
    clg_json_end_array(w);
    /* FHIR's words for a plan ended: completed, or revoked before it reached completion. */
    clg_json_member_string(w, "status", context->status == CLG_COURSE_COMPLETED      ? "completed"
                                        : context->status == CLG_COURSE_DISCONTINUED ? "revoked"
                                                                                     : "active");
    clg_json_member_string(w, "intent", "plan");
    snprintf(text, sizeof text, "Microneedling course: %d sessions, every %d days",
             plan->sessions.recommended, plan->interval_days.recommended);
    clg_json_member_string(w, "title", text);
    snprintf(text, sizeof text,
             "%s course of %s for %s skin laxity: %d sessions (%d-%d), %d days apart (%d-%d), "
             "about %d minutes each; maintenance every %d months (%d-%d). Screening: %s. "
             "Protocol %s version %s.",
             plan->course == CLG_COURSE_INTENSIVE ? "Intensive" : "Standard",
             clg_modality_title(plan->modality), clg_laxity_name(plan->request.assessment.laxity),
             plan->sessions.recommended, plan->sessions.min, plan->sessions.max,
             plan->interval_days.recommended, plan->interval_days.min, plan->interval_days.max,
             plan->session_minutes, plan->maintenance_months.recommended,
             plan->maintenance_months.min, plan->maintenance_months.max,
             clg_screening_level_name(plan->screening_status), plan->protocol->name,
             plan->protocol->version);
    clg_json_member_string(w, "description", text);
    clg_json_key(w, "subject");
    write_subject(w, context, links);
    if (list->count > 0) {
        clg_date first = list->visits[0].date, last = first;
        for (int i = 1; i < list->count; i++) {
            if (list->visits[i].date < first)
                first = list->visits[i].date;
            if (list->visits[i].date > last)
                last = list->visits[i].date;
        }
        member_period(w, "period", first, last);
    }
    clg_json_key(w, "activity");
    clg_json_begin_array(w);
    for (int number = 1; number <= list->total; number++)
        write_session_activity(w, plan, context, list, number);
    write_maintenance_activity(w, plan, list);
    clg_json_end_array(w);
    write_notes(w, plan);
    clg_json_end_object(w);
}

static void write_patient(clg_json_writer *w, const clg_export_context *context,
                          const fhir_links *links)
{
    char id[FHIR_ID_SIZE];
    clg_json_begin_object(w);
    clg_json_member_string(w, "resourceType", "Patient");
    snprintf(id, sizeof id, "%s-patient", links->id_prefix);
    clg_json_member_string(w, "id", id);
    clg_json_key(w, "name");
    clg_json_begin_array(w);
    clg_json_begin_object(w);
    clg_json_member_string(w, "text", context->client_name);
    clg_json_end_object(w);
    clg_json_end_array(w);
    clg_json_end_object(w);
}

static void write_participant(clg_json_writer *w, const char *reference, const char *display)
{
    clg_json_begin_object(w);
    clg_json_key(w, "actor");
    clg_json_begin_object(w);
    if (reference)
        clg_json_member_string(w, "reference", reference);
    clg_json_member_string(w, "display", display);
    clg_json_end_object(w);
    clg_json_member_string(w, "status", "accepted");
    clg_json_end_object(w);
}

static void write_appointment(clg_json_writer *w, const clg_plan *plan,
                              const clg_export_context *context, const clg_visit_list *list,
                              const clg_visit *visit, const fhir_links *links)
{
    char id[FHIR_ID_SIZE], text[128], start[CLG_INSTANT_TEXT_SIZE], end[CLG_INSTANT_TEXT_SIZE];
    clg_json_begin_object(w);
    clg_json_member_string(w, "resourceType", "Appointment");
    snprintf(id, sizeof id, "%s-session-%d", links->id_prefix, visit->number);
    clg_json_member_string(w, "id", id);
    clg_json_member_string(w, "status", visit->state == CLG_VISIT_DONE ? "fulfilled" : "booked");
    clg_json_key(w, "serviceType");
    clg_json_begin_array(w);
    clg_json_begin_object(w);
    clg_json_member_string(w, "text", clg_modality_title(visit->modality));
    clg_json_end_object(w);
    clg_json_end_array(w);
    clg_json_member_string(w, "description", clg_visit_summary(list, visit, text, sizeof text));
    if (visit->start_minute >= 0) {
        clg_json_member_string(w, "start",
                               clg_visit_instant(list, visit->date, visit->start_minute, 0, start));
        clg_json_member_string(
            w, "end",
            clg_visit_instant(list, visit->date, visit->start_minute, plan->session_minutes, end));
        clg_json_member_int(w, "minutesDuration", plan->session_minutes);
    } else {
        clg_json_member_string(w, "start", clg_visit_instant(list, visit->date, 0, 0, start));
        clg_json_member_string(w, "end", clg_visit_instant(list, visit->date + 1, 0, 0, end));
    }
    if (visit->has_window) {
        clg_json_key(w, "requestedPeriod");
        clg_json_begin_array(w);
        member_period(w, NULL, visit->earliest, visit->latest);
        clg_json_end_array(w);
    }
    clg_json_key(w, "supportingInformation");
    clg_json_begin_array(w);
    clg_json_begin_object(w);
    clg_json_member_string(w, "reference", links->careplan_url);
    clg_json_end_object(w);
    clg_json_end_array(w);
    clg_json_key(w, "participant");
    clg_json_begin_array(w);
    if (context->client_name)
        write_participant(w, links->patient_url, context->client_name);
    else
        write_participant(w, NULL, "Client");
    if (context->clinic_name)
        write_participant(w, NULL, context->clinic_name);
    clg_json_end_array(w);
    clg_json_end_object(w);
}

static void format_utc_instant(long long seconds_since_epoch, char out[CLG_INSTANT_TEXT_SIZE])
{
    enum { SECONDS_PER_DAY = 24 * 60 * 60 };
    long long days = seconds_since_epoch / SECONDS_PER_DAY;
    long long seconds = seconds_since_epoch % SECONDS_PER_DAY;
    if (seconds < 0)
        days -= 1, seconds += SECONDS_PER_DAY;
    int year, month, day;
    clg_date_to_civil((clg_date)days, &year, &month, &day);
    snprintf(out, CLG_INSTANT_TEXT_SIZE, "%04d-%02d-%02dT%02lld:%02lld:%02lldZ", year, month, day,
             seconds / 3600, seconds / 60 % 60, seconds % 60);
}

static void begin_entry(clg_json_writer *w, const char *full_url)
{
    clg_json_begin_object(w);
    clg_json_member_string(w, "fullUrl", full_url);
    clg_json_key(w, "resource");
}

clg_status clg_render_plan_fhir(const clg_plan *plan, const clg_export_context *context,
                                clg_buffer *out, bool pretty, clg_error *err)
{
    clg_visit_list *list = malloc(sizeof *list);
    if (list == NULL)
        return clg_error_set(err, CLG_ERR_IO, "fhir", "out of memory");
    clg_status status = clg_visits_build(plan, context, list, err);
    if (status != CLG_OK)
        goto out;

    fhir_links links;
    urn_uuid(context->course_id, "CarePlan", 1, links.careplan_url);
    urn_uuid(context->course_id, "Patient", 1, links.patient_url);
    clg_export_fhir_id(context->course_id, FHIR_ID_PREFIX_MAX, links.id_prefix);
    char stamp[CLG_INSTANT_TEXT_SIZE];
    format_utc_instant(context->generated_at, stamp);

    clg_json_writer writer, *w = &writer;
    clg_json_writer_init(w, out, pretty);
    clg_json_begin_object(w);
    clg_json_member_string(w, "resourceType", "Bundle");
    clg_json_member_string(w, "type", "collection");
    clg_json_member_string(w, "timestamp", stamp);
    clg_json_key(w, "entry");
    clg_json_begin_array(w);
    if (context->client_name) {
        begin_entry(w, links.patient_url);
        write_patient(w, context, &links);
        clg_json_end_object(w);
    }
    begin_entry(w, links.careplan_url);
    write_careplan(w, plan, context, list, &links);
    clg_json_end_object(w);
    for (int i = 0; i < list->count; i++) {
        const clg_visit *visit = &list->visits[i];
        if (visit->state == CLG_VISIT_PLANNED)
            continue;
        char url[UUID_TEXT_SIZE];
        urn_uuid(context->course_id, "Appointment", visit->number, url);
        begin_entry(w, url);
        write_appointment(w, plan, context, list, visit, &links);
        clg_json_end_object(w);
    }
    clg_json_end_array(w);
    clg_json_end_object(w);
out:
    free(list);
    return status;
}

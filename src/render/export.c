/*
 * The part of the exports every format shares: checking the context, merging
 * the plan's schedule with the sessions the records know, ids for bare plans,
 * and local times with their UTC offset. Kept apart so that iCalendar, FHIR
 * and SVG can never disagree about which session is booked on which day.
 */
#include <stdio.h>
#include <string.h>

#include "render/export_visits.h"
#include "base/json_writer.h"
#include "base/local_time.h"
#include "render/render.h"

enum { MINUTES_PER_DAY = 24 * 60 };

/* Laxity is graded on the Alexiades-Armenakas scale, 0 (none) to 4 (severe). */
#define LAXITY_HALVES_MAX 8 /* grade 4, the top of the Alexiades-Armenakas scale */

void clg_export_context_init(clg_export_context *context, const char *course_id)
{
    memset(context, 0, sizeof *context);
    context->course_id = course_id;
}

uint64_t clg_export_hash(const char *text, size_t length, uint64_t seed)
{
    uint64_t hash = seed;
    for (size_t i = 0; i < length; i++) {
        hash ^= (unsigned char)text[i];
        hash *= 0x100000001b3ull;
    }
    return hash;
}

void clg_export_fhir_id(const char *text, size_t max_length, char *out)
{
    size_t length = 0;
    for (; text[length] && length < max_length; length++) {
        char c = text[length];
        bool allowed = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                       c == '-' || c == '.';
        out[length] = '-';
        if (allowed)
            out[length] = c;
    }
    if (length == 0)
        out[length++] = '-';
    out[length] = '\0';
}

void clg_export_plan_id(const clg_plan_request *request, char out[CLG_EXPORT_ID_SIZE])
{
    clg_buffer text = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &text, false);
    clg_request_json_value(request, true, &w);
    uint64_t hash = clg_export_hash(text.data, text.length, CLG_EXPORT_HASH_SEED);
    clg_buffer_free(&text);
    snprintf(out, CLG_EXPORT_ID_SIZE, "plan-%016llx", (unsigned long long)hash);
}

const char *clg_visit_summary(const clg_visit_list *list, const clg_visit *visit, char *out,
                              size_t size)
{
    snprintf(out, size, "Microneedling session %d of %d", visit->number, list->total);
    return out;
}

static bool date_in_range(clg_date date)
{
    int year, month, day;
    clg_date_to_civil(date, &year, &month, &day);
    return year >= CLG_YEAR_MIN && year <= CLG_YEAR_MAX;
}

static clg_status check_session(const clg_export_session *session, int index, clg_error *err)
{
    char field[48];
    if (session->number < 1 || session->number > CLG_MAX_SESSIONS) {
        snprintf(field, sizeof field, "sessions[%d].number", index);
        return clg_error_set(err, CLG_ERR_INVALID, field, "%d is out of range; use 1 to %d",
                             session->number, CLG_MAX_SESSIONS);
    }
    if (!date_in_range(session->date)) {
        snprintf(field, sizeof field, "sessions[%d].date", index);
        return clg_error_set(err, CLG_ERR_INVALID, field, "must be a date in the years %d to %d",
                             CLG_YEAR_MIN, CLG_YEAR_MAX);
    }
    if (session->start_minute < -1 || session->start_minute >= MINUTES_PER_DAY) {
        snprintf(field, sizeof field, "sessions[%d].start_minute", index);
        return clg_error_set(err, CLG_ERR_INVALID, field,
                             "%d is out of range; use 0 to %d, or -1 for all day",
                             session->start_minute, MINUTES_PER_DAY - 1);
    }
    if (session->laxity_halves > LAXITY_HALVES_MAX) {
        snprintf(field, sizeof field, "sessions[%d].laxity_halves", index);
        return clg_error_set(err, CLG_ERR_INVALID, field,
                             "must be 0 to %d (the grade times two), or negative when not graded",
                             LAXITY_HALVES_MAX);
    }
    if ((unsigned)session->modality >= CLG_MODALITY_COUNT) {
        snprintf(field, sizeof field, "sessions[%d].modality", index);
        return clg_error_set(err, CLG_ERR_INVALID, field, "is not a modality");
    }
    return CLG_OK;
}

clg_status clg_visits_build(const clg_plan *plan, const clg_export_context *context,
                            clg_visit_list *list, clg_error *err)
{
    memset(list, 0, sizeof *list);
    /* Every dated export comes through here: a blocked plan has no dates to give
     * (docs/protocol.md#screening). */
    clg_status dated = clg_plan_check_dated_export(plan, err);
    if (dated != CLG_OK)
        return dated;
    if (context->course_id == NULL || context->course_id[0] == '\0')
        return clg_error_set(err, CLG_ERR_INVALID, "course_id", "is required");
    if (context->time_zone != NULL) {
        list->zone = icaltimezone_get_builtin_timezone(context->time_zone);
        if (list->zone == NULL)
            return clg_error_set(err, CLG_ERR_INVALID, "time_zone",
                                 "'%s' is not a known IANA time zone (like Europe/Berlin)",
                                 context->time_zone);
        /* UTC needs no VTIMEZONE and writes "Z": the same as no zone at all. */
        if (list->zone == icaltimezone_get_utc_timezone())
            list->zone = NULL;
    }
    if (context->session_count < 0 || (context->session_count > 0 && context->sessions == NULL))
        return clg_error_set(err, CLG_ERR_INVALID, "sessions", "count and list do not match");

    /* Slot k-1 holds session k: from the records when they know it, else from the plan. */
    const clg_export_session *known[CLG_MAX_SESSIONS] = {0};
    int highest = 0;
    for (int i = 0; i < context->session_count; i++) {
        const clg_export_session *session = &context->sessions[i];
        clg_status status = check_session(session, i, err);
        if (status != CLG_OK)
            return status;
        if (known[session->number - 1] != NULL) {
            char field[48];
            snprintf(field, sizeof field, "sessions[%d].number", i);
            return clg_error_set(err, CLG_ERR_INVALID, field,
                                 "session %d is given twice; each number once", session->number);
        }
        known[session->number - 1] = session;
        if (session->number > highest)
            highest = session->number;
    }
    int planned = plan->schedule_count < CLG_MAX_SESSIONS ? plan->schedule_count : CLG_MAX_SESSIONS;
    int last = planned > highest ? planned : highest;
    list->total = plan->sessions.recommended > last ? plan->sessions.recommended : last;

    bool closed = clg_course_status_is_closed(context->status);
    for (int slot = 0; slot < last; slot++) {
        const clg_scheduled_session *scheduled =
            slot < planned && plan->schedule[slot].number == slot + 1 ? &plan->schedule[slot]
                                                                      : NULL;
        const clg_export_session *session = known[slot];
        if (scheduled == NULL && session == NULL)
            continue;
        if (closed && (session == NULL || !session->done))
            continue; /* a closed course has nothing more to come */
        clg_visit *visit = &list->visits[list->count++];
        visit->number = slot + 1;
        visit->modality = plan->modality;
        visit->start_minute = -1;
        visit->laxity_halves = -1;
        if (scheduled) {
            visit->date = scheduled->date;
            visit->has_window = true;
            visit->earliest = scheduled->earliest;
            visit->latest = scheduled->latest;
        }
        if (session) {
            visit->state = session->done ? CLG_VISIT_DONE : CLG_VISIT_BOOKED;
            visit->date = session->date;
            visit->start_minute = session->start_minute;
            visit->laxity_halves = session->laxity_halves;
            if (session->modality != CLG_MODALITY_AUTO)
                visit->modality = session->modality;
        }
    }
    if (plan->schedule_count > 0 && !closed) {
        list->has_maintenance = true;
        list->maintenance = plan->maintenance_date;
        if (context->maintenance_booked != 0)
            list->maintenance = context->maintenance_booked;
    }
    return CLG_OK;
}

const char *clg_visit_instant(const clg_visit_list *list, clg_date date, int minute,
                              int later_minutes, char out[CLG_INSTANT_TEXT_SIZE])
{
    clg_local_time start = clg_local_time_resolve(list->zone, date, minute);
    clg_local_time local = clg_local_time_at(list->zone, start.utc + 60LL * later_minutes);
    int year, month, day;
    clg_date_to_civil(local.date, &year, &month, &day);
    int length = snprintf(out, CLG_INSTANT_TEXT_SIZE, "%04d-%02d-%02dT%02d:%02d:00", year, month,
                          day, local.minute / 60, local.minute % 60);
    if (list->zone == NULL) {
        snprintf(out + length, (size_t)(CLG_INSTANT_TEXT_SIZE - length), "Z");
    } else {
        /* RFC 3339 offsets are whole minutes; a historical LMT offset's seconds are dropped. */
        int offset_minutes = local.offset / 60;
        char sign = offset_minutes < 0 ? '-' : '+';
        if (offset_minutes < 0)
            offset_minutes = -offset_minutes;
        snprintf(out + length, (size_t)(CLG_INSTANT_TEXT_SIZE - length), "%c%02d:%02d", sign,
                 offset_minutes / 60, offset_minutes % 60);
    }
    return out;
}

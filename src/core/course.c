/*
 * Courses in progress and the session safety floor (docs/records.md#records-and-safety).
 *
 * Every number comes from the plan, and so from the protocol: the interval
 * floor is the plan's (its course kind's, rule 5), the windows are the
 * plan's interval range, maintenance is the plan's maintenance months. This
 * file only knows the shape of the rules.
 */
#include "collagenda/course.h"

#include <stdio.h>
#include <string.h>

static const char *const status_names[] = {"active", "maintenance", "completed", "discontinued"};

const char *clg_course_status_name(clg_course_status status)
{
    return (unsigned)status < CLG_COURSE_STATUS_COUNT ? status_names[status] : "unknown";
}

bool clg_course_status_is_closed(clg_course_status status)
{
    return status == CLG_COURSE_COMPLETED || status == CLG_COURSE_DISCONTINUED;
}

const char *clg_next_kind_name(clg_next_kind kind)
{
    switch (kind) {
    case CLG_NEXT_SESSION:
        return "session";
    case CLG_NEXT_MAINTENANCE:
        return "maintenance";
    default:
        return NULL;
    }
}

const char *clg_session_timing_name(clg_session_timing timing)
{
    switch (timing) {
    case CLG_TIMING_ON_TIME:
        return "on-time";
    case CLG_TIMING_EARLY:
        return "early";
    case CLG_TIMING_LATE:
        return "late";
    default:
        return "unknown";
    }
}

static inline bool has(uint32_t set, int member)
{
    return (set >> member) & 1u;
}

/* "face,neck" for a set of areas; returns out. */
static const char *area_list(uint32_t areas, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (int area = 0; area < CLG_AREA_COUNT && used < size; area++) {
        if (!has(areas, area))
            continue;
        int written = snprintf(out + used, size - used, "%s%s", used ? "," : "",
                               clg_area_name((clg_area)area));
        if (written > 0)
            used += (size_t)written;
    }
    return out;
}

clg_status clg_course_progress_compute(clg_plan *plan, const clg_date *dates, int count,
                                       clg_course_status closed, clg_course_progress *progress,
                                       clg_error *err)
{
    memset(progress, 0, sizeof *progress);
    if (!plan->request.has_start)
        return clg_error_set(err, CLG_ERR_INVALID, "start", "the course's plan has no start date");
    /* Only an overridden start puts a blocked plan on the calendar: the course then needs dates. */
    if (plan->schedule_count == 0)
        clg_schedule_build(plan, 1, plan->request.start, plan->request.open_days);
    if (count < 0)
        return clg_error_set(err, CLG_ERR_INVALID, "sessions", "negative session count");
    for (int i = 1; i < count; i++)
        if (dates[i] < dates[i - 1])
            return clg_error_set(err, CLG_ERR_INVALID, "sessions",
                                 "recorded sessions are not in date order");

    int planned = plan->sessions.recommended;
    int initial = count < planned ? count : planned;
    progress->recorded = count;
    progress->initial_recorded = initial;

    if (initial > 0) {
        /*
         * Recorded sessions keep the window they were due in, measured from
         * the session actually done before them; the first keeps the start.
         */
        clg_scheduled_session done[CLG_MAX_SESSIONS];
        done[0] = plan->schedule[0];
        for (int i = 1; i < initial; i++) {
            done[i].earliest = dates[i - 1] + plan->interval_days.min;
            done[i].latest = dates[i - 1] + plan->interval_days.max;
        }
        clg_schedule_build(plan, initial, dates[initial - 1], plan->request.open_days);
        for (int i = 0; i < initial; i++) {
            plan->schedule[i].number = i + 1;
            plan->schedule[i].date = dates[i];
            plan->schedule[i].earliest = done[i].earliest;
            plan->schedule[i].latest = done[i].latest;
        }
    }

    if (count > 0)
        progress->last_date = dates[count - 1];
    /* Maintenance visits beyond the initial course push the next one on. */
    if (count > planned)
        plan->maintenance_date =
            clg_date_add_months(dates[count - 1], plan->maintenance_months.recommended);

    if (clg_course_status_is_closed(closed))
        progress->status = closed;
    else
        progress->status = count >= planned ? CLG_COURSE_MAINTENANCE : CLG_COURSE_ACTIVE;

    clg_course_next *next = &progress->next;
    next->number = count + 1;
    switch (progress->status) {
    case CLG_COURSE_ACTIVE:
        next->kind = CLG_NEXT_SESSION;
        next->date = plan->schedule[count].date;
        next->earliest = plan->schedule[count].earliest;
        next->latest = plan->schedule[count].latest;
        break;
    case CLG_COURSE_MAINTENANCE: {
        /* docs/design.md#schedule-rules: last session plus whole months, clamped to the month's
         * end. */
        clg_date last = dates[count - 1];
        next->kind = CLG_NEXT_MAINTENANCE;
        next->date = plan->maintenance_date;
        next->earliest = clg_date_add_months(last, plan->maintenance_months.min);
        next->latest = clg_date_add_months(last, plan->maintenance_months.max);
        if (next->earliest > next->date)
            next->earliest = next->date;
        if (next->latest < next->date)
            next->latest = next->date;
        break;
    }
    default:
        next->kind = CLG_NEXT_NONE;
        next->number = 0;
        break;
    }
    return CLG_OK;
}

clg_status clg_course_dates_check(const clg_plan *plan, const clg_course_progress *progress,
                                  clg_date from, const char *field, clg_error *err)
{
    /* What would end past the last day, in words; NULL while everything fits. */
    const char *what = NULL;
    clg_date last_visit = progress->last_date;
    for (int i = 0; i < plan->schedule_count && what == NULL; i++) {
        const clg_scheduled_session *session = &plan->schedule[i];
        if (session->date > CLG_DATE_LAST || session->latest > CLG_DATE_LAST)
            what = "a session or its window";
        if (session->date > last_visit)
            last_visit = session->date;
    }
    if (what == NULL && plan->schedule_count > 0) {
        /* The maintenance window is counted from the last visit, like the visit itself. */
        if (plan->maintenance_date > CLG_DATE_LAST ||
            clg_date_add_months(last_visit, plan->maintenance_months.max) > CLG_DATE_LAST)
            what = "the maintenance window";
    }
    if (what == NULL && progress->next.kind != CLG_NEXT_NONE &&
        (progress->next.date > CLG_DATE_LAST || progress->next.latest > CLG_DATE_LAST))
        what = "the next visit's window";
    if (what == NULL)
        return CLG_OK;
    char day[CLG_DATE_TEXT_SIZE];
    return clg_error_set(err, CLG_ERR_INVALID, field,
                         "%s would carry the course past 9999-12-31: %s would end after the last "
                         "day a date can hold",
                         clg_date_format(from, day), what);
}

/* Findings noted at the session, judged like the plan's (§3.1) for its modality. */
static const char *blocked_session_codes(const clg_protocol *protocol, uint32_t screening,
                                         clg_modality modality, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (int code = 0; code < CLG_SCREEN_COUNT && used < size; code++) {
        if (!has(screening, code))
            continue;
        const clg_screening_rule *rule = &protocol->screening[code];
        clg_screening_level level = modality == CLG_MODALITY_RF ? rule->level_rf : rule->level;
        if (level != CLG_SCREENING_BLOCKED)
            continue;
        int written = snprintf(out + used, size - used, "%s%s", used ? "," : "",
                               clg_screening_code_name((clg_screening_code)code));
        if (written > 0)
            used += (size_t)written;
    }
    return out;
}

/* The refusal of forcing a block by a caller who may not (docs/protocol.md#screening: staff never
 * force a block). */
static clg_status forbid_block_override(clg_error *err, const char *refusal)
{
    return clg_error_set(err, CLG_ERR_FORBIDDEN, "force",
                         "only an admin may override the screening rule (%s); staff may force a "
                         "too-soon or caution case with a reason, never a block",
                         refusal);
}

clg_status clg_course_start_check(const clg_plan *plan, bool forced, bool may_override_block,
                                  bool *blocked, clg_error *err)
{
    char codes[256], refusal[320];
    *blocked = plan->screening_status == CLG_SCREENING_BLOCKED;
    if (!*blocked)
        return CLG_OK;
    snprintf(refusal, sizeof refusal, "the assessment's screening is blocked by %s",
             clg_plan_blocked_codes(plan, codes, sizeof codes));
    if (!forced)
        return clg_error_set(err, CLG_ERR_REFUSED, "course", "refused: %s", refusal);
    if (!may_override_block)
        return forbid_block_override(err, refusal);
    return CLG_OK;
}

/*
 * The nearest session on an overlapping area on or before the proposed date,
 * and the nearest one after it: the floor holds on both sides, so that a
 * session entered late (back-dated) cannot sit too close to a later one.
 */
static void nearest_overlapping(const clg_session_proposal *proposal,
                                const clg_session_fact **before, const clg_session_fact **after)
{
    *before = NULL;
    *after = NULL;
    for (int i = 0; i < proposal->client_session_count; i++) {
        const clg_session_fact *fact = &proposal->client_sessions[i];
        if ((fact->areas & proposal->areas) == 0)
            continue;
        if (fact->date <= proposal->date) {
            if (*before == NULL || fact->date > (*before)->date)
                *before = fact;
        } else if (*after == NULL || fact->date < (*after)->date) {
            *after = fact;
        }
    }
}

static void append(char *out, size_t size, const char *text)
{
    size_t used = strlen(out);
    if (used < size)
        snprintf(out + used, size - used, "%s", text);
}

/* ": sessions closer together disrupt ... [F]", the protocol's reason for a floor, or "". */
static void append_floor_why(const clg_plan *plan, char *out, size_t size)
{
    const clg_citation *why = &plan->protocol->floor_why;
    if (why->source == NULL)
        return;
    size_t used = strlen(out);
    if (used < size)
        snprintf(out + used, size - used, ": %s [%s]", why->says, why->source);
}

/* Fills verdict->refusal for a session within the course's floor; returns true when it is. */
static bool check_floor(const clg_plan *plan, const clg_session_proposal *proposal,
                        clg_session_verdict *verdict)
{
    int floor = plan->interval_floor_days;
    const char *kind = clg_course_kind_name(plan->course);
    const clg_session_fact *before, *after;
    nearest_overlapping(proposal, &before, &after);

    char date[CLG_DATE_TEXT_SIZE], other[CLG_DATE_TEXT_SIZE], limit[CLG_DATE_TEXT_SIZE];
    char areas[128];
    char text[CLG_VERDICT_TEXT_SIZE];
    clg_date_format(proposal->date, date);
    if (before && proposal->date - before->date < floor) {
        int days = proposal->date - before->date;
        snprintf(text, sizeof text,
                 "%s is %d day%s after the session of %s on %s; the floor of this %s course is "
                 "%d days (earliest allowed %s)",
                 date, days, days == 1 ? "" : "s", clg_date_format(before->date, other),
                 area_list(before->areas & proposal->areas, areas, sizeof areas), kind, floor,
                 clg_date_format(before->date + floor, limit));
    } else if (after && after->date - proposal->date < floor) {
        int days = after->date - proposal->date;
        snprintf(text, sizeof text,
                 "%s is %d day%s before the session of %s on %s; the floor of this %s course is "
                 "%d days (latest allowed %s)",
                 date, days, days == 1 ? "" : "s", clg_date_format(after->date, other),
                 area_list(after->areas & proposal->areas, areas, sizeof areas), kind, floor,
                 clg_date_format(after->date - floor, limit));
    } else {
        return false;
    }
    append_floor_why(plan, text, sizeof text);
    if (verdict->refusal[0] != '\0')
        append(verdict->refusal, sizeof verdict->refusal, "; and ");
    append(verdict->refusal, sizeof verdict->refusal, text);
    return true;
}

/* Fills verdict->refusal for a blocked course or session; returns true when blocked. */
static bool check_screening(const clg_plan *plan, const clg_session_proposal *proposal,
                            clg_session_verdict *verdict)
{
    char codes[256];
    if (plan->screening_status == CLG_SCREENING_BLOCKED) {
        snprintf(verdict->refusal, sizeof verdict->refusal,
                 "the course's screening is blocked by %s",
                 clg_plan_blocked_codes(plan, codes, sizeof codes));
        return true;
    }
    blocked_session_codes(plan->protocol, proposal->screening, proposal->modality, codes,
                          sizeof codes);
    if (codes[0] == '\0')
        return false;
    snprintf(verdict->refusal, sizeof verdict->refusal, "the session's screening is blocked by %s",
             codes);
    return true;
}

/* The window the proposal falls due in, and whether it is a maintenance visit. */
static void due_window(const clg_plan *plan, const clg_course_progress *progress,
                       clg_session_verdict *verdict)
{
    verdict->number = progress->recorded + 1;
    verdict->maintenance = progress->status == CLG_COURSE_MAINTENANCE;
    if (verdict->maintenance) {
        verdict->window_earliest = progress->next.earliest;
        verdict->window_latest = progress->next.latest;
    } else {
        verdict->window_earliest = plan->schedule[progress->recorded].earliest;
        verdict->window_latest = plan->schedule[progress->recorded].latest;
    }
}

static void describe_timing(const clg_session_proposal *proposal, clg_session_verdict *verdict)
{
    const char *done = proposal->booking ? "booked" : "recorded";
    char date[CLG_DATE_TEXT_SIZE], earliest[CLG_DATE_TEXT_SIZE], latest[CLG_DATE_TEXT_SIZE];
    clg_date_format(proposal->date, date);
    clg_date_format(verdict->window_earliest, earliest);
    clg_date_format(verdict->window_latest, latest);
    const char *what = verdict->maintenance ? "maintenance visit" : "session";
    if (proposal->date < verdict->window_earliest) {
        verdict->timing = CLG_TIMING_EARLY;
        snprintf(verdict->warning, sizeof verdict->warning,
                 "early: %s is before the window of %s %d opens (%s to %s); %s as early", date,
                 what, verdict->number, earliest, latest, done);
    } else if (proposal->date > verdict->window_latest) {
        verdict->timing = CLG_TIMING_LATE;
        snprintf(verdict->warning, sizeof verdict->warning,
                 "late: %s is after the window of %s %d closed (%s to %s); %s as late, "
                 "the remaining schedule re-flows from %s",
                 date, what, verdict->number, earliest, latest, done, date);
    } else {
        verdict->timing = CLG_TIMING_ON_TIME;
    }
}

clg_status clg_session_evaluate(const clg_plan *plan, const clg_course_progress *progress,
                                const clg_session_proposal *proposal, clg_session_verdict *verdict,
                                clg_error *err)
{
    memset(verdict, 0, sizeof *verdict);
    const char *done = proposal->booking ? "booked" : "recorded";
    if (clg_course_status_is_closed(progress->status))
        return clg_error_set(err, CLG_ERR_INVALID, "course",
                             "the course is %s; no session can be %s on it",
                             clg_course_status_name(progress->status), done);
    if (proposal->areas == 0 || (proposal->areas >> CLG_AREA_COUNT) != 0)
        return clg_error_set(err, CLG_ERR_INVALID, "areas", "must list at least one known area");
    if (progress->recorded > 0 && proposal->date < progress->last_date) {
        char date[CLG_DATE_TEXT_SIZE], last[CLG_DATE_TEXT_SIZE];
        return clg_error_set(err, CLG_ERR_INVALID, "date",
                             "%s is before session %d of this course on %s; sessions are "
                             "%s in date order",
                             clg_date_format(proposal->date, date), progress->recorded,
                             clg_date_format(progress->last_date, last), done);
    }
    due_window(plan, progress, verdict);
    verdict->blocked = check_screening(plan, proposal, verdict);
    verdict->too_soon = check_floor(plan, proposal, verdict);
    describe_timing(proposal, verdict);

    if (verdict->blocked || verdict->too_soon) {
        if (!proposal->forced)
            return clg_error_set(err, CLG_ERR_REFUSED, "session", "refused: %s", verdict->refusal);
        if (verdict->blocked && !proposal->may_override_block)
            return forbid_block_override(err, verdict->refusal);
        verdict->forced = true;
    }
    return CLG_OK;
}

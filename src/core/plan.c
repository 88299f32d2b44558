/*
 * The planner: SPEC §3 rules 1-9 and §3.1 screening, applied in order.
 *
 * Every number comes from the protocol; this file only knows the shape of
 * the rules. Each rule that fires appends a reason carrying the ranges as
 * they stand after it, so the "why" list reads as the course being built
 * step by step. No text is formatted here (see reason.c): a plan costs a
 * few thousand instructions.
 */
#include "collagenda/plan.h"

#include <string.h>

static const char *const course_kind_names[] = {"standard", "intensive"};

const char *clg_course_kind_name(clg_course_kind kind)
{
    return course_kind_names[kind];
}

static inline bool has(uint32_t set, int member)
{
    return (set >> member) & 1u;
}

static inline int max_int(int a, int b)
{
    return a > b ? a : b;
}

static clg_reason *add_reason(clg_plan *plan, clg_rule rule, const char *source,
                              clg_int_range sessions, clg_int_range interval)
{
    clg_reason *reason = &plan->reasons[plan->reason_count++];
    memset(reason, 0, sizeof *reason);
    reason->rule = rule;
    reason->source = source;
    reason->sessions = sessions;
    reason->interval = interval;
    reason->laxity = plan->request.assessment.laxity;
    reason->goal = plan->request.assessment.goal;
    return reason;
}

static void add_warning(clg_plan *plan, const char *code, const char *message, const char *source)
{
    if (plan->warning_count == CLG_MAX_WARNINGS)
        return;
    clg_warning *warning = &plan->warnings[plan->warning_count++];
    warning->code = code;
    warning->message = message;
    warning->source = source;
}

static void add_finding(clg_plan *plan, const char *code, clg_screening_level level,
                        const char *message, const char *source)
{
    clg_finding *finding = &plan->findings[plan->finding_count++];
    finding->code = code;
    finding->level = level;
    finding->message = message;
    finding->source = source;
    if (level > plan->screening_status)
        plan->screening_status = level;
}

/* Count of set bits: each risk, concern or extra area adds one to the load. */
static int count_members(uint32_t set)
{
    return __builtin_popcount(set);
}

static clg_status check_request(const clg_plan_request *request, clg_error *err)
{
    const clg_assessment *a = &request->assessment;
    if ((unsigned)a->laxity >= CLG_LAXITY_COUNT)
        return clg_error_set(err, CLG_ERR_INVALID, "laxity", "out of range");
    if ((unsigned)a->goal >= CLG_GOAL_COUNT)
        return clg_error_set(err, CLG_ERR_INVALID, "goal", "out of range");
    if ((unsigned)a->modality >= CLG_MODALITY_COUNT)
        return clg_error_set(err, CLG_ERR_INVALID, "modality", "out of range");
    if (a->areas == 0 || (a->areas >> CLG_AREA_COUNT) != 0)
        return clg_error_set(err, CLG_ERR_INVALID, "areas", "must list at least one known area");
    if ((a->risks >> CLG_RISK_COUNT) != 0 || (a->concerns >> CLG_CONCERN_COUNT) != 0 ||
        (a->screening >> CLG_SCREEN_COUNT) != 0)
        return clg_error_set(err, CLG_ERR_INVALID, "assessment", "unknown set member");
    if (a->skin_type < 0 || a->skin_type > CLG_SKIN_TYPE_MAX)
        return clg_error_set(err, CLG_ERR_INVALID, "skin_type", "out of range");
    return CLG_OK;
}

/* Rule 7: the modality, and the roller's warnings. */
static void choose_modality(const clg_protocol *protocol, clg_plan *plan)
{
    const clg_assessment *a = &plan->request.assessment;
    clg_modality modality = a->modality;
    bool chosen_by_request = modality != CLG_MODALITY_AUTO;
    if (!chosen_by_request) {
        bool wants_rf = has(protocol->modality_rf_laxities, (int)a->laxity) ||
                        has(protocol->modality_rf_goals, (int)a->goal);
        /*
         * An implanted device rules radiofrequency out (§3.1: pacemaker is
         * blocked for RF, caution otherwise), so `auto` never picks the one
         * modality the screening would then block.
         */
        if (wants_rf && has(a->screening, CLG_SCREEN_PACEMAKER) &&
            protocol->screening[CLG_SCREEN_PACEMAKER].level_rf == CLG_SCREENING_BLOCKED)
            wants_rf = false;
        modality = wants_rf ? CLG_MODALITY_RF : CLG_MODALITY_TRADITIONAL;
    }
    plan->modality = modality;
    clg_reason *reason = add_reason(plan, CLG_RULE_MODALITY, protocol->modality_source,
                                    (clg_int_range){plan->sessions.min, plan->sessions.max},
                                    (clg_int_range){plan->interval_days.min,
                                                    plan->interval_days.max});
    reason->modality = modality;
    reason->chosen_by_request = chosen_by_request;
    reason->value = has(a->screening, CLG_SCREEN_PACEMAKER);

    if (modality == CLG_MODALITY_ROLLER) {
        const clg_warning_rule *always = &protocol->roller_warning;
        const clg_warning_rule *laxity = &protocol->roller_laxity_warning;
        add_warning(plan, always->code, always->message, always->source);
        if (has(laxity->laxities, (int)a->laxity))
            add_warning(plan, laxity->code, laxity->message, laxity->source);
    }
}

/* §3.1: screening findings, evaluated against the chosen modality. */
static void screen(const clg_protocol *protocol, clg_plan *plan)
{
    const clg_assessment *a = &plan->request.assessment;
    for (int code = 0; code < CLG_SCREEN_COUNT; code++) {
        if (!has(a->screening, code))
            continue;
        const clg_screening_rule *rule = &protocol->screening[code];
        clg_screening_level level =
            plan->modality == CLG_MODALITY_RF ? rule->level_rf : rule->level;
        add_finding(plan, clg_screening_code_name((clg_screening_code)code), level, rule->message,
                    rule->source);
    }
    if (a->skin_type != CLG_SKIN_TYPE_UNKNOWN && has(protocol->skin_type_caution_types, a->skin_type))
        add_finding(plan, protocol->skin_type_code, protocol->skin_type_level,
                    protocol->skin_type_message, protocol->skin_type_source);
}

static const char start_moved_message[] =
    "The start date is a closed day; the course starts on the next open day.";

/* The first session has no window to move in: a closed start day moves forward. */
static clg_date first_open_day(clg_plan *plan, clg_date start, uint8_t open_days)
{
    if (open_days == 0 || (open_days & CLG_ALL_WEEKDAYS) == 0)
        return start;
    clg_date date = start;
    while (!((open_days >> clg_date_weekday(date)) & 1u))
        date++;
    if (date != start)
        add_warning(plan, "start-moved-to-open-day", start_moved_message, NULL);
    return date;
}

/*
 * recommended sessions: midpoint rounded up; recommended interval: midpoint
 * rounded down to whole weeks, never below the range (SPEC §3).
 */
static int recommended_interval(clg_int_range interval)
{
    int midpoint = (interval.min + interval.max) / 2;
    int weeks = midpoint / 7 * 7;
    return weeks < interval.min ? interval.min : weeks;
}

clg_status clg_plan_compute(const clg_protocol *protocol, const clg_plan_request *request,
                            clg_plan *plan, clg_error *err)
{
    clg_status status = check_request(request, err);
    if (status != CLG_OK)
        return status;

    plan->protocol = protocol;
    plan->request = *request;
    plan->reason_count = 0;
    plan->warning_count = 0;
    plan->finding_count = 0;
    plan->schedule_count = 0;
    plan->screening_status = CLG_SCREENING_CLEAR;
    plan->course = CLG_COURSE_STANDARD;

    const clg_assessment *a = &request->assessment;
    clg_reason *reason;

    /* Rule 1: base course by laxity, standard interval. */
    const clg_base_course_rule *base = &protocol->base_course[a->laxity];
    clg_int_range sessions = base->sessions;
    clg_int_range interval = protocol->interval_days;
    reason = add_reason(plan, CLG_RULE_BASE_COURSE, base->source, sessions, interval);
    reason->note = base->note;
    add_reason(plan, CLG_RULE_INTERVAL, protocol->interval_source, sessions, interval);

    /* Rule 2: only small areas (under the eyes): one session fewer at each end. */
    if ((a->areas & ~protocol->small_areas) == 0) {
        int floor = protocol->small_area_sessions_floor;
        sessions.min = max_int(sessions.min + protocol->small_area_sessions_delta, floor);
        sessions.max = max_int(sessions.max + protocol->small_area_sessions_delta, floor);
        reason = add_reason(plan, CLG_RULE_SMALL_AREA, protocol->small_area_source, sessions,
                            interval);
        reason->areas = a->areas;
        reason->value = protocol->small_area_sessions_delta;
    }

    /* Rule 3: an ambitious goal raises the course. */
    const clg_goal_rule *goal = &protocol->goals[a->goal];
    if (goal->present) {
        sessions.min = max_int(sessions.min, goal->sessions_at_least.min);
        sessions.max = max_int(sessions.max, goal->sessions_at_least.max);
        add_reason(plan, CLG_RULE_GOAL, goal->source, sessions, interval);
    }

    /* Rule 4: difficulty load: risks, concerns and areas beyond the face. */
    uint32_t counted_areas = a->areas & protocol->difficulty_extra_areas;
    uint32_t counted_risks = protocol->difficulty_counts_risks ? a->risks : 0;
    uint32_t counted_concerns = protocol->difficulty_counts_concerns ? a->concerns : 0;
    int load = count_members(counted_areas) + count_members(counted_risks) +
               count_members(counted_concerns);
    plan->difficulty_load = load;
    if (load >= protocol->intensive_load) {
        plan->course = CLG_COURSE_INTENSIVE;
        sessions.min = max_int(sessions.min, protocol->intensive_sessions_at_least.min);
        sessions.max = max_int(sessions.max, protocol->intensive_sessions_at_least.max);
        interval = protocol->intensive_interval_days;
        reason = add_reason(plan, CLG_RULE_INTENSIVE_COURSE, protocol->intensive_source, sessions,
                            interval);
    } else if (load >= protocol->light_load) {
        sessions.min += protocol->light_load_sessions_delta;
        sessions.max += protocol->light_load_sessions_delta;
        reason = add_reason(plan, CLG_RULE_DIFFICULTY_LOAD, protocol->difficulty_source, sessions,
                            interval);
    } else {
        reason = NULL;
    }
    if (reason) {
        reason->value = load;
        reason->areas = counted_areas;
        reason->risks = counted_risks;
        reason->concerns = counted_concerns;
    }
    if (sessions.max > CLG_MAX_SESSIONS)
        sessions.max = CLG_MAX_SESSIONS;
    if (sessions.min > sessions.max)
        sessions.min = sessions.max;

    /* Rule 5: the interval floor (the window never opens sooner). */
    int floor = protocol->interval_floor_days;
    interval.min = max_int(interval.min, floor);
    interval.max = max_int(interval.max, interval.min);
    reason = add_reason(plan, CLG_RULE_INTERVAL_FLOOR, protocol->interval_floor_source, sessions,
                        interval);
    reason->value = floor;

    plan->sessions = (clg_range_recommended){sessions.min, sessions.max,
                                             (sessions.min + sessions.max + 1) / 2};
    plan->interval_days =
        (clg_range_recommended){interval.min, interval.max, recommended_interval(interval)};

    /* Rule 6: maintenance, sooner for heavier cases. */
    int months;
    if (has(protocol->maintenance_heavy_laxities, (int)a->laxity) ||
        plan->course == CLG_COURSE_INTENSIVE)
        months = protocol->maintenance_heavy_months;
    else if (has(protocol->maintenance_light_laxities, (int)a->laxity) && load == 0)
        months = protocol->maintenance_light_months;
    else
        months = protocol->maintenance_otherwise_months;
    plan->maintenance_months = (clg_range_recommended){
        protocol->maintenance_months.min, protocol->maintenance_months.max, months};
    reason = add_reason(plan, CLG_RULE_MAINTENANCE, protocol->maintenance_source, sessions,
                        interval);
    reason->value = months;

    /* Rule 7 and §3.1. */
    choose_modality(protocol, plan);
    screen(protocol, plan);

    /* Rule 8: session length grows with each further area. */
    int area_count = count_members(a->areas);
    plan->session_minutes = protocol->session_minutes_first_area +
                            (area_count - 1) * protocol->session_minutes_each_further_area;
    reason = add_reason(plan, CLG_RULE_SESSION_LENGTH, protocol->session_minutes_source, sessions,
                        interval);
    reason->value = plan->session_minutes;
    reason->areas = a->areas;

    /* Rule 9 (aftercare) is the protocol's list as it stands; nothing to compute. */

    if (request->has_start) {
        clg_schedule_build(plan, 1, first_open_day(plan, request->start, request->open_days),
                           request->open_days);
        clg_date last_printable;
        clg_date_from_civil(CLG_YEAR_MAX, 12, 31, &last_printable);
        if (plan->maintenance_date > last_printable)
            return clg_error_set(err, CLG_ERR_INVALID, "start",
                                 "the course and its maintenance visit would run past %d-12-31",
                                 CLG_YEAR_MAX);
    }
    return CLG_OK;
}

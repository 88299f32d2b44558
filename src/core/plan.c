/*
 * The planner: docs/protocol.md#rules rules 1-9 and §3.1 screening, applied in order.
 *
 * Every number comes from the protocol; this file only knows the shape of
 * the rules. Each rule that fires appends a reason carrying the ranges as
 * they stand after it, so the "why" list reads as the course being built
 * step by step. No text is formatted here (see reason.c): a plan costs a
 * few thousand instructions.
 */
#include "collagenda/plan.h"

#include <stdio.h>
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
    clg_reason *reason =
        add_reason(plan, CLG_RULE_MODALITY, protocol->modality_source,
                   (clg_int_range){plan->sessions.min, plan->sessions.max},
                   (clg_int_range){plan->interval_days.min, plan->interval_days.max});
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
    if (a->skin_type != CLG_SKIN_TYPE_UNKNOWN &&
        has(protocol->skin_type_caution_types, a->skin_type))
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
 * docs/protocol.md#rules: the recommended interval is the range's midpoint rounded down to
 * a whole day, so a planned session has slack on both sides. Protocols of
 * format 1 rounded down to whole weeks (never below the range), and the
 * courses planned with them keep that rounding.
 */
static int recommended_interval(const clg_protocol *protocol, clg_int_range interval)
{
    int midpoint = (interval.min + interval.max) / 2;
    if (!protocol->interval_rounds_to_weeks)
        return midpoint;
    int weeks = midpoint / 7 * 7;
    return weeks < interval.min ? interval.min : weeks;
}

/* The course as it stands while the rules are applied, in order. */
typedef struct course_draft {
    clg_int_range sessions;
    clg_int_range interval;
    int load;
    uint32_t counted_areas, counted_risks, counted_concerns;
} course_draft;

static clg_reason *add_draft_reason(clg_plan *plan, clg_rule rule, const char *source,
                                    const course_draft *draft)
{
    return add_reason(plan, rule, source, draft->sessions, draft->interval);
}

/* Rule 1: base course by laxity, and the standard interval. */
static void apply_base_course(const clg_protocol *protocol, clg_plan *plan, course_draft *draft)
{
    const clg_base_course_rule *base = &protocol->base_course[plan->request.assessment.laxity];
    draft->sessions = base->sessions;
    draft->interval = protocol->interval_days;
    clg_reason *reason = add_draft_reason(plan, CLG_RULE_BASE_COURSE, base->source, draft);
    reason->note = base->note;
    reason->see_also = &base->see_also;
    reason = add_draft_reason(plan, CLG_RULE_INTERVAL, protocol->interval_source, draft);
    reason->see_also = &protocol->interval_see_also;
}

/* Rule 2: only small areas (under the eyes): fewer sessions at each end, never below the floor. */
static void apply_small_area(const clg_protocol *protocol, clg_plan *plan, course_draft *draft)
{
    uint32_t areas = plan->request.assessment.areas;
    if ((areas & ~protocol->small_areas) != 0)
        return;
    int floor = protocol->small_area_sessions_floor;
    draft->sessions.min = max_int(draft->sessions.min + protocol->small_area_sessions_delta, floor);
    draft->sessions.max = max_int(draft->sessions.max + protocol->small_area_sessions_delta, floor);
    clg_reason *reason =
        add_draft_reason(plan, CLG_RULE_SMALL_AREA, protocol->small_area_source, draft);
    reason->areas = areas;
    reason->value = protocol->small_area_sessions_delta;
    reason->see_also = &protocol->small_area_see_also;
}

/* Rule 3: an ambitious goal raises the course. */
static void apply_goal(const clg_protocol *protocol, clg_plan *plan, course_draft *draft)
{
    const clg_goal_rule *goal = &protocol->goals[plan->request.assessment.goal];
    if (!goal->present)
        return;
    draft->sessions.min = max_int(draft->sessions.min, goal->sessions_at_least.min);
    draft->sessions.max = max_int(draft->sessions.max, goal->sessions_at_least.max);
    add_draft_reason(plan, CLG_RULE_GOAL, goal->source, draft)->see_also = &goal->see_also;
}

/* Rule 4's count: each risk, concern and area beyond the face adds one. */
static void count_load(const clg_protocol *protocol, const clg_assessment *a, course_draft *draft)
{
    draft->counted_areas = a->areas & protocol->difficulty_extra_areas;
    draft->counted_risks = protocol->difficulty_counts_risks ? a->risks : 0;
    draft->counted_concerns = protocol->difficulty_counts_concerns ? a->concerns : 0;
    draft->load = count_members(draft->counted_areas) + count_members(draft->counted_risks) +
                  count_members(draft->counted_concerns);
}

/*
 * Rule 4: a heavy load makes the course intensive, except for the laxities
 * the protocol never treats intensively (firm skin): those, like a light
 * load, get more sessions at each end.
 */
static void apply_difficulty_load(const clg_protocol *protocol, clg_plan *plan, course_draft *draft)
{
    count_load(protocol, &plan->request.assessment, draft);
    plan->difficulty_load = draft->load;
    if (draft->load < protocol->light_load)
        return;
    bool heavy = draft->load >= protocol->intensive_load;
    bool may_be_intensive = has(protocol->intensive_laxities, (int)plan->request.assessment.laxity);
    clg_reason *reason;
    if (heavy && may_be_intensive) {
        plan->course = CLG_COURSE_INTENSIVE;
        draft->sessions.min =
            max_int(draft->sessions.min, protocol->intensive_sessions_at_least.min);
        draft->sessions.max =
            max_int(draft->sessions.max, protocol->intensive_sessions_at_least.max);
        draft->interval = protocol->intensive_interval_days;
        reason =
            add_draft_reason(plan, CLG_RULE_INTENSIVE_COURSE, protocol->intensive_source, draft);
        reason->see_also = &protocol->intensive_see_also;
    } else {
        draft->sessions.min += protocol->light_load_sessions_delta;
        draft->sessions.max += protocol->light_load_sessions_delta;
        reason =
            add_draft_reason(plan, CLG_RULE_DIFFICULTY_LOAD, protocol->difficulty_source, draft);
        reason->see_also = &protocol->difficulty_see_also;
        reason->never_intensive = heavy;
    }
    reason->value = draft->load;
    reason->areas = draft->counted_areas;
    reason->risks = draft->counted_risks;
    reason->concerns = draft->counted_concerns;
}

static void keep_sessions_in_bounds(course_draft *draft)
{
    if (draft->sessions.max > CLG_MAX_SESSIONS)
        draft->sessions.max = CLG_MAX_SESSIONS;
    if (draft->sessions.min > draft->sessions.max)
        draft->sessions.min = draft->sessions.max;
}

/* Rule 5: the course kind's floor; the window never opens sooner. */
static void apply_interval_floor(const clg_protocol *protocol, clg_plan *plan, course_draft *draft)
{
    const clg_floor_rule *floor = plan->course == CLG_COURSE_INTENSIVE ? &protocol->intensive_floor
                                                                       : &protocol->standard_floor;
    draft->interval.min = max_int(draft->interval.min, floor->days);
    draft->interval.max = max_int(draft->interval.max, draft->interval.min);
    plan->interval_floor_days = floor->days;
    clg_reason *reason = add_draft_reason(plan, CLG_RULE_INTERVAL_FLOOR, floor->source, draft);
    reason->value = floor->days;
    reason->course = plan->course;
    reason->why = protocol->floor_why.source ? &protocol->floor_why : NULL;
}

static bool maintenance_rule_matches(const clg_maintenance_rule *rule, const clg_plan *plan,
                                     clg_maintenance_case *matched_by)
{
    bool by_laxity = has(rule->laxities, (int)plan->request.assessment.laxity);
    bool by_course = rule->when_intensive && plan->course == CLG_COURSE_INTENSIVE;
    if (rule->only_without_load && plan->difficulty_load > 0)
        return false;
    *matched_by =
        by_laxity ? CLG_MAINTENANCE_SOONER_FOR_LAXITY : CLG_MAINTENANCE_SOONER_FOR_INTENSIVE;
    return by_laxity || by_course;
}

/* Rule 6: maintenance, sooner for the heavier cases the protocol names. */
static void apply_maintenance(const clg_protocol *protocol, clg_plan *plan, course_draft *draft)
{
    const clg_maintenance_rule *rule;
    clg_maintenance_case matched;
    if (maintenance_rule_matches(&protocol->maintenance_sooner, plan, &matched)) {
        rule = &protocol->maintenance_sooner;
    } else if (maintenance_rule_matches(&protocol->maintenance_usual, plan, &matched)) {
        rule = &protocol->maintenance_usual;
        matched = CLG_MAINTENANCE_USUAL;
    } else {
        rule = &protocol->maintenance_otherwise;
        matched = CLG_MAINTENANCE_OTHERWISE;
    }
    plan->maintenance_months = (clg_range_recommended){
        protocol->maintenance_months.min, protocol->maintenance_months.max, rule->months};
    clg_reason *reason = add_draft_reason(plan, CLG_RULE_MAINTENANCE, rule->source, draft);
    reason->value = rule->months;
    reason->maintenance_case = matched;
    reason->note = rule->note;
}

/* Rule 8: the first area's minutes, and more for each further area. */
static void apply_session_length(const clg_protocol *protocol, clg_plan *plan, course_draft *draft)
{
    uint32_t areas = plan->request.assessment.areas;
    int further_areas = count_members(areas) - 1;
    plan->session_minutes = protocol->session_minutes_first_area +
                            further_areas * protocol->session_minutes_each_further_area;
    /* One area's length is the source's number; more areas' is the further-area rule's. */
    const char *source = further_areas > 0 ? protocol->session_minutes_further_area_source
                                           : protocol->session_minutes_source;
    clg_reason *reason = add_draft_reason(plan, CLG_RULE_SESSION_LENGTH, source, draft);
    reason->value = plan->session_minutes;
    reason->areas = areas;
    reason->first_area_minutes = protocol->session_minutes_first_area;
    reason->first_area_source = protocol->session_minutes_source;
}

static void start_plan(const clg_protocol *protocol, const clg_plan_request *request,
                       clg_plan *plan)
{
    plan->protocol = protocol;
    plan->request = *request;
    plan->reason_count = 0;
    plan->warning_count = 0;
    plan->finding_count = 0;
    plan->schedule_count = 0;
    plan->maintenance_date = 0;
    plan->screening_status = CLG_SCREENING_CLEAR;
    plan->course = CLG_COURSE_STANDARD;
}

/* The dates, when a start is given and the screening allows any (docs/protocol.md#screening). */
static clg_status schedule_plan(clg_plan *plan, clg_error *err)
{
    const clg_plan_request *request = &plan->request;
    if (!request->has_start || plan->screening_status == CLG_SCREENING_BLOCKED)
        return CLG_OK;
    clg_schedule_build(plan, 1, first_open_day(plan, request->start, request->open_days),
                       request->open_days);
    if (plan->maintenance_date > CLG_DATE_LAST)
        return clg_error_set(err, CLG_ERR_INVALID, "start",
                             "the course and its maintenance visit would run past %d-12-31",
                             CLG_YEAR_MAX);
    return CLG_OK;
}

clg_status clg_plan_compute(const clg_protocol *protocol, const clg_plan_request *request,
                            clg_plan *plan, clg_error *err)
{
    clg_status status = check_request(request, err);
    if (status != CLG_OK)
        return status;
    start_plan(protocol, request, plan);

    course_draft draft = {0};
    apply_base_course(protocol, plan, &draft);
    apply_small_area(protocol, plan, &draft);
    apply_goal(protocol, plan, &draft);
    apply_difficulty_load(protocol, plan, &draft);
    keep_sessions_in_bounds(&draft);
    apply_interval_floor(protocol, plan, &draft);
    plan->sessions = (clg_range_recommended){draft.sessions.min, draft.sessions.max,
                                             (draft.sessions.min + draft.sessions.max + 1) / 2};
    plan->interval_days = (clg_range_recommended){draft.interval.min, draft.interval.max,
                                                  recommended_interval(protocol, draft.interval)};
    apply_maintenance(protocol, plan, &draft);

    /* Rule 7 and §3.1. */
    choose_modality(protocol, plan);
    screen(protocol, plan);
    apply_session_length(protocol, plan, &draft);
    /* Rule 9 (aftercare) is the protocol's list as it stands; nothing to compute. */
    return schedule_plan(plan, err);
}

const char *clg_plan_blocked_codes(const clg_plan *plan, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < plan->finding_count && used < size; i++) {
        if (plan->findings[i].level != CLG_SCREENING_BLOCKED)
            continue;
        int written =
            snprintf(out + used, size - used, "%s%s", used ? "," : "", plan->findings[i].code);
        if (written > 0)
            used += (size_t)written;
    }
    return out;
}

clg_status clg_plan_check_dated_export(const clg_plan *plan, clg_error *err)
{
    if (plan->screening_status != CLG_SCREENING_BLOCKED)
        return CLG_OK;
    char codes[256];
    return clg_error_set(err, CLG_ERR_REFUSED, "screening",
                         "refused: the plan's screening is blocked by %s; a blocked plan has no "
                         "dates to export",
                         clg_plan_blocked_codes(plan, codes, sizeof codes));
}

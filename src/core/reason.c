/*
 * Reasons in words. The planner stores numbers; this file turns one reason
 * into the sentence shown in the text, JSON and FHIR outputs, on demand.
 */
#include "collagenda/plan.h"

#include <stdarg.h>
#include <stdio.h>

static const char *const rule_names[CLG_RULE_COUNT] = {
    [CLG_RULE_BASE_COURSE] = "base-course",
    [CLG_RULE_INTERVAL] = "interval",
    [CLG_RULE_SMALL_AREA] = "small-area",
    [CLG_RULE_GOAL] = "goal",
    [CLG_RULE_DIFFICULTY_LOAD] = "difficulty-load",
    [CLG_RULE_INTENSIVE_COURSE] = "intensive-course",
    [CLG_RULE_INTERVAL_FLOOR] = "interval-floor",
    [CLG_RULE_MAINTENANCE] = "maintenance",
    [CLG_RULE_MODALITY] = "modality",
    [CLG_RULE_SESSION_LENGTH] = "session-length",
};

const char *clg_rule_name(clg_rule rule)
{
    return rule_names[rule];
}

typedef struct text {
    char *out;
    size_t size;
    size_t used;
} text;

static void append(text *t, const char *format, ...) __attribute__((format(printf, 2, 3)));

static void append(text *t, const char *format, ...)
{
    if (t->used >= t->size)
        return;
    va_list arguments;
    va_start(arguments, format);
    int written = vsnprintf(t->out + t->used, t->size - t->used, format, arguments);
    va_end(arguments);
    if (written > 0)
        t->used += (size_t)written;
}

static void append_range(text *t, clg_int_range range, const char *unit)
{
    if (range.min == range.max)
        append(t, "%d %s", range.min, unit);
    else
        append(t, "%d-%d %s", range.min, range.max, unit);
}

/* "28-42 days (4-6 weeks)": weeks only when both ends are whole weeks. */
static void append_days(text *t, clg_int_range days)
{
    append_range(t, days, "days");
    if (days.min % 7 == 0 && days.max % 7 == 0) {
        append(t, " (");
        append_range(t, (clg_int_range){days.min / 7, days.max / 7}, "weeks");
        append(t, ")");
    }
}

/* Lists the members of a set, comma-separated, from a name function. */
static void append_set(text *t, bool *first, uint32_t set, int count,
                       const char *(*name)(int member))
{
    for (int member = 0; member < count; member++) {
        if (!((set >> member) & 1u))
            continue;
        append(t, "%s%s", *first ? "" : ", ", name(member));
        *first = false;
    }
}

static const char *area_name(int member)
{
    return clg_area_name((clg_area)member);
}
static const char *risk_name(int member)
{
    return clg_risk_name((clg_risk)member);
}
static const char *concern_name(int member)
{
    return clg_concern_name((clg_concern)member);
}

static void append_load(text *t, const clg_reason *reason)
{
    bool first = true;
    append(t, "difficulty load %d (", reason->value);
    append_set(t, &first, reason->areas, CLG_AREA_COUNT, area_name);
    append_set(t, &first, reason->risks, CLG_RISK_COUNT, risk_name);
    append_set(t, &first, reason->concerns, CLG_CONCERN_COUNT, concern_name);
    append(t, ")");
}

static const char *modality_words(clg_modality modality)
{
    switch (modality) {
    case CLG_MODALITY_RF: return "RF microneedling";
    case CLG_MODALITY_ROLLER: return "at-home roller";
    default: return "traditional microneedling";
    }
}

const char *clg_reason_describe(const clg_reason *reason, char *out, size_t size)
{
    text t = {out, size, 0};
    out[0] = '\0';
    switch (reason->rule) {
    case CLG_RULE_BASE_COURSE:
        append(&t, "%s laxity: ", clg_laxity_name(reason->laxity));
        append_range(&t, reason->sessions, "sessions");
        if (reason->note)
            append(&t, " (%s)", reason->note);
        break;
    case CLG_RULE_INTERVAL:
        append(&t, "sessions ");
        append_days(&t, reason->interval);
        append(&t, " apart");
        break;
    case CLG_RULE_SMALL_AREA: {
        bool first = true;
        append(&t, "small area only (");
        append_set(&t, &first, reason->areas, CLG_AREA_COUNT, area_name);
        append(&t, "): %d session%s at each end: ", -reason->value,
               reason->value == -1 ? "" : "s");
        append_range(&t, reason->sessions, "sessions");
        break;
    }
    case CLG_RULE_GOAL:
        append(&t, "%s goal: at least ", clg_goal_name(reason->goal));
        append_range(&t, reason->sessions, "sessions");
        break;
    case CLG_RULE_DIFFICULTY_LOAD:
        append_load(&t, reason);
        append(&t, ": more sessions at each end: ");
        append_range(&t, reason->sessions, "sessions");
        break;
    case CLG_RULE_INTENSIVE_COURSE:
        append_load(&t, reason);
        append(&t, ": intensive course, ");
        append_range(&t, reason->sessions, "sessions");
        append(&t, " ");
        append_days(&t, reason->interval);
        append(&t, " apart");
        break;
    case CLG_RULE_INTERVAL_FLOOR:
        append(&t, "never less than %d days between sessions: ", reason->value);
        append_days(&t, reason->interval);
        append(&t, " apart");
        break;
    case CLG_RULE_MAINTENANCE:
        append(&t, "maintenance visit %d months after the last session", reason->value);
        break;
    case CLG_RULE_MODALITY:
        if (reason->chosen_by_request)
            append(&t, "%s, as asked", modality_words(reason->modality));
        else if (reason->value && reason->modality != CLG_MODALITY_RF)
            append(&t, "%s: an implanted device rules out RF", modality_words(reason->modality));
        else
            append(&t, "%s for %s laxity%s", modality_words(reason->modality),
                   clg_laxity_name(reason->laxity),
                   reason->goal == CLG_GOAL_TRANSFORMATION ? " and a transformation goal" : "");
        break;
    case CLG_RULE_SESSION_LENGTH: {
        int areas = __builtin_popcount(reason->areas);
        append(&t, "%d area%s: %d minutes per session", areas, areas == 1 ? "" : "s",
               reason->value);
        break;
    }
    default: break;
    }
    return out;
}

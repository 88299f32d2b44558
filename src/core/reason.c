/*
 * Reasons in words. The planner stores numbers; this file turns one reason
 * into the sentence shown in the text, JSON and FHIR outputs, on demand.
 * A reason's own source tag travels beside its sentence; what other
 * sources say on the same point is quoted inside it, each with its tag
 * ("... (other reading: 5-6 sessions for moderate to severe laxity [F])"),
 * so that a disagreement between the sources is never hidden (docs/protocol.md#rules).
 */
#include "collagenda/plan.h"

#include <string.h>

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

/* Plain appenders, not printf: reasons are described for every plan rendered. */
static void put(text *t, const char *words)
{
    while (*words && t->used + 1 < t->size)
        t->out[t->used++] = *words++;
    t->out[t->used] = '\0';
}

static void put_int(text *t, int value)
{
    char digits[12];
    int position = sizeof digits - 1;
    unsigned magnitude = value < 0 ? 0u - (unsigned)value : (unsigned)value;
    digits[position] = '\0';
    do {
        digits[--position] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude);
    if (value < 0)
        digits[--position] = '-';
    put(t, digits + position);
}

static void put_range(text *t, clg_int_range range, const char *unit)
{
    put_int(t, range.min);
    if (range.min != range.max) {
        put(t, "-");
        put_int(t, range.max);
    }
    put(t, " ");
    put(t, unit);
}

/* "28-42 days (4-6 weeks)": weeks only when both ends are whole weeks. */
static void put_days(text *t, clg_int_range days)
{
    put_range(t, days, "days");
    if (days.min % 7 == 0 && days.max % 7 == 0) {
        put(t, " (");
        put_range(t, (clg_int_range){days.min / 7, days.max / 7}, "weeks");
        put(t, ")");
    }
}

/* Lists the members of a set, comma-separated, from a name function. */
static void put_set(text *t, bool *first, uint32_t set, int count, const char *(*name)(int member))
{
    for (int member = 0; member < count; member++) {
        if (!((set >> member) & 1u))
            continue;
        if (!*first)
            put(t, ", ");
        put(t, name(member));
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

static void put_load(text *t, const clg_reason *reason)
{
    bool first = true;
    put(t, "difficulty load ");
    put_int(t, reason->value);
    put(t, " (");
    put_set(t, &first, reason->areas, CLG_AREA_COUNT, area_name);
    put_set(t, &first, reason->risks, CLG_RISK_COUNT, risk_name);
    put_set(t, &first, reason->concerns, CLG_CONCERN_COUNT, concern_name);
    put(t, ")");
}

static const char *modality_words(clg_modality modality)
{
    switch (modality) {
    case CLG_MODALITY_RF: return "RF microneedling";
    case CLG_MODALITY_ROLLER: return "at-home roller";
    default: return "traditional microneedling";
    }
}

static void describe_modality(text *t, const clg_reason *reason)
{
    put(t, modality_words(reason->modality));
    if (reason->chosen_by_request) {
        put(t, ", as asked");
    } else if (reason->value && reason->modality != CLG_MODALITY_RF) {
        put(t, ": an implanted device rules out RF");
    } else {
        put(t, " for ");
        put(t, clg_laxity_name(reason->laxity));
        put(t, " laxity");
        if (reason->goal == CLG_GOAL_TRANSFORMATION)
            put(t, " and a transformation goal");
    }
}

/* "says [TAG]" */
static void put_citation(text *t, const clg_citation *citation)
{
    put(t, citation->says);
    put(t, " [");
    put(t, citation->source);
    put(t, "]");
}

/* " (note; reading [D]; reading [F])", or nothing when there is neither. */
static void put_note_and_readings(text *t, const clg_reason *reason)
{
    int readings = reason->see_also ? reason->see_also->count : 0;
    if (reason->note == NULL && readings == 0)
        return;
    put(t, " (");
    if (reason->note)
        put(t, reason->note);
    for (int i = 0; i < readings; i++) {
        if (reason->note || i > 0)
            put(t, "; ");
        put_citation(t, &reason->see_also->items[i]);
    }
    put(t, ")");
}

static void describe_floor(text *t, const clg_reason *reason)
{
    put(t, "never less than ");
    put_int(t, reason->value);
    put(t, reason->course == CLG_COURSE_INTENSIVE ? " days between sessions of an intensive course"
                                                   : " days between sessions of a standard course");
    put(t, ", so ");
    put_days(t, reason->interval);
    put(t, " apart");
    if (reason->why) {
        put(t, ": ");
        put_citation(t, reason->why);
    }
}

static void describe_maintenance(text *t, const clg_reason *reason)
{
    put(t, "maintenance visit ");
    put_int(t, reason->value);
    put(t, " months after the last session");
    switch (reason->maintenance_case) {
    case CLG_MAINTENANCE_SOONER_FOR_LAXITY:
        put(t, ", sooner for ");
        put(t, clg_laxity_name(reason->laxity));
        put(t, " laxity");
        break;
    case CLG_MAINTENANCE_SOONER_FOR_INTENSIVE: put(t, ", sooner after an intensive course"); break;
    default: break;
    }
    if (reason->note) {
        put(t, " (");
        put(t, reason->note);
        put(t, ")");
    }
}

/* "2 areas: 45 minutes per session (30 for the first area [F], 15 for each further one)" */
static void describe_session_length(text *t, const clg_reason *reason)
{
    int areas = __builtin_popcount(reason->areas);
    put_int(t, areas);
    put(t, areas == 1 ? " area: " : " areas: ");
    put_int(t, reason->value);
    put(t, " minutes per session");
    if (areas == 1 || strcmp(reason->first_area_source, reason->source) == 0)
        return;
    put(t, " (");
    put_int(t, reason->first_area_minutes);
    put(t, " for the first area [");
    put(t, reason->first_area_source);
    put(t, "], ");
    put_int(t, (reason->value - reason->first_area_minutes) / (areas - 1));
    put(t, " for each further one)");
}

const char *clg_reason_describe(const clg_reason *reason, char *out, size_t size)
{
    text t = {out, size, 0};
    out[0] = '\0';
    switch (reason->rule) {
    case CLG_RULE_BASE_COURSE:
        put(&t, clg_laxity_name(reason->laxity));
        put(&t, " laxity: ");
        put_range(&t, reason->sessions, "sessions");
        put_note_and_readings(&t, reason);
        break;
    case CLG_RULE_INTERVAL:
        put(&t, "sessions ");
        put_days(&t, reason->interval);
        put(&t, " apart");
        put_note_and_readings(&t, reason);
        break;
    case CLG_RULE_SMALL_AREA: {
        bool first = true;
        put(&t, "small area only (");
        put_set(&t, &first, reason->areas, CLG_AREA_COUNT, area_name);
        put(&t, "): ");
        put_int(&t, -reason->value);
        put(&t, reason->value == -1 ? " session fewer at each end: " : " sessions fewer at each end: ");
        put_range(&t, reason->sessions, "sessions");
        put_note_and_readings(&t, reason);
        break;
    }
    case CLG_RULE_GOAL:
        put(&t, clg_goal_name(reason->goal));
        put(&t, " goal: at least ");
        put_range(&t, reason->sessions, "sessions");
        put_note_and_readings(&t, reason);
        break;
    case CLG_RULE_DIFFICULTY_LOAD:
        put_load(&t, reason);
        if (reason->never_intensive) {
            put(&t, ": no intensive course for ");
            put(&t, clg_laxity_name(reason->laxity));
            put(&t, " laxity, more sessions at each end instead: ");
        } else {
            put(&t, ": more sessions at each end: ");
        }
        put_range(&t, reason->sessions, "sessions");
        put_note_and_readings(&t, reason);
        break;
    case CLG_RULE_INTENSIVE_COURSE:
        put_load(&t, reason);
        put(&t, ": intensive course, ");
        put_range(&t, reason->sessions, "sessions");
        put(&t, " ");
        put_days(&t, reason->interval);
        put(&t, " apart");
        put_note_and_readings(&t, reason);
        break;
    case CLG_RULE_INTERVAL_FLOOR: describe_floor(&t, reason); break;
    case CLG_RULE_MAINTENANCE: describe_maintenance(&t, reason); break;
    case CLG_RULE_MODALITY: describe_modality(&t, reason); break;
    case CLG_RULE_SESSION_LENGTH: describe_session_length(&t, reason); break;
    default: break;
    }
    return out;
}

/* Marks the source with this tag as cited; a tag the protocol does not list is skipped. */
static void cite(const clg_protocol *protocol, const char *tag, bool *cited)
{
    for (int i = 0; tag && i < protocol->source_count; i++)
        if (strcmp(protocol->sources[i].tag, tag) == 0)
            cited[i] = true;
}

static void cite_reason(const clg_protocol *protocol, const clg_reason *reason, bool *cited)
{
    cite(protocol, reason->source, cited);
    for (int i = 0; reason->see_also && i < reason->see_also->count; i++)
        cite(protocol, reason->see_also->items[i].source, cited);
    if (reason->why)
        cite(protocol, reason->why->source, cited);
    if (reason->rule == CLG_RULE_SESSION_LENGTH && __builtin_popcount(reason->areas) > 1)
        cite(protocol, reason->first_area_source, cited);
}

int clg_plan_cited_sources(const clg_plan *plan, const clg_source **out, int max)
{
    const clg_protocol *protocol = plan->protocol;
    bool cited[CLG_MAX_SOURCES] = {false};
    for (int i = 0; i < plan->reason_count; i++)
        cite_reason(protocol, &plan->reasons[i], cited);
    for (int i = 0; i < plan->finding_count; i++)
        cite(protocol, plan->findings[i].source, cited);
    for (int i = 0; i < plan->warning_count; i++)
        cite(protocol, plan->warnings[i].source, cited);
    for (int i = 0; i < protocol->aftercare_count; i++)
        cite(protocol, protocol->aftercare[i].source, cited);
    int count = 0;
    for (int i = 0; i < protocol->source_count && count < max; i++)
        if (cited[i])
            out[count++] = &protocol->sources[i];
    return count;
}

/*
 * The rules of docs/protocol.md#rules (protocol version 2) under the default protocol: one
 * table row per assessment, with every number of the plan it must produce,
 * and the list of rules that must fire for it (each a reason with its
 * source tag); then every laxity x goal x areas x load combination against
 * a small reference written from §3 here, apart from the planner. The
 * expected values are the numbers of docs/protocol.md#rules; a row that fails names itself.
 */
#include "support.h"

/* What is asked, in the CLI's words; NULL keeps the default of docs/protocol.md#inputs. */
typedef struct asked {
    const char *laxity, *goal, *areas, *risks, *concerns, *modality;
} asked;

typedef struct range_expected {
    int min, max, recommended;
} range_expected;

typedef struct rule_case {
    const char *name;
    asked ask;
    const char *course;
    int load;
    range_expected sessions;
    range_expected interval;
    int maintenance_months;
    const char *modality;
    int session_minutes;
    const char *rules; /* the fired rules, in order, space-separated */
} rule_case;

/* Hand-aligned: one row per case reads as a table. */
/* clang-format off */
#define PLAIN "base-course interval interval-floor maintenance modality session-length"
#define SMALL "base-course interval small-area interval-floor maintenance modality session-length"
#define GOAL "base-course interval goal interval-floor maintenance modality session-length"
#define LOAD "base-course interval difficulty-load interval-floor maintenance modality session-length"
#define INTENSIVE \
    "base-course interval intensive-course interval-floor maintenance modality session-length"
#define STANDARD_DAYS {28, 42, 35}
#define INTENSIVE_DAYS {21, 28, 24}

static const rule_case cases[] = {
    /* Rule 1: base course by laxity; rule 6 maintenance; rule 7 auto modality. */
    {"none laxity, face", {.laxity = "none"},
     "standard", 0, {1, 3, 2}, STANDARD_DAYS, 12, "traditional", 30, PLAIN},
    {"mild laxity, face", {.laxity = "mild"},
     "standard", 0, {3, 4, 4}, STANDARD_DAYS, 12, "traditional", 30, PLAIN},
    {"moderate laxity, face", {.laxity = "moderate"},
     "standard", 0, {4, 6, 5}, STANDARD_DAYS, 12, "rf", 30, PLAIN},
    {"severe laxity, face", {.laxity = "severe"},
     "standard", 0, {5, 6, 6}, STANDARD_DAYS, 6, "rf", 30, PLAIN},
    {"prevention goal adds no rule", {.laxity = "none", .goal = "prevention"},
     "standard", 0, {1, 3, 2}, STANDARD_DAYS, 12, "traditional", 30, PLAIN},

    /* Rule 2: under-eyes only, one session fewer at each end, never below 1. */
    {"none laxity, under-eyes only", {.laxity = "none", .areas = "under-eyes"},
     "standard", 0, {1, 2, 2}, STANDARD_DAYS, 12, "traditional", 30, SMALL},
    {"mild laxity, under-eyes only", {.laxity = "mild", .areas = "under-eyes"},
     "standard", 0, {2, 3, 3}, STANDARD_DAYS, 12, "traditional", 30, SMALL},
    {"moderate laxity, under-eyes only", {.laxity = "moderate", .areas = "under-eyes"},
     "standard", 0, {3, 5, 4}, STANDARD_DAYS, 12, "rf", 30, SMALL},
    {"severe laxity, under-eyes only", {.laxity = "severe", .areas = "under-eyes"},
     "standard", 0, {4, 5, 5}, STANDARD_DAYS, 6, "rf", 30, SMALL},
    {"under-eyes and face is not a small area", {.laxity = "mild", .areas = "under-eyes,face"},
     "standard", 0, {3, 4, 4}, STANDARD_DAYS, 12, "traditional", 45, PLAIN},
    {"under-eyes and neck is not a small area", {.laxity = "mild", .areas = "under-eyes,neck"},
     "standard", 1, {4, 5, 5}, STANDARD_DAYS, 12, "traditional", 45, LOAD},

    /* Rule 3: transformation raises the course to at least 7-8 (and picks RF). */
    {"transformation goal, mild laxity", {.laxity = "mild", .goal = "transformation"},
     "standard", 0, {7, 8, 8}, STANDARD_DAYS, 12, "rf", 30, GOAL},
    {"transformation goal, severe laxity", {.laxity = "severe", .goal = "transformation"},
     "standard", 0, {7, 8, 8}, STANDARD_DAYS, 6, "rf", 30, GOAL},
    {"transformation goal after the small-area rule",
     {.laxity = "none", .goal = "transformation", .areas = "under-eyes"},
     "standard", 0, {7, 8, 8}, STANDARD_DAYS, 12, "rf", 30,
     "base-course interval small-area goal interval-floor maintenance modality session-length"},

    /* Rule 4: load 1 adds one session at each end. */
    {"load 1 from the neck", {.laxity = "mild", .areas = "face,neck"},
     "standard", 1, {4, 5, 5}, STANDARD_DAYS, 12, "traditional", 45, LOAD},
    {"load 1 from a risk", {.laxity = "mild", .risks = "smoking"},
     "standard", 1, {4, 5, 5}, STANDARD_DAYS, 12, "traditional", 30, LOAD},
    {"load 1 from a concern", {.laxity = "mild", .concerns = "deep-wrinkles"},
     "standard", 1, {4, 5, 5}, STANDARD_DAYS, 12, "traditional", 30, LOAD},
    {"load 1, none laxity", {.laxity = "none", .risks = "diabetes"},
     "standard", 1, {2, 4, 3}, STANDARD_DAYS, 12, "traditional", 30, LOAD},
    {"load 1, moderate laxity", {.laxity = "moderate", .areas = "face,neck"},
     "standard", 1, {5, 7, 6}, STANDARD_DAYS, 12, "rf", 45, LOAD},
    {"load 1, severe laxity", {.laxity = "severe", .risks = "sun-damage"},
     "standard", 1, {6, 7, 7}, STANDARD_DAYS, 6, "rf", 30, LOAD},
    {"load 1 on a small area", {.laxity = "mild", .areas = "under-eyes", .risks = "smoking"},
     "standard", 1, {3, 4, 4}, STANDARD_DAYS, 12, "traditional", 30,
     "base-course interval small-area difficulty-load interval-floor maintenance modality "
     "session-length"},
    {"load 1 after the transformation goal",
     {.laxity = "mild", .goal = "transformation", .risks = "smoking"},
     "standard", 1, {8, 9, 9}, STANDARD_DAYS, 12, "rf", 30,
     "base-course interval goal difficulty-load interval-floor maintenance modality "
     "session-length"},

    /* Rule 4: load 2 or more is the intensive course, 8-12 sessions at 21-28 days. */
    {"load 2 from two extra areas", {.laxity = "mild", .areas = "face,neck,chest"},
     "intensive", 2, {8, 12, 10}, INTENSIVE_DAYS, 6, "traditional", 60, INTENSIVE},
    {"load 2 from two risks", {.laxity = "mild", .risks = "smoking,diabetes"},
     "intensive", 2, {8, 12, 10}, INTENSIVE_DAYS, 6, "traditional", 30, INTENSIVE},
    {"load 3 from three extra areas", {.laxity = "moderate", .areas = "face,neck,chest,arms"},
     "intensive", 3, {8, 12, 10}, INTENSIVE_DAYS, 6, "rf", 75, INTENSIVE},
    {"load 4 from every area",
     {.laxity = "severe", .areas = "under-eyes,face,neck,chest,arms,abdomen"},
     "intensive", 4, {8, 12, 10}, INTENSIVE_DAYS, 6, "rf", 105, INTENSIVE},
    {"intensive after the transformation goal",
     {.laxity = "severe", .goal = "transformation", .risks = "smoking",
      .concerns = "deep-wrinkles"},
     "intensive", 2, {8, 12, 10}, INTENSIVE_DAYS, 6, "rf", 30,
     "base-course interval goal intensive-course interval-floor maintenance modality "
     "session-length"},
    {"every risk and concern",
     {.laxity = "mild",
      .risks = "diabetes,autoimmune,slow-healing,accelerated-aging,sun-damage,smoking,"
               "poor-aftercare",
      .concerns = "deep-wrinkles,enlarged-pores,loose-neck-skin"},
     "intensive", 10, {8, 12, 10}, INTENSIVE_DAYS, 6, "traditional", 30, INTENSIVE},

    /* Rule 4: firm skin (laxity none) is never intensive; any load adds one at each end. */
    {"none laxity, load 2 from a risk and a concern",
     {.laxity = "none", .risks = "autoimmune", .concerns = "enlarged-pores"},
     "standard", 2, {2, 4, 3}, STANDARD_DAYS, 12, "traditional", 30, LOAD},
    {"none laxity, load 2 on arms and abdomen", {.laxity = "none", .areas = "arms,abdomen"},
     "standard", 2, {2, 4, 3}, STANDARD_DAYS, 12, "traditional", 45, LOAD},
    {"none laxity, load 2 on a small area",
     {.laxity = "none", .areas = "under-eyes", .risks = "slow-healing,poor-aftercare"},
     "standard", 2, {2, 3, 3}, STANDARD_DAYS, 12, "traditional", 30,
     "base-course interval small-area difficulty-load interval-floor maintenance modality "
     "session-length"},
    {"none laxity, transformation goal, load 3",
     {.laxity = "none", .goal = "transformation", .risks = "smoking,diabetes,autoimmune"},
     "standard", 3, {8, 9, 9}, STANDARD_DAYS, 12, "rf", 30,
     "base-course interval goal difficulty-load interval-floor maintenance modality "
     "session-length"},

    /* Rule 7: a modality asked for is used as asked. */
    {"traditional asked for severe laxity", {.laxity = "severe", .modality = "traditional"},
     "standard", 0, {5, 6, 6}, STANDARD_DAYS, 6, "traditional", 30, PLAIN},
    {"traditional asked with a transformation goal",
     {.laxity = "mild", .goal = "transformation", .modality = "traditional"},
     "standard", 0, {7, 8, 8}, STANDARD_DAYS, 12, "traditional", 30, GOAL},
    {"rf asked for mild laxity", {.laxity = "mild", .modality = "rf"},
     "standard", 0, {3, 4, 4}, STANDARD_DAYS, 12, "rf", 30, PLAIN},
    {"roller asked for none laxity", {.laxity = "none", .modality = "roller"},
     "standard", 0, {1, 3, 2}, STANDARD_DAYS, 12, "roller", 30, PLAIN},
    {"roller asked for severe laxity", {.laxity = "severe", .modality = "roller"},
     "standard", 0, {5, 6, 6}, STANDARD_DAYS, 6, "roller", 30, PLAIN},
};
/* clang-format on */

static clg_plan_request request_for(const rule_case *row)
{
    const asked *ask = &row->ask;
    return support_request("laxity", ask->laxity, "goal", ask->goal ? ask->goal : "improvement",
                           "areas", ask->areas ? ask->areas : "face", "risks",
                           ask->risks ? ask->risks : "", "concerns",
                           ask->concerns ? ask->concerns : "", "modality",
                           ask->modality ? ask->modality : "auto", (const char *)NULL);
}

/* The fired rules of a plan as "base-course interval ..." for comparison. */
static const char *fired_rules(const clg_plan *plan, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < plan->reason_count && used < size; i++)
        used += (size_t)snprintf(out + used, size - used, "%s%s", i ? " " : "",
                                 clg_rule_name(plan->reasons[i].rule));
    return out;
}

static void test_each_assessment_gives_the_spec_numbers(void **state)
{
    const clg_protocol *protocol = *state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const rule_case *row = &cases[i];
        clg_plan_request request = request_for(row);
        clg_plan plan;
        support_plan(protocol, &request, &plan);
        char rules[256];
        EXPECT_STRING(row->name, clg_course_kind_name(plan.course), row->course);
        EXPECT_INT(row->name, plan.difficulty_load, row->load);
        EXPECT_INT(row->name, plan.sessions.min, row->sessions.min);
        EXPECT_INT(row->name, plan.sessions.max, row->sessions.max);
        EXPECT_INT(row->name, plan.sessions.recommended, row->sessions.recommended);
        EXPECT_INT(row->name, plan.interval_days.min, row->interval.min);
        EXPECT_INT(row->name, plan.interval_days.max, row->interval.max);
        EXPECT_INT(row->name, plan.interval_days.recommended, row->interval.recommended);
        EXPECT_INT(row->name, plan.interval_floor_days, row->interval.min);
        EXPECT_INT(row->name, plan.maintenance_months.min, 6);
        EXPECT_INT(row->name, plan.maintenance_months.max, 12);
        EXPECT_INT(row->name, plan.maintenance_months.recommended, row->maintenance_months);
        EXPECT_STRING(row->name, clg_modality_name(plan.modality), row->modality);
        EXPECT_INT(row->name, plan.session_minutes, row->session_minutes);
        EXPECT_STRING(row->name, fired_rules(&plan, rules, sizeof rules), row->rules);
        EXPECT_INT(row->name, plan.schedule_count, 0); /* no start date, no schedule */
        EXPECT_INT(row->name, plan.screening_status, CLG_SCREENING_CLEAR);
    }
}

/*
 * The source tag each reason carries in the default protocol (docs/protocol.md#rules): the
 * source that states its number, or P (the protocol's own choice) for a
 * number no source states.
 */
/* clang-format off */
static const char *expected_source(const clg_reason *reason)
{
    static const char *const base_course[CLG_LAXITY_COUNT] = {"P", "F", "D", "F"};
    switch (reason->rule) {
    case CLG_RULE_BASE_COURSE: return base_course[reason->laxity];
    case CLG_RULE_INTERVAL: return "D";                /* 4-6 weeks, [F] too */
    case CLG_RULE_SMALL_AREA: return "P";              /* fewer [D]; "one" is P */
    case CLG_RULE_GOAL: return "F";                    /* 7-8 */
    case CLG_RULE_DIFFICULTY_LOAD: return "P";         /* one more at each end */
    case CLG_RULE_INTENSIVE_COURSE: return "D";        /* 8-12 at 3-4 weeks */
    case CLG_RULE_INTERVAL_FLOOR:                      /* 4-6 weeks [F], 3-4 weeks [D] */
        return reason->course == CLG_COURSE_INTENSIVE ? "D" : "F";
    case CLG_RULE_MAINTENANCE: return reason->value == 12 ? "D" : "P"; /* yearly [D]; 6 is P */
    case CLG_RULE_MODALITY: return "F";
    case CLG_RULE_SESSION_LENGTH:                      /* about 30 [F]; +15 per area is P */
        return __builtin_popcount(reason->areas) == 1 ? "F" : "P";
    default: return "?";
    }
}
/* clang-format on */

static void test_every_fired_rule_gives_a_reason_with_its_source(void **state)
{
    const clg_protocol *protocol = *state;
    bool seen[CLG_RULE_COUNT] = {false};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const rule_case *row = &cases[i];
        clg_plan_request request = request_for(row);
        clg_plan plan;
        support_plan(protocol, &request, &plan);
        for (int r = 0; r < plan.reason_count; r++) {
            const clg_reason *reason = &plan.reasons[r];
            char sentence[CLG_REASON_TEXT_SIZE];
            EXPECT_TRUE(row->name, (unsigned)reason->rule < CLG_RULE_COUNT);
            seen[reason->rule] = true;
            EXPECT_STRING(row->name, reason->source, expected_source(reason));
            EXPECT_TRUE(row->name, clg_protocol_find_source(protocol, reason->source) != NULL);
            clg_reason_describe(reason, sentence, sizeof sentence);
            EXPECT_TRUE(row->name, strlen(sentence) > 10);
        }
        /* The last reason carries the course as it finally stands. */
        const clg_reason *last = &plan.reasons[plan.reason_count - 1];
        EXPECT_INT(row->name, last->sessions.min, plan.sessions.min);
        EXPECT_INT(row->name, last->sessions.max, plan.sessions.max);
        EXPECT_INT(row->name, last->interval.min, plan.interval_days.min);
        EXPECT_INT(row->name, last->interval.max, plan.interval_days.max);
    }
    for (int rule = 0; rule < CLG_RULE_COUNT; rule++)
        EXPECT_TRUE(clg_rule_name((clg_rule)rule), seen[rule]);
}

static void test_rule_names_are_stable(void **state)
{
    (void)state;
    static const char *const names[CLG_RULE_COUNT] = {
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
    for (int rule = 0; rule < CLG_RULE_COUNT; rule++)
        EXPECT_STRING(names[rule], clg_rule_name((clg_rule)rule), names[rule]);
}

/* The sentences say the numbers they stand for. */
static void test_reason_sentences_state_their_numbers(void **state)
{
    const clg_protocol *protocol = *state;
    /* Hand-aligned: one row per case reads as a table. */
    /* clang-format off */
    static const struct {
        const char *name;
        const char *laxity, *goal, *areas, *risks;
        clg_rule rule;
        const char *words[3];
    } cases_[] = {
        {"mild base course", "mild", "improvement", "face", "", CLG_RULE_BASE_COURSE,
         {"mild laxity: 3-4 sessions", NULL}},
        {"moderate base course note", "moderate", "improvement", "face", "", CLG_RULE_BASE_COURSE,
         {"moderate laxity: 4-6 sessions", "typical",
          "other reading: 5-6 sessions for moderate to severe laxity [F]"}},
        {"none base course is the protocol's own", "none", "improvement", "face", "",
         CLG_RULE_BASE_COURSE,
         {"none laxity: 1-3 sessions (neither source gives a range",
          "prevention needs fewer sessions than tightening [D]",
          "for some clients one session already shows a change [F]"}},
        {"interval", "mild", "improvement", "face", "", CLG_RULE_INTERVAL,
         {"28-42 days", "4-6 weeks", "[F]"}},
        {"small area", "mild", "improvement", "under-eyes", "", CLG_RULE_SMALL_AREA,
         {"under-eyes", "2-3 sessions", "takes fewer sessions than the whole face [D]"}},
        {"goal", "mild", "transformation", "face", "", CLG_RULE_GOAL,
         {"transformation", "7-8 sessions", NULL}},
        {"light load", "mild", "improvement", "face,neck", "", CLG_RULE_DIFFICULTY_LOAD,
         {"difficulty load 1", "neck", "4-5 sessions"}},
        {"a load on firm skin", "none", "improvement", "arms,abdomen", "",
         CLG_RULE_DIFFICULTY_LOAD,
         {"difficulty load 2 (arms, abdomen)", "no intensive course for none laxity",
          "2-4 sessions"}},
        {"intensive", "mild", "improvement", "face", "smoking,diabetes",
         CLG_RULE_INTENSIVE_COURSE, {"8-12 sessions", "21-28 days", "smoking"}},
        {"standard floor", "mild", "improvement", "face", "", CLG_RULE_INTERVAL_FLOOR,
         {"never less than 28 days between sessions of a standard course",
          "disrupt the skin's healing", "risk of infection and injury [F]"}},
        {"intensive floor", "mild", "improvement", "face", "smoking,diabetes",
         CLG_RULE_INTERVAL_FLOOR,
         {"never less than 21 days between sessions of an intensive course", "21-28 days",
          "infection and injury [F]"}},
        {"maintenance", "mild", "improvement", "face", "", CLG_RULE_MAINTENANCE,
         {"12 months", "yearly", NULL}},
        {"maintenance for severe laxity", "severe", "improvement", "face", "",
         CLG_RULE_MAINTENANCE, {"6 months", "sooner for severe laxity", NULL}},
        {"maintenance after an intensive course", "mild", "improvement", "face",
         "smoking,diabetes", CLG_RULE_MAINTENANCE,
         {"6 months", "sooner after an intensive course", NULL}},
        {"modality", "moderate", "improvement", "face", "", CLG_RULE_MODALITY,
         {"RF", "moderate", NULL}},
        {"session length", "mild", "improvement", "face,neck,chest", "", CLG_RULE_SESSION_LENGTH,
         {"3 areas", "60 minutes", "30 for the first area [F], 15 for each further one"}},
        {"session length of one area", "mild", "improvement", "neck", "",
         CLG_RULE_SESSION_LENGTH, {"1 area: 30 minutes per session", NULL}},
    };
    /* clang-format on */
    for (size_t i = 0; i < sizeof cases_ / sizeof cases_[0]; i++) {
        clg_plan_request request =
            support_request("laxity", cases_[i].laxity, "goal", cases_[i].goal, "areas",
                            cases_[i].areas, "risks", cases_[i].risks, (const char *)NULL);
        clg_plan plan;
        support_plan(protocol, &request, &plan);
        const clg_reason *found = NULL;
        for (int r = 0; r < plan.reason_count; r++)
            if (plan.reasons[r].rule == cases_[i].rule)
                found = &plan.reasons[r];
        EXPECT_TRUE(cases_[i].name, found != NULL);
        char sentence[CLG_REASON_TEXT_SIZE];
        clg_reason_describe(found, sentence, sizeof sentence);
        for (int w = 0; w < 3 && cases_[i].words[w]; w++)
            if (strstr(sentence, cases_[i].words[w]) == NULL)
                fail_msg("%s: \"%s\" does not say \"%s\"", cases_[i].name, sentence,
                         cases_[i].words[w]);
    }
}

static void test_reason_sentence_is_cut_short_in_a_small_buffer(void **state)
{
    const clg_protocol *protocol = *state;
    clg_plan_request request = support_request("laxity", "moderate", (const char *)NULL);
    clg_plan plan;
    support_plan(protocol, &request, &plan);
    char small[8];
    memset(small, 'x', sizeof small);
    clg_reason_describe(&plan.reasons[0], small, sizeof small);
    assert_int_equal(strlen(small), sizeof small - 1);
}

/* Rule 4: each risk, each concern and each area beyond the face counts 1. */
static void test_difficulty_load_counts_risks_concerns_and_extra_areas(void **state)
{
    const clg_protocol *protocol = *state;
    for (int risk = 0; risk < CLG_RISK_COUNT; risk++) {
        clg_plan_request request = support_request(
            "laxity", "mild", "risks", clg_risk_name((clg_risk)risk), (const char *)NULL);
        clg_plan plan;
        support_plan(protocol, &request, &plan);
        EXPECT_INT(clg_risk_name((clg_risk)risk), plan.difficulty_load, 1);
        EXPECT_INT(clg_risk_name((clg_risk)risk), plan.sessions.min, 4);
        EXPECT_INT(clg_risk_name((clg_risk)risk), plan.sessions.max, 5);
    }
    for (int concern = 0; concern < CLG_CONCERN_COUNT; concern++) {
        clg_plan_request request =
            support_request("laxity", "mild", "concerns", clg_concern_name((clg_concern)concern),
                            (const char *)NULL);
        clg_plan plan;
        support_plan(protocol, &request, &plan);
        EXPECT_INT(clg_concern_name((clg_concern)concern), plan.difficulty_load, 1);
    }
    /* Every set of areas: only neck, chest, arms and abdomen count. */
    const uint32_t extra = (1u << CLG_AREA_NECK) | (1u << CLG_AREA_CHEST) | (1u << CLG_AREA_ARMS) |
                           (1u << CLG_AREA_ABDOMEN);
    for (uint32_t areas = 1; areas < (1u << CLG_AREA_COUNT); areas++) {
        clg_plan_request request = support_request("laxity", "mild", (const char *)NULL);
        request.assessment.areas = areas;
        clg_plan plan;
        support_plan(protocol, &request, &plan);
        char row[32];
        snprintf(row, sizeof row, "areas 0x%02x", areas);
        int load = __builtin_popcount(areas & extra);
        EXPECT_INT(row, plan.difficulty_load, load);
        EXPECT_INT(row, plan.course, load >= 2 ? CLG_COURSE_INTENSIVE : CLG_COURSE_STANDARD);
    }
}

/* Rule 6: 12 months unless the laxity is severe or the course intensive, then 6 (no 9 any more). */
static void test_maintenance_months_follow_laxity_and_load(void **state)
{
    const clg_protocol *protocol = *state;
    /* Hand-aligned: one row per case reads as a table. */
    /* clang-format off */
    static const struct {
        const char *laxity;
        const char *risks;
        int months;
    } cases_[] = {
        {"none", "", 12},          {"mild", "", 12},          {"moderate", "", 12},
        {"severe", "", 6},         {"none", "smoking", 12},   {"mild", "smoking", 12},
        {"moderate", "smoking", 12}, {"severe", "smoking", 6},
        {"none", "smoking,diabetes", 12}, /* firm skin is never intensive */
        {"mild", "smoking,diabetes", 6}, {"moderate", "smoking,diabetes", 6},
        {"severe", "smoking,diabetes", 6},
    };
    /* clang-format on */
    for (size_t i = 0; i < sizeof cases_ / sizeof cases_[0]; i++) {
        char row[64];
        snprintf(row, sizeof row, "%s laxity, risks '%s'", cases_[i].laxity, cases_[i].risks);
        clg_plan_request request = support_request("laxity", cases_[i].laxity, "risks",
                                                   cases_[i].risks, (const char *)NULL);
        clg_plan plan;
        support_plan(protocol, &request, &plan);
        EXPECT_INT(row, plan.maintenance_months.recommended, cases_[i].months);
        const clg_reason *reason = NULL;
        for (int r = 0; r < plan.reason_count; r++)
            if (plan.reasons[r].rule == CLG_RULE_MAINTENANCE)
                reason = &plan.reasons[r];
        EXPECT_TRUE(row, reason != NULL);
        EXPECT_INT(row, reason->value, cases_[i].months);
    }
}

/* Rule 8: 30 minutes for one area, 15 more for each further area. */
static void test_session_minutes_add_fifteen_per_further_area(void **state)
{
    const clg_protocol *protocol = *state;
    for (uint32_t areas = 1; areas < (1u << CLG_AREA_COUNT); areas++) {
        clg_plan_request request = support_request("laxity", "none", (const char *)NULL);
        request.assessment.areas = areas;
        clg_plan plan;
        support_plan(protocol, &request, &plan);
        char row[32];
        snprintf(row, sizeof row, "areas 0x%02x", areas);
        EXPECT_INT(row, plan.session_minutes, 30 + 15 * (__builtin_popcount(areas) - 1));
    }
}

/* Rule 7: `auto` picks traditional for none/mild, rf for moderate/severe or transformation. */
static void test_auto_modality_follows_laxity_and_goal(void **state)
{
    const clg_protocol *protocol = *state;
    static const char *const expected[CLG_LAXITY_COUNT][CLG_GOAL_COUNT] = {
        [CLG_LAXITY_NONE] = {"traditional", "traditional", "rf"},
        [CLG_LAXITY_MILD] = {"traditional", "traditional", "rf"},
        [CLG_LAXITY_MODERATE] = {"rf", "rf", "rf"},
        [CLG_LAXITY_SEVERE] = {"rf", "rf", "rf"},
    };
    for (int laxity = 0; laxity < CLG_LAXITY_COUNT; laxity++) {
        for (int goal = 0; goal < CLG_GOAL_COUNT; goal++) {
            char row[64];
            snprintf(row, sizeof row, "%s laxity, %s goal", clg_laxity_name((clg_laxity)laxity),
                     clg_goal_name((clg_goal)goal));
            clg_plan_request request =
                support_request("laxity", clg_laxity_name((clg_laxity)laxity), "goal",
                                clg_goal_name((clg_goal)goal), (const char *)NULL);
            clg_plan plan;
            support_plan(protocol, &request, &plan);
            EXPECT_STRING(row, clg_modality_name(plan.modality), expected[laxity][goal]);
            EXPECT_INT(row, plan.warning_count, 0);
        }
    }
}

/* Rule 7: the roller always warns, and warns harder for moderate/severe laxity. */
static void test_roller_warns_and_warns_harder_for_moderate_or_severe(void **state)
{
    const clg_protocol *protocol = *state;
    static const struct {
        const char *laxity;
        bool insufficient;
    } cases_[] = {
        {"none", false},
        {"mild", false},
        {"moderate", true},
        {"severe", true},
    };
    for (size_t i = 0; i < sizeof cases_ / sizeof cases_[0]; i++) {
        const char *row = cases_[i].laxity;
        clg_plan_request request =
            support_request("laxity", cases_[i].laxity, "modality", "roller", (const char *)NULL);
        clg_plan plan;
        support_plan(protocol, &request, &plan);
        EXPECT_INT(row, plan.modality, CLG_MODALITY_ROLLER);
        EXPECT_TRUE(row, support_has_warning(&plan, "roller-less-effective"));
        EXPECT_INT(row, support_has_warning(&plan, "roller-insufficient-for-laxity"),
                   cases_[i].insufficient);
        EXPECT_INT(row, plan.warning_count, cases_[i].insufficient ? 2 : 1);
        for (int w = 0; w < plan.warning_count; w++) {
            EXPECT_TRUE(row, plan.warnings[w].message && plan.warnings[w].message[0]);
            EXPECT_STRING(row, plan.warnings[w].source, "F");
        }
    }
    /* Other modalities never carry the roller warnings. */
    static const char *const others[] = {"auto", "traditional", "rf"};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++) {
        clg_plan_request request =
            support_request("laxity", "severe", "modality", others[i], (const char *)NULL);
        clg_plan plan;
        support_plan(protocol, &request, &plan);
        EXPECT_INT(others[i], plan.warning_count, 0);
    }
}

/* Rule 5: no plan spaces sessions less than its course kind's floor apart. */
static void test_interval_floor_raises_any_interval_below_it(void **state)
{
    (void)state;
    /* clang-format off */
    static const struct {
        const char *name;
        const char *floor_path;
        int floor;
        const char *standard, *intensive;
        const char *risks;
        int min, max, recommended;
    } cases_[] = {
        {"standard interval straddling the floor", "interval_floor.standard.days", 21,
         "{\"min\": 10, \"max\": 25}", NULL, "", 21, 25, 23},
        {"intensive interval straddling the floor", "interval_floor.intensive.days", 21, NULL,
         "{\"min\": 14, \"max\": 28}", "smoking,diabetes", 21, 28, 24},
        {"intensive interval under a 14-day floor", "interval_floor.intensive.days", 14, NULL,
         "{\"min\": 14, \"max\": 21}", "smoking,diabetes", 14, 21, 17},
        {"a 30-day floor on the standard interval", "interval_floor.standard.days", 30, NULL,
         NULL, "", 30, 42, 36},
        {"a 7-day floor leaves the default alone", "interval_floor.standard.days", 7, NULL, NULL,
         "", 28, 42, 35},
        {"the standard floor is not the intensive one", "interval_floor.standard.days", 7, NULL,
         NULL, "smoking,diabetes", 21, 28, 24},
        {"the intensive floor is not the standard one", "interval_floor.intensive.days", 7, NULL,
         NULL, "", 28, 42, 35},
    };
    /* clang-format on */
    for (size_t i = 0; i < sizeof cases_ / sizeof cases_[0]; i++) {
        char floor_text[16];
        snprintf(floor_text, sizeof floor_text, "%d", cases_[i].floor);
        json_t *document = support_default_document();
        support_document_set(document, cases_[i].floor_path, floor_text);
        if (cases_[i].standard) {
            json_t *range = json_loads(cases_[i].standard, 0, NULL);
            json_object_update(json_object_get(document, "interval_days"), range);
            json_decref(range);
        }
        if (cases_[i].intensive)
            support_document_set(document, "intensive.interval_days", cases_[i].intensive);
        clg_protocol *protocol = support_protocol_from_document(document);
        clg_plan_request request =
            support_request("laxity", "mild", "risks", cases_[i].risks, (const char *)NULL);
        clg_plan plan;
        support_plan(protocol, &request, &plan);
        EXPECT_INT(cases_[i].name, plan.interval_days.min, cases_[i].min);
        EXPECT_INT(cases_[i].name, plan.interval_days.max, cases_[i].max);
        EXPECT_INT(cases_[i].name, plan.interval_days.recommended, cases_[i].recommended);
        const clg_floor_rule *kind_floor = plan.course == CLG_COURSE_INTENSIVE
                                               ? &protocol->intensive_floor
                                               : &protocol->standard_floor;
        EXPECT_INT(cases_[i].name, plan.interval_floor_days, kind_floor->days);
        const clg_reason *floor = NULL;
        for (int r = 0; r < plan.reason_count; r++)
            if (plan.reasons[r].rule == CLG_RULE_INTERVAL_FLOOR)
                floor = &plan.reasons[r];
        EXPECT_TRUE(cases_[i].name, floor != NULL);
        EXPECT_INT(cases_[i].name, floor->value, kind_floor->days);
        EXPECT_STRING(cases_[i].name, floor->source, kind_floor->source);
        clg_protocol_free(protocol);
        json_decref(document);
    }
}

/*
 * Recommended sessions: the midpoint rounded up. Recommended interval: the
 * midpoint rounded down to a whole day, so a planned session has slack on
 * both sides (standard 28-42: 35; intensive 21-28: 24). The floor is set to
 * 7 days here so that every range stands as written.
 */
static void test_recommended_values_round_as_the_spec_says(void **state)
{
    (void)state;
    static const struct {
        int sessions_min, sessions_max, interval_min, interval_max;
        int sessions_recommended, interval_recommended;
    } cases_[] = {
        {1, 1, 28, 42, 1, 35},    {1, 2, 28, 35, 2, 31}, {2, 5, 30, 44, 4, 37},
        {3, 3, 21, 30, 3, 25},    {4, 7, 28, 28, 6, 28}, {6, 9, 22, 26, 8, 24},
        {10, 20, 35, 49, 15, 42}, {1, 3, 21, 28, 2, 24}, {2, 2, 7, 8, 2, 7},
    };
    for (size_t i = 0; i < sizeof cases_ / sizeof cases_[0]; i++) {
        char row[80], sessions[64], interval[64];
        snprintf(row, sizeof row, "sessions %d-%d, interval %d-%d", cases_[i].sessions_min,
                 cases_[i].sessions_max, cases_[i].interval_min, cases_[i].interval_max);
        snprintf(sessions, sizeof sessions, "{\"min\": %d, \"max\": %d}", cases_[i].sessions_min,
                 cases_[i].sessions_max);
        snprintf(interval, sizeof interval, "%d", cases_[i].interval_min);
        json_t *document = support_default_document();
        support_document_set(document, "interval_floor.standard.days", "7");
        support_document_set(document, "base_course[1].sessions", sessions);
        support_document_set(document, "interval_days.min", interval);
        snprintf(interval, sizeof interval, "%d", cases_[i].interval_max);
        support_document_set(document, "interval_days.max", interval);
        clg_protocol *protocol = support_protocol_from_document(document);
        clg_plan_request request = support_request("laxity", "mild", (const char *)NULL);
        clg_plan plan;
        support_plan(protocol, &request, &plan);
        EXPECT_INT(row, plan.sessions.recommended, cases_[i].sessions_recommended);
        EXPECT_INT(row, plan.interval_days.recommended, cases_[i].interval_recommended);
        clg_protocol_free(protocol);
        json_decref(document);
    }
}

/* docs/design.md#plan-json: the whole answer for plan --laxity mild --areas face --start
 * 2027-01-04. */
static void test_spec_section_4_example_plan(void **state)
{
    const clg_protocol *protocol = *state;
    clg_plan_request request = support_request("laxity", "mild", "areas", "face", "start",
                                               "2027-01-04", (const char *)NULL);
    clg_plan plan;
    support_plan(protocol, &request, &plan);

    assert_string_equal(plan.protocol->name, "collagenda-default");
    assert_string_equal(plan.protocol->version, "2");
    assert_int_equal(plan.request.assessment.goal, CLG_GOAL_IMPROVEMENT);
    assert_int_equal(plan.request.assessment.modality, CLG_MODALITY_AUTO);
    assert_string_equal(clg_course_kind_name(plan.course), "standard");
    assert_string_equal(clg_modality_name(plan.modality), "traditional");
    assert_int_equal(plan.sessions.min, 3);
    assert_int_equal(plan.sessions.max, 4);
    assert_int_equal(plan.sessions.recommended, 4);
    assert_int_equal(plan.interval_days.min, 28);
    assert_int_equal(plan.interval_days.max, 42);
    assert_int_equal(plan.interval_days.recommended, 35);
    assert_int_equal(plan.interval_floor_days, 28);
    assert_int_equal(plan.maintenance_months.min, 6);
    assert_int_equal(plan.maintenance_months.max, 12);
    assert_int_equal(plan.maintenance_months.recommended, 12);
    assert_int_equal(plan.session_minutes, 30);
    assert_string_equal(clg_screening_level_name(plan.screening_status), "clear");
    assert_int_equal(plan.finding_count, 0);
    assert_int_equal(plan.warning_count, 0);

    static const char *const expected[4][3] = {
        {"2027-01-04", "2027-01-04", "2027-01-04"},
        {"2027-02-08", "2027-02-01", "2027-02-15"},
        {"2027-03-15", "2027-03-08", "2027-03-22"},
        {"2027-04-19", "2027-04-12", "2027-04-26"},
    };
    assert_int_equal(plan.schedule_count, 4);
    for (int i = 0; i < 4; i++) {
        char row[32], text[CLG_DATE_TEXT_SIZE];
        snprintf(row, sizeof row, "session %d", i + 1);
        EXPECT_INT(row, plan.schedule[i].number, i + 1);
        EXPECT_STRING(row, clg_date_format(plan.schedule[i].date, text), expected[i][0]);
        EXPECT_STRING(row, clg_date_format(plan.schedule[i].earliest, text), expected[i][1]);
        EXPECT_STRING(row, clg_date_format(plan.schedule[i].latest, text), expected[i][2]);
    }
    char text[CLG_DATE_TEXT_SIZE];
    assert_string_equal(clg_date_format(plan.maintenance_date, text), "2028-04-19");

    char sentence[CLG_REASON_TEXT_SIZE];
    assert_string_equal(clg_rule_name(plan.reasons[0].rule), "base-course");
    assert_string_equal(plan.reasons[0].source, "F");
    assert_string_equal(clg_reason_describe(&plan.reasons[0], sentence, sizeof sentence),
                        "mild laxity: 3-4 sessions");
    /* The reasons behind it, each with the source that states its number. */
    static const char *const reasons[][2] = {
        {"base-course", "F"}, {"interval", "D"}, {"interval-floor", "F"},
        {"maintenance", "D"}, {"modality", "F"}, {"session-length", "F"},
    };
    assert_int_equal(plan.reason_count, 6);
    for (int r = 0; r < 6; r++) {
        EXPECT_STRING(reasons[r][0], clg_rule_name(plan.reasons[r].rule), reasons[r][0]);
        EXPECT_STRING(reasons[r][0], plan.reasons[r].source, reasons[r][1]);
    }
}

/*
 * docs/protocol.md#rules, version 2, written down here once more and apart from plan.c:
 * the numbers of each rule and which source states them. The reference
 * below applies them in the protocol's order to a laxity, a goal, a set of
 * areas and a count of risks.
 */
/* clang-format off */
static const struct {
    int min, max;
    const char *source;
} reference_base_course[CLG_LAXITY_COUNT] = {
    [CLG_LAXITY_NONE] = {1, 3, "P"},      /* rule 1: no seed gives a range */
    [CLG_LAXITY_MILD] = {3, 4, "F"},
    [CLG_LAXITY_MODERATE] = {4, 6, "D"},  /* [D]'s typical protocol; [F] reads 5-6 */
    [CLG_LAXITY_SEVERE] = {5, 6, "F"},
};
/* clang-format on */
enum {
    REFERENCE_SMALL_AREA_DELTA = -1,  /* rule 2 [P], never below 1 */
    REFERENCE_TRANSFORMATION_MIN = 7, /* rule 3 [F] */
    REFERENCE_TRANSFORMATION_MAX = 8,
    REFERENCE_LOAD_DELTA = 1,     /* rule 4, load 1 or firm skin [P] */
    REFERENCE_INTENSIVE_LOAD = 2, /* rule 4 [D] */
    REFERENCE_INTENSIVE_MIN = 8,
    REFERENCE_INTENSIVE_MAX = 12,
    REFERENCE_STANDARD_FLOOR = 28,       /* rule 5 [F] */
    REFERENCE_INTENSIVE_FLOOR = 21,      /* rule 5 [D] */
    REFERENCE_MAINTENANCE_USUAL = 12,    /* rule 6 [D] */
    REFERENCE_MAINTENANCE_SOONER = 6,    /* rule 6 [P]: severe laxity or intensive */
    REFERENCE_FIRST_AREA_MINUTES = 30,   /* rule 8 [F] */
    REFERENCE_FURTHER_AREA_MINUTES = 15, /* rule 8 [P] */
};

typedef struct reference_plan {
    bool intensive;
    int load;
    int sessions_min, sessions_max, sessions_recommended;
    int interval_min, interval_max, interval_recommended, floor;
    int maintenance, minutes;
    const char *base_source, *load_source, *floor_source, *maintenance_source, *minutes_source;
} reference_plan;

static int bigger(int a, int b)
{
    return a > b ? a : b;
}

static reference_plan reference(clg_laxity laxity, clg_goal goal, uint32_t areas, int risks)
{
    const uint32_t under_eyes = 1u << CLG_AREA_UNDER_EYES;
    const uint32_t beyond_face = (1u << CLG_AREA_NECK) | (1u << CLG_AREA_CHEST) |
                                 (1u << CLG_AREA_ARMS) | (1u << CLG_AREA_ABDOMEN);
    reference_plan r = {0};
    r.base_source = reference_base_course[laxity].source;
    int min = reference_base_course[laxity].min, max = reference_base_course[laxity].max;
    if (areas == under_eyes) {
        min = bigger(min + REFERENCE_SMALL_AREA_DELTA, 1);
        max = bigger(max + REFERENCE_SMALL_AREA_DELTA, 1);
    }
    if (goal == CLG_GOAL_TRANSFORMATION) {
        min = bigger(min, REFERENCE_TRANSFORMATION_MIN);
        max = bigger(max, REFERENCE_TRANSFORMATION_MAX);
    }
    r.load = __builtin_popcount(areas & beyond_face) + risks;
    r.intensive = r.load >= REFERENCE_INTENSIVE_LOAD && laxity != CLG_LAXITY_NONE;
    if (r.intensive) {
        min = bigger(min, REFERENCE_INTENSIVE_MIN);
        max = bigger(max, REFERENCE_INTENSIVE_MAX);
        r.load_source = "D";
    } else if (r.load > 0) {
        min += REFERENCE_LOAD_DELTA;
        max += REFERENCE_LOAD_DELTA;
        r.load_source = "P";
    }
    r.sessions_min = min;
    r.sessions_max = max;
    r.sessions_recommended = (min + max + 1) / 2;
    r.interval_min = r.intensive ? 21 : 28;
    r.interval_max = r.intensive ? 28 : 42;
    r.interval_recommended = r.intensive ? 24 : 35;
    r.floor = r.intensive ? REFERENCE_INTENSIVE_FLOOR : REFERENCE_STANDARD_FLOOR;
    r.floor_source = r.intensive ? "D" : "F";
    bool sooner = laxity == CLG_LAXITY_SEVERE || r.intensive;
    r.maintenance = sooner ? REFERENCE_MAINTENANCE_SOONER : REFERENCE_MAINTENANCE_USUAL;
    r.maintenance_source = sooner ? "P" : "D";
    int area_count = __builtin_popcount(areas);
    r.minutes = REFERENCE_FIRST_AREA_MINUTES + (area_count - 1) * REFERENCE_FURTHER_AREA_MINUTES;
    r.minutes_source = area_count == 1 ? "F" : "P";
    return r;
}

static const clg_reason *reason_for(const clg_plan *plan, clg_rule rule)
{
    for (int r = 0; r < plan->reason_count; r++)
        if (plan->reasons[r].rule == rule)
            return &plan->reasons[r];
    return NULL;
}

static void expect_reference(const char *row, const clg_plan *plan, const reference_plan *r)
{
    EXPECT_STRING(row, clg_course_kind_name(plan->course), r->intensive ? "intensive" : "standard");
    EXPECT_INT(row, plan->difficulty_load, r->load);
    EXPECT_INT(row, plan->sessions.min, r->sessions_min);
    EXPECT_INT(row, plan->sessions.max, r->sessions_max);
    EXPECT_INT(row, plan->sessions.recommended, r->sessions_recommended);
    EXPECT_INT(row, plan->interval_days.min, r->interval_min);
    EXPECT_INT(row, plan->interval_days.max, r->interval_max);
    EXPECT_INT(row, plan->interval_days.recommended, r->interval_recommended);
    EXPECT_INT(row, plan->interval_floor_days, r->floor);
    EXPECT_INT(row, plan->maintenance_months.recommended, r->maintenance);
    EXPECT_INT(row, plan->session_minutes, r->minutes);
    EXPECT_STRING(row, reason_for(plan, CLG_RULE_BASE_COURSE)->source, r->base_source);
    EXPECT_STRING(row, reason_for(plan, CLG_RULE_INTERVAL_FLOOR)->source, r->floor_source);
    EXPECT_STRING(row, reason_for(plan, CLG_RULE_MAINTENANCE)->source, r->maintenance_source);
    EXPECT_STRING(row, reason_for(plan, CLG_RULE_SESSION_LENGTH)->source, r->minutes_source);
    const clg_reason *load =
        reason_for(plan, r->intensive ? CLG_RULE_INTENSIVE_COURSE : CLG_RULE_DIFFICULTY_LOAD);
    if (r->load_source == NULL)
        EXPECT_TRUE(row, load == NULL && reason_for(plan, CLG_RULE_INTENSIVE_COURSE) == NULL);
    else
        EXPECT_STRING(row, load ? load->source : "(none)", r->load_source);
}

/*
 * Every laxity x goal x set of areas (all 63) x number of risks (0-2): the
 * plan equals the reference, so every load from 0 to 6 meets every laxity
 * and goal, on a small area and off it.
 */
static void test_every_combination_matches_the_reference_from_section_3(void **state)
{
    const clg_protocol *protocol = *state;
    static const char *const risk_lists[] = {"", "smoking", "smoking,diabetes"};
    int checked = 0;
    for (int laxity = 0; laxity < CLG_LAXITY_COUNT; laxity++) {
        for (int goal = 0; goal < CLG_GOAL_COUNT; goal++) {
            for (uint32_t areas = 1; areas < (1u << CLG_AREA_COUNT); areas++) {
                for (int risks = 0; risks < 3; risks++) {
                    clg_plan_request request =
                        support_request("laxity", clg_laxity_name((clg_laxity)laxity), "goal",
                                        clg_goal_name((clg_goal)goal), "risks", risk_lists[risks],
                                        (const char *)NULL);
                    request.assessment.areas = areas;
                    clg_plan plan;
                    support_plan(protocol, &request, &plan);
                    char row[96];
                    snprintf(row, sizeof row, "%s laxity, %s goal, areas 0x%02x, %d risks",
                             clg_laxity_name((clg_laxity)laxity), clg_goal_name((clg_goal)goal),
                             areas, risks);
                    reference_plan expected =
                        reference((clg_laxity)laxity, (clg_goal)goal, areas, risks);
                    expect_reference(row, &plan, &expected);
                    checked++;
                }
            }
        }
    }
    assert_int_equal(checked, 4 * 3 * 63 * 3);
}

/*
 * The text plan lists only the sources a plan cites (docs/protocol.md#rules): its reasons,
 * with their other readings and the floor's why, its findings and warnings,
 * and the aftercare; never the two 14-day trials no rule uses.
 */
static void test_a_plan_cites_only_the_sources_it_uses(void **state)
{
    const clg_protocol *protocol = *state;
    /* clang-format off */
    static const struct {
        const char *name;
        const char *laxity, *areas, *screening, *skin_type;
        const char *sources; /* the tags, in the protocol's order */
    } sourced[] = {
        {"docs/design.md#plan-json example", "mild", "face", "", "", "D F"},
        {"firm skin, the protocol's own range", "none", "face", "", "", "D F P"},
        {"a second area, the protocol's own minutes", "mild", "face,neck", "", "", "D F P"},
        {"pregnancy, a clinic-practice finding", "mild", "face", "pregnancy", "",
         "D F clinic-practice"},
        {"a review and a consensus", "mild", "face", "active-acne,isotretinoin", "",
         "D F chu-2021 asds-2017"},
        {"skin type V", "severe", "face", "", "V", "D F P chu-2021"},
        {"a pacemaker", "mild", "face", "pacemaker", "", "D F minutilli-2024"},
    };
    /* clang-format on */
    for (size_t i = 0; i < sizeof sourced / sizeof sourced[0]; i++) {
        clg_plan_request request =
            support_request("laxity", sourced[i].laxity, "areas", sourced[i].areas, "screening",
                            sourced[i].screening, (const char *)NULL);
        if (sourced[i].skin_type[0])
            request = support_request("laxity", sourced[i].laxity, "areas", sourced[i].areas,
                                      "skin_type", sourced[i].skin_type, (const char *)NULL);
        clg_plan plan;
        support_plan(protocol, &request, &plan);
        const clg_source *cited[CLG_MAX_SOURCES_CITED];
        int count = clg_plan_cited_sources(&plan, cited, CLG_MAX_SOURCES_CITED);
        char tags[256] = "";
        size_t used = 0;
        for (int c = 0; c < count; c++)
            used += (size_t)snprintf(tags + used, sizeof tags - used, "%s%s", c ? " " : "",
                                     cited[c]->tag);
        EXPECT_STRING(sourced[i].name, tags, sourced[i].sources);
        EXPECT_TRUE(sourced[i].name, strstr(tags, "el-domyati") == NULL);
    }
}

static void test_the_same_request_always_gives_the_same_plan(void **state)
{
    const clg_protocol *protocol = *state;
    clg_plan_request request =
        support_request("laxity", "moderate", "areas", "face,neck", "start", "2027-03-31",
                        "open_days", "tue,thu", (const char *)NULL);
    clg_plan first, second;
    memset(&first, 0xAB, sizeof first);
    memset(&second, 0xCD, sizeof second);
    support_plan(protocol, &request, &first);
    support_plan(protocol, &request, &second);
    assert_int_equal(first.sessions.recommended, second.sessions.recommended);
    assert_int_equal(first.schedule_count, second.schedule_count);
    for (int i = 0; i < first.schedule_count; i++)
        assert_int_equal(first.schedule[i].date, second.schedule[i].date);
    assert_int_equal(first.maintenance_date, second.maintenance_date);
    assert_int_equal(first.reason_count, second.reason_count);
    for (int i = 0; i < first.reason_count; i++) {
        char a[CLG_REASON_TEXT_SIZE], b[CLG_REASON_TEXT_SIZE];
        assert_string_equal(clg_reason_describe(&first.reasons[i], a, sizeof a),
                            clg_reason_describe(&second.reasons[i], b, sizeof b));
    }
}

static void test_plan_refuses_a_request_that_set_could_not_make(void **state)
{
    const clg_protocol *protocol = *state;
    const clg_plan_request good = support_request("laxity", "mild", (const char *)NULL);
    clg_plan_request no_area = good, unknown_area = good, bad_laxity = good, bad_goal = good,
                     bad_modality = good, bad_skin_type = good;
    no_area.assessment.areas = 0;
    unknown_area.assessment.areas |= 1u << CLG_AREA_COUNT;
    bad_laxity.assessment.laxity = CLG_LAXITY_COUNT;
    bad_goal.assessment.goal = CLG_GOAL_COUNT;
    bad_modality.assessment.modality = CLG_MODALITY_COUNT;
    bad_skin_type.assessment.skin_type = CLG_SKIN_TYPE_MAX + 1;
    const struct {
        const char *name;
        const clg_plan_request *request;
        const char *field;
    } cases_[] = {
        {"no area", &no_area, "areas"},
        {"unknown area bit", &unknown_area, "areas"},
        {"laxity out of range", &bad_laxity, "laxity"},
        {"goal out of range", &bad_goal, "goal"},
        {"modality out of range", &bad_modality, "modality"},
        {"skin type 7", &bad_skin_type, "skin_type"},
    };
    for (size_t i = 0; i < sizeof cases_ / sizeof cases_[0]; i++) {
        clg_plan plan;
        clg_error err = {0};
        EXPECT_INT(cases_[i].name, clg_plan_compute(protocol, cases_[i].request, &plan, &err),
                   CLG_ERR_INVALID);
        EXPECT_STRING(cases_[i].name, err.field, cases_[i].field);
    }
}

static int load_protocol(void **state)
{
    *state = support_default_protocol();
    return *state ? 0 : -1;
}

static int free_protocol(void **state)
{
    clg_protocol_free(*state);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_assessment_gives_the_spec_numbers),
        cmocka_unit_test(test_every_fired_rule_gives_a_reason_with_its_source),
        cmocka_unit_test(test_rule_names_are_stable),
        cmocka_unit_test(test_reason_sentences_state_their_numbers),
        cmocka_unit_test(test_reason_sentence_is_cut_short_in_a_small_buffer),
        cmocka_unit_test(test_difficulty_load_counts_risks_concerns_and_extra_areas),
        cmocka_unit_test(test_maintenance_months_follow_laxity_and_load),
        cmocka_unit_test(test_session_minutes_add_fifteen_per_further_area),
        cmocka_unit_test(test_auto_modality_follows_laxity_and_goal),
        cmocka_unit_test(test_roller_warns_and_warns_harder_for_moderate_or_severe),
        cmocka_unit_test(test_interval_floor_raises_any_interval_below_it),
        cmocka_unit_test(test_recommended_values_round_as_the_spec_says),
        cmocka_unit_test(test_spec_section_4_example_plan),
        cmocka_unit_test(test_every_combination_matches_the_reference_from_section_3),
        cmocka_unit_test(test_a_plan_cites_only_the_sources_it_uses),
        cmocka_unit_test(test_the_same_request_always_gives_the_same_plan),
        cmocka_unit_test(test_plan_refuses_a_request_that_set_could_not_make),
    };
    return cmocka_run_group_tests_name("plan_rules", tests, load_protocol, free_protocol);
}

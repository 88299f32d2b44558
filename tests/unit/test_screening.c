/*
 * Screening (docs/protocol.md#screening): each contraindication code gives a finding at its
 * level, the plan's status is the highest level found, a pacemaker blocks RF
 * only, and Fitzpatrick types V and VI call for caution. A blocked plan still
 * answers with its numbers: refusing to start the course is the store's job.
 */
#include "support.h"

typedef struct screening_case {
    const char *code;
    const char *level;    /* for traditional and roller */
    const char *level_rf; /* for RF */
    const char *source;
} screening_case;

/* docs/protocol.md#screening's table, with the source tags the default protocol gives each line. */
static const screening_case codes[] = {
    {"active-infection", "blocked", "blocked", "chu-2021"},
    {"active-acne", "blocked", "blocked", "chu-2021"},
    {"keloid-tendency", "blocked", "blocked", "minutilli-2024"},
    {"pregnancy", "blocked", "blocked", "clinic-practice"},
    {"pacemaker", "caution", "blocked", "minutilli-2024"},
    {"isotretinoin", "caution", "caution", "asds-2017"},
    {"anticoagulants", "caution", "caution", "clinic-practice"},
    {"immunosuppression", "caution", "caution", "chu-2021"},
    {"metal-allergy", "caution", "caution", "chu-2021"},
    {"herpes-history", "caution", "caution", "clinic-practice"},
};

static void expect_finding_is_well_formed(const char *row, const clg_protocol *protocol,
                                          const clg_finding *finding)
{
    EXPECT_TRUE(row, finding->code != NULL && finding->code[0] != '\0');
    EXPECT_TRUE(row, finding->message != NULL && strlen(finding->message) > 10);
    EXPECT_TRUE(row, finding->source != NULL);
    EXPECT_TRUE(row, clg_protocol_find_source(protocol, finding->source) != NULL);
    EXPECT_TRUE(row,
                finding->level == CLG_SCREENING_CAUTION || finding->level == CLG_SCREENING_BLOCKED);
}

static void test_each_code_gives_its_level_for_each_modality(void **state)
{
    const clg_protocol *protocol = *state;
    static const char *const modalities[] = {"traditional", "rf", "roller"};
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        for (size_t m = 0; m < sizeof modalities / sizeof modalities[0]; m++) {
            char row[96];
            snprintf(row, sizeof row, "%s with %s", codes[i].code, modalities[m]);
            clg_plan_request request =
                support_request("laxity", "mild", "modality", modalities[m], "screening",
                                codes[i].code, (const char *)NULL);
            clg_plan plan;
            support_plan(protocol, &request, &plan);
            const char *level =
                strcmp(modalities[m], "rf") == 0 ? codes[i].level_rf : codes[i].level;
            EXPECT_STRING(row, clg_modality_name(plan.modality), modalities[m]);
            EXPECT_INT(row, plan.finding_count, 1);
            EXPECT_STRING(row, plan.findings[0].code, codes[i].code);
            EXPECT_STRING(row, clg_screening_level_name(plan.findings[0].level), level);
            EXPECT_STRING(row, clg_screening_level_name(plan.screening_status), level);
            EXPECT_STRING(row, plan.findings[0].source, codes[i].source);
            expect_finding_is_well_formed(row, protocol, &plan.findings[0]);
        }
    }
}

static void test_blocked_codes_block_with_auto_modality_too(void **state)
{
    const clg_protocol *protocol = *state;
    static const char *const laxities[] = {"none", "mild", "moderate", "severe"};
    for (size_t i = 0; i < 4; i++) {
        for (size_t l = 0; l < sizeof laxities / sizeof laxities[0]; l++) {
            char row[96];
            snprintf(row, sizeof row, "%s, %s laxity", codes[i].code, laxities[l]);
            clg_plan_request request = support_request("laxity", laxities[l], "screening",
                                                       codes[i].code, (const char *)NULL);
            clg_plan plan;
            support_plan(protocol, &request, &plan);
            EXPECT_STRING(row, clg_screening_level_name(plan.screening_status), "blocked");
        }
    }
}

/*
 * The planner's documented choice: with `auto`, a pacemaker steers the
 * modality to traditional (the one the screening does not block), so the
 * plan is a caution rather than a block, and the modality reason says why.
 */
static void test_pacemaker_with_auto_modality_picks_traditional(void **state)
{
    const clg_protocol *protocol = *state;
    static const struct {
        const char *laxity, *goal;
    } cases[] = {
        {"none", "improvement"},   {"mild", "improvement"},    {"moderate", "improvement"},
        {"severe", "improvement"}, {"mild", "transformation"}, {"severe", "transformation"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char row[96];
        snprintf(row, sizeof row, "pacemaker, %s laxity, %s goal", cases[i].laxity, cases[i].goal);
        clg_plan_request request = support_request("laxity", cases[i].laxity, "goal", cases[i].goal,
                                                   "screening", "pacemaker", (const char *)NULL);
        clg_plan plan;
        support_plan(protocol, &request, &plan);
        EXPECT_STRING(row, clg_modality_name(plan.modality), "traditional");
        EXPECT_STRING(row, clg_screening_level_name(plan.screening_status), "caution");
        EXPECT_INT(row, plan.finding_count, 1);
        EXPECT_STRING(row, plan.findings[0].code, "pacemaker");
        for (int r = 0; r < plan.reason_count; r++) {
            if (plan.reasons[r].rule != CLG_RULE_MODALITY)
                continue;
            char sentence[CLG_REASON_TEXT_SIZE];
            clg_reason_describe(&plan.reasons[r], sentence, sizeof sentence);
            EXPECT_STRING(row, plan.reasons[r].source, "F");
            /* Only where RF would have been picked does the device need explaining. */
            bool wanted_rf = strcmp(cases[i].laxity, "moderate") == 0 ||
                             strcmp(cases[i].laxity, "severe") == 0 ||
                             strcmp(cases[i].goal, "transformation") == 0;
            if (wanted_rf)
                EXPECT_TRUE(row, strstr(sentence, "implanted device") != NULL);
        }
    }
}

static void test_pacemaker_is_blocked_when_rf_is_asked_for(void **state)
{
    const clg_protocol *protocol = *state;
    clg_plan_request request = support_request("laxity", "moderate", "modality", "rf", "screening",
                                               "pacemaker", (const char *)NULL);
    clg_plan plan;
    support_plan(protocol, &request, &plan);
    assert_string_equal(clg_modality_name(plan.modality), "rf");
    assert_string_equal(clg_screening_level_name(plan.screening_status), "blocked");
    assert_string_equal(clg_screening_level_name(plan.findings[0].level), "blocked");
}

/* With a clinic protocol where a pacemaker never blocks, auto keeps RF. */
static void test_pacemaker_steers_auto_only_when_the_protocol_blocks_rf(void **state)
{
    (void)state;
    json_t *document = support_default_document();
    json_t *screening = json_object_get(document, "screening");
    for (size_t index = 0; index < json_array_size(screening); index++) {
        json_t *item = json_array_get(screening, index);
        if (strcmp(json_string_value(json_object_get(item, "code")), "pacemaker") == 0)
            json_object_del(item, "level_rf");
    }
    clg_protocol *protocol = support_protocol_from_document(document);
    json_decref(document);

    clg_plan_request request =
        support_request("laxity", "moderate", "screening", "pacemaker", (const char *)NULL);
    clg_plan plan;
    support_plan(protocol, &request, &plan);
    assert_string_equal(clg_modality_name(plan.modality), "rf");
    assert_string_equal(clg_screening_level_name(plan.screening_status), "caution");
    clg_protocol_free(protocol);
}

static void test_skin_types_five_and_six_call_for_caution(void **state)
{
    const clg_protocol *protocol = *state;
    static const struct {
        const char *type;
        bool caution;
    } cases[] = {
        {"I", false}, {"II", false}, {"III", false}, {"IV", false}, {"V", true}, {"VI", true},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char row[32];
        snprintf(row, sizeof row, "skin type %s", cases[i].type);
        clg_plan_request request =
            support_request("laxity", "mild", "skin_type", cases[i].type, (const char *)NULL);
        EXPECT_INT(row, request.assessment.skin_type, (int)i + 1);
        clg_plan plan;
        support_plan(protocol, &request, &plan);
        if (cases[i].caution) {
            EXPECT_INT(row, plan.finding_count, 1);
            EXPECT_STRING(row, plan.findings[0].code, "skin-type");
            EXPECT_STRING(row, clg_screening_level_name(plan.findings[0].level), "caution");
            EXPECT_STRING(row, plan.findings[0].source, "chu-2021");
            EXPECT_TRUE(row, strstr(plan.findings[0].message, "hyperpigmentation") != NULL);
            expect_finding_is_well_formed(row, protocol, &plan.findings[0]);
            EXPECT_STRING(row, clg_screening_level_name(plan.screening_status), "caution");
        } else {
            EXPECT_INT(row, plan.finding_count, 0);
            EXPECT_STRING(row, clg_screening_level_name(plan.screening_status), "clear");
        }
    }
    clg_plan_request unknown = support_request("laxity", "mild", (const char *)NULL);
    clg_plan plan;
    support_plan(protocol, &unknown, &plan);
    assert_int_equal(unknown.assessment.skin_type, CLG_SKIN_TYPE_UNKNOWN);
    assert_int_equal(plan.finding_count, 0);
    assert_int_equal(plan.screening_status, CLG_SCREENING_CLEAR);
}

/* The status is the highest level among the findings. */
static void test_status_is_the_highest_level_found(void **state)
{
    const clg_protocol *protocol = *state;
    static const struct {
        const char *screening, *skin_type, *modality;
        int findings;
        const char *status;
    } cases[] = {
        {"", NULL, "auto", 0, "clear"},
        {"isotretinoin,anticoagulants", NULL, "auto", 2, "caution"},
        {"isotretinoin,pregnancy", NULL, "auto", 2, "blocked"},
        {"herpes-history", "VI", "auto", 2, "caution"},
        {"active-acne", "V", "auto", 2, "blocked"},
        {"pacemaker,metal-allergy", NULL, "traditional", 2, "caution"},
        {"pacemaker,metal-allergy", NULL, "rf", 2, "blocked"},
        {"", "V", "rf", 1, "caution"},
        {"active-infection,active-acne,keloid-tendency,pregnancy,pacemaker,isotretinoin,"
         "anticoagulants,immunosuppression,metal-allergy,herpes-history",
         "VI", "auto", 11, "blocked"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char row[192];
        snprintf(row, sizeof row, "screening '%s', skin type %s, %s", cases[i].screening,
                 cases[i].skin_type ? cases[i].skin_type : "unknown", cases[i].modality);
        clg_plan_request request =
            support_request("laxity", "mild", "screening", cases[i].screening, "modality",
                            cases[i].modality, (const char *)NULL);
        if (cases[i].skin_type)
            assert_int_equal(
                clg_plan_request_set(&request, "skin_type", cases[i].skin_type, NULL, NULL),
                CLG_OK);
        clg_plan plan;
        support_plan(protocol, &request, &plan);
        EXPECT_INT(row, plan.finding_count, cases[i].findings);
        EXPECT_STRING(row, clg_screening_level_name(plan.screening_status), cases[i].status);
        clg_screening_level highest = CLG_SCREENING_CLEAR;
        for (int f = 0; f < plan.finding_count; f++) {
            expect_finding_is_well_formed(row, protocol, &plan.findings[f]);
            if (plan.findings[f].level > highest)
                highest = plan.findings[f].level;
        }
        EXPECT_INT(row, plan.screening_status, highest);
    }
}

/* Findings come in the vocabulary's order, whatever order they were listed in. */
static void test_findings_are_listed_in_a_stable_order(void **state)
{
    const clg_protocol *protocol = *state;
    clg_plan_request request = support_request(
        "laxity", "mild", "screening", "herpes-history,pregnancy,isotretinoin,active-infection",
        "skin_type", "V", (const char *)NULL);
    clg_plan plan;
    support_plan(protocol, &request, &plan);
    static const char *const expected[] = {"active-infection", "pregnancy", "isotretinoin",
                                           "herpes-history", "skin-type"};
    assert_int_equal(plan.finding_count, 5);
    for (int f = 0; f < 5; f++)
        EXPECT_STRING(expected[f], plan.findings[f].code, expected[f]);
}

/*
 * docs/protocol.md#screening: a blocked plan still answers with its course, but has no
 * dates, even with a start; its dated exports are refused naming the
 * finding. A caution keeps its dates.
 */
static void test_a_blocked_plan_answers_without_dates(void **state)
{
    const clg_protocol *protocol = *state;
    /* clang-format off */
    static const struct {
        const char *screening, *modality;
        bool blocked;
        const char *codes;
    } cases[] = {
        {"pregnancy", "auto", true, "pregnancy"},
        {"active-infection,active-acne", "auto", true, "active-infection,active-acne"},
        {"keloid-tendency,herpes-history", "auto", true, "keloid-tendency"},
        {"pacemaker", "rf", true, "pacemaker"},
        {"pacemaker", "auto", false, ""},
        {"isotretinoin,anticoagulants", "auto", false, ""},
        {"", "auto", false, ""},
    };
    /* clang-format on */
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *row = cases[i].screening[0] ? cases[i].screening : "no findings";
        clg_plan_request request =
            support_request("laxity", "mild", "screening", cases[i].screening, "modality",
                            cases[i].modality, "start", "2027-01-04", (const char *)NULL);
        clg_plan plan;
        support_plan(protocol, &request, &plan);
        EXPECT_INT(row, plan.screening_status == CLG_SCREENING_BLOCKED, cases[i].blocked);
        EXPECT_INT(row, plan.sessions.recommended, 4);
        EXPECT_INT(row, plan.interval_days.recommended, 35);
        EXPECT_INT(row, plan.schedule_count, cases[i].blocked ? 0 : 4);
        char blocking[128];
        EXPECT_STRING(row, clg_plan_blocked_codes(&plan, blocking, sizeof blocking),
                      cases[i].codes);
        clg_error err = {0};
        EXPECT_INT(row, clg_plan_check_dated_export(&plan, &err),
                   cases[i].blocked ? CLG_ERR_REFUSED : CLG_OK);
        if (cases[i].blocked) {
            EXPECT_INT(row, plan.maintenance_date, 0);
            EXPECT_STRING(row, err.field, "screening");
            EXPECT_TRUE(row, strstr(err.message, cases[i].codes) != NULL);
            EXPECT_TRUE(row, strstr(err.message, "no dates") != NULL);
        } else {
            EXPECT_INT(row, plan.schedule[3].date, support_date(2027, 4, 19));
        }
    }
}

/* Every screening source is listed in the protocol with an allowed kind. */
static void test_screening_sources_exist_with_their_kind(void **state)
{
    const clg_protocol *protocol = *state;
    static const struct {
        const char *tag;
        clg_source_kind kind;
    } sources[] = {
        {"chu-2021", CLG_SOURCE_REVIEW},
        {"minutilli-2024", CLG_SOURCE_REVIEW},
        {"asds-2017", CLG_SOURCE_CONSENSUS},
        {"clinic-practice", CLG_SOURCE_CLINIC_PRACTICE},
    };
    for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++) {
        const clg_source *source = clg_protocol_find_source(protocol, sources[i].tag);
        EXPECT_TRUE(sources[i].tag, source != NULL);
        EXPECT_INT(sources[i].tag, source->kind, sources[i].kind);
        EXPECT_TRUE(sources[i].tag, source->title && source->title[0]);
    }
    for (int code = 0; code < CLG_SCREEN_COUNT; code++) {
        const clg_screening_rule *rule = &protocol->screening[code];
        const char *row = clg_screening_code_name((clg_screening_code)code);
        EXPECT_TRUE(row, clg_protocol_find_source(protocol, rule->source) != NULL);
        EXPECT_TRUE(row, rule->message && rule->message[0]);
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
        cmocka_unit_test(test_each_code_gives_its_level_for_each_modality),
        cmocka_unit_test(test_blocked_codes_block_with_auto_modality_too),
        cmocka_unit_test(test_pacemaker_with_auto_modality_picks_traditional),
        cmocka_unit_test(test_pacemaker_is_blocked_when_rf_is_asked_for),
        cmocka_unit_test(test_pacemaker_steers_auto_only_when_the_protocol_blocks_rf),
        cmocka_unit_test(test_skin_types_five_and_six_call_for_caution),
        cmocka_unit_test(test_status_is_the_highest_level_found),
        cmocka_unit_test(test_findings_are_listed_in_a_stable_order),
        cmocka_unit_test(test_a_blocked_plan_answers_without_dates),
        cmocka_unit_test(test_screening_sources_exist_with_their_kind),
    };
    return cmocka_run_group_tests_name("screening", tests, load_protocol, free_protocol);
}

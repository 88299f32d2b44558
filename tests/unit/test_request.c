/*
 * Plan requests as the CLI (clg_plan_request_set) and the API
 * (clg_plan_request_from_json) receive them: the docs/protocol.md#rules defaults, every
 * field, and every way of getting one wrong, each refused naming the field
 * and, for words, listing the allowed values.
 */
#include "support.h"

#include "collagenda/request_json.h"

#define BIT(member) (1u << (member))

static void expect_defaults(const char *row, const clg_plan_request *request)
{
    const clg_assessment *a = &request->assessment;
    EXPECT_INT(row, a->goal, CLG_GOAL_IMPROVEMENT);
    EXPECT_INT(row, a->areas, BIT(CLG_AREA_FACE));
    EXPECT_INT(row, a->risks, 0);
    EXPECT_INT(row, a->concerns, 0);
    EXPECT_INT(row, a->screening, 0);
    EXPECT_INT(row, a->modality, CLG_MODALITY_AUTO);
    EXPECT_INT(row, a->skin_type, CLG_SKIN_TYPE_UNKNOWN);
    EXPECT_INT(row, request->has_start, false);
    EXPECT_INT(row, request->open_days, 0);
}

static void test_init_gives_the_spec_defaults(void **state)
{
    (void)state;
    clg_plan_request request;
    memset(&request, 0x5A, sizeof request);
    clg_plan_request_init(&request);
    expect_defaults("init", &request);
}

/* ---- clg_plan_request_set: the CLI's text forms ---- */

static void test_set_fills_every_field(void **state)
{
    (void)state;
    clg_plan_request request;
    clg_plan_request_init(&request);
    bool laxity_given = false;
    clg_error err = {0};
    static const char *const fields[][2] = {
        {"goal", "transformation"},
        {"areas", "face,neck,abdomen"},
        {"risks", "diabetes,poor-aftercare"},
        {"concerns", "loose-neck-skin"},
        {"modality", "roller"},
        {"screening", "pacemaker,herpes-history"},
        {"skin_type", "IV"},
        {"start", "2028-02-29"},
        {"open_days", "mon,fri,sun"},
    };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        EXPECT_INT(fields[i][0],
                   clg_plan_request_set(&request, fields[i][0], fields[i][1], &laxity_given, &err),
                   CLG_OK);
    assert_false(laxity_given); /* only the laxity field marks the laxity as given */
    assert_int_equal(clg_plan_request_set(&request, "laxity", "severe", &laxity_given, &err),
                     CLG_OK);
    assert_true(laxity_given);

    const clg_assessment *a = &request.assessment;
    assert_int_equal(a->laxity, CLG_LAXITY_SEVERE);
    assert_int_equal(a->goal, CLG_GOAL_TRANSFORMATION);
    assert_int_equal(a->areas, BIT(CLG_AREA_FACE) | BIT(CLG_AREA_NECK) | BIT(CLG_AREA_ABDOMEN));
    assert_int_equal(a->risks, BIT(CLG_RISK_DIABETES) | BIT(CLG_RISK_POOR_AFTERCARE));
    assert_int_equal(a->concerns, BIT(CLG_CONCERN_LOOSE_NECK_SKIN));
    assert_int_equal(a->modality, CLG_MODALITY_ROLLER);
    assert_int_equal(a->screening, BIT(CLG_SCREEN_PACEMAKER) | BIT(CLG_SCREEN_HERPES_HISTORY));
    assert_int_equal(a->skin_type, 4);
    assert_true(request.has_start);
    assert_int_equal(request.start, support_date(2028, 2, 29));
    assert_int_equal(request.open_days, BIT(0) | BIT(4) | BIT(6));
    /* A later value for a field replaces the earlier one. */
    assert_int_equal(clg_plan_request_set(&request, "areas", "chest", NULL, &err), CLG_OK);
    assert_int_equal(request.assessment.areas, BIT(CLG_AREA_CHEST));
}

static void test_set_accepts_every_word_of_every_vocabulary(void **state)
{
    (void)state;
    static const struct {
        clg_vocabulary_id id;
        const char *field;
    } fields[] = {
        {CLG_VOCAB_LAXITY, "laxity"},       {CLG_VOCAB_GOAL, "goal"},
        {CLG_VOCAB_AREA, "areas"},          {CLG_VOCAB_RISK, "risks"},
        {CLG_VOCAB_CONCERN, "concerns"},    {CLG_VOCAB_MODALITY, "modality"},
        {CLG_VOCAB_SCREENING, "screening"}, {CLG_VOCAB_SKIN_TYPE, "skin_type"},
        {CLG_VOCAB_WEEKDAY, "open_days"},
    };
    for (size_t f = 0; f < sizeof fields / sizeof fields[0]; f++) {
        const clg_vocabulary *vocabulary = clg_vocabulary_get(fields[f].id);
        EXPECT_STRING(fields[f].field, vocabulary->field, fields[f].field);
        for (int w = 0; w < vocabulary->count; w++) {
            clg_plan_request request;
            clg_plan_request_init(&request);
            clg_error err = {0};
            char row[96];
            snprintf(row, sizeof row, "%s=%s", fields[f].field, vocabulary->names[w]);
            EXPECT_INT(
                row,
                clg_plan_request_set(&request, fields[f].field, vocabulary->names[w], NULL, &err),
                CLG_OK);
            EXPECT_INT(
                row,
                clg_vocabulary_find(vocabulary, vocabulary->names[w], strlen(vocabulary->names[w])),
                w);
        }
    }
}

typedef struct refused_case {
    const char *field, *value;
    const char *error_field; /* the field the error names */
    const char *words;       /* words the message must contain */
} refused_case;

static const refused_case refused_by_set[] = {
    /* Unknown fields, naming the fields there are. */
    {"colour", "red", "colour",
     "laxity, goal, areas, risks, concerns, modality, screening, "
     "skin_type, start, open_days"},
    {"Laxity", "mild", "Laxity", "unknown field"},
    /* Unknown words, listing the allowed values. */
    {"laxity", "slight", "laxity", "none, mild, moderate, severe"},
    {"laxity", "Mild", "laxity", "none, mild, moderate, severe"},
    {"laxity", "", "laxity", "none, mild, moderate, severe"},
    {"laxity", "mild,severe", "laxity", "none, mild, moderate, severe"},
    {"goal", "beauty", "goal", "prevention, improvement, transformation"},
    {"areas", "face,nose", "areas", "under-eyes, face, neck, chest, arms, abdomen"},
    {"risks", "stress", "risks", "diabetes, autoimmune, slow-healing, accelerated-aging"},
    {"concerns", "acne", "concerns", "deep-wrinkles, enlarged-pores, loose-neck-skin"},
    {"modality", "laser", "modality", "auto, traditional, rf, roller"},
    {"screening", "flu", "screening", "active-infection"},
    {"skin_type", "VII", "skin_type", "I, II, III, IV, V, VI"},
    {"skin_type", "5", "skin_type", "I, II, III, IV, V, VI"},
    {"skin_type", "v", "skin_type", "I, II, III, IV, V, VI"},
    {"open_days", "monday", "open_days", "mon, tue, wed, thu, fri, sat, sun"},
    /* Empty words inside a list. */
    {"areas", "face,", "areas", "empty"},
    {"areas", ",face", "areas", "empty"},
    {"risks", "smoking,,diabetes", "risks", "empty"},
    /* Duplicates. */
    {"areas", "face,face", "areas", "'face' is listed twice"},
    {"risks", "smoking,diabetes,smoking", "risks", "'smoking' is listed twice"},
    {"open_days", "mon,mon", "open_days", "'mon' is listed twice"},
    {"screening", "pregnancy,pregnancy", "screening", "listed twice"},
    /* Sets that must not be empty. */
    {"areas", "", "areas", "under-eyes, face, neck, chest, arms, abdomen"},
    {"open_days", "", "open_days", "mon, tue, wed, thu, fri, sat, sun"},
    /* Dates. */
    {"start", "2027-02-30", "start", "does not exist"},
    {"start", "2027-13-01", "start", "does not exist"},
    {"start", "2027-1-4", "start", "YYYY-MM-DD"},
    {"start", "tomorrow", "start", "YYYY-MM-DD"},
    {"start", "", "start", "YYYY-MM-DD"},
};

static void test_set_refuses_bad_input_naming_the_field(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof refused_by_set / sizeof refused_by_set[0]; i++) {
        const refused_case *c = &refused_by_set[i];
        char row[128];
        snprintf(row, sizeof row, "%s='%s'", c->field, c->value);
        clg_plan_request request, before;
        clg_plan_request_init(&request);
        request.assessment.areas = BIT(CLG_AREA_NECK);
        memcpy(&before, &request, sizeof before);
        bool laxity_given = false;
        clg_error err = {0};
        EXPECT_INT(row, clg_plan_request_set(&request, c->field, c->value, &laxity_given, &err),
                   CLG_ERR_INVALID);
        EXPECT_INT(row, err.status, CLG_ERR_INVALID);
        EXPECT_STRING(row, err.field, c->error_field);
        if (strstr(err.message, c->words) == NULL)
            fail_msg("%s: \"%s\" does not say \"%s\"", row, err.message, c->words);
        /* A refused value changes nothing. */
        EXPECT_TRUE(row, memcmp(&request, &before, sizeof request) == 0);
        EXPECT_TRUE(row, !laxity_given);
    }
}

static void test_set_allows_empty_risks_concerns_and_screening(void **state)
{
    (void)state;
    clg_plan_request request =
        support_request("laxity", "mild", "risks", "smoking", "concerns", "deep-wrinkles",
                        "screening", "pregnancy", (const char *)NULL);
    clg_error err = {0};
    assert_int_equal(clg_plan_request_set(&request, "risks", "", NULL, &err), CLG_OK);
    assert_int_equal(request.assessment.risks, 0);
    assert_int_equal(clg_plan_request_set(&request, "concerns", "", NULL, &err), CLG_OK);
    assert_int_equal(request.assessment.concerns, 0);
    assert_int_equal(clg_plan_request_set(&request, "screening", "", NULL, &err), CLG_OK);
    assert_int_equal(request.assessment.screening, 0);
}

static void test_vocabulary_find_matches_whole_words_only(void **state)
{
    (void)state;
    const clg_vocabulary *areas = clg_vocabulary_get(CLG_VOCAB_AREA);
    assert_int_equal(clg_vocabulary_find(areas, "face", 4), CLG_AREA_FACE);
    assert_int_equal(clg_vocabulary_find(areas, "face,neck", 4), CLG_AREA_FACE);
    assert_int_equal(clg_vocabulary_find(areas, "fac", 3), -1);
    assert_int_equal(clg_vocabulary_find(areas, "faces", 5), -1);
    assert_int_equal(clg_vocabulary_find(areas, "", 0), -1);
    /* A NUL inside the given length is part of the word, not its end. */
    static const char with_nul[] = {'n', 'e', 'c', 'k', '\0', 'x'};
    assert_int_equal(clg_vocabulary_find(areas, with_nul, sizeof with_nul), -1);
    assert_int_equal(clg_vocabulary_find(areas, with_nul, 5), -1);

    char list[128];
    assert_string_equal(
        clg_vocabulary_list(clg_vocabulary_get(CLG_VOCAB_LAXITY), list, sizeof list),
        "none, mild, moderate, severe");
    assert_string_equal(
        clg_vocabulary_list(clg_vocabulary_get(CLG_VOCAB_SKIN_TYPE), list, sizeof list),
        "I, II, III, IV, V, VI");
    /* A short buffer is cut, never overrun. */
    char small[10];
    clg_vocabulary_list(clg_vocabulary_get(CLG_VOCAB_SCREENING), small, sizeof small);
    assert_true(strlen(small) < sizeof small);
}

/* ---- clg_word_set_parse / clg_word_set_format: a set as its comma list ---- */

static void test_word_sets_round_trip_in_every_vocabulary(void **state)
{
    (void)state;
    char text[CLG_WORD_SET_TEXT_SIZE];
    clg_error err;
    for (int id = 0; id < CLG_VOCAB_COUNT; id++) {
        const clg_vocabulary *words = clg_vocabulary_get((clg_vocabulary_id)id);
        uint32_t whole = (1u << words->count) - 1, parsed = 0;
        /* The whole set, the longest text, fits: the size is large enough. */
        clg_word_set_format((clg_vocabulary_id)id, whole, text);
        size_t length = 0;
        for (int member = 0; member < words->count; member++)
            length += strlen(words->names[member]) + (member ? 1 : 0);
        EXPECT_INT(words->field, strlen(text), length);
        EXPECT_INT(words->field,
                   clg_word_set_parse((clg_vocabulary_id)id, words->field, text, &parsed, &err),
                   CLG_OK);
        EXPECT_INT(words->field, parsed, whole);
        for (int member = 0; member < words->count; member++) {
            EXPECT_STRING(words->field,
                          clg_word_set_format((clg_vocabulary_id)id, 1u << member, text),
                          words->names[member]);
            EXPECT_INT(words->field,
                       clg_word_set_parse((clg_vocabulary_id)id, "f", text, &parsed, &err), CLG_OK);
            EXPECT_INT(words->field, parsed, 1u << member);
        }
    }
    /* The vocabulary's order, whatever order the words came in; bits past it are ignored. */
    uint32_t areas = 0;
    assert_int_equal(clg_word_set_parse(CLG_VOCAB_AREA, "--areas", "neck,under-eyes", &areas, &err),
                     CLG_OK);
    assert_int_equal(areas, BIT(CLG_AREA_UNDER_EYES) | BIT(CLG_AREA_NECK));
    assert_string_equal(clg_word_set_format(CLG_VOCAB_AREA, areas | BIT(30), text),
                        "under-eyes,neck");
    assert_string_equal(clg_word_set_format(CLG_VOCAB_SCREENING, 0, text), "");
}

static void test_word_set_parse_refuses_like_the_request(void **state)
{
    (void)state;
    static const struct {
        clg_vocabulary_id id;
        const char *text, *needle;
    } cases[] = {
        {CLG_VOCAB_AREA, "", "must list at least one of: under-eyes, face"},
        {CLG_VOCAB_WEEKDAY, "", "must list at least one of: mon"},
        {CLG_VOCAB_AREA, "face,face", "'face' is listed twice"},
        {CLG_VOCAB_AREA, "face,", "an empty value is not allowed"},
        {CLG_VOCAB_AREA, "face,,neck", "an empty value is not allowed"},
        {CLG_VOCAB_SCREENING, "pregnant", "'pregnant' is not allowed; use one of: "},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t set = 12345;
        clg_error err;
        EXPECT_INT(cases[i].text,
                   clg_word_set_parse(cases[i].id, "--field", cases[i].text, &set, &err),
                   CLG_ERR_INVALID);
        EXPECT_STRING(cases[i].text, err.field, "--field");
        if (strstr(err.message, cases[i].needle) == NULL)
            fail_msg("'%s': '%s' does not say '%s'", cases[i].text, err.message, cases[i].needle);
        EXPECT_INT(cases[i].text, set, 12345);
    }
    /* Sets that may be empty are. */
    uint32_t set = 7;
    clg_error err;
    assert_int_equal(clg_word_set_parse(CLG_VOCAB_SCREENING, "s", "", &set, &err), CLG_OK);
    assert_int_equal(set, 0);
}

/* ---- clg_plan_request_from_json: the API's body and batch lines ---- */

static json_t *parse_json(const char *text)
{
    json_error_t json_error;
    json_t *value = json_loads(text, JSON_DECODE_ANY | JSON_ALLOW_NUL, &json_error);
    if (value == NULL)
        fail_msg("test JSON %s does not parse: %s", text, json_error.text);
    return value;
}

static void test_json_with_only_laxity_gets_the_defaults(void **state)
{
    (void)state;
    json_t *body = parse_json("{\"laxity\": \"mild\"}");
    clg_plan_request request;
    memset(&request, 0x5A, sizeof request);
    clg_error err = {0};
    assert_int_equal(clg_plan_request_from_json(body, NULL, &request, &err), CLG_OK);
    assert_int_equal(request.assessment.laxity, CLG_LAXITY_MILD);
    expect_defaults("only laxity", &request);
    json_decref(body);
}

static void test_json_fills_every_field(void **state)
{
    (void)state;
    json_t *body = parse_json(
        "{\"laxity\": \"moderate\", \"goal\": \"prevention\", \"areas\": [\"neck\", \"face\"],"
        " \"risks\": [\"smoking\", \"sun-damage\"], \"concerns\": [\"enlarged-pores\"],"
        " \"modality\": \"rf\", \"screening\": [\"isotretinoin\"], \"skin_type\": \"VI\","
        " \"start\": \"2027-01-04\", \"open_days\": [\"tue\", \"sat\"]}");
    clg_plan_request request;
    clg_error err = {0};
    assert_int_equal(clg_plan_request_from_json(body, NULL, &request, &err), CLG_OK);
    const clg_assessment *a = &request.assessment;
    assert_int_equal(a->laxity, CLG_LAXITY_MODERATE);
    assert_int_equal(a->goal, CLG_GOAL_PREVENTION);
    assert_int_equal(a->areas, BIT(CLG_AREA_FACE) | BIT(CLG_AREA_NECK));
    assert_int_equal(a->risks, BIT(CLG_RISK_SMOKING) | BIT(CLG_RISK_SUN_DAMAGE));
    assert_int_equal(a->concerns, BIT(CLG_CONCERN_ENLARGED_PORES));
    assert_int_equal(a->modality, CLG_MODALITY_RF);
    assert_int_equal(a->screening, BIT(CLG_SCREEN_ISOTRETINOIN));
    assert_int_equal(a->skin_type, 6);
    assert_true(request.has_start);
    assert_int_equal(request.start, support_date(2027, 1, 4));
    assert_int_equal(request.open_days, BIT(1) | BIT(5));
    json_decref(body);
}

static void test_json_allows_empty_risks_concerns_and_screening(void **state)
{
    (void)state;
    json_t *body = parse_json("{\"laxity\": \"none\", \"risks\": [], \"concerns\": [],"
                              " \"screening\": []}");
    clg_plan_request request;
    clg_error err = {0};
    assert_int_equal(clg_plan_request_from_json(body, NULL, &request, &err), CLG_OK);
    expect_defaults("empty sets", &request);
    json_decref(body);
}

static void test_json_skips_the_keys_the_caller_handles(void **state)
{
    (void)state;
    static const char *const ignored[] = {"client", "format", NULL};
    json_t *body = parse_json("{\"client\": 7, \"laxity\": \"mild\", \"format\": [1]}");
    clg_plan_request request;
    clg_error err = {0};
    assert_int_equal(clg_plan_request_from_json(body, ignored, &request, &err), CLG_OK);
    assert_int_equal(request.assessment.laxity, CLG_LAXITY_MILD);
    /* Without the list the same keys are unknown. */
    assert_int_equal(clg_plan_request_from_json(body, NULL, &request, &err), CLG_ERR_INVALID);
    assert_string_equal(err.field, "client");
    json_decref(body);
}

typedef struct refused_json_case {
    const char *body;        /* the JSON text of the request */
    const char *error_field; /* the field the error names */
    const char *words;       /* words the message must contain */
} refused_json_case;

static const refused_json_case refused_json[] = {
    {"{\"laxity\": \"mild\", \"colour\": \"red\"}", "colour",
     "laxity, goal, areas, risks, concerns, modality, screening, skin_type, start, open_days"},
    {"{}", "laxity", "required; use one of: none, mild, moderate, severe"},
    {"{\"goal\": \"transformation\"}", "laxity", "none, mild, moderate, severe"},
    {"{\"laxity\": \"slight\"}", "laxity", "none, mild, moderate, severe"},
    {"{\"laxity\": \"\"}", "laxity", "none, mild, moderate, severe"},
    {"{\"laxity\": \"mild\", \"areas\": [\"nose\"]}", "areas",
     "under-eyes, face, neck, chest, arms, abdomen"},
    {"{\"laxity\": \"mild\", \"areas\": [\"face,neck\"]}", "areas", "not allowed"},
    {"{\"laxity\": \"mild\", \"areas\": [\"face\", \"face\"]}", "areas", "listed twice"},
    {"{\"laxity\": \"mild\", \"areas\": []}", "areas", "at least one"},
    {"{\"laxity\": \"mild\", \"open_days\": []}", "open_days", "at least one"},
    {"{\"laxity\": \"mild\", \"open_days\": [\"mon\", \"mon\"]}", "open_days", "listed twice"},
    {"{\"laxity\": \"mild\", \"modality\": \"laser\"}", "modality",
     "auto, traditional, rf, roller"},
    {"{\"laxity\": \"mild\", \"skin_type\": \"VII\"}", "skin_type", "I, II, III, IV, V, VI"},
    {"{\"laxity\": \"mild\", \"screening\": [\"flu\"]}", "screening", "active-infection"},
    /* Wrong JSON types. */
    {"{\"laxity\": 1}", "laxity", "must be a string"},
    {"{\"laxity\": true}", "laxity", "must be a string"},
    {"{\"laxity\": null}", "laxity", "must be a string"},
    {"{\"laxity\": [\"mild\"]}", "laxity", "must be a string"},
    {"{\"laxity\": \"mild\", \"areas\": \"face\"}", "areas", "must be an array"},
    {"{\"laxity\": \"mild\", \"risks\": null}", "risks", "must be an array"},
    {"{\"laxity\": \"mild\", \"areas\": [1]}", "areas", "must be a string"},
    {"{\"laxity\": \"mild\", \"open_days\": [\"mon\", {}]}", "open_days", "must be a string"},
    {"{\"laxity\": \"mild\", \"skin_type\": 5}", "skin_type", "must be a string"},
    {"{\"laxity\": \"mild\", \"start\": 20270104}", "start", "must be a string"},
    /* Bad dates. */
    {"{\"laxity\": \"mild\", \"start\": \"2027-02-30\"}", "start", "does not exist"},
    {"{\"laxity\": \"mild\", \"start\": \"2027-02-29\"}", "start", "does not exist"},
    {"{\"laxity\": \"mild\", \"start\": \"2027/01/04\"}", "start", "YYYY-MM-DD"},
    {"{\"laxity\": \"mild\", \"start\": \"2027-01-04T10:00\"}", "start", "YYYY-MM-DD"},
    /* NUL characters cannot hide a second word or an unknown one. */
    {"{\"laxity\": \"mild\\u0000x\"}", "laxity", "NUL"},
    {"{\"laxity\": \"mild\", \"areas\": [\"neck\\u0000x\"]}", "areas", "not allowed"},
    {"{\"laxity\": \"mild\", \"areas\": [\"face\\u0000\"]}", "areas", "not allowed"},
    /* Not an object at all. */
    {"[]", "assessment", "must be a JSON object"},
    {"\"mild\"", "assessment", "must be a JSON object"},
    {"null", "assessment", "must be a JSON object"},
};

static void test_json_refuses_bad_input_naming_the_field(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof refused_json / sizeof refused_json[0]; i++) {
        const refused_json_case *c = &refused_json[i];
        const char *row = c->body;
        json_t *body = parse_json(c->body);
        clg_plan_request request;
        clg_error err = {0};
        EXPECT_INT(row, clg_plan_request_from_json(body, NULL, &request, &err), CLG_ERR_INVALID);
        EXPECT_STRING(row, err.field, c->error_field);
        if (strstr(err.message, c->words) == NULL)
            fail_msg("%s: \"%s\" does not say \"%s\"", row, err.message, c->words);
        json_decref(body);
    }
    clg_plan_request request;
    clg_error err = {0};
    assert_int_equal(clg_plan_request_from_json(NULL, NULL, &request, &err), CLG_ERR_INVALID);
    assert_string_equal(err.field, "assessment");
}

/* The CLI and the API use the same words for the same mistake. */
static void test_cli_and_json_give_the_same_message(void **state)
{
    (void)state;
    static const struct {
        const char *field, *value, *json;
    } cases[] = {
        {"laxity", "slight", "{\"laxity\": \"slight\"}"},
        {"areas", "nose", "{\"laxity\": \"mild\", \"areas\": [\"nose\"]}"},
        {"areas", "face,face", "{\"laxity\": \"mild\", \"areas\": [\"face\", \"face\"]}"},
        {"start", "2027-02-30", "{\"laxity\": \"mild\", \"start\": \"2027-02-30\"}"},
        {"open_days", "", "{\"laxity\": \"mild\", \"open_days\": []}"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        clg_plan_request request;
        clg_plan_request_init(&request);
        clg_error from_cli = {0}, from_json = {0};
        EXPECT_INT(cases[i].json,
                   clg_plan_request_set(&request, cases[i].field, cases[i].value, NULL, &from_cli),
                   CLG_ERR_INVALID);
        json_t *body = parse_json(cases[i].json);
        EXPECT_INT(cases[i].json, clg_plan_request_from_json(body, NULL, &request, &from_json),
                   CLG_ERR_INVALID);
        EXPECT_STRING(cases[i].json, from_json.field, from_cli.field);
        EXPECT_STRING(cases[i].json, from_json.message, from_cli.message);
        json_decref(body);
    }
}

static void test_error_helpers_prefix_and_print_the_field(void **state)
{
    (void)state;
    clg_error err = {0};
    assert_int_equal(clg_error_set(&err, CLG_ERR_INVALID, "laxity", "'%s' is not allowed", "x"),
                     CLG_ERR_INVALID);
    clg_error_prefix_field(&err, "line 3");
    assert_string_equal(err.field, "line 3: laxity");
    char text[sizeof err.field + sizeof err.message + 4];
    assert_string_equal(clg_error_text(&err, text, sizeof text),
                        "line 3: laxity: 'x' is not allowed");
    clg_error_clear(&err);
    assert_int_equal(err.status, CLG_OK);
    assert_string_equal(err.field, "");
    clg_error_set(&err, CLG_ERR_IO, NULL, "disk full");
    assert_string_equal(clg_error_text(&err, text, sizeof text), "disk full");
    clg_error_prefix_field(&err, "line 9");
    assert_string_equal(err.field, "line 9");
    /* A NULL error is allowed: the status still comes back. */
    assert_int_equal(clg_error_set(NULL, CLG_ERR_REFUSED, "date", "too soon"), CLG_ERR_REFUSED);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init_gives_the_spec_defaults),
        cmocka_unit_test(test_set_fills_every_field),
        cmocka_unit_test(test_set_accepts_every_word_of_every_vocabulary),
        cmocka_unit_test(test_set_refuses_bad_input_naming_the_field),
        cmocka_unit_test(test_set_allows_empty_risks_concerns_and_screening),
        cmocka_unit_test(test_vocabulary_find_matches_whole_words_only),
        cmocka_unit_test(test_word_sets_round_trip_in_every_vocabulary),
        cmocka_unit_test(test_word_set_parse_refuses_like_the_request),
        cmocka_unit_test(test_json_with_only_laxity_gets_the_defaults),
        cmocka_unit_test(test_json_fills_every_field),
        cmocka_unit_test(test_json_allows_empty_risks_concerns_and_screening),
        cmocka_unit_test(test_json_skips_the_keys_the_caller_handles),
        cmocka_unit_test(test_json_refuses_bad_input_naming_the_field),
        cmocka_unit_test(test_cli_and_json_give_the_same_message),
        cmocka_unit_test(test_error_helpers_prefix_and_print_the_field),
    };
    return cmocka_run_group_tests_name("request", tests, NULL, NULL);
}

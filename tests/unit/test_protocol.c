/*
 * Protocol documents (docs/protocol.md#rules): the compiled-in default (version 2) parses,
 * prints back as JSON that parses to the same protocol, a clinic's changed
 * number changes the plan, a broken document is refused with the exact path
 * of the first bad field, so `protocol check FILE` can point at it, and the
 * version 1 document that stored courses carry still plans as it did.
 */
#include "support.h"

#include <stdlib.h>

static void test_default_protocol_parses_with_its_name_and_sources(void **state)
{
    (void)state;
    clg_protocol *protocol = support_default_protocol();
    assert_string_equal(protocol->name, "collagenda-default");
    assert_string_equal(protocol->version, "2");
    assert_int_equal(protocol->format, 2);
    assert_non_null(protocol->title);
    assert_non_null(protocol->evidence_note);
    assert_true(strlen(protocol->evidence_note) > 20);

    static const struct {
        const char *tag;
        clg_source_kind kind;
    } sources[] = {
        {"D", CLG_SOURCE_MARKETING},
        {"F", CLG_SOURCE_MARKETING},
        {"P", CLG_SOURCE_CLINIC_PRACTICE},
        {"chu-2021", CLG_SOURCE_REVIEW},
        {"minutilli-2024", CLG_SOURCE_REVIEW},
        {"asds-2017", CLG_SOURCE_CONSENSUS},
        {"el-domyati-2015", CLG_SOURCE_STUDY},
        {"alam-2014", CLG_SOURCE_STUDY},
        {"clinic-practice", CLG_SOURCE_CLINIC_PRACTICE},
    };
    assert_int_equal(protocol->source_count, (int)(sizeof sources / sizeof sources[0]));
    for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++) {
        const clg_source *source = clg_protocol_find_source(protocol, sources[i].tag);
        EXPECT_TRUE(sources[i].tag, source != NULL);
        EXPECT_INT(sources[i].tag, source->kind, sources[i].kind);
    }
    assert_null(clg_protocol_find_source(protocol, "nope"));
    assert_string_equal(clg_source_kind_name(CLG_SOURCE_CLINIC_PRACTICE), "clinic-practice");

    /* The numbers of docs/protocol.md#rules as the default protocol states them. */
    assert_int_equal(protocol->base_course[CLG_LAXITY_NONE].sessions.min, 1);
    assert_int_equal(protocol->base_course[CLG_LAXITY_NONE].sessions.max, 3);
    assert_int_equal(protocol->base_course[CLG_LAXITY_MILD].sessions.min, 3);
    assert_int_equal(protocol->base_course[CLG_LAXITY_MILD].sessions.max, 4);
    assert_int_equal(protocol->base_course[CLG_LAXITY_MODERATE].sessions.min, 4);
    assert_int_equal(protocol->base_course[CLG_LAXITY_MODERATE].sessions.max, 6);
    assert_int_equal(protocol->base_course[CLG_LAXITY_SEVERE].sessions.min, 5);
    assert_int_equal(protocol->base_course[CLG_LAXITY_SEVERE].sessions.max, 6);
    assert_int_equal(protocol->interval_days.min, 28);
    assert_int_equal(protocol->interval_days.max, 42);
    assert_false(protocol->interval_rounds_to_weeks);
    assert_int_equal(protocol->standard_floor.days, 28);
    assert_string_equal(protocol->standard_floor.source, "F");
    assert_int_equal(protocol->intensive_floor.days, 21);
    assert_string_equal(protocol->intensive_floor.source, "D");
    assert_string_equal(protocol->floor_why.source, "F");
    assert_non_null(strstr(protocol->floor_why.says, "infection and injury"));
    assert_int_equal(protocol->intensive_sessions_at_least.min, 8);
    assert_int_equal(protocol->intensive_sessions_at_least.max, 12);
    assert_int_equal(protocol->intensive_interval_days.min, 21);
    assert_int_equal(protocol->intensive_interval_days.max, 28);
    assert_false(protocol->intensive_laxities & (1u << CLG_LAXITY_NONE));
    assert_int_equal(protocol->intensive_laxities, (1u << CLG_LAXITY_COUNT) - 2);
    assert_int_equal(protocol->maintenance_months.min, 6);
    assert_int_equal(protocol->maintenance_months.max, 12);
    assert_int_equal(protocol->maintenance_usual.months, 12);
    assert_string_equal(protocol->maintenance_usual.source, "D");
    assert_int_equal(protocol->maintenance_sooner.months, 6);
    assert_int_equal(protocol->maintenance_sooner.laxities, 1u << CLG_LAXITY_SEVERE);
    assert_true(protocol->maintenance_sooner.when_intensive);
    assert_string_equal(protocol->maintenance_sooner.source, "P");
    assert_int_equal(protocol->session_minutes_first_area, 30);
    assert_int_equal(protocol->session_minutes_each_further_area, 15);
    assert_string_equal(protocol->session_minutes_source, "F");
    assert_string_equal(protocol->session_minutes_further_area_source, "P");
    assert_int_equal(protocol->aftercare_count, 4);
    for (int i = 0; i < protocol->aftercare_count; i++)
        assert_non_null(clg_protocol_find_source(protocol, protocol->aftercare[i].source));
    clg_protocol_free(protocol);
}

/* The printed protocol parses back to the same document and the same plans. */
static void test_printed_protocol_parses_back_to_the_same_protocol(void **state)
{
    (void)state;
    clg_protocol *original = support_default_protocol();
    char *printed = clg_protocol_to_json(original);
    assert_non_null(printed);

    clg_protocol *reparsed = NULL;
    clg_error err = {0};
    assert_int_equal(clg_protocol_parse(printed, strlen(printed), &reparsed, &err), CLG_OK);
    char *reprinted = clg_protocol_to_json(reparsed);
    assert_non_null(reprinted);
    assert_string_equal(printed, reprinted);

    /* Same document as protocols/default.json, key for key. */
    json_t *default_document = support_default_document();
    json_t *printed_document = json_loads(printed, JSON_REJECT_DUPLICATES, NULL);
    assert_non_null(printed_document);
    assert_true(json_equal(default_document, printed_document));

    /* And the same plan for every laxity, goal and a few loads. */
    static const char *const risks[] = {"", "smoking", "smoking,diabetes"};
    for (int laxity = 0; laxity < CLG_LAXITY_COUNT; laxity++) {
        for (int goal = 0; goal < CLG_GOAL_COUNT; goal++) {
            for (size_t r = 0; r < sizeof risks / sizeof risks[0]; r++) {
                clg_plan_request request =
                    support_request("laxity", clg_laxity_name((clg_laxity)laxity), "goal",
                                    clg_goal_name((clg_goal)goal), "risks", risks[r], "start",
                                    "2027-01-04", (const char *)NULL);
                clg_plan a, b;
                support_plan(original, &request, &a);
                support_plan(reparsed, &request, &b);
                const char *row = clg_laxity_name((clg_laxity)laxity);
                EXPECT_INT(row, a.sessions.recommended, b.sessions.recommended);
                EXPECT_INT(row, a.interval_days.recommended, b.interval_days.recommended);
                EXPECT_INT(row, a.maintenance_date, b.maintenance_date);
                EXPECT_INT(row, a.modality, b.modality);
                EXPECT_INT(row, a.reason_count, b.reason_count);
            }
        }
    }
    json_decref(printed_document);
    json_decref(default_document);
    free(reprinted);
    free(printed);
    clg_protocol_free(reparsed);
    clg_protocol_free(original);
}

/* The length given is the document: bytes after it are not read. */
static void test_parse_reads_only_the_length_given(void **state)
{
    (void)state;
    const char *text = clg_protocol_default_text();
    size_t length = strlen(text);
    char *buffer = malloc(length + 8);
    assert_non_null(buffer);
    memcpy(buffer, text, length);
    memcpy(buffer + length, "garbage", 8);
    clg_protocol *protocol = NULL;
    clg_error err = {0};
    assert_int_equal(clg_protocol_parse(buffer, length, &protocol, &err), CLG_OK);
    clg_protocol_free(protocol);
    assert_int_equal(clg_protocol_parse(buffer, length + 7, &protocol, &err), CLG_ERR_INVALID);
    assert_null(protocol);
    assert_string_equal(err.field, "protocol");
    free(buffer);
}

/* A clinic's changed number shows in its plans. */
static void test_changing_a_number_changes_the_plan(void **state)
{
    (void)state;
    /* clang-format off */
    static const struct {
        const char *name;
        const char *changes[3][2]; /* path, JSON value */
        const char *laxity, *areas, *risks, *modality;
        int sessions_min, sessions_max, interval_min, interval_max, interval_recommended;
        int maintenance, minutes;
        const char *warning; /* a warning code the plan must carry, or NULL */
    } cases[] = {
        {"base course mild 2-3", {{"base_course[1].sessions", "{\"min\": 2, \"max\": 3}"}},
         "mild", "face", "", "auto", 2, 3, 28, 42, 35, 12, 30, NULL},
        {"a 14-day floor lets a 14-21 intensive interval through",
         {{"interval_floor.intensive.days", "14"},
          {"intensive.interval_days", "{\"min\": 14, \"max\": 21}"}},
         "mild", "face", "smoking,diabetes", "auto", 8, 12, 14, 21, 17, 6, 30, NULL},
        {"the default 21-day floor holds a 14-21 intensive interval at 21",
         {{"intensive.interval_days", "{\"min\": 14, \"max\": 21}"}},
         "mild", "face", "smoking,diabetes", "auto", 8, 12, 21, 21, 21, 6, 30, NULL},
        {"intensive interval 28-35", {{"intensive.interval_days", "{\"min\": 28, \"max\": 35}"}},
         "mild", "face", "smoking,diabetes", "auto", 8, 12, 28, 35, 31, 6, 30, NULL},
        {"intensive course 6-10 sessions",
         {{"intensive.sessions_at_least", "{\"min\": 6, \"max\": 10}"}},
         "mild", "face", "smoking,diabetes", "auto", 6, 10, 21, 28, 24, 6, 30, NULL},
        {"standard interval 21-35 with a 21-day floor",
         {{"interval_days", "{\"min\": 21, \"max\": 35, \"source\": \"D\"}"},
          {"interval_floor.standard.days", "21"}},
         "mild", "face", "", "auto", 3, 4, 21, 35, 28, 12, 30, NULL},
        {"the default 28-day floor holds a 21-35 standard interval at 28",
         {{"interval_days", "{\"min\": 21, \"max\": 35, \"source\": \"D\"}"}},
         "mild", "face", "", "auto", 3, 4, 28, 35, 31, 12, 30, NULL},
        {"a firm skin may be made intensive", {{"intensive.laxity", "[\"none\", \"mild\"]"}},
         "none", "face", "smoking,diabetes", "auto", 8, 12, 21, 28, 24, 6, 30, NULL},
        {"longer sessions", {{"session_minutes.first_area", "45"},
                             {"session_minutes.each_further_area", "20"}},
         "mild", "face,neck,chest", "", "auto", 8, 12, 21, 28, 24, 6, 85, NULL},
        {"maintenance usually 10 months", {{"maintenance.usual.months", "10"}},
         "moderate", "face", "", "auto", 4, 6, 28, 42, 35, 10, 30, NULL},
        {"maintenance sooner for moderate laxity too",
         {{"maintenance.sooner.laxity", "[\"moderate\", \"severe\"]"}},
         "moderate", "face", "", "auto", 4, 6, 28, 42, 35, 6, 30, NULL},
        {"maintenance not sooner after an intensive course",
         {{"maintenance.sooner.intensive", "false"}},
         "mild", "face", "smoking,diabetes", "auto", 8, 12, 21, 28, 24, 12, 30, NULL},
        {"two sessions fewer for a small area", {{"small_area.sessions_delta", "-2"}},
         "mild", "under-eyes", "", "auto", 1, 2, 28, 42, 35, 12, 30, NULL},
        {"load 1 adds two sessions", {{"difficulty.light_load_sessions_delta", "2"}},
         "mild", "face", "smoking", "auto", 5, 6, 28, 42, 35, 12, 30, NULL},
        {"risks do not count", {{"difficulty.count_risks", "false"}},
         "mild", "face", "smoking,diabetes", "auto", 3, 4, 28, 42, 35, 12, 30, NULL},
        {"a renamed roller warning", {{"modality.roller_warning.code", "\"roller-mild\""}},
         "mild", "face", "", "roller", 3, 4, 28, 42, 35, 12, 30, "roller-mild"},
    };
    /* clang-format on */
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *document = support_default_document();
        for (int c = 0; c < 3 && cases[i].changes[c][0]; c++)
            support_document_set(document, cases[i].changes[c][0], cases[i].changes[c][1]);
        clg_protocol *protocol = support_protocol_from_document(document);
        json_decref(document);
        clg_plan_request request =
            support_request("laxity", cases[i].laxity, "areas", cases[i].areas, "risks",
                            cases[i].risks, "modality", cases[i].modality, (const char *)NULL);
        clg_plan plan;
        support_plan(protocol, &request, &plan);
        const char *row = cases[i].name;
        EXPECT_INT(row, plan.sessions.min, cases[i].sessions_min);
        EXPECT_INT(row, plan.sessions.max, cases[i].sessions_max);
        EXPECT_INT(row, plan.interval_days.min, cases[i].interval_min);
        EXPECT_INT(row, plan.interval_days.max, cases[i].interval_max);
        EXPECT_INT(row, plan.interval_days.recommended, cases[i].interval_recommended);
        EXPECT_INT(row, plan.maintenance_months.recommended, cases[i].maintenance);
        EXPECT_INT(row, plan.session_minutes, cases[i].minutes);
        if (cases[i].warning)
            EXPECT_TRUE(row, support_has_warning(&plan, cases[i].warning));
        clg_protocol_free(protocol);
    }
}

/* A plan says which protocol it came from, and the reasons quote its numbers. */
static void test_plan_records_the_protocol_and_its_floor(void **state)
{
    (void)state;
    json_t *document = support_default_document();
    support_document_set(document, "name", "\"clinic-north\"");
    support_document_set(document, "version", "\"2027.1\"");
    support_document_set(document, "interval_floor.standard.days", "14");
    clg_protocol *protocol = support_protocol_from_document(document);
    json_decref(document);
    clg_plan_request request = support_request("laxity", "mild", (const char *)NULL);
    clg_plan plan;
    support_plan(protocol, &request, &plan);
    assert_string_equal(plan.protocol->name, "clinic-north");
    assert_string_equal(plan.protocol->version, "2027.1");
    bool found = false;
    for (int r = 0; r < plan.reason_count; r++) {
        if (plan.reasons[r].rule != CLG_RULE_INTERVAL_FLOOR)
            continue;
        char sentence[CLG_REASON_TEXT_SIZE];
        clg_reason_describe(&plan.reasons[r], sentence, sizeof sentence);
        assert_non_null(strstr(sentence, "never less than 14 days"));
        found = true;
    }
    assert_true(found);
    clg_protocol_free(protocol);
}

/* One broken field per row: the path to change (value NULL removes it) and the error path. */
typedef struct broken_case {
    const char *name;
    const char *path;
    const char *value;
    const char *field;
} broken_case;

/* 201 bytes: one more than a name may have. */
#define NAME_50 "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"
#define LONG_NAME_201 NAME_50 NAME_50 NAME_50 NAME_50 "n"

static const broken_case broken_cases[] = {
    {"min above max", "base_course[1].sessions.min", "5", "base_course[1].sessions.max"},
    {"floor below 7 days", "interval_floor.standard.days", "6", "interval_floor.standard.days"},
    {"floor of 0 days", "interval_floor.intensive.days", "0", "interval_floor.intensive.days"},
    {"standard floor above its interval max", "interval_floor.standard.days", "43",
     "interval_floor.standard.days"},
    {"intensive floor above its interval max", "interval_floor.intensive.days", "29",
     "interval_floor.intensive.days"},
    {"no standard floor", "interval_floor.standard", NULL, "interval_floor.standard"},
    {"format 1's floor in a format 2 document", "interval_floor_days",
     "{\"value\": 21, \"source\": \"F\"}", "interval_floor_days"},
    {"a floor's why with an unknown source", "interval_floor.why.source", "\"Z\"",
     "interval_floor.why.source"},
    {"unknown top-level key", "colour", "1", "colour"},
    {"unknown nested key", "maintenance.usual.extra", "1", "maintenance.usual.extra"},
    {"format 1's maintenance bands in a format 2 document", "maintenance.light",
     "{\"laxity\": [\"mild\"], \"months\": 12}", "maintenance.light"},
    {"unknown key in a list item", "screening[2].severity", "\"high\"", "screening[2].severity"},
    {"unknown source tag", "base_course[0].source", "\"Z\"", "base_course[0].source"},
    {"unknown source tag in screening", "screening[4].source", "\"nice-2019\"",
     "screening[4].source"},
    {"missing screening code", "screening[9]", NULL, "screening"},
    {"wrong type: string for integer", "interval_days.min", "\"28\"", "interval_days.min"},
    {"wrong type: real for integer", "interval_days.min", "28.5", "interval_days.min"},
    {"wrong type: string for boolean", "difficulty.count_risks", "\"yes\"",
     "difficulty.count_risks"},
    {"wrong type: object for list item", "base_course[0]", "\"x\"", "base_course[0]"},
    {"bad source kind", "sources[0].kind", "\"blog\"", "sources[0].kind"},
    {"duplicate source tag", "sources[1].tag", "\"D\"", "sources[1].tag"},
    {"no sources", "sources", "[]", "sources"},
    {"interval min above max", "interval_days.min", "43", "interval_days.max"},
    {"intensive interval max below min", "intensive.interval_days", "{\"min\": 28, \"max\": 21}",
     "intensive.interval_days.max"},
    {"sessions above the hard limit", "base_course[3].sessions.max", "53",
     "base_course[3].sessions.max"},
    {"missing name", "name", NULL, "name"},
    {"missing evidence note", "evidence_note", NULL, "evidence_note"},
    {"missing base course entry", "base_course[3]", NULL, "base_course"},
    {"unsupported format", "format", "\"collagenda-protocol/3\"", "format"},
    {"laxity listed twice", "base_course[1].laxity", "\"none\"", "base_course[1].laxity"},
    {"unknown laxity", "base_course[0].laxity", "\"slight\"", "base_course[0].laxity"},
    {"unknown goal", "goals[0].goal", "\"beauty\"", "goals[0].goal"},
    {"bad screening level", "screening[0].level", "\"forbidden\"", "screening[0].level"},
    {"bad RF screening level", "screening[4].level_rf", "\"clear\"", "screening[4].level_rf"},
    {"unknown skin type", "skin_type_screening.skin_types", "[\"VII\"]",
     "skin_type_screening.skin_types[0]"},
    {"area listed twice", "small_area.areas", "[\"under-eyes\", \"under-eyes\"]",
     "small_area.areas[1]"},
    {"no small area", "small_area.areas", "[]", "small_area.areas"},
    {"usual maintenance outside the range", "maintenance.usual.months", "13",
     "maintenance.usual.months"},
    {"sooner maintenance outside the range", "maintenance.sooner.months", "5",
     "maintenance.sooner.months"},
    {"sooner maintenance without its intensive flag", "maintenance.sooner.intensive", NULL,
     "maintenance.sooner.intensive"},
    {"unknown laxity never intensive", "intensive.laxity", "[\"firm\"]", "intensive.laxity[0]"},
    {"a reading from an unknown source", "base_course[2].see_also[0].source", "\"G\"",
     "base_course[2].see_also[0].source"},
    {"a reading that says nothing", "base_course[2].see_also[0].says", "\"\"",
     "base_course[2].see_also[0].says"},
    {"a reading with an unknown key", "interval_days.see_also[0].page", "4",
     "interval_days.see_also[0].page"},
    {"too many readings", "interval_days.see_also",
     "[{\"source\": \"F\", \"says\": \"a\"}, {\"source\": \"F\", \"says\": \"b\"}, "
     "{\"source\": \"F\", \"says\": \"c\"}, {\"source\": \"F\", \"says\": \"d\"}]",
     "interval_days.see_also"},
    {"further area minutes from an unknown source", "session_minutes.each_further_area_source",
     "\"Q\"", "session_minutes.each_further_area_source"},
    /* Every text is printed somewhere: no control character anywhere (docs/records.md#hardening).
     */
    {"a bell in the name", "name", "\"collagenda\\u0007\"", "name"},
    {"a line break in the title", "title", "\"two\\nlines\"", "title"},
    {"a tab in a source's title", "sources[0].title", "\"Derm\\testetics\"", "sources[0].title"},
    {"a C1 control in a message", "screening[0].message", "\"infection\\u0085\"",
     "screening[0].message"},
    {"DEL in an aftercare line", "aftercare[1].text", "\"redness\\u007f\"", "aftercare[1].text"},
    {"U+FFFF in a warning message", "modality.roller_warning.message", "\"milder\\uffff\"",
     "modality.roller_warning.message"},
    {"a carriage return in a reading", "base_course[0].see_also[1].says", "\"one\\rsession\"",
     "base_course[0].see_also[1].says"},
    {"an escape in the evidence note", "evidence_note", "\"\\u001b[31mred\"", "evidence_note"},
    {"a control character in a version", "version", "\"2\\u0001\"", "version"},
    /* Names stay names: at most 200 bytes. */
    {"a name of 201 bytes", "name", "\"" LONG_NAME_201 "\"", "name"},
    {"a source tag of 201 bytes", "sources[2].tag", "\"" LONG_NAME_201 "\"", "sources[2].tag"},
    /* Codes are lowercase words joined by hyphens. */
    {"a warning code in capitals", "modality.roller_warning.code", "\"Roller-Less\"",
     "modality.roller_warning.code"},
    {"a warning code with an underscore", "modality.roller_laxity_warning.code",
     "\"roller_insufficient\"", "modality.roller_laxity_warning.code"},
    {"a warning code with a space", "modality.roller_warning.code", "\"roller less\"",
     "modality.roller_warning.code"},
    {"a warning code ending in a hyphen", "modality.roller_warning.code", "\"roller-\"",
     "modality.roller_warning.code"},
    {"a warning code with a double hyphen", "modality.roller_warning.code", "\"roller--less\"",
     "modality.roller_warning.code"},
    {"a finding code with a digit", "skin_type_screening.code", "\"skin-type-5\"",
     "skin_type_screening.code"},
    {"maintenance months of 0", "maintenance.months.min", "0", "maintenance.months.min"},
    {"intensive load not above light load", "difficulty.intensive_load", "1",
     "difficulty.intensive_load"},
    {"laxity under two modalities", "modality.rf_for", "[\"mild\", \"moderate\", \"severe\"]",
     "modality.rf_for"},
    {"laxity under no modality", "modality.rf_for", "[\"moderate\"]", "modality.traditional_for"},
    {"session of 0 minutes", "session_minutes.first_area", "0", "session_minutes.first_area"},
    {"empty aftercare text", "aftercare[0].text", "\"\"", "aftercare[0].text"},
    {"missing roller warning", "modality.roller_warning", NULL, "modality.roller_warning"},
};

static void test_each_broken_document_names_its_field(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof broken_cases / sizeof broken_cases[0]; i++) {
        const broken_case *row = &broken_cases[i];
        json_t *document = support_default_document();
        support_document_set(document, row->path, row->value);
        clg_protocol not_touched;
        clg_protocol *protocol = &not_touched; /* a refused parse sets it to NULL */
        clg_error err = {0};
        EXPECT_INT(row->name, support_parse_document(document, &protocol, &err), CLG_ERR_INVALID);
        EXPECT_TRUE(row->name, protocol == NULL);
        EXPECT_INT(row->name, err.status, CLG_ERR_INVALID);
        EXPECT_STRING(row->name, err.field, row->field);
        EXPECT_TRUE(row->name, strlen(err.message) > 5);
        json_decref(document);
    }
}

/* Messages say what is allowed, not only that something is wrong. */
static void test_broken_document_messages_say_what_is_allowed(void **state)
{
    (void)state;
    static const struct {
        const char *path, *value, *words;
    } cases[] = {
        {"interval_floor.standard.days", "6", "7"},
        {"interval_floor.standard.days", "43", "above the standard interval's max"},
        {"interval_floor.intensive.days", "29", "intensive.interval_days.max, 28"},
        {"name", "\"a\\u0007b\"", "control characters (found U+0007)"},
        {"name", "\"" LONG_NAME_201 "\"", "201 bytes long; a name has at most 200"},
        {"modality.roller_warning.code", "\"Roller\"", "lowercase words joined by hyphens"},
        {"format", "\"collagenda-protocol/3\"", "collagenda-protocol/2"},
        {"sources[0].kind", "\"blog\"", "clinic-practice"},
        {"colour", "1", "evidence_note"},
        {"base_course[0].laxity", "\"slight\"", "none, mild, moderate, severe"},
        {"screening[0].level", "\"forbidden\"", "caution, blocked"},
        {"screening[9]", NULL, "herpes-history"},
        {"base_course[0].source", "\"Z\"", "'Z'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_t *document = support_default_document();
        support_document_set(document, cases[i].path, cases[i].value);
        clg_protocol *protocol = NULL;
        clg_error err = {0};
        EXPECT_INT(cases[i].path, support_parse_document(document, &protocol, &err),
                   CLG_ERR_INVALID);
        if (strstr(err.message, cases[i].words) == NULL)
            fail_msg("%s: \"%s\" does not mention \"%s\"", cases[i].path, err.message,
                     cases[i].words);
        char text[sizeof err.field + sizeof err.message + 4];
        clg_error_text(&err, text, sizeof text);
        EXPECT_TRUE(cases[i].path, strncmp(text, err.field, strlen(err.field)) == 0);
        json_decref(document);
    }
}

/* Documents that are not a protocol object at all. */
static void test_text_that_is_not_a_protocol_object_is_refused(void **state)
{
    (void)state;
    static const struct {
        const char *name, *text, *words;
    } cases[] = {
        {"not JSON", "{", "not valid JSON"},
        {"empty text", "", "not valid JSON"},
        {"trailing garbage", "{} x", "not valid JSON"},
        {"an array", "[]", "object"},
        {"a string", "\"protocol\"", "not valid JSON"},
        {"an empty object", "{}", "required"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        clg_protocol *protocol = NULL;
        clg_error err = {0};
        EXPECT_INT(cases[i].name,
                   clg_protocol_parse(cases[i].text, strlen(cases[i].text), &protocol, &err),
                   CLG_ERR_INVALID);
        EXPECT_TRUE(cases[i].name, protocol == NULL);
        EXPECT_TRUE(cases[i].name, strstr(err.message, cases[i].words) != NULL);
        if (strcmp(cases[i].name, "an empty object") == 0)
            EXPECT_STRING(cases[i].name, err.field, "format");
        else
            EXPECT_STRING(cases[i].name, err.field, "protocol");
    }
}

/* jansson's JSON_REJECT_DUPLICATES: a key given twice is an error, not "last wins". */
static void test_a_duplicate_key_is_refused(void **state)
{
    (void)state;
    const char *text = clg_protocol_default_text();
    const char *version = strstr(text, "\"version\": \"2\",");
    assert_non_null(version);
    size_t prefix = (size_t)(version - text);
    const char duplicate[] = "\"version\": \"3\", ";
    size_t length = strlen(text) + sizeof duplicate - 1;
    char *changed = malloc(length + 1);
    assert_non_null(changed);
    memcpy(changed, text, prefix);
    memcpy(changed + prefix, duplicate, sizeof duplicate - 1);
    memcpy(changed + prefix + sizeof duplicate - 1, version, strlen(version) + 1);

    clg_protocol *protocol = NULL;
    clg_error err = {0};
    assert_int_equal(clg_protocol_parse(changed, length, &protocol, &err), CLG_ERR_INVALID);
    assert_null(protocol);
    assert_string_equal(err.field, "protocol");
    assert_non_null(strstr(err.message, "duplicate"));
    assert_non_null(strstr(err.message, "version"));
    free(changed);
}

/* Optional parts may be left out; the plan then simply does not use them. */
static void test_optional_parts_may_be_left_out(void **state)
{
    (void)state;
    json_t *document = support_default_document();
    support_document_set(document, "goals", "[]");
    support_document_set(document, "title", NULL);
    support_document_set(document, "base_course[0].note", NULL);
    support_document_set(document, "modality.roller_laxity_warning.laxity", "[]");
    support_document_set(document, "base_course[2].see_also", NULL);
    support_document_set(document, "interval_floor.why", NULL);
    support_document_set(document, "maintenance.usual.note", NULL);
    support_document_set(document, "session_minutes.each_further_area_source", NULL);
    clg_protocol *protocol = support_protocol_from_document(document);
    json_decref(document);
    assert_int_equal(protocol->base_course[CLG_LAXITY_MODERATE].see_also.count, 0);
    assert_null(protocol->floor_why.source);
    assert_null(protocol->maintenance_usual.note);
    assert_string_equal(protocol->session_minutes_further_area_source, "F");
    clg_plan_request request = support_request("laxity", "moderate", "goal", "transformation",
                                               "modality", "roller", (const char *)NULL);
    clg_plan plan;
    support_plan(protocol, &request, &plan);
    assert_null(protocol->title);
    assert_int_equal(plan.sessions.min, 4); /* no goal rule: transformation adds nothing */
    assert_int_equal(plan.sessions.max, 6);
    assert_int_equal(plan.warning_count, 1); /* roller warns, but not for moderate laxity */
    assert_true(support_has_warning(&plan, "roller-less-effective"));
    clg_protocol_free(protocol);
}

/* Without "laxity", as in format 1, a heavy load makes any laxity's course intensive. */
static void test_intensive_laxities_default_to_all(void **state)
{
    (void)state;
    json_t *document = support_default_document();
    support_document_set(document, "intensive.laxity", NULL);
    clg_protocol *protocol = support_protocol_from_document(document);
    json_decref(document);
    assert_int_equal(protocol->intensive_laxities, (1u << CLG_LAXITY_COUNT) - 1);
    clg_plan_request request =
        support_request("laxity", "none", "risks", "smoking,diabetes", (const char *)NULL);
    clg_plan plan;
    support_plan(protocol, &request, &plan);
    assert_int_equal(plan.course, CLG_COURSE_INTENSIVE);
    clg_protocol_free(protocol);
}

/*
 * A course keeps the protocol version it was planned with: the version 1
 * document (format 1) that every course started before version 2 stored
 * still parses, and plans exactly as version 1 did: one 21-day floor for
 * both course kinds, the recommended interval in whole weeks, firm skin
 * made intensive by a load, 9 months' maintenance for the cases between.
 */
static void test_version_1_document_still_plans_as_version_1(void **state)
{
    (void)state;
    clg_protocol *version_1 = support_version_1_protocol();
    assert_int_equal(version_1->format, 1);
    assert_string_equal(version_1->version, "1");
    assert_int_equal(version_1->standard_floor.days, 21);
    assert_int_equal(version_1->intensive_floor.days, 21);
    assert_true(version_1->interval_rounds_to_weeks);
    assert_null(version_1->floor_why.source);
    /* clang-format off */
    static const struct {
        const char *laxity, *areas, *risks;
        const char *course;
        int sessions_min, sessions_max, interval_min, interval_recommended, floor, maintenance;
        const char *base_source;
    } cases[] = {
        {"mild", "face", "", "standard", 3, 4, 28, 35, 21, 12, "F"},
        {"moderate", "face", "", "standard", 4, 6, 28, 35, 21, 9, "D"},
        {"severe", "face", "", "standard", 5, 6, 28, 35, 21, 6, "F"},
        {"none", "face", "smoking", "standard", 2, 4, 28, 35, 21, 9, "D"},
        {"none", "arms,abdomen", "", "intensive", 8, 12, 21, 21, 21, 6, "D"},
        {"mild", "face", "smoking,diabetes", "intensive", 8, 12, 21, 21, 21, 6, "F"},
    };
    /* clang-format on */
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char row[96];
        snprintf(row, sizeof row, "version 1: %s, %s, risks '%s'", cases[i].laxity, cases[i].areas,
                 cases[i].risks);
        clg_plan_request request =
            support_request("laxity", cases[i].laxity, "areas", cases[i].areas, "risks",
                            cases[i].risks, (const char *)NULL);
        clg_plan plan;
        support_plan(version_1, &request, &plan);
        EXPECT_STRING(row, clg_course_kind_name(plan.course), cases[i].course);
        EXPECT_INT(row, plan.sessions.min, cases[i].sessions_min);
        EXPECT_INT(row, plan.sessions.max, cases[i].sessions_max);
        EXPECT_INT(row, plan.interval_days.min, cases[i].interval_min);
        EXPECT_INT(row, plan.interval_days.recommended, cases[i].interval_recommended);
        EXPECT_INT(row, plan.interval_floor_days, cases[i].floor);
        EXPECT_INT(row, plan.maintenance_months.recommended, cases[i].maintenance);
        EXPECT_STRING(row, plan.reasons[0].source, cases[i].base_source);
        /* Its reasons read as they did: no other readings, no reason for the floor. */
        for (int r = 0; r < plan.reason_count; r++) {
            char sentence[CLG_REASON_TEXT_SIZE];
            clg_reason_describe(&plan.reasons[r], sentence, sizeof sentence);
            EXPECT_TRUE(row, strstr(sentence, "[") == NULL);
        }
    }
    clg_protocol_free(version_1);
}

/* Format 1 keeps format 1's keys: version 2's shape inside it is refused, naming the key. */
static void test_version_1_document_refuses_version_2_keys(void **state)
{
    (void)state;
    clg_protocol *version_1 = support_version_1_protocol();
    char *text = clg_protocol_to_json(version_1);
    clg_protocol_free(version_1);
    json_t *document = json_loads(text, 0, NULL);
    free(text);
    assert_non_null(document);
    support_document_set(document, "interval_floor",
                         "{\"standard\": {\"days\": 28, \"source\": \"F\"}}");
    clg_protocol *protocol = NULL;
    clg_error err = {0};
    assert_int_equal(support_parse_document(document, &protocol, &err), CLG_ERR_INVALID);
    assert_string_equal(err.field, "interval_floor");
    json_decref(document);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_default_protocol_parses_with_its_name_and_sources),
        cmocka_unit_test(test_printed_protocol_parses_back_to_the_same_protocol),
        cmocka_unit_test(test_parse_reads_only_the_length_given),
        cmocka_unit_test(test_changing_a_number_changes_the_plan),
        cmocka_unit_test(test_plan_records_the_protocol_and_its_floor),
        cmocka_unit_test(test_each_broken_document_names_its_field),
        cmocka_unit_test(test_broken_document_messages_say_what_is_allowed),
        cmocka_unit_test(test_text_that_is_not_a_protocol_object_is_refused),
        cmocka_unit_test(test_a_duplicate_key_is_refused),
        cmocka_unit_test(test_optional_parts_may_be_left_out),
        cmocka_unit_test(test_intensive_laxities_default_to_all),
        cmocka_unit_test(test_version_1_document_still_plans_as_version_1),
        cmocka_unit_test(test_version_1_document_refuses_version_2_keys),
    };
    return cmocka_run_group_tests_name("protocol", tests, NULL, NULL);
}

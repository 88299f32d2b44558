/*
 * Vocabularies of the assessment fields and parsing of their text forms.
 * The words here are the API's enum values (docs/protocol.md#rules), not clinical numbers.
 */
#include "collagenda/assessment.h"

#include <stdio.h>
#include <string.h>

static const char *const laxity_names[] = {"none", "mild", "moderate", "severe"};
static const char *const goal_names[] = {"prevention", "improvement", "transformation"};
static const char *const area_names[] = {"under-eyes", "face", "neck", "chest", "arms", "abdomen"};
static const char *const risk_names[] = {"diabetes",   "autoimmune", "slow-healing",
                                         "accelerated-aging", "sun-damage", "smoking",
                                         "poor-aftercare"};
static const char *const concern_names[] = {"deep-wrinkles", "enlarged-pores", "loose-neck-skin"};
static const char *const modality_names[] = {"auto", "traditional", "rf", "roller"};
static const char *const screening_names[] = {
    "active-infection", "active-acne",    "keloid-tendency",   "pregnancy",     "pacemaker",
    "isotretinoin",     "anticoagulants", "immunosuppression", "metal-allergy", "herpes-history"};
static const char *const skin_type_names[] = {"I", "II", "III", "IV", "V", "VI"};
static const char *const weekday_names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};

#define VOCABULARY(field, names) {field, names, (int)(sizeof names / sizeof names[0])}

static const clg_vocabulary vocabularies[CLG_VOCAB_COUNT] = {
    [CLG_VOCAB_LAXITY] = VOCABULARY("laxity", laxity_names),
    [CLG_VOCAB_GOAL] = VOCABULARY("goal", goal_names),
    [CLG_VOCAB_AREA] = VOCABULARY("areas", area_names),
    [CLG_VOCAB_RISK] = VOCABULARY("risks", risk_names),
    [CLG_VOCAB_CONCERN] = VOCABULARY("concerns", concern_names),
    [CLG_VOCAB_MODALITY] = VOCABULARY("modality", modality_names),
    [CLG_VOCAB_SCREENING] = VOCABULARY("screening", screening_names),
    [CLG_VOCAB_SKIN_TYPE] = VOCABULARY("skin_type", skin_type_names),
    [CLG_VOCAB_WEEKDAY] = VOCABULARY("open_days", weekday_names),
};

_Static_assert(sizeof laxity_names / sizeof laxity_names[0] == CLG_LAXITY_COUNT, "laxity");
_Static_assert(sizeof goal_names / sizeof goal_names[0] == CLG_GOAL_COUNT, "goal");
_Static_assert(sizeof area_names / sizeof area_names[0] == CLG_AREA_COUNT, "areas");
_Static_assert(sizeof risk_names / sizeof risk_names[0] == CLG_RISK_COUNT, "risks");
_Static_assert(sizeof concern_names / sizeof concern_names[0] == CLG_CONCERN_COUNT, "concerns");
_Static_assert(sizeof modality_names / sizeof modality_names[0] == CLG_MODALITY_COUNT, "modality");
_Static_assert(sizeof screening_names / sizeof screening_names[0] == CLG_SCREEN_COUNT, "screen");

const clg_vocabulary *clg_vocabulary_get(clg_vocabulary_id id)
{
    return &vocabularies[id];
}

int clg_vocabulary_find(const clg_vocabulary *vocabulary, const char *name, size_t length)
{
    for (int i = 0; i < vocabulary->count; i++) {
        const char *candidate = vocabulary->names[i];
        /* Length first: a NUL inside name must not end the comparison early. */
        if (strlen(candidate) == length && memcmp(candidate, name, length) == 0)
            return i;
    }
    return -1;
}

const char *clg_vocabulary_list(const clg_vocabulary *vocabulary, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < vocabulary->count && used < size; i++) {
        int written = snprintf(out + used, size - used, "%s%s", i ? ", " : "", vocabulary->names[i]);
        if (written < 0)
            break;
        used += (size_t)written;
    }
    return out;
}

const char *clg_laxity_name(clg_laxity laxity)
{
    return laxity_names[laxity];
}
const char *clg_goal_name(clg_goal goal)
{
    return goal_names[goal];
}
const char *clg_area_name(clg_area area)
{
    return area_names[area];
}
const char *clg_risk_name(clg_risk risk)
{
    return risk_names[risk];
}
const char *clg_concern_name(clg_concern concern)
{
    return concern_names[concern];
}
const char *clg_modality_name(clg_modality modality)
{
    return modality_names[modality];
}
const char *clg_screening_code_name(clg_screening_code code)
{
    return screening_names[code];
}
const char *clg_skin_type_name(int skin_type)
{
    return skin_type >= 1 && skin_type <= CLG_SKIN_TYPE_MAX ? skin_type_names[skin_type - 1] : NULL;
}
const char *clg_weekday_name(int weekday)
{
    return weekday_names[weekday];
}

void clg_plan_request_init(clg_plan_request *request)
{
    memset(request, 0, sizeof *request);
    request->assessment.laxity = CLG_LAXITY_NONE;
    request->assessment.goal = CLG_GOAL_IMPROVEMENT;
    request->assessment.areas = 1u << CLG_AREA_FACE;
    request->assessment.modality = CLG_MODALITY_AUTO;
    request->assessment.skin_type = CLG_SKIN_TYPE_UNKNOWN;
}

static clg_status unknown_word(clg_vocabulary_id id, const char *field, const char *word,
                               size_t length, clg_error *err)
{
    char allowed[512];
    clg_vocabulary_list(&vocabularies[id], allowed, sizeof allowed);
    if (length == 0)
        return clg_error_set(err, CLG_ERR_INVALID, field, "an empty value is not allowed; use one of: %s",
                             allowed);
    return clg_error_set(err, CLG_ERR_INVALID, field, "'%.*s' is not allowed; use one of: %s",
                         (int)(length > 64 ? 64 : length), word, allowed);
}

clg_status clg_vocabulary_parse(clg_vocabulary_id id, const char *field, const char *word,
                                size_t length, int *out, clg_error *err)
{
    int index = clg_vocabulary_find(&vocabularies[id], word, length);
    if (index < 0)
        return unknown_word(id, field, word, length, err);
    *out = index;
    return CLG_OK;
}

/* Sets of these vocabularies must have a member: a course treats some area on some day. */
static bool set_needs_a_member(clg_vocabulary_id id)
{
    return id == CLG_VOCAB_AREA || id == CLG_VOCAB_WEEKDAY;
}

clg_status clg_word_set_parse(clg_vocabulary_id id, const char *field, const char *text,
                              uint32_t *out, clg_error *err)
{
    uint32_t set = 0;
    /* "" has no words; "a,,b" and "a," have an empty one, which is refused as unknown. */
    for (const char *word = *text ? text : NULL; word != NULL;) {
        const char *comma = strchr(word, ',');
        size_t length = comma ? (size_t)(comma - word) : strlen(word);
        int index;
        clg_status status = clg_vocabulary_parse(id, field, word, length, &index, err);
        if (status != CLG_OK)
            return status;
        if (set & (1u << index))
            return clg_error_set(err, CLG_ERR_INVALID, field, "'%s' is listed twice",
                                 vocabularies[id].names[index]);
        set |= 1u << index;
        word = comma ? comma + 1 : NULL;
    }
    if (set == 0 && set_needs_a_member(id)) {
        char allowed[512];
        return clg_error_set(err, CLG_ERR_INVALID, field, "must list at least one of: %s",
                             clg_vocabulary_list(&vocabularies[id], allowed, sizeof allowed));
    }
    *out = set;
    return CLG_OK;
}

const char *clg_word_set_format(clg_vocabulary_id id, uint32_t set,
                                char out[CLG_WORD_SET_TEXT_SIZE])
{
    const clg_vocabulary *words = &vocabularies[id];
    size_t used = 0;
    out[0] = '\0';
    for (int member = 0; member < words->count; member++) {
        if (!((set >> member) & 1u))
            continue;
        size_t length = strlen(words->names[member]);
        /* The size fits every vocabulary's whole set (test_request.c checks): never true. */
        if (used + (used ? 1 : 0) + length >= CLG_WORD_SET_TEXT_SIZE)
            break;
        if (used)
            out[used++] = ',';
        memcpy(out + used, words->names[member], length + 1);
        used += length;
    }
    return out;
}

static clg_status parse_single(clg_vocabulary_id id, const char *field, const char *value, int *out,
                               clg_error *err)
{
    return clg_vocabulary_parse(id, field, value, strlen(value), out, err);
}

clg_status clg_plan_request_set(clg_plan_request *request, const char *field, const char *value,
                                bool *laxity_given, clg_error *err)
{
    clg_assessment *assessment = &request->assessment;
    clg_status status;
    int index;
    uint32_t set = 0;

    if (strcmp(field, "laxity") == 0) {
        status = parse_single(CLG_VOCAB_LAXITY, field, value, &index, err);
        if (status == CLG_OK) {
            assessment->laxity = (clg_laxity)index;
            if (laxity_given)
                *laxity_given = true;
        }
        return status;
    }
    if (strcmp(field, "goal") == 0) {
        status = parse_single(CLG_VOCAB_GOAL, field, value, &index, err);
        if (status == CLG_OK)
            assessment->goal = (clg_goal)index;
        return status;
    }
    if (strcmp(field, "modality") == 0) {
        status = parse_single(CLG_VOCAB_MODALITY, field, value, &index, err);
        if (status == CLG_OK)
            assessment->modality = (clg_modality)index;
        return status;
    }
    if (strcmp(field, "skin_type") == 0) {
        status = parse_single(CLG_VOCAB_SKIN_TYPE, field, value, &index, err);
        if (status == CLG_OK)
            assessment->skin_type = index + 1;
        return status;
    }
    if (strcmp(field, "start") == 0) {
        status = clg_date_parse(value, field, &request->start, err);
        if (status == CLG_OK)
            request->has_start = true;
        return status;
    }

    static const struct {
        const char *field;
        clg_vocabulary_id vocabulary;
    } set_fields[] = {
        {"areas", CLG_VOCAB_AREA},        {"risks", CLG_VOCAB_RISK},
        {"concerns", CLG_VOCAB_CONCERN},  {"screening", CLG_VOCAB_SCREENING},
        {"open_days", CLG_VOCAB_WEEKDAY},
    };
    for (size_t i = 0; i < sizeof set_fields / sizeof set_fields[0]; i++) {
        if (strcmp(field, set_fields[i].field) != 0)
            continue;
        status = clg_word_set_parse(set_fields[i].vocabulary, field, value, &set, err);
        if (status != CLG_OK)
            return status;
        switch (set_fields[i].vocabulary) {
        case CLG_VOCAB_AREA: assessment->areas = set; break;
        case CLG_VOCAB_RISK: assessment->risks = set; break;
        case CLG_VOCAB_CONCERN: assessment->concerns = set; break;
        case CLG_VOCAB_SCREENING: assessment->screening = set; break;
        default: request->open_days = (uint8_t)set; break;
        }
        return CLG_OK;
    }
    return clg_error_set(err, CLG_ERR_INVALID, field,
                         "unknown field; allowed: laxity, goal, areas, risks, concerns, modality, "
                         "screening, skin_type, start, open_days");
}

/* Plan requests from JSON objects; see include/collagenda/request_json.h. */
#include "collagenda/request_json.h"

#include <string.h>

static const char allowed_keys[] = "laxity, goal, areas, risks, concerns, modality, screening, "
                                   "skin_type, start, open_days";

typedef enum { SINGLE_WORD, WORD_LIST } value_shape;

static const struct {
    const char *key;
    value_shape shape;
    clg_vocabulary_id vocabulary;
} fields[] = {
    {"laxity", SINGLE_WORD, CLG_VOCAB_LAXITY},     {"goal", SINGLE_WORD, CLG_VOCAB_GOAL},
    {"modality", SINGLE_WORD, CLG_VOCAB_MODALITY}, {"skin_type", SINGLE_WORD, CLG_VOCAB_SKIN_TYPE},
    {"start", SINGLE_WORD, CLG_VOCAB_COUNT},       {"areas", WORD_LIST, CLG_VOCAB_AREA},
    {"risks", WORD_LIST, CLG_VOCAB_RISK},          {"concerns", WORD_LIST, CLG_VOCAB_CONCERN},
    {"screening", WORD_LIST, CLG_VOCAB_SCREENING}, {"open_days", WORD_LIST, CLG_VOCAB_WEEKDAY},
};

static bool is_ignored(const char *key, const char *const *ignored_keys)
{
    for (const char *const *name = ignored_keys; name && *name; name++)
        if (strcmp(*name, key) == 0)
            return true;
    return false;
}

static clg_status apply_word(clg_plan_request *request, const char *key, const char *word,
                             bool *laxity_given, clg_error *err)
{
    return clg_plan_request_set(request, key, word, laxity_given, err);
}

/*
 * A JSON list becomes the CLI's "a,b,c" text so that both doors share one
 * parser; a word containing a comma could smuggle a second word in, so it
 * is refused here first.
 */
static clg_status apply_list(clg_plan_request *request, const char *key, clg_vocabulary_id id,
                             const json_t *array, clg_error *err)
{
    char joined[512];
    size_t used = 0;
    size_t index;
    const json_t *item;
    json_array_foreach(array, index, item) {
        if (!json_is_string(item)) {
            char allowed[400];
            return clg_error_set(err, CLG_ERR_INVALID, key,
                                 "item %zu must be a string, one of: %s", index,
                                 clg_vocabulary_list(clg_vocabulary_get(id), allowed,
                                                     sizeof allowed));
        }
        const char *word = json_string_value(item);
        size_t length = json_string_length(item);
        if (clg_vocabulary_find(clg_vocabulary_get(id), word, length) < 0 ||
            memchr(word, ',', length) != NULL) {
            int ignored;
            return clg_vocabulary_parse(id, key, word, length, &ignored, err);
        }
        if (used + length + 2 >= sizeof joined)
            return clg_error_set(err, CLG_ERR_INVALID, key, "lists too many items");
        if (used)
            joined[used++] = ',';
        memcpy(joined + used, word, length);
        used += length;
    }
    joined[used] = '\0';
    return clg_plan_request_set(request, key, joined, NULL, err);
}

clg_status clg_plan_request_from_json(const json_t *object, const char *const *ignored_keys,
                                      clg_plan_request *request, clg_error *err)
{
    clg_plan_request_init(request);
    if (!json_is_object(object))
        return clg_error_set(err, CLG_ERR_INVALID, "assessment",
                             "must be a JSON object with the fields: %s", allowed_keys);
    bool laxity_given = false;
    const char *key;
    const json_t *value;
    json_object_foreach((json_t *)object, key, value) {
        if (is_ignored(key, ignored_keys))
            continue;
        size_t field = 0;
        while (field < sizeof fields / sizeof fields[0] && strcmp(fields[field].key, key) != 0)
            field++;
        if (field == sizeof fields / sizeof fields[0])
            return clg_error_set(err, CLG_ERR_INVALID, key, "unknown field; allowed: %s",
                                 allowed_keys);
        clg_status status;
        if (fields[field].shape == SINGLE_WORD) {
            if (!json_is_string(value))
                return clg_error_set(err, CLG_ERR_INVALID, key, "must be a string");
            if (strlen(json_string_value(value)) != json_string_length(value))
                return clg_error_set(err, CLG_ERR_INVALID, key, "must not contain NUL characters");
            status = apply_word(request, key, json_string_value(value), &laxity_given, err);
        } else {
            if (!json_is_array(value))
                return clg_error_set(err, CLG_ERR_INVALID, key, "must be an array of strings");
            status = apply_list(request, key, fields[field].vocabulary, value, err);
        }
        if (status != CLG_OK)
            return status;
    }
    if (!laxity_given) {
        char allowed[200];
        return clg_error_set(err, CLG_ERR_INVALID, "laxity", "is required; use one of: %s",
                             clg_vocabulary_list(clg_vocabulary_get(CLG_VOCAB_LAXITY), allowed,
                                                 sizeof allowed));
    }
    return CLG_OK;
}

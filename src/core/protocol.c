/*
 * Protocol documents: parsing and validation.
 *
 * The document is parsed with jansson and kept alive inside the protocol, so
 * every string of the protocol points into it and nothing is copied. Each
 * section is checked by one small function that knows its field path, so a
 * bad file is reported as "maintenance.months.max: must be an integer from
 * 1 to 60" rather than "invalid protocol". Unknown keys are refused too: a
 * misspelt key would otherwise silently fall back to nothing.
 *
 * Two formats are read. Format 2 (protocol version 2 on) gives each course
 * kind its own interval floor and says why there is one, lists other
 * sources' readings ("see_also"), and states maintenance as a usual
 * interval and the cases that come back sooner. Format 1 is the shape of
 * protocol version 1: it is still read, with its own meaning, because every
 * course started under it was stored with it and is re-planned with it.
 *
 * Every text is printed somewhere (plans, calendars, FHIR), so none may
 * carry a control character; names and codes are short, and codes are
 * lowercase words joined by hyphens, the shape clients match on.
 */
#include "collagenda/protocol.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/protocol_default.h"

enum { FORMAT_1 = 1, FORMAT_2 = 2 };

typedef struct parse_context {
    clg_protocol *protocol;
    clg_error *err;
    int format; /* FORMAT_1 or FORMAT_2 */
} parse_context;

static const char *const source_kind_names[CLG_SOURCE_KIND_COUNT] = {
    "marketing", "study", "review", "consensus", "clinic-practice"};
static const char *const screening_level_names[CLG_SCREENING_LEVEL_COUNT] = {"clear", "caution",
                                                                             "blocked"};

const char *clg_source_kind_name(clg_source_kind kind)
{
    return source_kind_names[kind];
}

const char *clg_screening_level_name(clg_screening_level level)
{
    return screening_level_names[level];
}

static clg_status invalid(parse_context *context, const char *path, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

static clg_status invalid(parse_context *context, const char *path, const char *format, ...)
{
    char message[sizeof context->err->message];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(message, sizeof message, format, arguments);
    va_end(arguments);
    return clg_error_set(context->err, CLG_ERR_INVALID, path, "%s", message);
}

static void join_path(char *out, size_t size, const char *parent, const char *key)
{
    if (parent[0] == '\0')
        snprintf(out, size, "%s", key);
    else
        snprintf(out, size, "%s.%s", parent, key);
}

/* Refuses any key of object not named in allowed (a NULL-terminated list). */
static clg_status check_keys(parse_context *context, json_t *object, const char *path,
                             const char *const *allowed)
{
    const char *key;
    json_t *value;
    json_object_foreach(object, key, value)
    {
        bool known = false;
        for (const char *const *name = allowed; *name; name++)
            known = known || strcmp(*name, key) == 0;
        if (!known) {
            char field[160], list[400] = "";
            join_path(field, sizeof field, path, key);
            size_t used = 0;
            for (const char *const *name = allowed; *name && used < sizeof list; name++) {
                int written = snprintf(list + used, sizeof list - used, "%s%s",
                                       name == allowed ? "" : ", ", *name);
                if (written > 0)
                    used += (size_t)written;
            }
            return invalid(context, field, "unknown key; allowed keys here: %s", list);
        }
    }
    return CLG_OK;
}

static clg_status member(parse_context *context, json_t *object, const char *path, const char *key,
                         json_type type, bool required, json_t **out)
{
    static const char *const type_names[] = {"an object",     "an array", "a string",
                                             "an integer",    "a number", "true or false",
                                             "true or false", "null"};
    char field[160];
    join_path(field, sizeof field, path, key);
    json_t *value = json_object_get(object, key);
    *out = NULL;
    if (value == NULL) {
        if (required)
            return invalid(context, field, "is required");
        return CLG_OK;
    }
    bool matches =
        json_typeof(value) == type || (type == JSON_TRUE && json_typeof(value) == JSON_FALSE);
    if (!matches)
        return invalid(context, field, "must be %s", type_names[type]);
    *out = value;
    return CLG_OK;
}

/*
 * The first code point of text (valid UTF-8: jansson checked it) that no
 * printed text may carry: C0 and C1 controls (line breaks included), DEL,
 * and the noncharacters U+FFFE and U+FFFF, which XML and iCalendar cannot
 * hold. Returns -1 when there is none.
 */
static long first_control_character(const char *text, size_t length)
{
    const unsigned char *bytes = (const unsigned char *)text;
    for (size_t i = 0; i < length;) {
        unsigned long code = bytes[i];
        size_t size = 1;
        if (code >= 0xF0)
            code &= 0x07, size = 4;
        else if (code >= 0xE0)
            code &= 0x0F, size = 3;
        else if (code >= 0xC0)
            code &= 0x1F, size = 2;
        for (size_t k = 1; k < size && i + k < length; k++)
            code = (code << 6) | (bytes[i + k] & 0x3Fu);
        if (code < 0x20 || (code >= 0x7F && code <= 0x9F) || code == 0xFFFE || code == 0xFFFF)
            return (long)code;
        i += size;
    }
    return -1;
}

static clg_status text_member(parse_context *context, json_t *object, const char *path,
                              const char *key, bool required, const char **out)
{
    json_t *value;
    clg_status status = member(context, object, path, key, JSON_STRING, required, &value);
    if (status != CLG_OK)
        return status;
    *out = value ? json_string_value(value) : NULL;
    if (value == NULL)
        return CLG_OK;
    char field[160];
    join_path(field, sizeof field, path, key);
    if ((*out)[0] == '\0')
        return invalid(context, field, "must not be empty");
    long control = first_control_character(*out, json_string_length(value));
    if (control >= 0)
        return invalid(context, field,
                       "must not contain control characters (found U+%04lX); write it on one "
                       "line, without tabs",
                       control);
    return CLG_OK;
}

/* A name, tag or code: text of at most CLG_PROTOCOL_NAME_MAX_BYTES. */
static clg_status name_member(parse_context *context, json_t *object, const char *path,
                              const char *key, bool required, const char **out)
{
    clg_status status = text_member(context, object, path, key, required, out);
    if (status != CLG_OK || *out == NULL || strlen(*out) <= CLG_PROTOCOL_NAME_MAX_BYTES)
        return status;
    char field[160];
    join_path(field, sizeof field, path, key);
    return invalid(context, field, "is %zu bytes long; a name has at most %d", strlen(*out),
                   CLG_PROTOCOL_NAME_MAX_BYTES);
}

/* "roller-less-effective": lowercase letters, words joined by single hyphens. */
static bool is_lowercase_hyphen_words(const char *text)
{
    bool word_started = false;
    for (const char *c = text; *c; c++) {
        if (*c >= 'a' && *c <= 'z')
            word_started = true;
        else if (*c == '-' && word_started)
            word_started = false;
        else
            return false;
    }
    return word_started;
}

/* A warning or finding code, which clients match on: a name of lowercase-hyphen words. */
static clg_status code_member(parse_context *context, json_t *object, const char *path,
                              const char *key, const char **out)
{
    clg_status status = name_member(context, object, path, key, true, out);
    if (status != CLG_OK || *out == NULL || is_lowercase_hyphen_words(*out))
        return status;
    char field[160];
    join_path(field, sizeof field, path, key);
    return invalid(context, field,
                   "'%.80s' is not a code; use lowercase words joined by hyphens, like "
                   "roller-less-effective",
                   *out);
}

static clg_status int_member(parse_context *context, json_t *object, const char *path,
                             const char *key, int low, int high, int *out)
{
    json_t *value;
    clg_status status = member(context, object, path, key, JSON_INTEGER, true, &value);
    if (status != CLG_OK)
        return status;
    json_int_t number = json_integer_value(value);
    if (number < low || number > high) {
        char field[160];
        join_path(field, sizeof field, path, key);
        return invalid(context, field, "must be an integer from %d to %d", low, high);
    }
    *out = (int)number;
    return CLG_OK;
}

static clg_status range_member(parse_context *context, json_t *object, const char *path,
                               const char *key, int low, int high, clg_int_range *out)
{
    static const char *const keys[] = {"min", "max", NULL};
    char field[160];
    json_t *value;
    join_path(field, sizeof field, path, key);
    clg_status status = member(context, object, path, key, JSON_OBJECT, true, &value);
    if (status == CLG_OK)
        status = check_keys(context, value, field, keys);
    if (status == CLG_OK)
        status = int_member(context, value, field, "min", low, high, &out->min);
    if (status == CLG_OK)
        status = int_member(context, value, field, "max", low, high, &out->max);
    if (status == CLG_OK && out->min > out->max) {
        char max_field[180];
        join_path(max_field, sizeof max_field, field, "max");
        return invalid(context, max_field, "must not be below min (%d)", out->min);
    }
    return status;
}

/* A source tag must name one of the document's sources. */
static clg_status source_member(parse_context *context, json_t *object, const char *path,
                                const char **out)
{
    clg_status status = text_member(context, object, path, "source", true, out);
    if (status != CLG_OK)
        return status;
    if (clg_protocol_find_source(context->protocol, *out) == NULL) {
        char field[160];
        join_path(field, sizeof field, path, "source");
        return invalid(context, field, "'%s' is not a tag listed under sources", *out);
    }
    return CLG_OK;
}

/* An array of vocabulary words as a bit mask; duplicates are refused. */
static clg_status word_set_member(parse_context *context, json_t *object, const char *path,
                                  const char *key, clg_vocabulary_id id, bool may_be_empty,
                                  uint32_t *out)
{
    char field[160];
    json_t *array;
    join_path(field, sizeof field, path, key);
    clg_status status = member(context, object, path, key, JSON_ARRAY, true, &array);
    if (status != CLG_OK)
        return status;
    uint32_t set = 0;
    size_t index;
    json_t *item;
    json_array_foreach(array, index, item)
    {
        char item_field[180];
        snprintf(item_field, sizeof item_field, "%s[%zu]", field, index);
        if (!json_is_string(item))
            return invalid(context, item_field, "must be a string");
        int word;
        status = clg_vocabulary_parse(id, item_field, json_string_value(item),
                                      json_string_length(item), &word, context->err);
        if (status != CLG_OK)
            return status;
        if (set & (1u << word))
            return invalid(context, item_field, "'%s' is listed twice", json_string_value(item));
        set |= 1u << word;
    }
    if (set == 0 && !may_be_empty)
        return invalid(context, field, "must not be empty");
    *out = set;
    return CLG_OK;
}

/*
 * Item index of the array called name: an object with only the given keys.
 * Its path ("goals[2]"), which every error inside it starts with, goes to path.
 */
static clg_status array_item(parse_context *context, const char *name, size_t index, json_t *item,
                             const char *const *keys, char path[64])
{
    snprintf(path, 64, "%s[%zu]", name, index);
    if (!json_is_object(item))
        return invalid(context, path, "must be an object");
    return check_keys(context, item, path, keys);
}

/*
 * The member that says which word of a vocabulary an array item is about
 * ("laxity": "mild"): required, known, and not listed by an earlier item
 * (seen, indexed by word, records the words listed so far).
 */
static clg_status vocabulary_key(parse_context *context, json_t *item, const char *path,
                                 const char *key, clg_vocabulary_id id, bool *seen, int *out)
{
    const char *text;
    clg_status status = text_member(context, item, path, key, true, &text);
    if (status != CLG_OK)
        return status;
    char field[96];
    join_path(field, sizeof field, path, key);
    if ((status = clg_vocabulary_parse(id, field, text, strlen(text), out, context->err)) != CLG_OK)
        return status;
    if (seen[*out])
        return invalid(context, field, "'%s' is listed twice", text);
    seen[*out] = true;
    return CLG_OK;
}

/* The optional "see_also" list of a rule: what other sources say on the same point. */
static clg_status see_also_member(parse_context *context, json_t *object, const char *path,
                                  clg_see_also *out)
{
    static const char *const keys[] = {"source", "says", NULL};
    char field[160];
    json_t *array;
    out->count = 0;
    join_path(field, sizeof field, path, "see_also");
    clg_status status = member(context, object, path, "see_also", JSON_ARRAY, false, &array);
    if (status != CLG_OK || array == NULL)
        return status;
    if (json_array_size(array) > CLG_MAX_SEE_ALSO)
        return invalid(context, field, "must list at most %d readings", CLG_MAX_SEE_ALSO);
    size_t index;
    json_t *item;
    json_array_foreach(array, index, item)
    {
        char item_path[180];
        clg_citation *citation = &out->items[index];
        snprintf(item_path, sizeof item_path, "%s[%zu]", field, index);
        if (!json_is_object(item))
            return invalid(context, item_path, "must be an object");
        if ((status = check_keys(context, item, item_path, keys)) != CLG_OK ||
            (status = source_member(context, item, item_path, &citation->source)) != CLG_OK ||
            (status = text_member(context, item, item_path, "says", true, &citation->says)) !=
                CLG_OK)
            return status;
        out->count = (int)index + 1;
    }
    return CLG_OK;
}

static clg_status parse_level(parse_context *context, const char *field, const char *text,
                              clg_screening_level *out)
{
    for (int level = CLG_SCREENING_CAUTION; level < CLG_SCREENING_LEVEL_COUNT; level++) {
        if (strcmp(text, screening_level_names[level]) == 0) {
            *out = (clg_screening_level)level;
            return CLG_OK;
        }
    }
    return invalid(context, field, "'%s' is not allowed; use one of: caution, blocked", text);
}

static clg_status parse_sources(parse_context *context, json_t *root)
{
    static const char *const keys[] = {"tag", "kind", "title", NULL};
    json_t *array;
    clg_status status = member(context, root, "", "sources", JSON_ARRAY, true, &array);
    if (status != CLG_OK)
        return status;
    if (json_array_size(array) == 0 || json_array_size(array) > CLG_MAX_SOURCES)
        return invalid(context, "sources", "must list 1 to %d sources", CLG_MAX_SOURCES);
    size_t index;
    json_t *item;
    json_array_foreach(array, index, item)
    {
        char path[64];
        clg_source *source = &context->protocol->sources[index];
        const char *kind;
        if ((status = array_item(context, "sources", index, item, keys, path)) != CLG_OK ||
            (status = name_member(context, item, path, "tag", true, &source->tag)) != CLG_OK ||
            (status = text_member(context, item, path, "title", true, &source->title)) != CLG_OK ||
            (status = text_member(context, item, path, "kind", true, &kind)) != CLG_OK)
            return status;
        if (clg_protocol_find_source(context->protocol, source->tag) != NULL) {
            char field[80];
            join_path(field, sizeof field, path, "tag");
            return invalid(context, field, "'%s' is listed twice", source->tag);
        }
        int kind_index = -1;
        for (int k = 0; k < CLG_SOURCE_KIND_COUNT; k++)
            if (strcmp(kind, source_kind_names[k]) == 0)
                kind_index = k;
        if (kind_index < 0) {
            char field[80];
            join_path(field, sizeof field, path, "kind");
            return invalid(context, field,
                           "'%s' is not allowed; use one of: marketing, study, review, consensus, "
                           "clinic-practice",
                           kind);
        }
        source->kind = (clg_source_kind)kind_index;
        context->protocol->source_count = (int)index + 1;
    }
    return CLG_OK;
}

static clg_status parse_base_course(parse_context *context, json_t *root)
{
    static const char *const keys[] = {"laxity", "sessions", "source", "note", "see_also", NULL};
    json_t *array;
    clg_status status = member(context, root, "", "base_course", JSON_ARRAY, true, &array);
    if (status != CLG_OK)
        return status;
    bool seen[CLG_LAXITY_COUNT] = {false};
    size_t index;
    json_t *item;
    json_array_foreach(array, index, item)
    {
        char path[64];
        int laxity;
        if ((status = array_item(context, "base_course", index, item, keys, path)) != CLG_OK ||
            (status = vocabulary_key(context, item, path, "laxity", CLG_VOCAB_LAXITY, seen,
                                     &laxity)) != CLG_OK)
            return status;
        clg_base_course_rule *rule = &context->protocol->base_course[laxity];
        if ((status = range_member(context, item, path, "sessions", 1, CLG_MAX_SESSIONS,
                                   &rule->sessions)) != CLG_OK ||
            (status = source_member(context, item, path, &rule->source)) != CLG_OK ||
            (status = text_member(context, item, path, "note", false, &rule->note)) != CLG_OK ||
            (status = see_also_member(context, item, path, &rule->see_also)) != CLG_OK)
            return status;
    }
    for (int laxity = 0; laxity < CLG_LAXITY_COUNT; laxity++)
        if (!seen[laxity])
            return invalid(context, "base_course", "has no entry for laxity '%s'",
                           clg_laxity_name((clg_laxity)laxity));
    return CLG_OK;
}

static clg_status parse_interval(parse_context *context, json_t *root)
{
    static const char *const keys[] = {"min", "max", "source", "see_also", NULL};
    clg_protocol *protocol = context->protocol;
    json_t *interval;
    clg_status status;
    if ((status = member(context, root, "", "interval_days", JSON_OBJECT, true, &interval)) !=
            CLG_OK ||
        (status = check_keys(context, interval, "interval_days", keys)) != CLG_OK ||
        (status = int_member(context, interval, "interval_days", "min", 1, CLG_MAX_INTERVAL_DAYS,
                             &protocol->interval_days.min)) != CLG_OK ||
        (status = int_member(context, interval, "interval_days", "max", 1, CLG_MAX_INTERVAL_DAYS,
                             &protocol->interval_days.max)) != CLG_OK ||
        (status = source_member(context, interval, "interval_days", &protocol->interval_source)) !=
            CLG_OK ||
        (status = see_also_member(context, interval, "interval_days",
                                  &protocol->interval_see_also)) != CLG_OK)
        return status;
    if (protocol->interval_days.min > protocol->interval_days.max)
        return invalid(context, "interval_days.max", "must not be below min (%d)",
                       protocol->interval_days.min);
    protocol->interval_rounds_to_weeks = context->format == FORMAT_1;
    return CLG_OK;
}

/* Format 1: one floor, {"value", "source"}, for every course kind. */
static clg_status parse_floor_format_1(parse_context *context, json_t *root)
{
    static const char *const keys[] = {"value", "source", NULL};
    clg_protocol *protocol = context->protocol;
    json_t *floor;
    clg_status status;
    if ((status = member(context, root, "", "interval_floor_days", JSON_OBJECT, true, &floor)) !=
            CLG_OK ||
        (status = check_keys(context, floor, "interval_floor_days", keys)) != CLG_OK ||
        (status =
             int_member(context, floor, "interval_floor_days", "value", CLG_INTERVAL_FLOOR_MIN_DAYS,
                        CLG_MAX_INTERVAL_DAYS, &protocol->standard_floor.days)) != CLG_OK ||
        (status = source_member(context, floor, "interval_floor_days",
                                &protocol->standard_floor.source)) != CLG_OK)
        return status;
    protocol->intensive_floor = protocol->standard_floor;
    return CLG_OK;
}

/* One course kind's floor, {"days", "source"}: checked against its interval once both are read. */
static clg_status parse_floor_rule(parse_context *context, json_t *object, const char *key,
                                   clg_floor_rule *rule)
{
    static const char *const keys[] = {"days", "source", NULL};
    char path[64];
    json_t *floor;
    clg_status status;
    snprintf(path, sizeof path, "interval_floor.%s", key);
    if ((status = member(context, object, "interval_floor", key, JSON_OBJECT, true, &floor)) !=
            CLG_OK ||
        (status = check_keys(context, floor, path, keys)) != CLG_OK ||
        (status = int_member(context, floor, path, "days", CLG_INTERVAL_FLOOR_MIN_DAYS,
                             CLG_MAX_INTERVAL_DAYS, &rule->days)) != CLG_OK ||
        (status = source_member(context, floor, path, &rule->source)) != CLG_OK)
        return status;
    return CLG_OK;
}

/* Format 2: {"standard": floor, "intensive": floor, "why": {"source", "says"}}. */
static clg_status parse_floors(parse_context *context, json_t *root)
{
    static const char *const keys[] = {"standard", "intensive", "why", NULL};
    static const char *const why_keys[] = {"source", "says", NULL};
    clg_protocol *protocol = context->protocol;
    json_t *object, *why;
    clg_status status;
    if ((status = member(context, root, "", "interval_floor", JSON_OBJECT, true, &object)) !=
            CLG_OK ||
        (status = check_keys(context, object, "interval_floor", keys)) != CLG_OK ||
        (status = parse_floor_rule(context, object, "standard", &protocol->standard_floor)) !=
            CLG_OK ||
        (status = parse_floor_rule(context, object, "intensive", &protocol->intensive_floor)) !=
            CLG_OK ||
        (status = member(context, object, "interval_floor", "why", JSON_OBJECT, false, &why)) !=
            CLG_OK)
        return status;
    if (why == NULL)
        return CLG_OK;
    if ((status = check_keys(context, why, "interval_floor.why", why_keys)) != CLG_OK ||
        (status = source_member(context, why, "interval_floor.why", &protocol->floor_why.source)) !=
            CLG_OK ||
        (status = text_member(context, why, "interval_floor.why", "says", true,
                              &protocol->floor_why.says)) != CLG_OK)
        return status;
    return CLG_OK;
}

/*
 * docs/protocol.md#rules: a floor is never above its course kind's interval maximum (a
 * floor no session could keep to). Format 1 documents had one floor for
 * both kinds and are read as they were accepted.
 */
static clg_status check_floors(parse_context *context)
{
    const clg_protocol *protocol = context->protocol;
    if (context->format == FORMAT_1)
        return CLG_OK;
    if (protocol->standard_floor.days > protocol->interval_days.max)
        return invalid(context, "interval_floor.standard.days",
                       "%d is above the standard interval's max (interval_days.max, %d)",
                       protocol->standard_floor.days, protocol->interval_days.max);
    if (protocol->intensive_floor.days > protocol->intensive_interval_days.max)
        return invalid(context, "interval_floor.intensive.days",
                       "%d is above the intensive interval's max (intensive.interval_days.max, "
                       "%d)",
                       protocol->intensive_floor.days, protocol->intensive_interval_days.max);
    return CLG_OK;
}

static clg_status parse_small_area(parse_context *context, json_t *root)
{
    static const char *const keys[] = {"areas",  "sessions_delta", "sessions_floor",
                                       "source", "see_also",       NULL};
    clg_protocol *protocol = context->protocol;
    json_t *object;
    clg_status status;
    if ((status = member(context, root, "", "small_area", JSON_OBJECT, true, &object)) != CLG_OK ||
        (status = check_keys(context, object, "small_area", keys)) != CLG_OK ||
        (status = word_set_member(context, object, "small_area", "areas", CLG_VOCAB_AREA, false,
                                  &protocol->small_areas)) != CLG_OK ||
        (status = int_member(context, object, "small_area", "sessions_delta", -CLG_MAX_SESSIONS, 0,
                             &protocol->small_area_sessions_delta)) != CLG_OK ||
        (status = int_member(context, object, "small_area", "sessions_floor", 1, CLG_MAX_SESSIONS,
                             &protocol->small_area_sessions_floor)) != CLG_OK ||
        (status = source_member(context, object, "small_area", &protocol->small_area_source)) !=
            CLG_OK ||
        (status = see_also_member(context, object, "small_area", &protocol->small_area_see_also)) !=
            CLG_OK)
        return status;
    return CLG_OK;
}

static clg_status parse_goals(parse_context *context, json_t *root)
{
    static const char *const keys[] = {"goal", "sessions_at_least", "source", "see_also", NULL};
    json_t *array;
    clg_status status = member(context, root, "", "goals", JSON_ARRAY, true, &array);
    if (status != CLG_OK)
        return status;
    bool seen[CLG_GOAL_COUNT] = {false};
    size_t index;
    json_t *item;
    json_array_foreach(array, index, item)
    {
        char path[64];
        int goal;
        if ((status = array_item(context, "goals", index, item, keys, path)) != CLG_OK ||
            (status = vocabulary_key(context, item, path, "goal", CLG_VOCAB_GOAL, seen, &goal)) !=
                CLG_OK)
            return status;
        clg_goal_rule *rule = &context->protocol->goals[goal];
        rule->present = true;
        if ((status = range_member(context, item, path, "sessions_at_least", 1, CLG_MAX_SESSIONS,
                                   &rule->sessions_at_least)) != CLG_OK ||
            (status = source_member(context, item, path, &rule->source)) != CLG_OK ||
            (status = see_also_member(context, item, path, &rule->see_also)) != CLG_OK)
            return status;
    }
    return CLG_OK;
}

/*
 * The laxities a difficulty load may make intensive (docs/protocol.md#rules rule 4: never
 * firm skin). Optional: without it, as in format 1, every laxity may.
 */
static clg_status parse_intensive_laxities(parse_context *context, json_t *intensive)
{
    clg_protocol *protocol = context->protocol;
    protocol->intensive_laxities = (1u << CLG_LAXITY_COUNT) - 1;
    if (json_object_get(intensive, "laxity") == NULL)
        return CLG_OK;
    return word_set_member(context, intensive, "intensive", "laxity", CLG_VOCAB_LAXITY, true,
                           &protocol->intensive_laxities);
}

static clg_status parse_difficulty(parse_context *context, json_t *root)
{
    static const char *const keys[] = {"extra_areas",
                                       "count_risks",
                                       "count_concerns",
                                       "light_load",
                                       "light_load_sessions_delta",
                                       "intensive_load",
                                       "source",
                                       "see_also",
                                       NULL};
    static const char *const intensive_keys[] = {"laxity", "sessions_at_least", "interval_days",
                                                 "source", "see_also",          NULL};
    clg_protocol *protocol = context->protocol;
    json_t *object, *flag, *intensive;
    clg_status status;
    if ((status = member(context, root, "", "difficulty", JSON_OBJECT, true, &object)) != CLG_OK ||
        (status = check_keys(context, object, "difficulty", keys)) != CLG_OK ||
        (status = word_set_member(context, object, "difficulty", "extra_areas", CLG_VOCAB_AREA,
                                  true, &protocol->difficulty_extra_areas)) != CLG_OK)
        return status;
    if ((status = member(context, object, "difficulty", "count_risks", JSON_TRUE, true, &flag)) !=
        CLG_OK)
        return status;
    protocol->difficulty_counts_risks = json_is_true(flag);
    if ((status = member(context, object, "difficulty", "count_concerns", JSON_TRUE, true,
                         &flag)) != CLG_OK)
        return status;
    protocol->difficulty_counts_concerns = json_is_true(flag);
    if ((status = int_member(context, object, "difficulty", "light_load", 1, 32,
                             &protocol->light_load)) != CLG_OK ||
        (status = int_member(context, object, "difficulty", "light_load_sessions_delta", 0,
                             CLG_MAX_SESSIONS, &protocol->light_load_sessions_delta)) != CLG_OK ||
        (status = int_member(context, object, "difficulty", "intensive_load", 1, 32,
                             &protocol->intensive_load)) != CLG_OK ||
        (status = source_member(context, object, "difficulty", &protocol->difficulty_source)) !=
            CLG_OK ||
        (status = see_also_member(context, object, "difficulty", &protocol->difficulty_see_also)) !=
            CLG_OK)
        return status;
    if (protocol->intensive_load <= protocol->light_load)
        return invalid(context, "difficulty.intensive_load", "must be above light_load (%d)",
                       protocol->light_load);

    if ((status = member(context, root, "", "intensive", JSON_OBJECT, true, &intensive)) !=
            CLG_OK ||
        (status = check_keys(context, intensive, "intensive", intensive_keys)) != CLG_OK ||
        (status = range_member(context, intensive, "intensive", "sessions_at_least", 1,
                               CLG_MAX_SESSIONS, &protocol->intensive_sessions_at_least)) !=
            CLG_OK ||
        (status = range_member(context, intensive, "intensive", "interval_days", 1,
                               CLG_MAX_INTERVAL_DAYS, &protocol->intensive_interval_days)) !=
            CLG_OK ||
        (status = source_member(context, intensive, "intensive", &protocol->intensive_source)) !=
            CLG_OK ||
        (status = see_also_member(context, intensive, "intensive",
                                  &protocol->intensive_see_also)) != CLG_OK)
        return status;
    return parse_intensive_laxities(context, intensive);
}

static clg_status check_within(parse_context *context, const char *field, int value,
                               clg_int_range range)
{
    if (value < range.min || value > range.max)
        return invalid(context, field, "must be within maintenance.months (%d-%d)", range.min,
                       range.max);
    return CLG_OK;
}

/* Format 1's bands, {"laxity", "months"}: "light" needs no load, "heavy" also takes intensive
 * courses. */
static clg_status parse_maintenance_band(parse_context *context, json_t *object, const char *key,
                                         clg_maintenance_rule *rule)
{
    static const char *const keys[] = {"laxity", "months", NULL};
    char path[64];
    json_t *band;
    clg_status status;
    snprintf(path, sizeof path, "maintenance.%s", key);
    if ((status = member(context, object, "maintenance", key, JSON_OBJECT, true, &band)) !=
            CLG_OK ||
        (status = check_keys(context, band, path, keys)) != CLG_OK ||
        (status = word_set_member(context, band, path, "laxity", CLG_VOCAB_LAXITY, true,
                                  &rule->laxities)) != CLG_OK ||
        (status = int_member(context, band, path, "months", 1, CLG_MAX_MAINTENANCE_MONTHS,
                             &rule->months)) != CLG_OK)
        return status;
    char months_field[80];
    join_path(months_field, sizeof months_field, path, "months");
    return check_within(context, months_field, rule->months, context->protocol->maintenance_months);
}

static clg_status parse_maintenance_format_1(parse_context *context, json_t *object)
{
    static const char *const keys[] = {"months",           "light",  "heavy",
                                       "otherwise_months", "source", NULL};
    clg_protocol *protocol = context->protocol;
    clg_maintenance_rule *usual = &protocol->maintenance_usual;
    clg_maintenance_rule *sooner = &protocol->maintenance_sooner;
    clg_maintenance_rule *otherwise = &protocol->maintenance_otherwise;
    clg_status status;
    if ((status = check_keys(context, object, "maintenance", keys)) != CLG_OK ||
        (status = parse_maintenance_band(context, object, "light", usual)) != CLG_OK ||
        (status = parse_maintenance_band(context, object, "heavy", sooner)) != CLG_OK ||
        (status = int_member(context, object, "maintenance", "otherwise_months", 1,
                             CLG_MAX_MAINTENANCE_MONTHS, &otherwise->months)) != CLG_OK ||
        (status = check_within(context, "maintenance.otherwise_months", otherwise->months,
                               protocol->maintenance_months)) != CLG_OK)
        return status;
    usual->only_without_load = true;
    sooner->when_intensive = true;
    otherwise->laxities = (1u << CLG_LAXITY_COUNT) - 1;
    usual->source = sooner->source = otherwise->source = protocol->maintenance_source;
    return CLG_OK;
}

/* Format 2's usual interval, {"months", "source", "note"}: for every case "sooner" does not take.
 */
static clg_status parse_maintenance_usual(parse_context *context, json_t *object)
{
    static const char *const keys[] = {"months", "source", "note", NULL};
    clg_maintenance_rule *rule = &context->protocol->maintenance_usual;
    json_t *usual;
    clg_status status;
    if ((status = member(context, object, "maintenance", "usual", JSON_OBJECT, true, &usual)) !=
            CLG_OK ||
        (status = check_keys(context, usual, "maintenance.usual", keys)) != CLG_OK ||
        (status = int_member(context, usual, "maintenance.usual", "months", 1,
                             CLG_MAX_MAINTENANCE_MONTHS, &rule->months)) != CLG_OK ||
        (status = source_member(context, usual, "maintenance.usual", &rule->source)) != CLG_OK ||
        (status = text_member(context, usual, "maintenance.usual", "note", false, &rule->note)) !=
            CLG_OK ||
        (status = check_within(context, "maintenance.usual.months", rule->months,
                               context->protocol->maintenance_months)) != CLG_OK)
        return status;
    rule->laxities = (1u << CLG_LAXITY_COUNT) - 1;
    context->protocol->maintenance_otherwise = *rule;
    return CLG_OK;
}

/* Format 2's sooner interval, {"laxity", "intensive", "months", "source", "note"}. */
static clg_status parse_maintenance_sooner(parse_context *context, json_t *object)
{
    static const char *const keys[] = {"laxity", "intensive", "months", "source", "note", NULL};
    clg_maintenance_rule *rule = &context->protocol->maintenance_sooner;
    json_t *sooner, *intensive;
    clg_status status;
    if ((status = member(context, object, "maintenance", "sooner", JSON_OBJECT, true, &sooner)) !=
            CLG_OK ||
        (status = check_keys(context, sooner, "maintenance.sooner", keys)) != CLG_OK ||
        (status = word_set_member(context, sooner, "maintenance.sooner", "laxity", CLG_VOCAB_LAXITY,
                                  true, &rule->laxities)) != CLG_OK ||
        (status = member(context, sooner, "maintenance.sooner", "intensive", JSON_TRUE, true,
                         &intensive)) != CLG_OK ||
        (status = int_member(context, sooner, "maintenance.sooner", "months", 1,
                             CLG_MAX_MAINTENANCE_MONTHS, &rule->months)) != CLG_OK ||
        (status = source_member(context, sooner, "maintenance.sooner", &rule->source)) != CLG_OK ||
        (status = text_member(context, sooner, "maintenance.sooner", "note", false, &rule->note)) !=
            CLG_OK ||
        (status = check_within(context, "maintenance.sooner.months", rule->months,
                               context->protocol->maintenance_months)) != CLG_OK)
        return status;
    rule->when_intensive = json_is_true(intensive);
    return CLG_OK;
}

static clg_status parse_maintenance(parse_context *context, json_t *root)
{
    static const char *const keys[] = {"months", "source", "usual", "sooner", NULL};
    clg_protocol *protocol = context->protocol;
    json_t *object;
    clg_status status;
    if ((status = member(context, root, "", "maintenance", JSON_OBJECT, true, &object)) != CLG_OK ||
        (status = range_member(context, object, "maintenance", "months", 1,
                               CLG_MAX_MAINTENANCE_MONTHS, &protocol->maintenance_months)) !=
            CLG_OK ||
        (status = source_member(context, object, "maintenance", &protocol->maintenance_source)) !=
            CLG_OK)
        return status;
    if (context->format == FORMAT_1)
        return parse_maintenance_format_1(context, object);
    if ((status = check_keys(context, object, "maintenance", keys)) != CLG_OK ||
        (status = parse_maintenance_usual(context, object)) != CLG_OK ||
        (status = parse_maintenance_sooner(context, object)) != CLG_OK)
        return status;
    return CLG_OK;
}

static clg_status parse_warning_rule(parse_context *context, json_t *object, const char *key,
                                     bool has_laxity, clg_warning_rule *rule)
{
    static const char *const keys[] = {"code", "message", "source", NULL};
    static const char *const laxity_keys[] = {"laxity", "code", "message", "source", NULL};
    char path[64];
    json_t *warning;
    clg_status status;
    snprintf(path, sizeof path, "modality.%s", key);
    if ((status = member(context, object, "modality", key, JSON_OBJECT, true, &warning)) !=
            CLG_OK ||
        (status = check_keys(context, warning, path, has_laxity ? laxity_keys : keys)) != CLG_OK ||
        (status = code_member(context, warning, path, "code", &rule->code)) != CLG_OK ||
        (status = text_member(context, warning, path, "message", true, &rule->message)) != CLG_OK ||
        (status = source_member(context, warning, path, &rule->source)) != CLG_OK)
        return status;
    if (has_laxity && (status = word_set_member(context, warning, path, "laxity", CLG_VOCAB_LAXITY,
                                                true, &rule->laxities)) != CLG_OK)
        return status;
    rule->present = true;
    return CLG_OK;
}

static clg_status parse_modality(parse_context *context, json_t *root)
{
    static const char *const keys[] = {
        "traditional_for",       "rf_for", "rf_for_goals", "source", "roller_warning",
        "roller_laxity_warning", NULL};
    clg_protocol *protocol = context->protocol;
    json_t *object;
    clg_status status;
    if ((status = member(context, root, "", "modality", JSON_OBJECT, true, &object)) != CLG_OK ||
        (status = check_keys(context, object, "modality", keys)) != CLG_OK ||
        (status = word_set_member(context, object, "modality", "traditional_for", CLG_VOCAB_LAXITY,
                                  true, &protocol->modality_traditional_laxities)) != CLG_OK ||
        (status = word_set_member(context, object, "modality", "rf_for", CLG_VOCAB_LAXITY, true,
                                  &protocol->modality_rf_laxities)) != CLG_OK ||
        (status = word_set_member(context, object, "modality", "rf_for_goals", CLG_VOCAB_GOAL, true,
                                  &protocol->modality_rf_goals)) != CLG_OK ||
        (status = source_member(context, object, "modality", &protocol->modality_source)) !=
            CLG_OK ||
        (status = parse_warning_rule(context, object, "roller_warning", false,
                                     &protocol->roller_warning)) != CLG_OK ||
        (status = parse_warning_rule(context, object, "roller_laxity_warning", true,
                                     &protocol->roller_laxity_warning)) != CLG_OK)
        return status;
    /* Every laxity must map to exactly one in-clinic modality for `auto`. */
    uint32_t both = protocol->modality_traditional_laxities & protocol->modality_rf_laxities;
    uint32_t covered = protocol->modality_traditional_laxities | protocol->modality_rf_laxities;
    for (int laxity = 0; laxity < CLG_LAXITY_COUNT; laxity++) {
        if (both & (1u << laxity))
            return invalid(context, "modality.rf_for",
                           "'%s' is also listed under traditional_for; each laxity picks one",
                           clg_laxity_name((clg_laxity)laxity));
        if (!(covered & (1u << laxity)))
            return invalid(context, "modality.traditional_for",
                           "laxity '%s' is in neither traditional_for nor rf_for",
                           clg_laxity_name((clg_laxity)laxity));
    }
    return CLG_OK;
}

static clg_status parse_session_minutes(parse_context *context, json_t *root)
{
    static const char *const keys[] = {"first_area", "each_further_area", "source",
                                       "each_further_area_source", NULL};
    clg_protocol *protocol = context->protocol;
    json_t *object;
    clg_status status;
    if ((status = member(context, root, "", "session_minutes", JSON_OBJECT, true, &object)) !=
            CLG_OK ||
        (status = check_keys(context, object, "session_minutes", keys)) != CLG_OK ||
        (status = int_member(context, object, "session_minutes", "first_area", 5, 480,
                             &protocol->session_minutes_first_area)) != CLG_OK ||
        (status = int_member(context, object, "session_minutes", "each_further_area", 0, 480,
                             &protocol->session_minutes_each_further_area)) != CLG_OK ||
        (status = source_member(context, object, "session_minutes",
                                &protocol->session_minutes_source)) != CLG_OK)
        return status;
    /* Each further area's minutes rest on the first area's source unless the protocol says. */
    protocol->session_minutes_further_area_source = protocol->session_minutes_source;
    if (json_object_get(object, "each_further_area_source") == NULL)
        return CLG_OK;
    const char *further;
    if ((status = text_member(context, object, "session_minutes", "each_further_area_source", true,
                              &further)) != CLG_OK)
        return status;
    if (clg_protocol_find_source(protocol, further) == NULL)
        return invalid(context, "session_minutes.each_further_area_source",
                       "'%s' is not a tag listed under sources", further);
    protocol->session_minutes_further_area_source = further;
    return CLG_OK;
}

static clg_status parse_aftercare(parse_context *context, json_t *root)
{
    static const char *const keys[] = {"text", "source", NULL};
    json_t *array;
    clg_status status = member(context, root, "", "aftercare", JSON_ARRAY, true, &array);
    if (status != CLG_OK)
        return status;
    if (json_array_size(array) > CLG_MAX_AFTERCARE)
        return invalid(context, "aftercare", "must list at most %d items", CLG_MAX_AFTERCARE);
    size_t index;
    json_t *item;
    json_array_foreach(array, index, item)
    {
        char path[64];
        clg_aftercare_item *entry = &context->protocol->aftercare[index];
        if ((status = array_item(context, "aftercare", index, item, keys, path)) != CLG_OK ||
            (status = text_member(context, item, path, "text", true, &entry->text)) != CLG_OK ||
            (status = source_member(context, item, path, &entry->source)) != CLG_OK)
            return status;
        context->protocol->aftercare_count = (int)index + 1;
    }
    return CLG_OK;
}

static clg_status parse_screening(parse_context *context, json_t *root)
{
    static const char *const keys[] = {"code", "level", "level_rf", "message", "source", NULL};
    json_t *array;
    clg_status status = member(context, root, "", "screening", JSON_ARRAY, true, &array);
    if (status != CLG_OK)
        return status;
    bool seen[CLG_SCREEN_COUNT] = {false};
    size_t index;
    json_t *item;
    json_array_foreach(array, index, item)
    {
        char path[64], field[96];
        const char *level_text, *level_rf_text;
        int code;
        if ((status = array_item(context, "screening", index, item, keys, path)) != CLG_OK ||
            (status = vocabulary_key(context, item, path, "code", CLG_VOCAB_SCREENING, seen,
                                     &code)) != CLG_OK)
            return status;
        clg_screening_rule *rule = &context->protocol->screening[code];
        if ((status = text_member(context, item, path, "level", true, &level_text)) != CLG_OK ||
            (status = text_member(context, item, path, "level_rf", false, &level_rf_text)) !=
                CLG_OK ||
            (status = text_member(context, item, path, "message", true, &rule->message)) !=
                CLG_OK ||
            (status = source_member(context, item, path, &rule->source)) != CLG_OK)
            return status;
        join_path(field, sizeof field, path, "level");
        if ((status = parse_level(context, field, level_text, &rule->level)) != CLG_OK)
            return status;
        rule->level_rf = rule->level;
        join_path(field, sizeof field, path, "level_rf");
        if (level_rf_text &&
            (status = parse_level(context, field, level_rf_text, &rule->level_rf)) != CLG_OK)
            return status;
    }
    /* A finding the protocol does not know would be silently ignored: refuse. */
    for (int code = 0; code < CLG_SCREEN_COUNT; code++)
        if (!seen[code])
            return invalid(context, "screening", "has no entry for code '%s'",
                           clg_screening_code_name((clg_screening_code)code));
    return CLG_OK;
}

static clg_status parse_skin_type_screening(parse_context *context, json_t *root)
{
    static const char *const keys[] = {"skin_types", "code", "level", "message", "source", NULL};
    clg_protocol *protocol = context->protocol;
    json_t *object;
    const char *level_text;
    uint32_t types;
    clg_status status;
    if ((status = member(context, root, "", "skin_type_screening", JSON_OBJECT, true, &object)) !=
            CLG_OK ||
        (status = check_keys(context, object, "skin_type_screening", keys)) != CLG_OK ||
        (status = word_set_member(context, object, "skin_type_screening", "skin_types",
                                  CLG_VOCAB_SKIN_TYPE, true, &types)) != CLG_OK ||
        (status = code_member(context, object, "skin_type_screening", "code",
                              &protocol->skin_type_code)) != CLG_OK ||
        (status = text_member(context, object, "skin_type_screening", "level", true,
                              &level_text)) != CLG_OK ||
        (status = text_member(context, object, "skin_type_screening", "message", true,
                              &protocol->skin_type_message)) != CLG_OK ||
        (status = source_member(context, object, "skin_type_screening",
                                &protocol->skin_type_source)) != CLG_OK ||
        (status = parse_level(context, "skin_type_screening.level", level_text,
                              &protocol->skin_type_level)) != CLG_OK)
        return status;
    protocol->skin_type_caution_types = types << 1; /* vocabulary index 0 is type I */
    return CLG_OK;
}

/* "collagenda-protocol/1" or "/2" into context->format. */
static clg_status parse_format(parse_context *context, json_t *root)
{
    const char *format;
    clg_status status = text_member(context, root, "", "format", true, &format);
    if (status != CLG_OK)
        return status;
    if (strcmp(format, "collagenda-protocol/2") == 0)
        context->format = FORMAT_2;
    else if (strcmp(format, "collagenda-protocol/1") == 0)
        context->format = FORMAT_1;
    else
        return invalid(context, "format",
                       "'%s' is not supported; use collagenda-protocol/2 (or /1, the shape of "
                       "protocol version 1)",
                       format);
    context->protocol->format = context->format;
    return CLG_OK;
}

static clg_status check_document_keys(parse_context *context, json_t *root)
{
    /* The two formats differ in one top-level key: the interval floor's. */
    static const char *const keys[] = {"format",          "name",
                                       "version",         "title",
                                       "sources",         "base_course",
                                       "interval_days",   "interval_floor",
                                       "small_area",      "goals",
                                       "difficulty",      "intensive",
                                       "maintenance",     "modality",
                                       "session_minutes", "aftercare",
                                       "screening",       "skin_type_screening",
                                       "evidence_note",   NULL};
    static const char *const format_1_keys[] = {"format",          "name",
                                                "version",         "title",
                                                "sources",         "base_course",
                                                "interval_days",   "interval_floor_days",
                                                "small_area",      "goals",
                                                "difficulty",      "intensive",
                                                "maintenance",     "modality",
                                                "session_minutes", "aftercare",
                                                "screening",       "skin_type_screening",
                                                "evidence_note",   NULL};
    return check_keys(context, root, "", context->format == FORMAT_1 ? format_1_keys : keys);
}

static clg_status parse_document(parse_context *context, json_t *root)
{
    clg_protocol *protocol = context->protocol;
    clg_status status;
    if (!json_is_object(root))
        return invalid(context, "protocol", "must be a JSON object");
    if ((status = parse_format(context, root)) != CLG_OK ||
        (status = check_document_keys(context, root)) != CLG_OK ||
        (status = name_member(context, root, "", "name", true, &protocol->name)) != CLG_OK ||
        (status = name_member(context, root, "", "version", true, &protocol->version)) != CLG_OK ||
        (status = text_member(context, root, "", "title", false, &protocol->title)) != CLG_OK ||
        (status = parse_sources(context, root)) != CLG_OK ||
        (status = parse_base_course(context, root)) != CLG_OK ||
        (status = parse_interval(context, root)) != CLG_OK ||
        (status = context->format == FORMAT_1 ? parse_floor_format_1(context, root)
                                              : parse_floors(context, root)) != CLG_OK ||
        (status = parse_small_area(context, root)) != CLG_OK ||
        (status = parse_goals(context, root)) != CLG_OK ||
        (status = parse_difficulty(context, root)) != CLG_OK ||
        (status = check_floors(context)) != CLG_OK ||
        (status = parse_maintenance(context, root)) != CLG_OK ||
        (status = parse_modality(context, root)) != CLG_OK ||
        (status = parse_session_minutes(context, root)) != CLG_OK ||
        (status = parse_aftercare(context, root)) != CLG_OK ||
        (status = parse_screening(context, root)) != CLG_OK ||
        (status = parse_skin_type_screening(context, root)) != CLG_OK ||
        (status = text_member(context, root, "", "evidence_note", true,
                              &protocol->evidence_note)) != CLG_OK)
        return status;
    return CLG_OK;
}

clg_status clg_protocol_parse(const char *text, size_t length, clg_protocol **out, clg_error *err)
{
    *out = NULL;
    json_error_t json_error;
    json_t *root = json_loadb(text, length, JSON_REJECT_DUPLICATES, &json_error);
    if (root == NULL)
        return clg_error_set(err, CLG_ERR_INVALID, "protocol",
                             "not valid JSON at line %d column %d: %s", json_error.line,
                             json_error.column, json_error.text);
    clg_protocol *protocol = calloc(1, sizeof *protocol);
    if (protocol == NULL) {
        json_decref(root);
        return clg_error_set(err, CLG_ERR_IO, "protocol", "out of memory");
    }
    protocol->document = root;
    parse_context context = {protocol, err, FORMAT_2};
    clg_status status = parse_document(&context, root);
    if (status != CLG_OK) {
        clg_protocol_free(protocol);
        return status;
    }
    *out = protocol;
    return CLG_OK;
}

clg_status clg_protocol_load_default(clg_protocol **out, clg_error *err)
{
    return clg_protocol_parse(clg_protocol_default_json, clg_protocol_default_json_length, out,
                              err);
}

const char *clg_protocol_default_text(void)
{
    return clg_protocol_default_json;
}

void clg_protocol_free(clg_protocol *protocol)
{
    if (protocol == NULL)
        return;
    json_decref(protocol->document);
    free(protocol);
}

const clg_source *clg_protocol_find_source(const clg_protocol *protocol, const char *tag)
{
    for (int i = 0; i < protocol->source_count; i++)
        if (strcmp(protocol->sources[i].tag, tag) == 0)
            return &protocol->sources[i];
    return NULL;
}

char *clg_protocol_to_json(const clg_protocol *protocol)
{
    return json_dumps(protocol->document, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
}

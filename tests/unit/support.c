/*
 * Helpers shared by the unit tests; see support.h. Every helper fails the
 * running cmocka test itself when its input is wrong, so a test body only
 * states what it checks.
 */
#include "support.h"

#include <stdio.h>
#include <stdlib.h>

clg_date support_date(int year, int month, int day)
{
    clg_date date = 0;
    if (!clg_date_from_civil(year, month, day, &date))
        fail_msg("%04d-%02d-%02d is not a date", year, month, day);
    return date;
}

const char *support_date_text(clg_date date, char *out)
{
    return clg_date_format(date, out);
}

clg_protocol *support_default_protocol(void)
{
    clg_protocol *protocol = NULL;
    clg_error err = {0};
    if (clg_protocol_load_default(&protocol, &err) != CLG_OK)
        fail_msg("default protocol: %s: %s", err.field, err.message);
    return protocol;
}

clg_protocol *support_version_1_protocol(void)
{
    const char *path = CLG_TEST_DATA_DIR "/protocol-version-1.json";
    json_error_t json_error;
    json_t *document = json_load_file(path, 0, &json_error);
    if (document == NULL)
        fail_msg("%s: %s", path, json_error.text);
    clg_protocol *protocol = support_protocol_from_document(document);
    json_decref(document);
    return protocol;
}

json_t *support_default_document(void)
{
    json_error_t json_error;
    json_t *document = json_loads(clg_protocol_default_text(), 0, &json_error);
    if (document == NULL)
        fail_msg("default protocol is not JSON: %s", json_error.text);
    return document;
}

/* One step of a path: "key" or "[3]" ("key[3]" is two steps). */
typedef struct path_step {
    char key[96]; /* empty when the step is an array index only */
    bool has_index;
    size_t index;
} path_step;

static size_t split_path(const char *path, path_step *steps, size_t capacity)
{
    size_t count = 0;
    const char *cursor = path;
    while (*cursor != '\0') {
        if (count == capacity)
            fail_msg("path %s has too many steps", path);
        path_step *step = &steps[count];
        memset(step, 0, sizeof *step);
        size_t length = strcspn(cursor, ".[");
        if (length >= sizeof step->key) {
            fail_msg("path %s has a key that is too long", path);
            length = sizeof step->key - 1; /* not reached; tells the compiler the bound */
        }
        memcpy(step->key, cursor, length);
        step->key[length] = '\0';
        cursor += length;
        if (length > 0) {
            count++;
            if (*cursor == '.')
                cursor++;
            continue;
        }
        if (*cursor == '[') {
            char *end;
            step->index = strtoul(cursor + 1, &end, 10);
            if (*end != ']')
                fail_msg("path %s has a bad index", path);
            step->has_index = true;
            count++;
            cursor = end + 1;
            if (*cursor == '.')
                cursor++;
            continue;
        }
        fail_msg("path %s is malformed", path);
    }
    return count;
}

static json_t *step_into(json_t *node, const path_step *step, const char *path)
{
    json_t *next =
        step->has_index ? json_array_get(node, step->index) : json_object_get(node, step->key);
    if (next == NULL)
        fail_msg("path %s does not exist in the document", path);
    return next;
}

void support_document_set(json_t *document, const char *path, const char *value_json)
{
    path_step steps[16];
    size_t count = split_path(path, steps, sizeof steps / sizeof steps[0]);
    if (count == 0)
        fail_msg("empty path");
    json_t *node = document;
    for (size_t i = 0; i + 1 < count; i++)
        node = step_into(node, &steps[i], path);

    const path_step *last = &steps[count - 1];
    if (value_json == NULL) {
        int removed = last->has_index ? json_array_remove(node, last->index)
                                      : json_object_del(node, last->key);
        if (removed != 0)
            fail_msg("path %s: nothing to remove", path);
        return;
    }
    json_error_t json_error;
    json_t *value = json_loads(value_json, JSON_DECODE_ANY, &json_error);
    if (value == NULL)
        fail_msg("value for %s is not JSON: %s", path, json_error.text);
    int stored = last->has_index ? json_array_set_new(node, last->index, value)
                                 : json_object_set_new(node, last->key, value);
    if (stored != 0)
        fail_msg("path %s: cannot store the value", path);
}

clg_status support_parse_document(const json_t *document, clg_protocol **out, clg_error *err)
{
    char *text = json_dumps(document, JSON_PRESERVE_ORDER);
    if (text == NULL)
        fail_msg("cannot serialise the document");
    clg_status status = clg_protocol_parse(text, strlen(text), out, err);
    free(text);
    return status;
}

clg_protocol *support_protocol_from_document(const json_t *document)
{
    clg_protocol *protocol = NULL;
    clg_error err = {0};
    if (support_parse_document(document, &protocol, &err) != CLG_OK)
        fail_msg("changed protocol refused: %s: %s", err.field, err.message);
    return protocol;
}

clg_plan_request support_request(const char *first_field, ...)
{
    clg_plan_request request;
    clg_plan_request_init(&request);
    va_list arguments;
    va_start(arguments, first_field);
    for (const char *field = first_field; field != NULL; field = va_arg(arguments, const char *)) {
        const char *value = va_arg(arguments, const char *);
        clg_error err = {0};
        if (clg_plan_request_set(&request, field, value, NULL, &err) != CLG_OK) {
            va_end(arguments);
            fail_msg("request %s=%s refused: %s: %s", field, value, err.field, err.message);
        }
    }
    va_end(arguments);
    return request;
}

void support_plan(const clg_protocol *protocol, const clg_plan_request *request, clg_plan *plan)
{
    clg_error err = {0};
    if (clg_plan_compute(protocol, request, plan, &err) != CLG_OK)
        fail_msg("plan refused: %s: %s", err.field, err.message);
}

bool support_has_warning(const clg_plan *plan, const char *code)
{
    for (int i = 0; i < plan->warning_count; i++)
        if (strcmp(plan->warnings[i].code, code) == 0)
            return true;
    return false;
}

/* Typed members of JSON request bodies; see body.h. */
#include "http/body.h"

#include <stdio.h>
#include <string.h>

clg_status clg_body_check_keys(const json_t *object, const char *const *allowed, clg_error *err)
{
    const char *key;
    const json_t *value;
    json_object_foreach((json_t *)object, key, value)
    {
        bool known = false;
        for (const char *const *name = allowed; *name && !known; name++)
            known = strcmp(*name, key) == 0;
        if (known)
            continue;
        char list[400] = "";
        size_t used = 0;
        for (const char *const *name = allowed; *name && used < sizeof list; name++) {
            int written = snprintf(list + used, sizeof list - used, "%s%s",
                                   name == allowed ? "" : ", ", *name);
            if (written > 0)
                used += (size_t)written;
        }
        return clg_error_set(err, CLG_ERR_INVALID, key, "unknown field; allowed: %s", list);
    }
    return CLG_OK;
}

clg_status clg_body_string(const json_t *object, const char *key, bool required, const char **out,
                           clg_error *err)
{
    const json_t *value = json_object_get(object, key);
    *out = NULL;
    if (value == NULL || json_is_null(value)) {
        if (required)
            return clg_error_set(err, CLG_ERR_INVALID, key, "is required");
        return CLG_OK;
    }
    if (!json_is_string(value))
        return clg_error_set(err, CLG_ERR_INVALID, key, "must be a string");
    if (strlen(json_string_value(value)) != json_string_length(value))
        return clg_error_set(err, CLG_ERR_INVALID, key, "must not contain NUL characters");
    *out = json_string_value(value);
    return CLG_OK;
}

clg_status clg_body_bool(const json_t *object, const char *key, bool *out, clg_error *err)
{
    const json_t *value = json_object_get(object, key);
    *out = false;
    if (value == NULL)
        return CLG_OK;
    if (!json_is_boolean(value))
        return clg_error_set(err, CLG_ERR_INVALID, key, "must be true or false");
    *out = json_is_true(value);
    return CLG_OK;
}

clg_status clg_body_override(const json_t *object, bool *forced, const char **reason,
                             clg_error *err)
{
    clg_status status = clg_body_bool(object, "force", forced, err);
    if (status == CLG_OK)
        status = clg_body_string(object, "reason", false, reason, err);
    if (status != CLG_OK)
        return status;
    if (*forced && (*reason == NULL || (*reason)[0] == '\0'))
        return clg_error_set(err, CLG_ERR_INVALID, "reason", "is required when force is true");
    if (!*forced && *reason != NULL)
        return clg_error_set(err, CLG_ERR_INVALID, "reason", "is only allowed with force: true");
    return CLG_OK;
}

clg_status clg_body_id(const json_t *object, const char *key, long long *out, clg_error *err)
{
    const json_t *value = json_object_get(object, key);
    if (value == NULL)
        return clg_error_set(err, CLG_ERR_INVALID, key, "is required (a record id)");
    if (!json_is_integer(value) || json_integer_value(value) < 1)
        return clg_error_set(err, CLG_ERR_INVALID, key, "must be a positive integer id");
    *out = json_integer_value(value);
    return CLG_OK;
}

clg_status clg_body_number_text(const json_t *object, const char *key, char text[32],
                                const char **out, clg_error *err)
{
    const json_t *value = json_object_get(object, key);
    *out = NULL;
    if (value == NULL || json_is_null(value))
        return CLG_OK;
    if (json_is_integer(value))
        snprintf(text, 32, "%lld", (long long)json_integer_value(value));
    else if (json_is_real(value))
        snprintf(text, 32, "%.10g", json_real_value(value));
    else
        return clg_error_set(err, CLG_ERR_INVALID, key, "must be a number");
    *out = text;
    return CLG_OK;
}

clg_status clg_body_word_list(const json_t *object, const char *key, char *text, size_t size,
                              const char **out, clg_error *err)
{
    const json_t *value = json_object_get(object, key);
    *out = NULL;
    if (value == NULL)
        return CLG_OK;
    if (!json_is_array(value))
        return clg_error_set(err, CLG_ERR_INVALID, key, "must be an array of strings");
    size_t used = 0;
    size_t index;
    const json_t *item;
    text[0] = '\0';
    json_array_foreach(value, index, item)
    {
        if (!json_is_string(item))
            return clg_error_set(err, CLG_ERR_INVALID, key, "item %zu must be a string", index);
        const char *word = json_string_value(item);
        size_t length = json_string_length(item);
        if (memchr(word, ',', length) || strlen(word) != length)
            return clg_error_set(err, CLG_ERR_INVALID, key, "'%.40s' is not allowed", word);
        if (used + length + 2 > size)
            return clg_error_set(err, CLG_ERR_INVALID, key, "lists too many items");
        if (used)
            text[used++] = ',';
        memcpy(text + used, word, length);
        used += length;
        text[used] = '\0';
    }
    *out = text;
    return CLG_OK;
}

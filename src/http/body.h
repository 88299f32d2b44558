/*
 * Reading typed members of a JSON request body, with errors that name the
 * member and say what is allowed (answered as 400 problem+json).
 */
#ifndef CLG_HTTP_BODY_H
#define CLG_HTTP_BODY_H

#include <jansson.h>
#include <stdbool.h>

#include "collagenda/error.h"

/* Refuses any key not in allowed (NULL-terminated), naming it and the allowed keys. */
clg_status clg_body_check_keys(const json_t *object, const char *const *allowed, clg_error *err);

/* A string member: *out NULL when absent (and not required). */
clg_status clg_body_string(const json_t *object, const char *key, bool required, const char **out,
                           clg_error *err);

/* A boolean member; *out false when absent. */
clg_status clg_body_bool(const json_t *object, const char *key, bool *out, clg_error *err);

/*
 * A safety override: "force" (boolean, false when absent) and "reason"
 * (required, not empty, with force: true; refused without it).
 */
clg_status clg_body_override(const json_t *object, bool *forced, const char **reason,
                             clg_error *err);

/* A positive integer id member (required). */
clg_status clg_body_id(const json_t *object, const char *key, long long *out, clg_error *err);

/*
 * A number member as the text the shared parsers read ("1.5", "4.3", "7"),
 * so the API and the CLI refuse the same values with the same words.
 * *out is NULL when absent. text must hold 32 bytes.
 */
clg_status clg_body_number_text(const json_t *object, const char *key, char text[32],
                                const char **out, clg_error *err);

/* An array of strings joined with commas ("face,neck") into text (size bytes). */
clg_status clg_body_word_list(const json_t *object, const char *key, char *text, size_t size,
                              const char **out, clg_error *err);

#endif

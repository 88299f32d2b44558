/*
 * Helpers shared by the unit tests of libcollagenda.
 *
 * Table-driven tests name each row, so a failing assertion should say which
 * row broke rather than only the line of the loop: the EXPECT_* macros below
 * carry the row's name into the failure message. The protocol helpers let a
 * test start from the compiled-in default protocol and change one number
 * (or break one field) by its path, e.g. "base_course[1].sessions.max",
 * which is the same spelling the parser uses in its errors.
 */
#ifndef CLG_TESTS_UNIT_SUPPORT_H
#define CLG_TESTS_UNIT_SUPPORT_H

/* cmocka needs these before its own header. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "collagenda/collagenda.h"

#define EXPECT_INT(row, actual, expected)                                                          \
    do {                                                                                           \
        long long actual_value_ = (long long)(actual);                                             \
        long long expected_value_ = (long long)(expected);                                         \
        if (actual_value_ != expected_value_)                                                      \
            fail_msg("%s: %s is %lld, expected %lld", (row), #actual, actual_value_,               \
                     expected_value_);                                                             \
    } while (0)

#define EXPECT_STRING(row, actual, expected)                                                       \
    do {                                                                                           \
        const char *actual_text_ = (actual);                                                       \
        const char *expected_text_ = (expected);                                                   \
        if (actual_text_ == NULL || strcmp(actual_text_, expected_text_) != 0)                     \
            fail_msg("%s: %s is \"%s\", expected \"%s\"", (row), #actual,                          \
                     actual_text_ ? actual_text_ : "(null)", expected_text_);                      \
    } while (0)

#define EXPECT_TRUE(row, condition)                                                                \
    do {                                                                                           \
        if (!(condition))                                                                          \
            fail_msg("%s: expected %s", (row), #condition);                                        \
    } while (0)

/* A date from its parts; fails the test for an impossible one. */
clg_date support_date(int year, int month, int day);

/* "YYYY-MM-DD" for messages; out must hold CLG_DATE_TEXT_SIZE bytes. */
const char *support_date_text(clg_date date, char *out);

/* The default protocol; the caller frees it with clg_protocol_free(). */
clg_protocol *support_default_protocol(void);

/*
 * Protocol version 1 as it was compiled in (tests/data/protocol-version-1.json,
 * format 1): what every course started before version 2 has stored. The
 * caller frees it with clg_protocol_free().
 */
clg_protocol *support_version_1_protocol(void);

/* The default protocol's JSON document; the caller owns the reference. */
json_t *support_default_document(void);

/*
 * Replaces (or adds) the value at path in document with the JSON text
 * value_json ("5", "\"X\"", "{...}"), or removes it when value_json is NULL.
 * Path segments are object keys separated by '.', with [n] for array items.
 * Fails the test when the path does not lead anywhere.
 */
void support_document_set(json_t *document, const char *path, const char *value_json);

/* Serialises document and parses it as a protocol; returns the status. */
clg_status support_parse_document(const json_t *document, clg_protocol **out, clg_error *err);

/* Like support_parse_document() but fails the test unless it parses. */
clg_protocol *support_protocol_from_document(const json_t *document);

/*
 * A plan request from the CLI's text forms: fields and values alternate in
 * a NULL-terminated list ("laxity", "mild", "areas", "face,neck", NULL).
 * Fails the test when a value is refused.
 */
clg_plan_request support_request(const char *first_field, ...);

/* Computes a plan, failing the test when the request is refused. */
void support_plan(const clg_protocol *protocol, const clg_plan_request *request, clg_plan *plan);

/* True when the plan has a warning with this code. */
bool support_has_warning(const clg_plan *plan, const char *code);

#endif

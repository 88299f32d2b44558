/*
 * Errors that name the field.
 *
 * Every fallible function of libcollagenda returns a clg_status and, when it
 * fails, fills a caller-owned clg_error with the offending field (as the user
 * spelled it: "laxity", "areas", "sessions.min", "line 3: start") and a
 * message that says what is allowed. The CLI and the HTTP API print the same
 * text, so a clinic sees one wording whichever door it came through.
 */
#ifndef COLLAGENDA_ERROR_H
#define COLLAGENDA_ERROR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Values double as the CLI's exit statuses (docs/records.md#command-line) where one exists. */
typedef enum clg_status {
    CLG_OK = 0,
    CLG_ERR_IO = 1,        /* operational failure: I/O, database, memory */
    CLG_ERR_INVALID = 2,   /* usage or invalid input */
    CLG_ERR_REFUSED = 3,   /* refused by a safety rule */
    CLG_ERR_NOT_FOUND = 4, /* an id that does not exist (exit 2 on the CLI) */
    CLG_ERR_FORBIDDEN = 5, /* an override this caller may not make (HTTP 403) */
    /* The database cannot be reached for now (PostgreSQL restarting): HTTP 503, exit 1. */
    CLG_ERR_UNAVAILABLE = 7,
} clg_status;

typedef struct clg_error {
    clg_status status;
    char field[96];
    char message[640];
} clg_error;

/* Fills err (when not NULL) and returns status. field may be NULL or "". */
clg_status clg_error_set(clg_error *err, clg_status status, const char *field, const char *format,
                         ...) __attribute__((format(printf, 4, 5)));

/* Puts "prefix: " in front of err->field ("line 3" + "laxity" -> "line 3: laxity"). */
void clg_error_prefix_field(clg_error *err, const char *prefix);

/* Writes "field: message" (or just the message) into out; returns out. */
const char *clg_error_text(const clg_error *err, char *out, size_t size);

void clg_error_clear(clg_error *err);

#ifdef __cplusplus
}
#endif
#endif

/*
 * A consultation request left from the public calculator: who asked, how
 * to reach them, the assessment they entered (JSON, the plan request's
 * form), and what the clinic did with it.
 */
#ifndef CLG_MODEL_REQUEST_H
#define CLG_MODEL_REQUEST_H

#include <stdbool.h>
#include <stdint.h>

#include "collagenda/error.h"

typedef struct clg_request_row {
    int64_t id;
    int64_t clinic_id;
    const char *name;
    const char *email; /* NULL when not given; a request has an e-mail or a phone */
    const char *phone;
    const char *assessment_json;
    const char *created_at; /* UTC, "2027-01-04T09:30:00.123Z" */
    bool closed;
    const char *closed_at; /* NULL while open */
    const char *closed_by;
    const char *close_note;
    int64_t client_id; /* the client and course started from it; 0 when none */
    int64_t course_id;
    char *storage; /* owns the texts of a row from clg_store_request_get(); clg_store_row_free() */
} clg_request_row;

/* Which requests a list holds. */
typedef enum clg_request_filter {
    CLG_REQUESTS_OPEN,
    CLG_REQUESTS_CLOSED,
    CLG_REQUESTS_ALL,
} clg_request_filter;

/*
 * Copies the row's texts into row->storage (which must not be owned) and
 * points the row at them; CLG_ERR_IO when out of memory.
 */
clg_status clg_request_row_own(clg_request_row *row, clg_error *err);

#endif

/*
 * Consultation requests (docs/records.md#consultation-requests): a
 * prospective client leaves a name, an e-mail or a phone and their consent
 * from the public calculator, with the assessment they entered, and the
 * request waits in the clinic's inbox until staff close it (usually by
 * starting a course from it).
 *
 * Receiving is public, so it is limited here, in the database, where every
 * server of the clinic counts the same rows: at most
 * CLG_REQUESTS_PER_ADDRESS from one address and CLG_REQUESTS_PER_CLINIC
 * from everyone in any CLG_REQUESTS_WINDOW_SECONDS, counted inside the
 * insert's own transaction. Only a keyed hash of the address is stored, and
 * only for as long as the window needs it.
 */
#ifndef CLG_SERVICE_REQUESTS_H
#define CLG_SERVICE_REQUESTS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "service/records.h"
#include "store/requests.h"

enum {
    CLG_REQUESTS_PER_ADDRESS = 5,
    CLG_REQUESTS_PER_CLINIC = 200,
    CLG_REQUESTS_WINDOW_SECONDS = 3600,
};

/* What the calculator sends; texts NULL (or "") when not given. */
typedef struct clg_request_input {
    const char *name;
    const char *email;
    const char *phone;
    bool consent;
    const json_t *assessment; /* an object in POST /api/v1/plan's form; NULL when missing */
} clg_request_input;

/*
 * Checks every field, naming the first bad one ("name", "email", "phone",
 * "consent", "assessment" or "assessment.laxity" and the like: the
 * assessment is read by the plan's own parser). *assessment_json (to free)
 * is the assessment as it will be stored. CLG_ERR_INVALID.
 */
clg_status clg_request_check(const clg_request_input *input, char **assessment_json,
                             clg_error *err);

/*
 * Receives a request for clinic from the sender whose address is address
 * (text; the key of the limit): checked, counted and stored in one write
 * transaction, audited as "request.receive" by "calculator". Past a limit
 * nothing is stored: CLG_ERR_REFUSED naming "request" with *retry_after
 * the seconds until the oldest counted request leaves the window.
 */
clg_status clg_request_receive(clg_store *store, int64_t clinic, const clg_request_input *input,
                               const char *address, int *retry_after, int64_t *id, clg_error *err);

/* The clinic's requests the filter keeps, newest first. */
clg_status clg_records_request_list(const clg_records *records, clg_request_filter filter,
                                    clg_request_visitor visit, void *context, clg_error *err);

/* One request (to free with clg_store_row_free(row->storage)); CLG_ERR_NOT_FOUND naming "request".
 */
clg_status clg_records_request_get(const clg_records *records, int64_t id, clg_request_row *row,
                                   clg_error *err);

/*
 * Closes an open request with an optional note and, when course_id is not
 * 0, the course started from it (and so its client), audited as
 * "request.close". A closed request is CLG_ERR_INVALID naming "request";
 * an unknown course CLG_ERR_NOT_FOUND naming "course".
 */
clg_status clg_records_request_close(const clg_records *records, int64_t id, const char *note,
                                     int64_t course_id, clg_error *err);

/*
 * Deletes a request (open or closed) for good, for a prospective client who
 * asks to be forgotten or the clinic's retention rules: audited as
 * "request.delete" with reason, which is required and may not repeat the
 * request's name, e-mail or phone (CLG_ERR_INVALID naming "reason"); the
 * entry keeps no contact. An unknown request is CLG_ERR_NOT_FOUND.
 */
clg_status clg_records_request_delete(const clg_records *records, int64_t id, const char *reason,
                                      clg_error *err);

/* "open", "closed" or "all" as a filter; false for anything else. */
bool clg_request_filter_parse(const char *text, clg_request_filter *filter);

#endif

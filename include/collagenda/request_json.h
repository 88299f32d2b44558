/*
 * Plan requests from JSON (the API's body, a `plan --batch` line).
 * Shares the word lists and messages of clg_plan_request_set(), so the CLI
 * and the API reject bad input with the same words.
 */
#ifndef COLLAGENDA_REQUEST_JSON_H
#define COLLAGENDA_REQUEST_JSON_H

#include <jansson.h>

#include "collagenda/assessment.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Reads an assessment object ({"laxity": "mild", "areas": ["face"], ...,
 * "start": "2027-01-04", "open_days": ["mon"]}) into request, which it
 * initialises first. Keys named in ignored_keys (a NULL-terminated list, or
 * NULL) are skipped for the caller to handle; any other unknown key, a wrong
 * type, an unknown word or a missing laxity is CLG_ERR_INVALID naming it.
 */
clg_status clg_plan_request_from_json(const json_t *object, const char *const *ignored_keys,
                                      clg_plan_request *request, clg_error *err);

#ifdef __cplusplus
}
#endif
#endif

/*
 * Consultation requests in the store (model/request.h). The workflows
 * (receive with its limits, close) are the service's (service/requests.h).
 */
#ifndef CLG_STORE_REQUESTS_H
#define CLG_STORE_REQUESTS_H

#include <stdint.h>

#include "model/request.h"
#include "store/store.h"

typedef int (*clg_request_visitor)(void *context, const clg_request_row *row);

/* The backend's table (store.h's clg_store_ops.requests). */
typedef struct clg_store_request_ops {
    clg_status (*insert)(void *impl, int64_t clinic, const clg_request_row *row,
                         const char *address_hash, int64_t *id, clg_error *err);
    clg_status (*count_since)(void *impl, int64_t clinic, const char *address_hash,
                              const char *since, int *count, char oldest[32], clg_error *err);
    clg_status (*forget_addresses)(void *impl, int64_t clinic, const char *before, clg_error *err);
    clg_status (*get)(void *impl, int64_t clinic, int64_t id, clg_request_row *row, clg_error *err);
    clg_status (*list)(void *impl, int64_t clinic, clg_request_filter filter,
                       clg_request_visitor visit, void *context, clg_error *err);
    clg_status (*close)(void *impl, int64_t clinic, int64_t id, const char *who, const char *note,
                        int64_t client_id, int64_t course_id, int *closed, clg_error *err);
    clg_status (*erase_for_client)(void *impl, int64_t clinic, int64_t client_id, int *erased,
                                   clg_error *err);
    clg_status (*erase)(void *impl, int64_t clinic, int64_t id, int *erased, clg_error *err);
} clg_store_request_ops;

/* Inside the caller's write transaction; row's id, status and closing fields are ignored. */
clg_status clg_store_request_insert(clg_store *store, int64_t clinic, const clg_request_row *row,
                                    const char *address_hash, int64_t *id, clg_error *err);
/*
 * How many of the clinic's requests were received at or after since (a
 * stamp, "2027-01-04T09:30:00.000Z"), from address_hash (NULL: from
 * anyone); oldest gets the oldest one's stamp ("" when none).
 */
clg_status clg_store_request_count_since(clg_store *store, int64_t clinic, const char *address_hash,
                                         const char *since, int *count, char oldest[32],
                                         clg_error *err);
/* Clears the address hash of the clinic's requests received before before. */
clg_status clg_store_request_forget_addresses(clg_store *store, int64_t clinic, const char *before,
                                              clg_error *err);
/* One request; CLG_ERR_NOT_FOUND naming "request" when the clinic has no such one. */
clg_status clg_store_request_get(clg_store *store, int64_t clinic, int64_t id, clg_request_row *row,
                                 clg_error *err);
/* The clinic's requests the filter keeps, newest first. */
clg_status clg_store_request_list(clg_store *store, int64_t clinic, clg_request_filter filter,
                                  clg_request_visitor visit, void *context, clg_error *err);
/*
 * Closes an open request as who, with note, client_id and course_id (0 and
 * NULL: none); *closed is 1 when it was open, 0 otherwise.
 */
clg_status clg_store_request_close(clg_store *store, int64_t clinic, int64_t id, const char *who,
                                   const char *note, int64_t client_id, int64_t course_id,
                                   int *closed, clg_error *err);
/*
 * Deletes the requests closed into client_id (their name, contact and
 * answers were the client's, now erased); *erased is how many.
 */
clg_status clg_store_request_erase_for_client(clg_store *store, int64_t clinic, int64_t client_id,
                                              int *erased, clg_error *err);
/* Deletes the clinic's request id; *erased is 1 when there was one. */
clg_status clg_store_request_erase(clg_store *store, int64_t clinic, int64_t id, int *erased,
                                   clg_error *err);

#endif

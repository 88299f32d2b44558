/*
 * What every route over a clinic's records starts from: the records context
 * (store, clinic, who acts, today) the service's workflows take.
 */
#ifndef CLG_HTTP_RECORDS_CONTEXT_H
#define CLG_HTTP_RECORDS_CONTEXT_H

#include <stdbool.h>
#include <stdint.h>

#include "http/http.h"
#include "service/records.h"

/* The records context of a request: clinic, who (as the audit log names them), today. */
void clg_route_records_init(clg_http_exchange *exchange, int64_t clinic, const char *who,
                            clg_records *records);

/* The same for the logged-in caller's own clinic. */
clg_records clg_route_caller_records(clg_http_exchange *exchange);

#endif

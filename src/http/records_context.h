/*
 * What every route over a clinic's records starts from: the records context
 * (store, clinic, who acts, today) the service's workflows take, and the
 * audit of a read of a client's record by that caller.
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

/*
 * Audits a read of a client's record ("client.read" or "course.read" as
 * entity is "client" or "course"); false, with the 500 answered, when the
 * audit could not be written, for a read that is not audited is not shown.
 */
bool clg_route_audit_read(clg_http_exchange *exchange, const clg_records *records,
                          const char *entity, int64_t id);

#endif

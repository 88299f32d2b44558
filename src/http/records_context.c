/* The records context of a request (see records_context.h). */
#include "http/records_context.h"

#include <string.h>

#include "service/today.h"

void clg_route_records_init(clg_http_exchange *exchange, int64_t clinic, const char *who,
                            clg_records *records)
{
    *records = (clg_records){
        .store = exchange->store,
        .clinic = clinic,
        .who = who,
        /* Only an admin may force a blocked screening (docs/protocol.md#blocked-means-no-dates). */
        .may_override_block = exchange->caller.is_admin,
    };
    clg_records_today_set(records); /* the clinic's today, as the command line's */
}

clg_records clg_route_caller_records(clg_http_exchange *exchange)
{
    clg_records records;
    clg_route_records_init(exchange, exchange->caller.clinic_id, exchange->caller.email, &records);
    return records;
}

/* The records context of a request (see records_context.h). */
#include "http/records_context.h"

#include <string.h>
#include <time.h>

void clg_route_records_init(clg_http_exchange *exchange, int64_t clinic, const char *who,
                            clg_records *records)
{
    time_t now = time(NULL);
    struct tm local;
    localtime_r(&now, &local);
    clg_date today = 0;
    clg_date_from_civil(local.tm_year + 1900, local.tm_mon + 1, local.tm_mday, &today);
    *records = (clg_records){
        .store = exchange->store,
        .clinic = clinic,
        .who = who,
        .today = today,
        /* Only an admin may force a blocked screening (docs/protocol.md#blocked-means-no-dates). */
        .may_override_block = exchange->caller.is_admin,
    };
}

clg_records clg_route_caller_records(clg_http_exchange *exchange)
{
    clg_records records;
    clg_route_records_init(exchange, exchange->caller.clinic_id, exchange->caller.email, &records);
    return records;
}

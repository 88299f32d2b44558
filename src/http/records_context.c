/* The records context of a request and the audit of reads (see records_context.h). */
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
    };
}

clg_records clg_route_caller_records(clg_http_exchange *exchange)
{
    clg_records records;
    clg_route_records_init(exchange, exchange->caller.clinic_id, exchange->caller.email, &records);
    return records;
}

bool clg_route_audit_read(clg_http_exchange *exchange, const clg_records *records,
                          const char *entity, int64_t id)
{
    clg_error err;
    clg_audit_entry entry = {.who = records->who,
                             .action =
                                 strcmp(entity, "client") == 0 ? "client.read" : "course.read",
                             .entity = entity,
                             .entity_id = id};
    clg_status status = clg_store_begin(records->store, true, &err);
    if (status == CLG_OK)
        status = clg_store_audit_append(records->store, records->clinic, &entry, &err);
    if (status == CLG_OK)
        status = clg_store_commit(records->store, &err);
    else
        clg_store_rollback(records->store);
    if (status != CLG_OK)
        clg_http_problem_from_error(exchange, &err);
    return status == CLG_OK;
}

/*
 * "Today" for the records: the calendar day it is now in the clinic's time
 * zone (docs/records.md#dates). One definition for every door, so that a
 * session recorded at 23:30 in Auckland is dated as the clinic sees it,
 * not as the server's own clock or the browser's does. The clock is the
 * system's; the product has no way to set it (tests run it under faketime).
 */
#ifndef CLG_SERVICE_TODAY_H
#define CLG_SERVICE_TODAY_H

#include "service/records.h"

/* Today's date now in time_zone, an IANA name; "" (or a name libical does not know) is UTC. */
clg_date clg_records_today_in(const char *time_zone);

/*
 * Sets records->today to the clinic's today (records->store and clinic
 * set). Both doors call it when they build a records context. When the
 * clinic's zone cannot be read, today is UTC's: the workflow that follows
 * meets the same store failure and reports it.
 */
void clg_records_today_set(clg_records *records);

#endif

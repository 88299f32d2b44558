/* The clinic's diary; see diary.h. */
#include "service/diary.h"

#include <errno.h>
#include <stdlib.h>

clg_status clg_records_diary_days_parse(const char *text, int *days, clg_error *err)
{
    char *end = NULL;
    errno = 0;
    long value = text[0] >= '0' && text[0] <= '9' ? strtol(text, &end, 10) : -1;
    if (value < 1 || errno != 0 || *end != '\0' || value > CLG_DIARY_MAX_DAYS)
        return clg_error_set(err, CLG_ERR_INVALID, "days",
                             "'%.40s' is not allowed; use a whole number of days from 1 to %d",
                             text, CLG_DIARY_MAX_DAYS);
    *days = (int)value;
    return CLG_OK;
}

clg_status clg_records_diary_list(const clg_records *r, clg_date on, int days,
                                  clg_diary_visitor visit, void *context, clg_error *err)
{
    if (days < 1 || days > CLG_DIARY_MAX_DAYS)
        return clg_error_set(err, CLG_ERR_INVALID, "days", "use 1 to %d days", CLG_DIARY_MAX_DAYS);
    /* The last day shown is one a date can hold (docs/records.md#dates). */
    if (on > CLG_DATE_LAST - (days - 1)) {
        char day[CLG_DATE_TEXT_SIZE];
        return clg_error_set(err, CLG_ERR_INVALID, "days",
                             "%d days from %s run past 9999-12-31, the last day a date can "
                             "hold; show at most %d day%s from it",
                             days, clg_date_format(on, day), (int)(CLG_DATE_LAST - on) + 1,
                             CLG_DATE_LAST == on ? "" : "s");
    }
    clg_status status = clg_store_begin(r->store, false, err);
    if (status != CLG_OK)
        return status;
    status = clg_store_diary_list(r->store, r->clinic, on, on + (clg_date)(days - 1), visit,
                                  context, err);
    clg_store_rollback(r->store); /* read only: nothing to keep */
    return status;
}

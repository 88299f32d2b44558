/* The recall list; see due.h. */
#include "service/due.h"

#include <errno.h>
#include <stdlib.h>

clg_status clg_records_due_within_parse(const char *text, int *within, clg_error *err)
{
    char *end = NULL;
    errno = 0;
    long days = text[0] >= '0' && text[0] <= '9' ? strtol(text, &end, 10) : -1;
    if (days < 0 || errno != 0 || *end != '\0' || days > CLG_DUE_MAX_WITHIN_DAYS)
        return clg_error_set(err, CLG_ERR_INVALID, "within",
                             "'%.40s' is not allowed; use a whole number of days from 0 to %d",
                             text, CLG_DUE_MAX_WITHIN_DAYS);
    *within = (int)days;
    return CLG_OK;
}

typedef struct due_walk {
    clg_date on;
    clg_due_item_visitor visit;
    void *context;
} due_walk;

/*
 * The next item's window, as the core's clg_course_progress works it out
 * (src/core/course.c): a session after the first runs from the plan's
 * shortest to its longest interval after the last session; the first
 * session has no window but its day; a maintenance visit runs from the
 * plan's fewest to its most months after the last session, widened to
 * hold its date.
 */
static void window(const clg_due_row *row, clg_date *earliest, clg_date *latest)
{
    *earliest = *latest = row->due;
    if (row->last_session == 0)
        return;
    if (row->kind == CLG_NEXT_SESSION) {
        *earliest = row->last_session + row->interval_min;
        *latest = row->last_session + row->interval_max;
    } else if (row->kind == CLG_NEXT_MAINTENANCE) {
        *earliest = clg_date_add_months(row->last_session, row->maintenance_min);
        *latest = clg_date_add_months(row->last_session, row->maintenance_max);
    }
    if (*earliest > row->due)
        *earliest = row->due;
    if (*latest < row->due)
        *latest = row->due;
}

static int visit_row(void *context, const clg_due_row *row)
{
    due_walk *walk = context;
    clg_due_item item = {row, row->due < walk->on ? (int)(walk->on - row->due) : 0, 0, 0};
    window(row, &item.earliest, &item.latest);
    return walk->visit(walk->context, &item);
}

clg_status clg_records_due_list(const clg_records *r, clg_date on, int within,
                                clg_due_item_visitor visit, void *context, clg_error *err)
{
    if (within < 0 || within > CLG_DUE_MAX_WITHIN_DAYS)
        return clg_error_set(err, CLG_ERR_INVALID, "within", "use 0 to %d days",
                             CLG_DUE_MAX_WITHIN_DAYS);
    /* The look-ahead ends on a day a date can hold (docs/records.md#dates). */
    if (on > CLG_DATE_LAST - within) {
        char day[CLG_DATE_TEXT_SIZE];
        return clg_error_set(err, CLG_ERR_INVALID, "within",
                             "%s plus %d day%s runs past 9999-12-31, the last day a date can "
                             "hold; look ahead at most %d day%s from it",
                             clg_date_format(on, day), within, within == 1 ? "" : "s",
                             (int)(CLG_DATE_LAST - on), CLG_DATE_LAST - on == 1 ? "" : "s");
    }
    clg_status status = clg_store_begin(r->store, false, err);
    if (status != CLG_OK)
        return status;
    due_walk walk = {on, visit, context};
    status = clg_store_due_list(r->store, r->clinic, on + (clg_date)within, visit_row, &walk, err);
    clg_store_rollback(r->store); /* read only: nothing to keep */
    return status;
}

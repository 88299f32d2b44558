/*
 * The recall list: every course whose next item (a session, or the
 * maintenance visit) falls on or before a day plus a look-ahead, overdue
 * ones included, soonest first. The store keeps each course's next date on
 * its row, indexed, so this is one index range however many clients the
 * clinic has. Both doors take the look-ahead's default and limits from
 * here.
 */
#ifndef CLG_SERVICE_DUE_H
#define CLG_SERVICE_DUE_H

#include "service/records.h"

/* The look-ahead when none is given, and the longest allowed (about ten years). */
enum { CLG_DUE_DEFAULT_WITHIN_DAYS = 14, CLG_DUE_MAX_WITHIN_DAYS = 3660 };

/*
 * Reads a look-ahead in days ("14") into *within: a whole number from 0 to
 * CLG_DUE_MAX_WITHIN_DAYS, else CLG_ERR_INVALID naming "within".
 */
clg_status clg_records_due_within_parse(const char *text, int *within, clg_error *err);

/* One line of the list as the renderers take it; borrowed for the call. */
typedef int (*clg_due_item_visitor)(void *context, const clg_due_item *item);

/*
 * Visits the courses due by on + within days, with how overdue each is on
 * the day on. A look-ahead that runs past 9999-12-31 is CLG_ERR_INVALID
 * naming "within".
 */
clg_status clg_records_due_list(const clg_records *records, clg_date on, int within,
                                clg_due_item_visitor visit, void *context, clg_error *err);

#endif

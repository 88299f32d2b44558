/*
 * The clinic's diary (docs/records.md#diary): its bookings from a day for
 * a number of days, in time order, each with the client to expect, the
 * course and which visit of it. Both doors take the bounds and the
 * defaults from here.
 */
#ifndef CLG_SERVICE_DIARY_H
#define CLG_SERVICE_DIARY_H

#include "service/records.h"

/* The days shown when none are given, and the most (a year and a day). */
enum { CLG_DIARY_DEFAULT_DAYS = 1, CLG_DIARY_MAX_DAYS = 366 };

/*
 * Reads a number of days ("7") into *days: a whole number from 1 to
 * CLG_DIARY_MAX_DAYS, else CLG_ERR_INVALID naming "days".
 */
clg_status clg_records_diary_days_parse(const char *text, int *days, clg_error *err);

/*
 * Visits the bookings from on through on + days - 1, by date, all-day
 * bookings first, then by time. Days out of range, or a range that runs
 * past 9999-12-31, is CLG_ERR_INVALID naming "days".
 */
clg_status clg_records_diary_list(const clg_records *records, clg_date on, int days,
                                  clg_diary_visitor visit, void *context, clg_error *err);

#endif

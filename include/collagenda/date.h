/*
 * Civil dates (proleptic Gregorian), as whole days.
 *
 * A clg_date is the number of days since 1970-01-01, so "21 days later" is
 * plain addition and comparisons are integer comparisons. Conversions use
 * Howard Hinnant's days_from_civil / civil_from_days algorithms, which are
 * exact for every year we can print (0001-9999).
 */
#ifndef COLLAGENDA_DATE_H
#define COLLAGENDA_DATE_H

#include <stdbool.h>
#include <stdint.h>

#include "collagenda/error.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef int32_t clg_date;

/* ISO weekday numbering shifted to zero: Monday 0 ... Sunday 6. */
enum { CLG_MONDAY = 0, CLG_SUNDAY = 6 };

#define CLG_DATE_TEXT_SIZE 11 /* "YYYY-MM-DD" and its NUL */
#define CLG_YEAR_MIN 1
#define CLG_YEAR_MAX 9999
/*
 * 9999-12-31, the last day a date can be written as YYYY-MM-DD. Arithmetic
 * can go past it (clg_date_format would then wrap the year to 0000), so
 * whatever stores or shows a computed date checks it against this first.
 */
#define CLG_DATE_LAST 2932896

bool clg_is_leap_year(int year);
int clg_days_in_month(int year, int month);

/* Returns false (and leaves *out alone) for an impossible date like 2027-02-30. */
bool clg_date_from_civil(int year, int month, int day, clg_date *out);
void clg_date_to_civil(clg_date date, int *year, int *month, int *day);

/*
 * Parses exactly "YYYY-MM-DD". On failure returns CLG_ERR_INVALID and names
 * field in err, telling a malformed text apart from an impossible date.
 */
clg_status clg_date_parse(const char *text, const char *field, clg_date *out, clg_error *err);

/* Writes "YYYY-MM-DD" into out (CLG_DATE_TEXT_SIZE bytes); returns out. */
char *clg_date_format(clg_date date, char out[CLG_DATE_TEXT_SIZE]);

#define CLG_TIME_TEXT_SIZE 6 /* "HH:MM" and its NUL */

/*
 * A wall-clock time "HH:MM" (00:00 to 23:59, two digits each) into minutes
 * after midnight. Anything else is CLG_ERR_INVALID naming field.
 */
clg_status clg_time_parse(const char *text, const char *field, int *minute, clg_error *err);

/* Writes minutes after midnight (0..1439) as "HH:MM"; returns out. */
char *clg_time_format(int minute, char out[CLG_TIME_TEXT_SIZE]);

/* Monday 0 ... Sunday 6. */
int clg_date_weekday(clg_date date);

/*
 * Same day of month, months later, clamped to the target month's last day
 * (Jan 31 + 1 month = Feb 28, or Feb 29 in a leap year).
 */
clg_date clg_date_add_months(clg_date date, int months);

#ifdef __cplusplus
}
#endif
#endif

/*
 * Civil-date arithmetic. days_from_civil and civil_from_days follow Howard
 * Hinnant's public-domain algorithms ("chrono-Compatible Low-Level Date
 * Algorithms"): eras of 400 years make every step integer arithmetic.
 */
#include "collagenda/date.h"

#include <stdio.h>
#include <string.h>

bool clg_is_leap_year(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int clg_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && clg_is_leap_year(year))
        return 29;
    return days[month - 1];
}

static clg_date days_from_civil(int year, int month, int day)
{
    year -= month <= 2;
    const int era = (year >= 0 ? year : year - 399) / 400;
    const int year_of_era = year - era * 400;
    const int day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
    const int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    return era * 146097 + day_of_era - 719468;
}

bool clg_date_from_civil(int year, int month, int day, clg_date *out)
{
    if (year < CLG_YEAR_MIN || year > CLG_YEAR_MAX || month < 1 || month > 12 || day < 1 ||
        day > clg_days_in_month(year, month))
        return false;
    *out = days_from_civil(year, month, day);
    return true;
}

void clg_date_to_civil(clg_date date, int *year, int *month, int *day)
{
    const int shifted = date + 719468;
    const int era = (shifted >= 0 ? shifted : shifted - 146096) / 146097;
    const int day_of_era = shifted - era * 146097;
    const int year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    const int day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    const int month_index = (5 * day_of_year + 2) / 153;
    *day = day_of_year - (153 * month_index + 2) / 5 + 1;
    *month = month_index < 10 ? month_index + 3 : month_index - 9;
    *year = year_of_era + era * 400 + (*month <= 2);
}

static bool read_digits(const char *text, int count, int *value)
{
    int result = 0;
    for (int i = 0; i < count; i++) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        result = result * 10 + (text[i] - '0');
    }
    *value = result;
    return true;
}

clg_status clg_date_parse(const char *text, const char *field, clg_date *out, clg_error *err)
{
    int year, month, day;
    if (text == NULL || strlen(text) != 10 || text[4] != '-' || text[7] != '-' ||
        !read_digits(text, 4, &year) || !read_digits(text + 5, 2, &month) ||
        !read_digits(text + 8, 2, &day))
        return clg_error_set(err, CLG_ERR_INVALID, field,
                             "'%s' is not a date; use YYYY-MM-DD, for example 2027-01-04",
                             text ? text : "");
    if (!clg_date_from_civil(year, month, day, out))
        return clg_error_set(err, CLG_ERR_INVALID, field,
                             "'%s' does not exist on the calendar (month 01-12, day within "
                             "the month, year 0001-9999)",
                             text);
    return CLG_OK;
}

char *clg_date_format(clg_date date, char out[CLG_DATE_TEXT_SIZE])
{
    int year, month, day;
    clg_date_to_civil(date, &year, &month, &day);
    /* Written by hand: this runs for every date of every plan. */
    out[0] = (char)('0' + year / 1000 % 10);
    out[1] = (char)('0' + year / 100 % 10);
    out[2] = (char)('0' + year / 10 % 10);
    out[3] = (char)('0' + year % 10);
    out[4] = '-';
    out[5] = (char)('0' + month / 10);
    out[6] = (char)('0' + month % 10);
    out[7] = '-';
    out[8] = (char)('0' + day / 10);
    out[9] = (char)('0' + day % 10);
    out[10] = '\0';
    return out;
}

clg_status clg_time_parse(const char *text, const char *field, int *minute, clg_error *err)
{
    int hours, minutes;
    if (text == NULL || strlen(text) != 5 || text[2] != ':' || !read_digits(text, 2, &hours) ||
        !read_digits(text + 3, 2, &minutes) || hours > 23 || minutes > 59)
        return clg_error_set(err, CLG_ERR_INVALID, field,
                             "'%s' is not a time of day; use HH:MM from 00:00 to 23:59, for "
                             "example 09:30",
                             text ? text : "");
    *minute = hours * 60 + minutes;
    return CLG_OK;
}

char *clg_time_format(int minute, char out[CLG_TIME_TEXT_SIZE])
{
    snprintf(out, CLG_TIME_TEXT_SIZE, "%02d:%02d", minute / 60 % 24, minute % 60);
    return out;
}

int clg_date_weekday(clg_date date)
{
    /* 1970-01-01 was a Thursday (3 when Monday is 0). */
    int weekday = (date + 3) % 7;
    return weekday < 0 ? weekday + 7 : weekday;
}

clg_date clg_date_add_months(clg_date date, int months)
{
    int year, month, day;
    clg_date_to_civil(date, &year, &month, &day);
    int month_index = year * 12 + (month - 1) + months;
    year = month_index / 12;
    month = month_index % 12 + 1;
    int last_day = clg_days_in_month(year, month);
    return days_from_civil(year, month, day > last_day ? last_day : day);
}

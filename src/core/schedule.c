/*
 * Dated schedules (docs/design.md#schedule-rules): session k+1 is `recommended` interval days after
 * session k, inside the window [k + min, k + max]. When the clinic gives its
 * open days, a date on a closed day moves to the next open day inside its
 * window, else to the previous one; the window itself never moves, so no
 * date can break the interval floor.
 */
#include "collagenda/plan.h"

static const char no_open_day_message[] =
    "A session window has no open day; the session stays on a closed day.";

static inline bool is_open(uint8_t open_days, clg_date date)
{
    return open_days == 0 || ((open_days >> clg_date_weekday(date)) & 1u);
}

static void warn_once(clg_plan *plan, const char *code, const char *message)
{
    for (int i = 0; i < plan->warning_count; i++)
        if (plan->warnings[i].message == message)
            return;
    if (plan->warning_count < CLG_MAX_WARNINGS)
        plan->warnings[plan->warning_count++] = (clg_warning){code, message, NULL};
}

/* Moves *date to an open day inside [earliest, latest]; false when there is none. */
static bool move_to_open_day(uint8_t open_days, clg_date earliest, clg_date latest,
                             clg_date *date)
{
    if (is_open(open_days, *date))
        return true;
    for (clg_date later = *date + 1; later <= latest; later++) {
        if (is_open(open_days, later)) {
            *date = later;
            return true;
        }
    }
    for (clg_date sooner = *date - 1; sooner >= earliest; sooner--) {
        if (is_open(open_days, sooner)) {
            *date = sooner;
            return true;
        }
    }
    return false;
}

void clg_schedule_build(clg_plan *plan, int first_number, clg_date first_date, uint8_t open_days)
{
    int count = plan->sessions.recommended;
    open_days &= CLG_ALL_WEEKDAYS;
    if (open_days == CLG_ALL_WEEKDAYS)
        open_days = 0;

    clg_date previous = first_date;
    plan->schedule[first_number - 1] = (clg_scheduled_session){first_number, first_date,
                                                               first_date, first_date};
    for (int number = first_number + 1; number <= count; number++) {
        clg_scheduled_session *session = &plan->schedule[number - 1];
        session->number = number;
        session->earliest = previous + plan->interval_days.min;
        session->latest = previous + plan->interval_days.max;
        session->date = previous + plan->interval_days.recommended;
        if (!move_to_open_day(open_days, session->earliest, session->latest, &session->date))
            warn_once(plan, "no-open-day-in-window", no_open_day_message);
        previous = session->date;
    }
    plan->schedule_count = count;
    plan->maintenance_date =
        clg_date_add_months(plan->schedule[count - 1].date, plan->maintenance_months.recommended);
}

/*
 * The diary on PostgreSQL: a clinic's bookings between two days in time
 * order, with the client's name and phone and the course's plan numbers.
 * The outer scan is one range of bookings_by_day (clinic, date,
 * start_minute NULLS FIRST, id), already in the diary's order; each row adds
 * bounded look-ups by primary key and by course (docs/records.md#diary).
 */
#include "store/pg_internal.h"

/*
 * A booking's visit number counts as the course view does (service/
 * course_view.c): the course's live sessions, then its bookings by date,
 * time (all day first) and id.
 */
static const char list_sql[] =
    "SELECT b.id, b.course_id, b.client_id, b.date, b.start_minute, b.areas, k.name, k.phone,"
    " (SELECT count(*) FROM sessions s WHERE s.course_id = b.course_id"
    "   AND s.void_reason IS NULL)"
    " + (SELECT count(*) FROM bookings e WHERE e.clinic_id = b.clinic_id"
    "   AND e.course_id = b.course_id AND e.status = 'booked' AND (e.date < b.date OR (e.date = "
    "b.date"
    "   AND (coalesce(e.start_minute, -1), e.id) < (coalesce(b.start_minute, -1), b.id)))) + 1,"
    " trunc((c.plan #>> '{sessions,recommended}')::numeric)::integer,"
    " trunc((c.plan #>> '{session_minutes}')::numeric)::integer"
    " FROM bookings b"
    " JOIN clients k ON k.id = b.client_id AND k.clinic_id = b.clinic_id"
    " JOIN courses c ON c.id = b.course_id AND c.clinic_id = b.clinic_id"
    /* A no-show is released: it holds no place in the day (docs/records.md#bookings). */
    " WHERE b.clinic_id = $1 AND b.date BETWEEN $2 AND $3 AND b.status = 'booked'"
    " ORDER BY b.date, b.start_minute NULLS FIRST, b.id";

static clg_status list(void *impl, int64_t clinic, clg_date from, clg_date through,
                       clg_diary_visitor visit, void *context, clg_error *err)
{
    clg_pg *p = impl;
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_date(&params, from);
    clg_pg_param_date(&params, through);
    PGresult *result = clg_pg_exec(p, list_sql, &params, "list the diary", err);
    if (result == NULL)
        return clg_pg_status(err);
    clg_status status = CLG_OK;
    for (int i = 0; i < PQntuples(result); i++) {
        clg_diary_row row = {
            .booking_id = clg_pg_int(result, i, 0),
            .course_id = clg_pg_int(result, i, 1),
            .client_id = clg_pg_int(result, i, 2),
            .start_minute = clg_pg_is_null(result, i, 4) ? -1 : (int)clg_pg_int(result, i, 4),
            .name = clg_pg_text(result, i, 6),
            .phone = clg_pg_text(result, i, 7),
            .number = (int)clg_pg_int(result, i, 8),
            .sessions = (int)clg_pg_int(result, i, 9),
            .minutes = (int)clg_pg_int(result, i, 10),
        };
        row.maintenance = row.sessions > 0 && row.number > row.sessions;
        if ((status = clg_pg_column_date(p, result, i, 3, &row.date, err)) != CLG_OK ||
            (status = clg_pg_column_word_set(p, result, i, 5, CLG_VOCAB_AREA, &row.areas, err)) !=
                CLG_OK ||
            visit(context, &row) != 0)
            break;
    }
    PQclear(result);
    return status;
}

const clg_store_diary_ops clg_pg_diary_ops = {
    .list = list,
};

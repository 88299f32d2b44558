/*
 * Bookings on PostgreSQL: a course's session booked for a day, maybe at a
 * local time, deleted when cancelled or settled. Its areas are stored as
 * the comma list of the course's areas when it was booked. A no-show is
 * kept with its status but listed nowhere: it is released.
 */
#include <string.h>

#include "store/pg_internal.h"

#define BOOKING_COLUMNS                                                                            \
    "id, course_id, client_id, date, start_minute, areas, forced, force_reason, status"

static const char insert_sql[] =
    "INSERT INTO bookings (clinic_id, course_id, client_id, date, start_minute, areas, forced, "
    "force_reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
static const char get_sql[] =
    "SELECT " BOOKING_COLUMNS " FROM bookings WHERE clinic_id = $1 AND id = $2";
static const char list_sql[] =
    "SELECT " BOOKING_COLUMNS " FROM bookings WHERE clinic_id = $1 "
    "AND status = 'booked' "
    "AND ($2::bigint = 0 OR course_id = $2) AND ($3::bigint = 0 OR client_id = $3) "
    "ORDER BY date, coalesce(start_minute, -1), id";
static const char update_sql[] =
    "UPDATE bookings SET date = $3, start_minute = $4, forced = $5, force_reason = $6, "
    "status = $7 WHERE clinic_id = $1 AND id = $2";
static const char delete_sql[] = "DELETE FROM bookings WHERE clinic_id = $1 AND id = $2";

static clg_status insert(void *impl, int64_t clinic, const clg_booking_row *row, int64_t *id,
                         clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_int(&params, row->course_id);
    clg_pg_param_int(&params, row->client_id);
    clg_pg_param_date(&params, row->date);
    clg_pg_param_int_or_null(&params, row->start_minute, row->start_minute >= 0);
    clg_pg_param_word_set(&params, CLG_VOCAB_AREA, row->areas);
    clg_pg_param_int(&params, row->forced ? 1 : 0);
    clg_pg_param_text(&params, row->force_reason);
    clg_pg_param_now(&params);
    return clg_pg_insert(impl, insert_sql, &params, "add booking", id, err);
}

/* A row of BOOKING_COLUMNS, its text borrowed from the result. */
static clg_status read_booking(clg_pg *p, const PGresult *result, int i, void *out, clg_error *err)
{
    clg_booking_row *row = out;
    const char *state = clg_pg_text(result, i, 8);
    *row = (clg_booking_row){
        .id = clg_pg_int(result, i, 0),
        .course_id = clg_pg_int(result, i, 1),
        .client_id = clg_pg_int(result, i, 2),
        .start_minute = clg_pg_is_null(result, i, 4) ? -1 : (int)clg_pg_int(result, i, 4),
        .forced = clg_pg_int(result, i, 6) != 0,
        .force_reason = clg_pg_text(result, i, 7),
        .no_show = state && strcmp(state, "no-show") == 0,
    };
    clg_status status = clg_pg_column_date(p, result, i, 3, &row->date, err);
    if (status == CLG_OK)
        status = clg_pg_column_word_set(p, result, i, 5, CLG_VOCAB_AREA, &row->areas, err);
    return status;
}

static clg_status own_booking(void *row, clg_error *err)
{
    return clg_booking_row_own(row, err);
}

static clg_status get(void *impl, int64_t clinic, int64_t id, clg_booking_row *row, clg_error *err)
{
    *row = (clg_booking_row){0};
    return clg_pg_get_by_id(impl, get_sql, clinic, id, "booking", read_booking, own_booking, row,
                            err);
}

static clg_status list(void *impl, int64_t clinic, int64_t course_id, int64_t client_id,
                       clg_booking_visitor visit, void *context, clg_error *err)
{
    clg_pg *p = impl;
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_int(&params, course_id);
    clg_pg_param_int(&params, client_id);
    PGresult *result = clg_pg_exec(p, list_sql, &params, "list bookings", err);
    if (result == NULL)
        return clg_pg_status(err);
    clg_status status = CLG_OK;
    for (int i = 0; i < PQntuples(result); i++) {
        clg_booking_row row;
        if ((status = read_booking(p, result, i, &row, err)) != CLG_OK || visit(context, &row) != 0)
            break;
    }
    PQclear(result);
    return status;
}

static clg_status update(void *impl, int64_t clinic, const clg_booking_row *row, clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_int(&params, row->id);
    clg_pg_param_date(&params, row->date);
    clg_pg_param_int_or_null(&params, row->start_minute, row->start_minute >= 0);
    clg_pg_param_int(&params, row->forced ? 1 : 0);
    clg_pg_param_text(&params, row->force_reason);
    clg_pg_param_text(&params, row->no_show ? "no-show" : "booked");
    int changed = 0;
    clg_status status = clg_pg_run(impl, update_sql, &params, "update booking", &changed, err);
    if (status == CLG_OK && changed == 0)
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "booking", "no booking with id %lld",
                               (long long)row->id);
    return status;
}

static clg_status delete (void *impl, int64_t clinic, int64_t id, clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_int(&params, id);
    int changed = 0;
    clg_status status = clg_pg_run(impl, delete_sql, &params, "delete booking", &changed, err);
    if (status == CLG_OK && changed == 0)
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "booking", "no booking with id %lld",
                               (long long)id);
    return status;
}

const clg_store_booking_ops clg_pg_booking_ops = {
    .insert = insert,
    .get = get,
    .list = list,
    .update = update,
    .delete = delete,
};

/*
 * Bookings on SQLite: a course's session booked for a day, maybe at a
 * local time, deleted when cancelled or settled. Its areas are stored as
 * the comma list ("face,neck") of the course's areas when it was booked.
 * A no-show is kept with its status but listed nowhere: it is released.
 */
#include <string.h>

#include "store/sqlite_internal.h"

#define BOOKING_COLUMNS                                                                            \
    "id, course_id, client_id, date, start_minute, areas, forced, force_reason, status"

static const char insert_sql[] =
    "INSERT INTO bookings (clinic_id, course_id, client_id, date, start_minute, areas, forced, "
    "force_reason, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
static const char get_sql[] =
    "SELECT " BOOKING_COLUMNS " FROM bookings WHERE clinic_id = ?1 AND id = ?2";
static const char list_sql[] = "SELECT " BOOKING_COLUMNS " FROM bookings WHERE clinic_id = ?1 "
                               "AND status = 'booked' "
                               "AND (?2 = 0 OR course_id = ?2) AND (?3 = 0 OR client_id = ?3) "
                               "ORDER BY date, coalesce(start_minute, -1), id";
static const char update_sql[] =
    "UPDATE bookings SET date = ?3, start_minute = ?4, forced = ?5, force_reason = ?6, "
    "status = ?7 WHERE clinic_id = ?1 AND id = ?2";
static const char delete_sql[] = "DELETE FROM bookings WHERE clinic_id = ?1 AND id = ?2";

static clg_status insert(void *impl, int64_t clinic, const clg_booking_row *row, int64_t *id,
                         clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, insert_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, row->course_id);
    sqlite3_bind_int64(stmt, 3, row->client_id);
    clg_sqlite_bind_date(stmt, 4, row->date);
    clg_sqlite_bind_int_or_null(stmt, 5, row->start_minute, row->start_minute >= 0);
    clg_sqlite_bind_word_set(stmt, 6, CLG_VOCAB_AREA, row->areas);
    sqlite3_bind_int(stmt, 7, row->forced ? 1 : 0);
    clg_sqlite_bind_text(stmt, 8, row->force_reason);
    clg_sqlite_bind_now(stmt, 9);
    return clg_sqlite_insert(s, stmt, "add booking", id, err);
}

/* A row of BOOKING_COLUMNS, its text borrowed from the statement. */
static clg_status read_booking(clg_sqlite *s, sqlite3_stmt *stmt, void *out, clg_error *err)
{
    clg_booking_row *row = out;
    *row = (clg_booking_row){
        .id = sqlite3_column_int64(stmt, 0),
        .course_id = sqlite3_column_int64(stmt, 1),
        .client_id = sqlite3_column_int64(stmt, 2),
        .start_minute =
            sqlite3_column_type(stmt, 4) == SQLITE_NULL ? -1 : sqlite3_column_int(stmt, 4),
        .forced = sqlite3_column_int(stmt, 6) != 0,
        .force_reason = clg_sqlite_column_text(stmt, 7),
        .no_show = strcmp((const char *)sqlite3_column_text(stmt, 8), "no-show") == 0,
    };
    clg_status status = clg_sqlite_column_date(s, stmt, 3, &row->date, err);
    if (status == CLG_OK)
        status = clg_sqlite_column_word_set(s, stmt, 5, CLG_VOCAB_AREA, &row->areas, err);
    return status;
}

static clg_status own_booking(void *row, clg_error *err)
{
    return clg_booking_row_own(row, err);
}

static clg_status get(void *impl, int64_t clinic, int64_t id, clg_booking_row *row, clg_error *err)
{
    *row = (clg_booking_row){0};
    return clg_sqlite_get_by_id(impl, get_sql, clinic, id, "booking", read_booking, own_booking,
                                row, err);
}

static clg_status list(void *impl, int64_t clinic, int64_t course_id, int64_t client_id,
                       clg_booking_visitor visit, void *context, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, list_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, course_id);
    sqlite3_bind_int64(stmt, 3, client_id);
    clg_status status = CLG_OK;
    while (clg_sqlite_next(s, stmt, "list bookings", &status, err)) {
        clg_booking_row row;
        if ((status = read_booking(s, stmt, &row, err)) != CLG_OK || visit(context, &row) != 0)
            break;
    }
    sqlite3_reset(stmt);
    return status;
}

static clg_status update(void *impl, int64_t clinic, const clg_booking_row *row, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, update_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, row->id);
    clg_sqlite_bind_date(stmt, 3, row->date);
    clg_sqlite_bind_int_or_null(stmt, 4, row->start_minute, row->start_minute >= 0);
    sqlite3_bind_int(stmt, 5, row->forced ? 1 : 0);
    clg_sqlite_bind_text(stmt, 6, row->force_reason);
    clg_sqlite_bind_text(stmt, 7, row->no_show ? "no-show" : "booked");
    clg_status status = clg_sqlite_run(s, stmt, "update booking", err);
    if (status == CLG_OK && sqlite3_changes(s->db) == 0)
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "booking", "no booking with id %lld",
                               (long long)row->id);
    return status;
}

static clg_status delete (void *impl, int64_t clinic, int64_t id, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, delete_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, id);
    clg_status status = clg_sqlite_run(s, stmt, "delete booking", err);
    if (status == CLG_OK && sqlite3_changes(s->db) == 0)
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "booking", "no booking with id %lld",
                               (long long)id);
    return status;
}

const clg_store_booking_ops clg_sqlite_booking_ops = {
    .insert = insert,
    .get = get,
    .list = list,
    .update = update,
    .delete = delete,
};

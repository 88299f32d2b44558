/*
 * Bookings and the clinic's time zone on SQLite. Each call prepares its
 * one statement with bound parameters (see sqlite_statement.h): bookings
 * are made at the front desk and read with a course, not in bulk.
 */
#include "store/sqlite_bookings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_statement.h"

#define BOOKING_COLUMNS "id, course_id, client_id, date, start_minute, areas, forced, force_reason"

clg_status clg_sqlite_clinic_time_zone_get(void *impl, int64_t clinic,
                                           char time_zone[CLG_TIME_ZONE_SIZE], clg_error *err)
{
    sqlite3 *db = clg_sqlite_db(impl);
    sqlite3_stmt *stmt;
    time_zone[0] = '\0';
    clg_status status =
        clg_sqlite_prepare(db, "SELECT time_zone FROM clinics WHERE id = ?1", &stmt, err);
    if (status != CLG_OK)
        return status;
    sqlite3_bind_int64(stmt, 1, clinic);
    int code = sqlite3_step(stmt);
    if (code == SQLITE_ROW) {
        const char *text = (const char *)sqlite3_column_text(stmt, 0);
        if (text != NULL)
            snprintf(time_zone, CLG_TIME_ZONE_SIZE, "%s", text);
    } else if (code == SQLITE_DONE) {
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "clinic", "no such clinic");
    } else {
        status = clg_sqlite_failed(db, "read the clinic's time zone", err);
    }
    sqlite3_finalize(stmt);
    return status;
}

clg_status clg_sqlite_clinic_time_zone_set(void *impl, int64_t clinic, const char *time_zone,
                                           clg_error *err)
{
    sqlite3 *db = clg_sqlite_db(impl);
    sqlite3_stmt *stmt;
    clg_status status =
        clg_sqlite_prepare(db, "UPDATE clinics SET time_zone = ?2 WHERE id = ?1", &stmt, err);
    if (status != CLG_OK)
        return status;
    sqlite3_bind_int64(stmt, 1, clinic);
    if (time_zone != NULL)
        sqlite3_bind_text(stmt, 2, time_zone, -1, SQLITE_STATIC);
    return clg_sqlite_finish_write(db, stmt, "set the clinic's time zone", err);
}

clg_status clg_sqlite_booking_insert(void *impl, int64_t clinic, const clg_booking_row *row,
                                     int64_t *id, clg_error *err)
{
    sqlite3 *db = clg_sqlite_db(impl);
    sqlite3_stmt *stmt;
    clg_status status = clg_sqlite_prepare(
        db,
        "INSERT INTO bookings (clinic_id, course_id, client_id, date, start_minute, areas, "
        "forced, force_reason, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        &stmt, err);
    if (status != CLG_OK)
        return status;
    char date[CLG_DATE_TEXT_SIZE], now[32];
    clg_sqlite_now_text(now);
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, row->course_id);
    sqlite3_bind_int64(stmt, 3, row->client_id);
    sqlite3_bind_text(stmt, 4, clg_date_format(row->date, date), -1, SQLITE_STATIC);
    if (row->start_minute >= 0)
        sqlite3_bind_int(stmt, 5, row->start_minute);
    char areas[CLG_WORD_SET_TEXT_SIZE];
    sqlite3_bind_text(stmt, 6, clg_word_set_format(CLG_VOCAB_AREA, row->areas, areas), -1,
                      SQLITE_STATIC);
    sqlite3_bind_int(stmt, 7, row->forced ? 1 : 0);
    if (row->force_reason != NULL)
        sqlite3_bind_text(stmt, 8, row->force_reason, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 9, now, -1, SQLITE_STATIC);
    status = clg_sqlite_finish_write(db, stmt, "add booking", err);
    if (status == CLG_OK)
        *id = sqlite3_last_insert_rowid(db);
    return status;
}

/* Reads a row of BOOKING_COLUMNS; its text is copied into row->storage. */
static clg_status read_booking(sqlite3_stmt *stmt, clg_booking_row *row, clg_error *err)
{
    memset(row, 0, sizeof *row);
    const char *date = (const char *)sqlite3_column_text(stmt, 3);
    if (clg_date_parse(date, "database", &row->date, NULL) != CLG_OK)
        return clg_error_set(err, CLG_ERR_IO, "database", "booking %lld has no valid date",
                             (long long)sqlite3_column_int64(stmt, 0));
    const char *areas = (const char *)sqlite3_column_text(stmt, 5);
    if (areas == NULL ||
        clg_word_set_parse(CLG_VOCAB_AREA, "areas", areas, &row->areas, NULL) != CLG_OK)
        return clg_error_set(err, CLG_ERR_IO, "database", "booking %lld holds '%s', not areas",
                             (long long)sqlite3_column_int64(stmt, 0), areas ? areas : "NULL");
    const char *reason = (const char *)sqlite3_column_text(stmt, 7);
    if (reason != NULL && (row->storage = strdup(reason)) == NULL)
        return clg_error_set(err, CLG_ERR_IO, "database", "out of memory");
    row->force_reason = row->storage;
    row->id = sqlite3_column_int64(stmt, 0);
    row->course_id = sqlite3_column_int64(stmt, 1);
    row->client_id = sqlite3_column_int64(stmt, 2);
    row->start_minute =
        sqlite3_column_type(stmt, 4) == SQLITE_NULL ? -1 : sqlite3_column_int(stmt, 4);
    row->forced = sqlite3_column_int(stmt, 6) != 0;
    return CLG_OK;
}

clg_status clg_sqlite_booking_get(void *impl, int64_t clinic, int64_t id, clg_booking_row *row,
                                  clg_error *err)
{
    sqlite3 *db = clg_sqlite_db(impl);
    sqlite3_stmt *stmt;
    memset(row, 0, sizeof *row);
    clg_status status = clg_sqlite_prepare(
        db, "SELECT " BOOKING_COLUMNS " FROM bookings WHERE clinic_id = ?1 AND id = ?2", &stmt,
        err);
    if (status != CLG_OK)
        return status;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, id);
    int code = sqlite3_step(stmt);
    if (code == SQLITE_ROW)
        status = read_booking(stmt, row, err);
    else if (code == SQLITE_DONE)
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "booking", "no booking with id %lld",
                               (long long)id);
    else
        status = clg_sqlite_failed(db, "read booking", err);
    sqlite3_finalize(stmt);
    return status;
}

clg_status clg_sqlite_booking_list(void *impl, int64_t clinic, int64_t course_id, int64_t client_id,
                                   clg_booking_visitor visit, void *context, clg_error *err)
{
    sqlite3 *db = clg_sqlite_db(impl);
    sqlite3_stmt *stmt;
    clg_status status =
        clg_sqlite_prepare(db,
                           "SELECT " BOOKING_COLUMNS " FROM bookings WHERE clinic_id = ?1 "
                           "AND (?2 = 0 OR course_id = ?2) AND (?3 = 0 OR client_id = ?3) "
                           "ORDER BY date, coalesce(start_minute, -1), id",
                           &stmt, err);
    if (status != CLG_OK)
        return status;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, course_id);
    sqlite3_bind_int64(stmt, 3, client_id);
    int code;
    while ((code = sqlite3_step(stmt)) == SQLITE_ROW) {
        clg_booking_row row;
        if ((status = read_booking(stmt, &row, err)) != CLG_OK)
            break;
        int stop = visit(context, &row);
        free(row.storage);
        if (stop)
            break;
    }
    if (status == CLG_OK && code != SQLITE_ROW && code != SQLITE_DONE)
        status = clg_sqlite_failed(db, "list bookings", err);
    sqlite3_finalize(stmt);
    return status;
}

clg_status clg_sqlite_booking_delete(void *impl, int64_t clinic, int64_t id, clg_error *err)
{
    sqlite3 *db = clg_sqlite_db(impl);
    sqlite3_stmt *stmt;
    clg_status status =
        clg_sqlite_prepare(db, "DELETE FROM bookings WHERE clinic_id = ?1 AND id = ?2", &stmt, err);
    if (status != CLG_OK)
        return status;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, id);
    status = clg_sqlite_finish_write(db, stmt, "delete booking", err);
    if (status == CLG_OK && sqlite3_changes(db) == 0)
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "booking", "no booking with id %lld",
                               (long long)id);
    return status;
}

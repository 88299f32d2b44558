/* Clinics on SQLite: found by name, created on first use, and their time zone. */
#include <stdio.h>

#include "store/sqlite_internal.h"

static const char find_sql[] = "SELECT id FROM clinics WHERE name = ?1";
static const char insert_sql[] = "INSERT INTO clinics (name, created_at) VALUES (?1, ?2)";
static const char time_zone_get_sql[] = "SELECT time_zone FROM clinics WHERE id = ?1";
static const char time_zone_set_sql[] = "UPDATE clinics SET time_zone = ?2 WHERE id = ?1";

static clg_status find(void *impl, const char *name, int64_t *id, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, find_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    clg_sqlite_bind_text(stmt, 1, name);
    clg_status status = clg_sqlite_step_one(s, stmt, "find clinic", err);
    if (status == CLG_OK)
        *id = sqlite3_column_int64(stmt, 0);
    else if (status == CLG_ERR_NOT_FOUND)
        clg_error_set(err, status, "clinic", "no clinic named '%s'", name);
    sqlite3_reset(stmt);
    return status;
}

static clg_status insert(void *impl, const char *name, int64_t *id, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, insert_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    clg_sqlite_bind_text(stmt, 1, name);
    clg_sqlite_bind_now(stmt, 2);
    return clg_sqlite_insert(s, stmt, "add clinic", id, err);
}

static clg_status time_zone_get(void *impl, int64_t clinic, char time_zone[CLG_TIME_ZONE_SIZE],
                                clg_error *err)
{
    clg_sqlite *s = impl;
    time_zone[0] = '\0';
    sqlite3_stmt *stmt = clg_sqlite_statement(s, time_zone_get_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    clg_status status = clg_sqlite_step_one(s, stmt, "read the clinic's time zone", err);
    if (status == CLG_OK) {
        const char *text = clg_sqlite_column_text(stmt, 0);
        if (text != NULL)
            snprintf(time_zone, CLG_TIME_ZONE_SIZE, "%s", text);
    } else if (status == CLG_ERR_NOT_FOUND) {
        clg_error_set(err, status, "clinic", "no such clinic");
    }
    sqlite3_reset(stmt);
    return status;
}

static clg_status time_zone_set(void *impl, int64_t clinic, const char *time_zone, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, time_zone_set_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    clg_sqlite_bind_text(stmt, 2, time_zone);
    return clg_sqlite_run(s, stmt, "set the clinic's time zone", err);
}

const clg_store_clinic_ops clg_sqlite_clinic_ops = {
    .find = find,
    .insert = insert,
    .time_zone_get = time_zone_get,
    .time_zone_set = time_zone_set,
};

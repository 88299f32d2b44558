/* Clinics on SQLite: found by name, added, listed, and their settings. */
#include <stdio.h>
#include <string.h>

#include "store/sqlite_internal.h"

static const char find_sql[] = "SELECT id FROM clinics WHERE name = ?1";
static const char insert_sql[] = "INSERT INTO clinics (name, created_at) VALUES (?1, ?2)";
static const char time_zone_get_sql[] = "SELECT time_zone FROM clinics WHERE id = ?1";
static const char time_zone_set_sql[] = "UPDATE clinics SET time_zone = ?2 WHERE id = ?1";
static const char list_sql[] = "SELECT name FROM clinics ORDER BY name";
static const char settings_get_sql[] =
    "SELECT name, address, phone, email, time_zone, open_days, opens, closes, chairs"
    " FROM clinics WHERE id = ?1";
static const char settings_set_sql[] =
    "UPDATE clinics SET name = ?2, address = ?3, phone = ?4, email = ?5, time_zone = ?6,"
    " open_days = ?7, opens = ?8, closes = ?9, chairs = ?10 WHERE id = ?1";

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

static clg_status list(void *impl, int (*visit)(void *context, const char *name), void *context,
                       clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, list_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    clg_status status = CLG_OK;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        if (visit(context, clg_sqlite_column_text(stmt, 0)) != 0)
            break;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = clg_error_set(err, CLG_ERR_IO, "database", "list the clinics: %s",
                               sqlite3_errmsg(s->db));
    sqlite3_reset(stmt);
    return status;
}

static void copy_column(sqlite3_stmt *stmt, int column, char *out, size_t size)
{
    const char *text = clg_sqlite_column_text(stmt, column);
    snprintf(out, size, "%s", text ? text : "");
}

static clg_status settings_get(void *impl, int64_t clinic, clg_clinic_settings *settings,
                               clg_error *err)
{
    clg_sqlite *s = impl;
    memset(settings, 0, sizeof *settings);
    settings->opens = settings->closes = -1;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, settings_get_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    clg_status status = clg_sqlite_step_one(s, stmt, "read the clinic's settings", err);
    if (status == CLG_OK) {
        copy_column(stmt, 0, settings->name, sizeof settings->name);
        copy_column(stmt, 1, settings->address, sizeof settings->address);
        copy_column(stmt, 2, settings->phone, sizeof settings->phone);
        copy_column(stmt, 3, settings->email, sizeof settings->email);
        copy_column(stmt, 4, settings->time_zone, sizeof settings->time_zone);
        settings->open_days = (uint8_t)sqlite3_column_int(stmt, 5);
        if (sqlite3_column_type(stmt, 6) != SQLITE_NULL &&
            sqlite3_column_type(stmt, 7) != SQLITE_NULL) {
            settings->opens = sqlite3_column_int(stmt, 6);
            settings->closes = sqlite3_column_int(stmt, 7);
        }
        settings->chairs = sqlite3_column_int(stmt, 8); /* NULL reads as 0: not set */
    } else if (status == CLG_ERR_NOT_FOUND) {
        clg_error_set(err, status, "clinic", "no such clinic");
    }
    sqlite3_reset(stmt);
    return status;
}

/* Text, or NULL for "" (not given). */
static void bind_optional(sqlite3_stmt *stmt, int index, const char *text)
{
    if (text[0] != '\0')
        clg_sqlite_bind_text(stmt, index, text);
    else
        sqlite3_bind_null(stmt, index);
}

static clg_status settings_set(void *impl, int64_t clinic, const clg_clinic_settings *settings,
                               clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, settings_set_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    clg_sqlite_bind_text(stmt, 2, settings->name);
    bind_optional(stmt, 3, settings->address);
    bind_optional(stmt, 4, settings->phone);
    bind_optional(stmt, 5, settings->email);
    bind_optional(stmt, 6, settings->time_zone);
    sqlite3_bind_int(stmt, 7, settings->open_days);
    if (settings->opens >= 0) {
        sqlite3_bind_int(stmt, 8, settings->opens);
        sqlite3_bind_int(stmt, 9, settings->closes);
    } else {
        sqlite3_bind_null(stmt, 8);
        sqlite3_bind_null(stmt, 9);
    }
    if (settings->chairs > 0)
        sqlite3_bind_int(stmt, 10, settings->chairs);
    else
        sqlite3_bind_null(stmt, 10);
    return clg_sqlite_run(s, stmt, "set the clinic's settings", err);
}

const clg_store_clinic_ops clg_sqlite_clinic_ops = {
    .find = find,
    .insert = insert,
    .time_zone_get = time_zone_get,
    .time_zone_set = time_zone_set,
    .settings_get = settings_get,
    .settings_set = settings_set,
    .list = list,
};

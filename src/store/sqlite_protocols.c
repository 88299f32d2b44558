/*
 * Protocols on SQLite: the document every course of the clinic was planned
 * under, kept by name and version, so a course is always re-planned with it.
 */
#include <string.h>

#include "store/sqlite_internal.h"

static const char get_sql[] =
    "SELECT document FROM protocols WHERE clinic_id = ?1 AND name = ?2 AND version = ?3";
static const char insert_sql[] = "INSERT INTO protocols (clinic_id, name, version, document, "
                                 "created_at) VALUES (?1, ?2, ?3, ?4, ?5)";

static clg_status get(void *impl, int64_t clinic, const char *name, const char *version,
                      char **document, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, get_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    clg_sqlite_bind_text(stmt, 2, name);
    clg_sqlite_bind_text(stmt, 3, version);
    clg_status status = clg_sqlite_step_one(s, stmt, "read protocol", err);
    if (status == CLG_OK) {
        const char *text = clg_sqlite_column_text(stmt, 0);
        *document = strdup(text ? text : "");
        if (*document == NULL)
            status = clg_error_set(err, CLG_ERR_IO, "database", "out of memory");
    } else if (status == CLG_ERR_NOT_FOUND) {
        clg_error_set(err, status, "protocol", "protocol %s version %s is not stored", name,
                      version);
    }
    sqlite3_reset(stmt);
    return status;
}

static clg_status insert(void *impl, int64_t clinic, const char *name, const char *version,
                         const char *document, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, insert_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    clg_sqlite_bind_text(stmt, 2, name);
    clg_sqlite_bind_text(stmt, 3, version);
    clg_sqlite_bind_text(stmt, 4, document);
    clg_sqlite_bind_now(stmt, 5);
    return clg_sqlite_run(s, stmt, "store protocol", err);
}

const clg_store_protocol_ops clg_sqlite_protocol_ops = {
    .get = get,
    .insert = insert,
};

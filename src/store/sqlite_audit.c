/*
 * The audit log on SQLite: appended to, never changed; triggers in the
 * schema refuse UPDATE and DELETE whoever writes to the file.
 */
#include "store/sqlite_internal.h"

static const char append_sql[] =
    "INSERT INTO audit_log (clinic_id, at, who, action, entity, entity_id, before_json, "
    "after_json, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

static clg_status append(void *impl, int64_t clinic, const clg_audit_entry *entry, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, append_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    clg_sqlite_bind_now(stmt, 2);
    clg_sqlite_bind_text(stmt, 3, entry->who);
    clg_sqlite_bind_text(stmt, 4, entry->action);
    clg_sqlite_bind_text(stmt, 5, entry->entity);
    if (entry->entity_id)
        sqlite3_bind_int64(stmt, 6, entry->entity_id);
    clg_sqlite_bind_text(stmt, 7, entry->before);
    clg_sqlite_bind_text(stmt, 8, entry->after);
    clg_sqlite_bind_text(stmt, 9, entry->reason);
    return clg_sqlite_run(s, stmt, "append to audit log", err);
}

const clg_store_audit_ops clg_sqlite_audit_ops = {
    .append = append,
};

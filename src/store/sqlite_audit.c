/*
 * The audit log on SQLite: appended to, never changed; triggers in the
 * schema refuse UPDATE and DELETE whoever writes to the file.
 *
 * Each entry keeps the client it is about (client_id, migration 8): the
 * one the workflow names, else the client of the record the entry names,
 * looked up as it is appended. Entries written before the column existed
 * have none and cannot be given one (the log is never rewritten), so the
 * reader attributes them the same way, through the record as it is now.
 */
#include "store/sqlite_internal.h"

/*
 * The client of the record an entry names: the client itself, or the
 * client of a course, session or booking of the clinic; NULL for anything
 * else (the clinic, a user, a protocol) and for a record that is gone.
 */
#define CLIENT_OF(clinic, entity, id)                                                              \
    "CASE " entity " WHEN 'client' THEN (SELECT r.id FROM clients r WHERE r.clinic_id = " clinic   \
    " AND r.id = " id ")"                                                                          \
    " WHEN 'course' THEN (SELECT r.client_id FROM courses r WHERE r.clinic_id = " clinic           \
    " AND r.id = " id ")"                                                                          \
    " WHEN 'session' THEN (SELECT r.client_id FROM sessions r WHERE r.clinic_id = " clinic         \
    " AND r.id = " id ")"                                                                          \
    " WHEN 'booking' THEN (SELECT r.client_id FROM bookings r WHERE r.clinic_id = " clinic         \
    " AND r.id = " id ") END"

static const char append_sql[] =
    "INSERT INTO audit_log (clinic_id, at, who, action, entity, entity_id, before_json, "
    "after_json, reason, client_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
    "coalesce(?10, " CLIENT_OF("?1", "?5", "?6") "))";

/*
 * The reader: ?1 clinic, ?2 client, ?3 since ('' for all: every stamp
 * sorts after it, so the index audit_by_time always has a range), ?4 an
 * action or a noun (NULL for all). An entry's client is the stored one,
 * else the attribution above; the erased flag says whether that client has
 * since been erased.
 */
#define LIST_COLUMNS                                                                               \
    "SELECT id, at, who, action, entity, entity_id, client, "                                      \
    "(SELECT c.erased_at IS NOT NULL FROM clients c WHERE c.clinic_id = ?1 AND c.id = client), "   \
    "before_json, after_json, reason FROM (SELECT a.*, coalesce(a.client_id, " CLIENT_OF(          \
        "?1", "a.entity", "a.entity_id") ") AS client FROM audit_log a WHERE a.clinic_id = ?1"
#define LIST_FILTERS                                                                               \
    " AND a.at >= ?3 AND (?4 IS NULL OR a.action = ?4 OR "                                         \
    "substr(a.action, 1, length(?4) + 1) = ?4 || '.')) ORDER BY id"

static const char list_sql[] = LIST_COLUMNS LIST_FILTERS;
static const char list_of_client_sql[] =
    LIST_COLUMNS " AND (a.client_id = ?2 OR (a.client_id IS NULL AND " CLIENT_OF(
        "?1", "a.entity", "a.entity_id") " = ?2))" LIST_FILTERS;

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
    if (entry->client_id)
        sqlite3_bind_int64(stmt, 10, entry->client_id);
    return clg_sqlite_run(s, stmt, "append to audit log", err);
}

static clg_status list(void *impl, int64_t clinic, const clg_audit_filter *filter,
                       clg_audit_visitor visit, void *context, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt =
        clg_sqlite_statement(s, filter->client_id ? list_of_client_sql : list_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    if (filter->client_id)
        sqlite3_bind_int64(stmt, 2, filter->client_id);
    clg_sqlite_bind_text(stmt, 3, filter->since ? filter->since : "");
    clg_sqlite_bind_text(stmt, 4, filter->action);
    clg_status status = CLG_OK;
    while (clg_sqlite_next(s, stmt, "read audit log", &status, err)) {
        clg_audit_row row = {
            .id = sqlite3_column_int64(stmt, 0),
            .at = clg_sqlite_column_text(stmt, 1),
            .who = clg_sqlite_column_text(stmt, 2),
            .action = clg_sqlite_column_text(stmt, 3),
            .entity = clg_sqlite_column_text(stmt, 4),
            .entity_id = sqlite3_column_int64(stmt, 5),
            .client_id = sqlite3_column_int64(stmt, 6),
            .client_erased = sqlite3_column_int(stmt, 7) != 0,
            .before = clg_sqlite_column_text(stmt, 8),
            .after = clg_sqlite_column_text(stmt, 9),
            .reason = clg_sqlite_column_text(stmt, 10),
        };
        if (visit(context, &row) != 0)
            break;
    }
    sqlite3_reset(stmt);
    return status;
}

const clg_store_audit_ops clg_sqlite_audit_ops = {
    .append = append,
    .list = list,
};

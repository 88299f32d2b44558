/*
 * The failed-login throttle's counts on SQLite (migration 14). A write
 * transaction holds the database's write lock from its start (BEGIN
 * IMMEDIATE), so a count read in it stays this attempt's until it commits:
 * no row lock is needed.
 */
#include "store/login_throttle.h"
#include "store/sqlite_internal.h"

static const char prune_sql[] =
    "DELETE FROM login_failures WHERE touched_at < ?1 AND locked_until <= ?2";
static const char read_sql[] = "SELECT failures, locked_until, touched_at FROM login_failures "
                               "WHERE kind = ?1 AND key = ?2";
static const char write_sql[] =
    "INSERT INTO login_failures (kind, key, failures, locked_until, touched_at, written_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (kind, key) DO UPDATE SET "
    "failures = excluded.failures, locked_until = excluded.locked_until, "
    "touched_at = excluded.touched_at, written_at = excluded.written_at";
static const char forget_sql[] = "DELETE FROM login_failures WHERE kind = ?1 AND key = ?2";
static const char size_sql[] = "SELECT count(*) FROM login_failures";
static const char evict_sql[] =
    "DELETE FROM login_failures WHERE rowid = (SELECT rowid FROM login_failures "
    "WHERE locked_until <= ?1 AND kind <> 'overflow' ORDER BY failures, touched_at LIMIT 1)";

static clg_status prune(void *impl, int64_t forget_before, int64_t now, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, prune_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, forget_before);
    sqlite3_bind_int64(stmt, 2, now);
    return clg_sqlite_run(s, stmt, "forget old failed logins", err);
}

static clg_status read_count(void *impl, const char *kind, const char *key, clg_login_count *count,
                             bool *found, clg_error *err)
{
    clg_sqlite *s = impl;
    *count = (clg_login_count){0};
    *found = false;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, read_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    clg_sqlite_bind_text(stmt, 1, kind);
    clg_sqlite_bind_text(stmt, 2, key);
    clg_status status = clg_sqlite_step_one(s, stmt, "read failed logins", err);
    if (status == CLG_OK) {
        count->failures = sqlite3_column_int(stmt, 0);
        count->locked_until = sqlite3_column_int64(stmt, 1);
        count->touched_at = sqlite3_column_int64(stmt, 2);
        *found = true;
    }
    sqlite3_reset(stmt);
    return status == CLG_ERR_NOT_FOUND ? CLG_OK : status;
}

static clg_status write_count(void *impl, const char *kind, const char *key,
                              const clg_login_count *count, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, write_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    clg_sqlite_bind_text(stmt, 1, kind);
    clg_sqlite_bind_text(stmt, 2, key);
    sqlite3_bind_int(stmt, 3, count->failures);
    sqlite3_bind_int64(stmt, 4, count->locked_until);
    sqlite3_bind_int64(stmt, 5, count->touched_at);
    clg_sqlite_bind_now(stmt, 6);
    return clg_sqlite_run(s, stmt, "count a failed login", err);
}

static clg_status forget(void *impl, const char *kind, const char *key, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, forget_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    clg_sqlite_bind_text(stmt, 1, kind);
    clg_sqlite_bind_text(stmt, 2, key);
    return clg_sqlite_run(s, stmt, "forget failed logins", err);
}

static clg_status size(void *impl, int64_t *rows, clg_error *err)
{
    clg_sqlite *s = impl;
    *rows = 0;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, size_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    clg_status status = clg_sqlite_step_one(s, stmt, "count failed logins", err);
    if (status == CLG_OK)
        *rows = sqlite3_column_int64(stmt, 0);
    sqlite3_reset(stmt);
    return status == CLG_ERR_NOT_FOUND ? CLG_OK : status;
}

static clg_status evict(void *impl, int64_t now, bool *freed, clg_error *err)
{
    clg_sqlite *s = impl;
    *freed = false;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, evict_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, now);
    clg_status status = clg_sqlite_run(s, stmt, "make room for failed logins", err);
    if (status == CLG_OK)
        *freed = sqlite3_changes(s->db) == 1;
    return status;
}

const clg_store_login_count_ops clg_sqlite_login_count_ops = {
    .prune = prune,
    .read = read_count,
    .write = write_count,
    .forget = forget,
    .size = size,
    .evict = evict,
};

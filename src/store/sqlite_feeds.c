/*
 * Calendar feeds on SQLite. As with the account statements, each call
 * prepares its one statement with bound parameters: a feed is created or
 * revoked by hand and read when a calendar app polls, far less often than
 * the records queries that sqlite.c caches.
 */
#include "store/sqlite_feeds.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/sqlite_accounts.h"

static clg_status failed(sqlite3 *db, const char *what, clg_error *err)
{
    int code = sqlite3_extended_errcode(db);
    return clg_error_set(err, (code & 0xFF) == SQLITE_CONSTRAINT ? CLG_ERR_INVALID : CLG_ERR_IO,
                         "database", "%s: %s", what, sqlite3_errmsg(db));
}

static clg_status prepare(sqlite3 *db, const char *sql, sqlite3_stmt **stmt, clg_error *err)
{
    if (sqlite3_prepare_v2(db, sql, -1, stmt, NULL) != SQLITE_OK)
        return failed(db, "prepare", err);
    return CLG_OK;
}

static clg_status finish_write(sqlite3 *db, sqlite3_stmt *stmt, const char *what, clg_error *err)
{
    int code = sqlite3_step(stmt);
    clg_status status = code == SQLITE_DONE ? CLG_OK : failed(db, what, err);
    sqlite3_finalize(stmt);
    return status;
}

clg_status clg_sqlite_feed_insert(void *impl, int64_t clinic, int64_t client_id,
                                  const char *token_hash, int64_t *id, clg_error *err)
{
    sqlite3 *db = clg_sqlite_db(impl);
    sqlite3_stmt *stmt;
    clg_status status = prepare(db,
                                "INSERT INTO feeds (clinic_id, client_id, token_hash, created_at) "
                                "VALUES (?1, ?2, ?3, ?4)",
                                &stmt, err);
    if (status != CLG_OK)
        return status;
    char now[32];
    time_t clock = time(NULL);
    struct tm utc;
    gmtime_r(&clock, &utc);
    strftime(now, sizeof now, "%Y-%m-%dT%H:%M:%SZ", &utc);
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, client_id);
    sqlite3_bind_text(stmt, 3, token_hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 4, now, -1, SQLITE_TRANSIENT);
    status = finish_write(db, stmt, "add calendar feed", err);
    if (status == CLG_OK)
        *id = sqlite3_last_insert_rowid(db);
    return status;
}

clg_status clg_sqlite_feed_revoke(void *impl, int64_t clinic, int64_t client_id, int *revoked,
                                  clg_error *err)
{
    sqlite3 *db = clg_sqlite_db(impl);
    sqlite3_stmt *stmt;
    *revoked = 0;
    clg_status status = prepare(db,
                                "UPDATE feeds SET revoked = 1 "
                                "WHERE clinic_id = ?1 AND client_id = ?2 AND revoked = 0",
                                &stmt, err);
    if (status != CLG_OK)
        return status;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, client_id);
    status = finish_write(db, stmt, "revoke calendar feed", err);
    if (status == CLG_OK)
        *revoked = sqlite3_changes(db);
    return status;
}

clg_status clg_sqlite_feed_find(void *impl, const char *token_hash, clg_feed_row *row,
                                clg_error *err)
{
    sqlite3 *db = clg_sqlite_db(impl);
    sqlite3_stmt *stmt;
    memset(row, 0, sizeof *row);
    clg_status status = prepare(db,
                                "SELECT f.id, f.clinic_id, f.client_id, c.name FROM feeds f "
                                "JOIN clinics c ON c.id = f.clinic_id "
                                "WHERE f.token_hash = ?1 AND f.revoked = 0",
                                &stmt, err);
    if (status != CLG_OK)
        return status;
    sqlite3_bind_text(stmt, 1, token_hash, -1, SQLITE_STATIC);
    int code = sqlite3_step(stmt);
    if (code == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(stmt, 3);
        row->storage = strdup(name ? name : "");
        if (row->storage == NULL) {
            status = clg_error_set(err, CLG_ERR_IO, "database", "out of memory");
        } else {
            row->id = sqlite3_column_int64(stmt, 0);
            row->clinic_id = sqlite3_column_int64(stmt, 1);
            row->client_id = sqlite3_column_int64(stmt, 2);
            row->clinic_name = row->storage;
        }
    } else if (code == SQLITE_DONE) {
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "feed", "no such calendar feed");
    } else {
        status = failed(db, "find calendar feed", err);
    }
    sqlite3_finalize(stmt);
    return status;
}

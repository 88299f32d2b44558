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

#include "store/sqlite_statement.h"

clg_status clg_sqlite_feed_insert(void *impl, int64_t clinic, int64_t client_id,
                                  const char *token_hash, int64_t *id, clg_error *err)
{
    sqlite3 *db = clg_sqlite_db(impl);
    sqlite3_stmt *stmt;
    clg_status status =
        clg_sqlite_prepare(db,
                           "INSERT INTO feeds (clinic_id, client_id, token_hash, created_at) "
                           "VALUES (?1, ?2, ?3, ?4)",
                           &stmt, err);
    if (status != CLG_OK)
        return status;
    char now[32];
    clg_sqlite_now_text(now);
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, client_id);
    sqlite3_bind_text(stmt, 3, token_hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 4, now, -1, SQLITE_TRANSIENT);
    status = clg_sqlite_finish_write(db, stmt, "add calendar feed", err);
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
    clg_status status =
        clg_sqlite_prepare(db,
                           "UPDATE feeds SET revoked = 1 "
                           "WHERE clinic_id = ?1 AND client_id = ?2 AND revoked = 0",
                           &stmt, err);
    if (status != CLG_OK)
        return status;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, client_id);
    status = clg_sqlite_finish_write(db, stmt, "revoke calendar feed", err);
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
    clg_status status =
        clg_sqlite_prepare(db,
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
        status = clg_sqlite_failed(db, "find calendar feed", err);
    }
    sqlite3_finalize(stmt);
    return status;
}

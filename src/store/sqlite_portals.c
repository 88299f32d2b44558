/*
 * Client portal links on SQLite: only the token's SHA-256 is kept, and a
 * partial unique index lets a client have at most one live link.
 */
#include "store/sqlite_internal.h"

static const char insert_sql[] =
    "INSERT INTO portals (clinic_id, client_id, token_hash, created_at) VALUES (?1, ?2, ?3, ?4)";
static const char revoke_sql[] = "UPDATE portals SET revoked_at = ?3 "
                                 "WHERE clinic_id = ?1 AND client_id = ?2 AND revoked_at IS NULL";
static const char find_sql[] = "SELECT id, clinic_id, client_id FROM portals "
                               "WHERE token_hash = ?1 AND revoked_at IS NULL";
static const char list_sql[] = "SELECT id, client_id, created_at, revoked_at FROM portals "
                               "WHERE clinic_id = ?1 AND client_id = ?2 ORDER BY id";

static clg_status insert(void *impl, int64_t clinic, int64_t client_id, const char *token_hash,
                         int64_t *id, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, insert_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, client_id);
    clg_sqlite_bind_text(stmt, 3, token_hash);
    clg_sqlite_bind_now(stmt, 4);
    return clg_sqlite_insert(s, stmt, "add portal link", id, err);
}

static clg_status revoke(void *impl, int64_t clinic, int64_t client_id, int *revoked,
                         clg_error *err)
{
    clg_sqlite *s = impl;
    *revoked = 0;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, revoke_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, client_id);
    clg_sqlite_bind_now(stmt, 3);
    clg_status status = clg_sqlite_run(s, stmt, "revoke portal link", err);
    if (status == CLG_OK)
        *revoked = sqlite3_changes(s->db);
    return status;
}

static clg_status find(void *impl, const char *token_hash, clg_portal_row *row, clg_error *err)
{
    clg_sqlite *s = impl;
    *row = (clg_portal_row){0};
    sqlite3_stmt *stmt = clg_sqlite_statement(s, find_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    clg_sqlite_bind_text(stmt, 1, token_hash);
    clg_status status = clg_sqlite_step_one(s, stmt, "find portal link", err);
    if (status == CLG_OK) {
        row->id = sqlite3_column_int64(stmt, 0);
        row->clinic_id = sqlite3_column_int64(stmt, 1);
        row->client_id = sqlite3_column_int64(stmt, 2);
    } else if (status == CLG_ERR_NOT_FOUND) {
        clg_error_set(err, status, "portal", "no such portal link");
    }
    sqlite3_reset(stmt);
    return status;
}

static clg_status list(void *impl, int64_t clinic, int64_t client_id, clg_portal_visitor visit,
                       void *context, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, list_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, client_id);
    clg_status status = CLG_OK;
    while (clg_sqlite_next(s, stmt, "list portal links", &status, err)) {
        clg_portal_row row = {
            .id = sqlite3_column_int64(stmt, 0),
            .clinic_id = clinic,
            .client_id = sqlite3_column_int64(stmt, 1),
            .created_at = clg_sqlite_column_text(stmt, 2),
            .revoked_at = clg_sqlite_column_text(stmt, 3),
        };
        row.revoked = row.revoked_at != NULL;
        if (visit(context, &row) != 0)
            break;
    }
    sqlite3_reset(stmt);
    return status;
}

const clg_store_portal_ops clg_sqlite_portal_ops = {
    .insert = insert,
    .revoke = revoke,
    .find = find,
    .list = list,
};

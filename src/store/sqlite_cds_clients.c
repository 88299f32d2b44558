/*
 * CDS Hooks clients on SQLite (migration 13): cds_clients, one row per
 * registered issuer (unique across clinics, since a JWT names its issuer
 * before the server knows the clinic), and cds_token_ids, the JWT ids
 * seen, each until its token expires.
 */

#include "store/sqlite_internal.h"

static const char insert_sql[] = "INSERT INTO cds_clients (clinic_id, issuer, keys, created_at) "
                                 "VALUES (?1, ?2, ?3, ?4)";
static const char find_sql[] =
    "SELECT d.id, d.clinic_id, d.issuer, d.keys, c.name, d.created_at FROM cds_clients d "
    "JOIN clinics c ON c.id = d.clinic_id WHERE d.issuer = ?1";
static const char list_sql[] = "SELECT id, issuer, keys, created_at FROM cds_clients "
                               "WHERE clinic_id = ?1 ORDER BY issuer";
static const char id_sql[] = "SELECT id FROM cds_clients WHERE clinic_id = ?1 AND issuer = ?2";
static const char delete_sql[] = "DELETE FROM cds_clients WHERE id = ?1";
static const char forget_sql[] = "DELETE FROM cds_token_ids WHERE expires_at < ?1";
static const char remember_sql[] =
    "INSERT OR IGNORE INTO cds_token_ids (issuer, jti, expires_at, seen_at) "
    "VALUES (?1, ?2, ?3, ?4)";

static clg_status insert(void *impl, int64_t clinic, const char *issuer, const char *keys_json,
                         int64_t *id, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, insert_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    clg_sqlite_bind_text(stmt, 2, issuer);
    clg_sqlite_bind_text(stmt, 3, keys_json);
    clg_sqlite_bind_now(stmt, 4);
    return clg_sqlite_insert(s, stmt, "register CDS client", id, err);
}

static clg_status find(void *impl, const char *issuer, clg_cds_client_row *row, clg_error *err)
{
    clg_sqlite *s = impl;
    *row = (clg_cds_client_row){0};
    sqlite3_stmt *stmt = clg_sqlite_statement(s, find_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    clg_sqlite_bind_text(stmt, 1, issuer);
    clg_status status = clg_sqlite_step_one(s, stmt, "find CDS client", err);
    if (status == CLG_OK) {
        row->id = sqlite3_column_int64(stmt, 0);
        row->clinic_id = sqlite3_column_int64(stmt, 1);
        row->issuer = clg_sqlite_column_text(stmt, 2);
        row->keys_json = clg_sqlite_column_text(stmt, 3);
        row->clinic_name = clg_sqlite_column_text(stmt, 4);
        row->created_at = clg_sqlite_column_text(stmt, 5);
        status = clg_cds_client_row_own(row, err);
    } else if (status == CLG_ERR_NOT_FOUND) {
        clg_error_set(err, status, "iss", "no CDS client is registered with this issuer");
    }
    sqlite3_reset(stmt);
    return status;
}

static clg_status list(void *impl, int64_t clinic, clg_cds_client_visitor visit, void *context,
                       clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, list_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    clg_status status = CLG_OK;
    while (clg_sqlite_next(s, stmt, "list CDS clients", &status, err)) {
        clg_cds_client_row row = {
            .id = sqlite3_column_int64(stmt, 0),
            .clinic_id = clinic,
            .issuer = clg_sqlite_column_text(stmt, 1),
            .keys_json = clg_sqlite_column_text(stmt, 2),
            .created_at = clg_sqlite_column_text(stmt, 3),
        };
        if (visit(context, &row) != 0)
            break;
    }
    sqlite3_reset(stmt);
    return status;
}

static clg_status remove_client(void *impl, int64_t clinic, const char *issuer, int64_t *id,
                                clg_error *err)
{
    clg_sqlite *s = impl;
    *id = 0;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, id_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    clg_sqlite_bind_text(stmt, 2, issuer);
    clg_status status = clg_sqlite_step_one(s, stmt, "remove CDS client", err);
    if (status == CLG_OK)
        *id = sqlite3_column_int64(stmt, 0);
    sqlite3_reset(stmt);
    if (status == CLG_ERR_NOT_FOUND)
        return CLG_OK;
    if (status != CLG_OK)
        return status;
    if ((stmt = clg_sqlite_statement(s, delete_sql, err)) == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, *id);
    return clg_sqlite_run(s, stmt, "remove CDS client", err);
}

static clg_status remember_token(void *impl, const char *issuer, const char *jti,
                                 int64_t expires_at, int64_t now, bool *fresh, clg_error *err)
{
    clg_sqlite *s = impl;
    *fresh = false;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, forget_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, now);
    clg_status status = clg_sqlite_run(s, stmt, "forget expired JWT ids", err);
    if (status != CLG_OK)
        return status;
    if ((stmt = clg_sqlite_statement(s, remember_sql, err)) == NULL)
        return CLG_ERR_IO;
    clg_sqlite_bind_text(stmt, 1, issuer);
    clg_sqlite_bind_text(stmt, 2, jti);
    sqlite3_bind_int64(stmt, 3, expires_at);
    clg_sqlite_bind_now(stmt, 4);
    status = clg_sqlite_run(s, stmt, "remember JWT id", err);
    if (status == CLG_OK)
        *fresh = sqlite3_changes(s->db) == 1;
    return status;
}

const clg_store_cds_client_ops clg_sqlite_cds_client_ops = {
    .insert = insert,
    .find = find,
    .list = list,
    .remove = remove_client,
    .remember_token = remember_token,
};

/*
 * Clients on SQLite. A client merged into another (merged_into) stays as a
 * merged record: get finds it, list and the duplicate check do not.
 */
#include "store/sqlite_internal.h"

#define CLIENT_COLUMNS "id, name, email, phone, birth_date, skin_type, erased_at, merged_into"

static const char insert_sql[] = "INSERT INTO clients (clinic_id, name, email, phone, birth_date, "
                                 "skin_type, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
static const char get_sql[] =
    "SELECT " CLIENT_COLUMNS " FROM clients WHERE clinic_id = ?1 AND id = ?2";
static const char list_sql[] = "SELECT " CLIENT_COLUMNS " FROM clients "
                               "WHERE clinic_id = ?1 AND merged_into IS NULL ORDER BY id";
static const char update_sql[] =
    "UPDATE clients SET name = ?3, email = ?4, phone = ?5, birth_date = ?6, skin_type = ?7 "
    "WHERE clinic_id = ?1 AND id = ?2";
/* Each written with the expression its index (migration 7) is on, so that the index serves it. */
static const char find_email_sql[] =
    "SELECT " CLIENT_COLUMNS " FROM clients WHERE clinic_id = ?1 AND lower(email) = lower(?2) "
    "AND id <> ?3 AND merged_into IS NULL ORDER BY id LIMIT 1";
static const char find_phone_sql[] =
    "SELECT " CLIENT_COLUMNS " FROM clients WHERE clinic_id = ?1 AND " CLG_SQLITE_PHONE_KEY(
        "phone") " = " CLG_SQLITE_PHONE_KEY("?2") " AND id <> ?3 AND merged_into IS NULL "
                                                  "ORDER BY id LIMIT 1";
static const char merge_courses_sql[] =
    "UPDATE courses SET client_id = ?2 WHERE clinic_id = ?1 AND client_id = ?3";
static const char merge_sessions_sql[] =
    "UPDATE sessions SET client_id = ?2 WHERE clinic_id = ?1 AND client_id = ?3";
static const char merge_bookings_sql[] =
    "UPDATE bookings SET client_id = ?2 WHERE clinic_id = ?1 AND client_id = ?3";
static const char merge_client_sql[] =
    "UPDATE clients SET merged_into = ?2 WHERE clinic_id = ?1 AND id = ?3";
static const char erase_sql[] =
    "UPDATE clients SET name = ?3, email = NULL, phone = NULL, birth_date = NULL, "
    "skin_type = NULL, erased_at = ?4 WHERE clinic_id = ?1 AND id = ?2 AND erased_at IS NULL";

static clg_status insert(void *impl, int64_t clinic, const clg_client_row *row, int64_t *id,
                         clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, insert_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    clg_sqlite_bind_text(stmt, 2, row->name);
    clg_sqlite_bind_text(stmt, 3, row->email);
    clg_sqlite_bind_text(stmt, 4, row->phone);
    if (row->has_birth_date)
        clg_sqlite_bind_date(stmt, 5, row->birth_date);
    clg_sqlite_bind_int_or_null(stmt, 6, row->skin_type, row->skin_type != CLG_SKIN_TYPE_UNKNOWN);
    clg_sqlite_bind_now(stmt, 7);
    return clg_sqlite_insert(s, stmt, "add client", id, err);
}

/* A row of CLIENT_COLUMNS, its text borrowed from the statement. */
static clg_status read_client(clg_sqlite *s, sqlite3_stmt *stmt, void *out, clg_error *err)
{
    clg_client_row *row = out;
    *row = (clg_client_row){
        .id = sqlite3_column_int64(stmt, 0),
        .name = clg_sqlite_column_text(stmt, 1),
        .email = clg_sqlite_column_text(stmt, 2),
        .phone = clg_sqlite_column_text(stmt, 3),
        .has_birth_date = sqlite3_column_type(stmt, 4) != SQLITE_NULL,
        .skin_type = sqlite3_column_int(stmt, 5),
        .erased_at = clg_sqlite_column_text(stmt, 6),
        .merged_into = sqlite3_column_int64(stmt, 7),
    };
    if (row->has_birth_date)
        return clg_sqlite_column_date(s, stmt, 4, &row->birth_date, err);
    return CLG_OK;
}

static clg_status own_client(void *row, clg_error *err)
{
    return clg_client_row_own(row, err);
}

static clg_status get(void *impl, int64_t clinic, int64_t id, clg_client_row *row, clg_error *err)
{
    *row = (clg_client_row){0};
    return clg_sqlite_get_by_id(impl, get_sql, clinic, id, "client", read_client, own_client, row,
                                err);
}

static clg_status list(void *impl, int64_t clinic, clg_client_visitor visit, void *context,
                       clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, list_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    clg_status status = CLG_OK;
    while (clg_sqlite_next(s, stmt, "list clients", &status, err)) {
        clg_client_row row;
        if ((status = read_client(s, stmt, &row, err)) != CLG_OK || visit(context, &row) != 0)
            break;
    }
    sqlite3_reset(stmt);
    return status;
}

static clg_status erase(void *impl, int64_t clinic, int64_t id, const char *tombstone,
                        clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, erase_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, id);
    clg_sqlite_bind_text(stmt, 3, tombstone);
    clg_sqlite_bind_now(stmt, 4);
    clg_status status = clg_sqlite_run(s, stmt, "erase client", err);
    if (status == CLG_OK && sqlite3_changes(s->db) == 0)
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "client",
                               "no client with id %lld still to erase", (long long)id);
    return status;
}

static clg_status update(void *impl, int64_t clinic, const clg_client_row *row, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, update_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, row->id);
    clg_sqlite_bind_text(stmt, 3, row->name);
    clg_sqlite_bind_text(stmt, 4, row->email);
    clg_sqlite_bind_text(stmt, 5, row->phone);
    if (row->has_birth_date)
        clg_sqlite_bind_date(stmt, 6, row->birth_date);
    clg_sqlite_bind_int_or_null(stmt, 7, row->skin_type, row->skin_type != CLG_SKIN_TYPE_UNKNOWN);
    clg_status status = clg_sqlite_run(s, stmt, "edit client", err);
    if (status == CLG_OK && sqlite3_changes(s->db) == 0)
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "client", "no client with id %lld",
                               (long long)row->id);
    return status;
}

static clg_status find_contact(void *impl, int64_t clinic, const char *email, const char *phone,
                               int64_t except, clg_client_row *row, clg_error *err)
{
    clg_sqlite *s = impl;
    *row = (clg_client_row){0};
    sqlite3_stmt *stmt = clg_sqlite_statement(s, email ? find_email_sql : find_phone_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    clg_sqlite_bind_text(stmt, 2, email ? email : phone);
    sqlite3_bind_int64(stmt, 3, except);
    clg_status status = clg_sqlite_step_one(s, stmt, "find client", err);
    if (status == CLG_OK && (status = read_client(s, stmt, row, err)) == CLG_OK)
        status = clg_client_row_own(row, err);
    sqlite3_reset(stmt);
    return status;
}

static clg_status merge(void *impl, int64_t clinic, int64_t keep, int64_t other, clg_error *err)
{
    static const char *const steps[] = {merge_courses_sql, merge_sessions_sql, merge_bookings_sql,
                                        merge_client_sql};
    clg_sqlite *s = impl;
    clg_status status = CLG_OK;
    for (size_t i = 0; status == CLG_OK && i < sizeof steps / sizeof steps[0]; i++) {
        sqlite3_stmt *stmt = clg_sqlite_statement(s, steps[i], err);
        if (stmt == NULL)
            return CLG_ERR_IO;
        sqlite3_bind_int64(stmt, 1, clinic);
        sqlite3_bind_int64(stmt, 2, keep);
        sqlite3_bind_int64(stmt, 3, other);
        status = clg_sqlite_run(s, stmt, "merge clients", err);
    }
    return status;
}

const clg_store_client_ops clg_sqlite_client_ops = {
    .insert = insert,
    .get = get,
    .list = list,
    .erase = erase,
    .update = update,
    .find_contact = find_contact,
    .merge = merge,
};

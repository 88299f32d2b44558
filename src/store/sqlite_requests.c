/*
 * Consultation requests on SQLite (store/requests.h). Stamps are text in
 * one spelling ("2027-01-04T09:30:00.123Z"), so a window is a text range.
 */
#include <stdio.h>
#include <string.h>

#include "store/requests.h"
#include "store/sqlite_internal.h"

#define COLUMNS                                                                                    \
    "id, clinic_id, name, email, phone, assessment, created_at, status, closed_at, closed_by, "    \
    "close_note, client_id, course_id"

static const char insert_sql[] =
    "INSERT INTO consultation_requests (clinic_id, name, email, phone, consent, assessment, "
    "address_hash, created_at) VALUES (?1, ?2, ?3, ?4, 1, ?5, ?6, ?7)";
static const char count_address_sql[] =
    "SELECT count(*), coalesce(min(created_at), '') FROM consultation_requests "
    "WHERE clinic_id = ?1 AND address_hash = ?2 AND created_at >= ?3";
static const char count_all_sql[] =
    "SELECT count(*), coalesce(min(created_at), '') FROM consultation_requests "
    "WHERE clinic_id = ?1 AND created_at >= ?2";
static const char forget_sql[] =
    "UPDATE consultation_requests SET address_hash = NULL "
    "WHERE clinic_id = ?1 AND address_hash IS NOT NULL AND created_at < ?2";
static const char get_sql[] =
    "SELECT " COLUMNS " FROM consultation_requests WHERE clinic_id = ?1 AND id = ?2";
static const char list_sql[] = "SELECT " COLUMNS " FROM consultation_requests "
                               "WHERE clinic_id = ?1 AND (?2 = 'all' OR status = ?2) "
                               "ORDER BY id DESC";
static const char close_sql[] =
    "UPDATE consultation_requests SET status = 'closed', closed_at = ?3, closed_by = ?4, "
    "close_note = ?5, client_id = ?6, course_id = ?7 "
    "WHERE clinic_id = ?1 AND id = ?2 AND status = 'open'";

static const char erase_for_client_sql[] =
    "DELETE FROM consultation_requests WHERE clinic_id = ?1 AND client_id = ?2";

static const char erase_sql[] =
    "DELETE FROM consultation_requests WHERE clinic_id = ?1 AND id = ?2";

static clg_status insert(void *impl, int64_t clinic, const clg_request_row *row,
                         const char *address_hash, int64_t *id, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, insert_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    clg_sqlite_bind_text(stmt, 2, row->name);
    clg_sqlite_bind_text(stmt, 3, row->email);
    clg_sqlite_bind_text(stmt, 4, row->phone);
    clg_sqlite_bind_text(stmt, 5, row->assessment_json);
    clg_sqlite_bind_text(stmt, 6, address_hash);
    clg_sqlite_bind_now(stmt, 7);
    return clg_sqlite_insert(s, stmt, "add consultation request", id, err);
}

static clg_status count_since(void *impl, int64_t clinic, const char *address_hash,
                              const char *since, int *count, char oldest[32], clg_error *err)
{
    clg_sqlite *s = impl;
    *count = 0;
    oldest[0] = '\0';
    sqlite3_stmt *stmt =
        clg_sqlite_statement(s, address_hash ? count_address_sql : count_all_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    int at = 1;
    sqlite3_bind_int64(stmt, at++, clinic);
    if (address_hash)
        clg_sqlite_bind_text(stmt, at++, address_hash);
    clg_sqlite_bind_text(stmt, at, since);
    clg_status status = clg_sqlite_step_one(s, stmt, "count consultation requests", err);
    if (status == CLG_OK) {
        *count = sqlite3_column_int(stmt, 0);
        const char *first = clg_sqlite_column_text(stmt, 1);
        snprintf(oldest, 32, "%s", first ? first : "");
    }
    sqlite3_reset(stmt);
    return status;
}

static clg_status forget_addresses(void *impl, int64_t clinic, const char *before, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, forget_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    clg_sqlite_bind_text(stmt, 2, before);
    return clg_sqlite_run(s, stmt, "forget request addresses", err);
}

static void read_row(sqlite3_stmt *stmt, clg_request_row *row)
{
    const char *status = clg_sqlite_column_text(stmt, 7);
    *row = (clg_request_row){
        .id = sqlite3_column_int64(stmt, 0),
        .clinic_id = sqlite3_column_int64(stmt, 1),
        .name = clg_sqlite_column_text(stmt, 2),
        .email = clg_sqlite_column_text(stmt, 3),
        .phone = clg_sqlite_column_text(stmt, 4),
        .assessment_json = clg_sqlite_column_text(stmt, 5),
        .created_at = clg_sqlite_column_text(stmt, 6),
        .closed = status && strcmp(status, "closed") == 0,
        .closed_at = clg_sqlite_column_text(stmt, 8),
        .closed_by = clg_sqlite_column_text(stmt, 9),
        .close_note = clg_sqlite_column_text(stmt, 10),
        .client_id = sqlite3_column_int64(stmt, 11),
        .course_id = sqlite3_column_int64(stmt, 12),
    };
}

static clg_status get(void *impl, int64_t clinic, int64_t id, clg_request_row *row, clg_error *err)
{
    clg_sqlite *s = impl;
    *row = (clg_request_row){0};
    sqlite3_stmt *stmt = clg_sqlite_statement(s, get_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, id);
    clg_status status = clg_sqlite_step_one(s, stmt, "find consultation request", err);
    if (status == CLG_OK) {
        read_row(stmt, row);
        status = clg_request_row_own(row, err);
    } else if (status == CLG_ERR_NOT_FOUND) {
        clg_error_set(err, status, "request", "no consultation request %lld", (long long)id);
    }
    sqlite3_reset(stmt);
    return status;
}

static const char *filter_word(clg_request_filter filter)
{
    return filter == CLG_REQUESTS_OPEN ? "open" : filter == CLG_REQUESTS_CLOSED ? "closed" : "all";
}

static clg_status list(void *impl, int64_t clinic, clg_request_filter filter,
                       clg_request_visitor visit, void *context, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, list_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    clg_sqlite_bind_text(stmt, 2, filter_word(filter));
    clg_status status = CLG_OK;
    while (clg_sqlite_next(s, stmt, "list consultation requests", &status, err)) {
        clg_request_row row;
        read_row(stmt, &row);
        if (visit(context, &row) != 0)
            break;
    }
    sqlite3_reset(stmt);
    return status;
}

static clg_status close_request(void *impl, int64_t clinic, int64_t id, const char *who,
                                const char *note, int64_t client_id, int64_t course_id, int *closed,
                                clg_error *err)
{
    clg_sqlite *s = impl;
    *closed = 0;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, close_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, id);
    clg_sqlite_bind_now(stmt, 3);
    clg_sqlite_bind_text(stmt, 4, who);
    clg_sqlite_bind_text(stmt, 5, note);
    if (client_id > 0)
        sqlite3_bind_int64(stmt, 6, client_id);
    else
        sqlite3_bind_null(stmt, 6);
    if (course_id > 0)
        sqlite3_bind_int64(stmt, 7, course_id);
    else
        sqlite3_bind_null(stmt, 7);
    clg_status status = clg_sqlite_run(s, stmt, "close consultation request", err);
    if (status == CLG_OK)
        *closed = sqlite3_changes(s->db);
    return status;
}

/* One DELETE by clinic and one id (a request's, or a client's: erase_for_client). */
static clg_status erase_where(clg_sqlite *s, const char *sql, int64_t clinic, int64_t id,
                              int *erased, clg_error *err)
{
    *erased = 0;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, id);
    clg_status status = clg_sqlite_run(s, stmt, "erase consultation requests", err);
    if (status == CLG_OK)
        *erased = sqlite3_changes(s->db);
    return status;
}

static clg_status erase_for_client(void *impl, int64_t clinic, int64_t client_id, int *erased,
                                   clg_error *err)
{
    return erase_where(impl, erase_for_client_sql, clinic, client_id, erased, err);
}

static clg_status erase(void *impl, int64_t clinic, int64_t id, int *erased, clg_error *err)
{
    return erase_where(impl, erase_sql, clinic, id, erased, err);
}

const clg_store_request_ops clg_sqlite_request_ops = {
    .insert = insert,
    .count_since = count_since,
    .forget_addresses = forget_addresses,
    .get = get,
    .list = list,
    .close = close_request,
    .erase_for_client = erase_for_client,
    .erase = erase,
};

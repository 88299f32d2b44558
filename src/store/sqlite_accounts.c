/*
 * Staff accounts on SQLite: users (their role stored as its word), bearer
 * tokens and login sessions, these two kept only as hashes. Each call is
 * one statement, its own implicit transaction unless the caller opened one.
 */
#include <stdio.h>
#include <time.h>

#include "store/sqlite_internal.h"

#define USER_COLUMNS "u.id, u.clinic_id, c.name, u.email, u.role, u.password_hash"
#define USER_FROM "FROM users u JOIN clinics c ON c.id = u.clinic_id"

static const char user_insert_sql[] = "INSERT INTO users (clinic_id, email, role, password_hash, "
                                      "created_at) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char user_find_sql[] = "SELECT " USER_COLUMNS " " USER_FROM " WHERE u.email = ?1";
static const char user_list_sql[] =
    "SELECT " USER_COLUMNS " " USER_FROM " WHERE u.clinic_id = ?1 ORDER BY u.id";
static const char token_insert_sql[] =
    "INSERT INTO api_tokens (user_id, token_hash, label, created_at) VALUES (?1, ?2, ?3, ?4)";
static const char token_find_sql[] =
    "SELECT " USER_COLUMNS " " USER_FROM " JOIN api_tokens t ON t.user_id = u.id "
    "WHERE t.token_hash = ?1 AND t.revoked = 0";
static const char login_sweep_sql[] = "DELETE FROM logins WHERE expires_at < ?1";
static const char login_insert_sql[] =
    "INSERT INTO logins (session_hash, user_id, csrf_token, expires_at, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
/* The CSRF token follows the user's columns: column 6. */
static const char login_find_sql[] =
    "SELECT " USER_COLUMNS ", l.csrf_token " USER_FROM " JOIN logins l ON l.user_id = u.id "
    "WHERE l.session_hash = ?1 AND l.expires_at > ?2";
static const char login_delete_sql[] = "DELETE FROM logins WHERE session_hash = ?1";

/* A row of USER_COLUMNS, its text borrowed from the statement. */
static clg_status read_user(clg_sqlite *s, sqlite3_stmt *stmt, clg_user_row *row, clg_error *err)
{
    *row = (clg_user_row){
        .id = sqlite3_column_int64(stmt, 0),
        .clinic_id = sqlite3_column_int64(stmt, 1),
        .clinic_name = clg_sqlite_column_text(stmt, 2),
        .email = clg_sqlite_column_text(stmt, 3),
        .password_hash = clg_sqlite_column_text(stmt, 5),
    };
    const char *role = clg_sqlite_column_text(stmt, 4);
    if (role == NULL || !clg_user_role_parse(role, &row->role))
        return clg_sqlite_bad_column(s, stmt, 4, "a role", err);
    return CLG_OK;
}

/*
 * Steps a query of at most one user into row, which then owns its text;
 * CLG_ERR_NOT_FOUND naming field when there is none. The caller resets.
 */
static clg_status find_user(clg_sqlite *s, sqlite3_stmt *stmt, const char *field, clg_user_row *row,
                            clg_error *err)
{
    *row = (clg_user_row){0};
    clg_status status = clg_sqlite_step_one(s, stmt, field, err);
    if (status == CLG_OK && (status = read_user(s, stmt, row, err)) == CLG_OK) {
        status = clg_user_row_own(row, err);
    } else if (status == CLG_ERR_NOT_FOUND) {
        clg_error_set(err, status, field, "no such account");
    }
    return status;
}

static clg_status user_insert(void *impl, int64_t clinic, const char *email, clg_user_role role,
                              const char *password_hash, int64_t *id, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, user_insert_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    clg_sqlite_bind_text(stmt, 2, email);
    clg_sqlite_bind_text(stmt, 3, clg_user_role_name(role));
    clg_sqlite_bind_text(stmt, 4, password_hash);
    clg_sqlite_bind_now(stmt, 5);
    clg_status status = clg_sqlite_insert(s, stmt, "add user", id, err);
    /* The one constraint a caller can break by its input: the address is taken. */
    if (status != CLG_OK && sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_UNIQUE)
        status = clg_error_set(err, CLG_ERR_INVALID, "email",
                               "this e-mail address already has an account");
    return status;
}

static clg_status user_find(void *impl, const char *email, clg_user_row *row, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, user_find_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    clg_sqlite_bind_text(stmt, 1, email);
    clg_status status = find_user(s, stmt, "email", row, err);
    sqlite3_reset(stmt);
    return status;
}

static clg_status user_list(void *impl, int64_t clinic, clg_user_visitor visit, void *context,
                            clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, user_list_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    clg_status status = CLG_OK;
    while (clg_sqlite_next(s, stmt, "list users", &status, err)) {
        clg_user_row row;
        if ((status = read_user(s, stmt, &row, err)) != CLG_OK || visit(context, &row) != 0)
            break;
    }
    sqlite3_reset(stmt);
    return status;
}

static clg_status token_insert(void *impl, int64_t user_id, const char *token_hash,
                               const char *label, int64_t *id, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, token_insert_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, user_id);
    clg_sqlite_bind_text(stmt, 2, token_hash);
    clg_sqlite_bind_text(stmt, 3, label);
    clg_sqlite_bind_now(stmt, 4);
    return clg_sqlite_insert(s, stmt, "add token", id, err);
}

static clg_status token_find(void *impl, const char *token_hash, clg_user_row *user, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, token_find_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    clg_sqlite_bind_text(stmt, 1, token_hash);
    clg_status status = find_user(s, stmt, "token", user, err);
    sqlite3_reset(stmt);
    return status;
}

static clg_status login_insert(void *impl, int64_t user_id, const char *session_hash,
                               const char *csrf_token, int64_t expires_at, clg_error *err)
{
    clg_sqlite *s = impl;
    /* Expired sessions are swept as new ones come in, so the table stays small. */
    sqlite3_stmt *stmt = clg_sqlite_statement(s, login_sweep_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, (sqlite3_int64)time(NULL));
    clg_status status = clg_sqlite_run(s, stmt, "sweep logins", err);
    if (status != CLG_OK)
        return status;
    if ((stmt = clg_sqlite_statement(s, login_insert_sql, err)) == NULL)
        return CLG_ERR_IO;
    clg_sqlite_bind_text(stmt, 1, session_hash);
    sqlite3_bind_int64(stmt, 2, user_id);
    clg_sqlite_bind_text(stmt, 3, csrf_token);
    sqlite3_bind_int64(stmt, 4, expires_at);
    clg_sqlite_bind_now(stmt, 5);
    return clg_sqlite_run(s, stmt, "add login", err);
}

static clg_status login_find(void *impl, const char *session_hash, int64_t now, clg_user_row *user,
                             char csrf_token[65], clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, login_find_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    clg_sqlite_bind_text(stmt, 1, session_hash);
    sqlite3_bind_int64(stmt, 2, now);
    clg_status status = find_user(s, stmt, "session", user, err);
    if (status == CLG_OK) {
        const char *csrf = clg_sqlite_column_text(stmt, 6);
        snprintf(csrf_token, 65, "%s", csrf ? csrf : "");
    }
    sqlite3_reset(stmt);
    return status;
}

static clg_status login_delete(void *impl, const char *session_hash, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, login_delete_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    clg_sqlite_bind_text(stmt, 1, session_hash);
    return clg_sqlite_run(s, stmt, "end login", err);
}

const clg_store_account_ops clg_sqlite_account_ops = {
    .user_insert = user_insert,
    .user_find = user_find,
    .user_list = user_list,
    .token_insert = token_insert,
    .token_find = token_find,
    .login_insert = login_insert,
    .login_find = login_find,
    .login_delete = login_delete,
};

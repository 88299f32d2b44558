/*
 * Staff accounts on SQLite: users (their role stored as its word), bearer
 * tokens and login sessions, these two kept only as hashes. Each call is
 * one statement, its own implicit transaction unless the caller opened one.
 */
#include <stdio.h>
#include <time.h>

#include "store/sqlite_internal.h"

#define USER_COLUMNS                                                                               \
    "u.id, u.clinic_id, c.name, u.email, u.role, u.password_hash, u.disabled, u.created_at"
enum { USER_COLUMN_COUNT = 8 };
/* A token authenticates while not revoked, not expired (?2: now) and its user is enabled. */
#define TOKEN_LIVE                                                                                 \
    "t.revoked = 0 AND (t.expires_at IS NULL OR t.expires_at > ?2) AND u.disabled = 0"
#define TOKEN_COLUMNS                                                                              \
    "t.id, t.user_id, u.clinic_id, u.email, t.label, t.created_at, t.expires_at, t.revoked"
#define USER_FROM "FROM users u JOIN clinics c ON c.id = u.clinic_id"

static const char user_insert_sql[] = "INSERT INTO users (clinic_id, email, role, password_hash, "
                                      "created_at) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char user_find_sql[] = "SELECT " USER_COLUMNS " " USER_FROM " WHERE u.email = ?1";
static const char user_list_sql[] =
    "SELECT " USER_COLUMNS " " USER_FROM " WHERE u.clinic_id = ?1 ORDER BY u.id";
static const char token_insert_sql[] = "INSERT INTO api_tokens (user_id, token_hash, label, "
                                       "created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)";
static const char token_find_sql[] =
    "SELECT " USER_COLUMNS " " USER_FROM " JOIN api_tokens t ON t.user_id = u.id "
    "WHERE t.token_hash = ?1 AND " TOKEN_LIVE;
static const char login_sweep_sql[] = "DELETE FROM logins WHERE expires_at < ?1";
static const char login_insert_sql[] =
    "INSERT INTO logins (session_hash, user_id, csrf_token, expires_at, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5)";
/* The CSRF token follows the user's columns. */
static const char login_find_sql[] =
    "SELECT " USER_COLUMNS ", l.csrf_token " USER_FROM " JOIN logins l ON l.user_id = u.id "
    "WHERE l.session_hash = ?1 AND l.expires_at > ?2 AND u.disabled = 0";
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
        .disabled = sqlite3_column_int(stmt, 6) != 0,
        .created_at = clg_sqlite_column_text(stmt, 7),
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
                               const char *label, int64_t expires_at, int64_t *id, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, token_insert_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, user_id);
    clg_sqlite_bind_text(stmt, 2, token_hash);
    clg_sqlite_bind_text(stmt, 3, label);
    clg_sqlite_bind_now(stmt, 4);
    if (expires_at > 0)
        sqlite3_bind_int64(stmt, 5, expires_at);
    else
        sqlite3_bind_null(stmt, 5);
    return clg_sqlite_insert(s, stmt, "add token", id, err);
}

static clg_status token_find(void *impl, const char *token_hash, clg_user_row *user, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, token_find_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    clg_sqlite_bind_text(stmt, 1, token_hash);
    /* Expiry is measured by the store's clock, as a login's is swept by it. */
    sqlite3_bind_int64(stmt, 2, (sqlite3_int64)time(NULL));
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
        const char *csrf = clg_sqlite_column_text(stmt, USER_COLUMN_COUNT);
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

/* ---- staff management ---- */

static const char user_get_sql[] =
    "SELECT " USER_COLUMNS " " USER_FROM " WHERE u.id = ?1 AND (?2 = 0 OR u.clinic_id = ?2)";
static const char user_update_sql[] = "UPDATE users SET role = ?2, disabled = ?3 WHERE id = ?1";
static const char user_password_sql[] = "UPDATE users SET password_hash = ?2 WHERE id = ?1";
static const char admin_count_sql[] =
    "SELECT count(*) FROM users WHERE clinic_id = ?1 AND role = 'admin' AND disabled = 0";
#define TOKEN_FROM "FROM api_tokens t JOIN users u ON u.id = t.user_id"
static const char token_get_sql[] =
    "SELECT " TOKEN_COLUMNS " " TOKEN_FROM " WHERE t.id = ?1 AND (?2 = 0 OR u.clinic_id = ?2)";
static const char token_list_sql[] =
    "SELECT " TOKEN_COLUMNS " " TOKEN_FROM " WHERE (?1 = 0 OR u.clinic_id = ?1) "
    "AND (?2 = 0 OR t.user_id = ?2) ORDER BY t.id";
static const char token_revoke_sql[] = "UPDATE api_tokens SET revoked = 1 WHERE revoked = 0 AND "
                                       "(id = ?1 OR (?1 = 0 AND user_id = ?2))";
static const char logins_end_sql[] =
    "DELETE FROM logins WHERE user_id = ?1 AND (?2 IS NULL OR session_hash <> ?2)";

static clg_status user_get(void *impl, int64_t clinic, int64_t id, clg_user_row *row,
                           clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, user_get_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_int64(stmt, 2, clinic);
    clg_status status = find_user(s, stmt, "user", row, err);
    sqlite3_reset(stmt);
    return status;
}

static clg_status user_update(void *impl, int64_t id, clg_user_role role, bool disabled,
                              clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, user_update_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, id);
    clg_sqlite_bind_text(stmt, 2, clg_user_role_name(role));
    sqlite3_bind_int(stmt, 3, disabled ? 1 : 0);
    return clg_sqlite_run(s, stmt, "change user", err);
}

static clg_status user_set_password(void *impl, int64_t id, const char *password_hash,
                                    clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, user_password_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, id);
    clg_sqlite_bind_text(stmt, 2, password_hash);
    return clg_sqlite_run(s, stmt, "change password", err);
}

static clg_status admin_count(void *impl, int64_t clinic, int *count, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, admin_count_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    clg_status status = clg_sqlite_step_one(s, stmt, "count admins", err);
    if (status == CLG_OK)
        *count = sqlite3_column_int(stmt, 0);
    sqlite3_reset(stmt);
    return status;
}

/* A row of TOKEN_COLUMNS, its text borrowed from the statement. */
static void read_token(sqlite3_stmt *stmt, clg_token_row *row)
{
    *row = (clg_token_row){
        .id = sqlite3_column_int64(stmt, 0),
        .user_id = sqlite3_column_int64(stmt, 1),
        .clinic_id = sqlite3_column_int64(stmt, 2),
        .email = clg_sqlite_column_text(stmt, 3),
        .label = clg_sqlite_column_text(stmt, 4),
        .created_at = clg_sqlite_column_text(stmt, 5),
        .expires_at = sqlite3_column_int64(stmt, 6), /* NULL reads as 0: never */
        .revoked = sqlite3_column_int(stmt, 7) != 0,
    };
}

static clg_status token_get(void *impl, int64_t clinic, int64_t id, clg_token_row *row,
                            clg_error *err)
{
    clg_sqlite *s = impl;
    *row = (clg_token_row){0};
    sqlite3_stmt *stmt = clg_sqlite_statement(s, token_get_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_int64(stmt, 2, clinic);
    clg_status status = clg_sqlite_step_one(s, stmt, "token", err);
    if (status == CLG_OK) {
        read_token(stmt, row);
        status = clg_token_row_own(row, err);
    } else if (status == CLG_ERR_NOT_FOUND) {
        clg_error_set(err, status, "token", "no token has the id %lld", (long long)id);
    }
    sqlite3_reset(stmt);
    return status;
}

static clg_status token_list(void *impl, int64_t clinic, int64_t user_id, clg_token_visitor visit,
                             void *context, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, token_list_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, user_id);
    clg_status status = CLG_OK;
    while (clg_sqlite_next(s, stmt, "list tokens", &status, err)) {
        clg_token_row row;
        read_token(stmt, &row);
        if (visit(context, &row) != 0)
            break;
    }
    sqlite3_reset(stmt);
    return status;
}

static clg_status token_revoke(void *impl, int64_t id, int64_t user_id, int *revoked,
                               clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, token_revoke_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, id);
    sqlite3_bind_int64(stmt, 2, user_id);
    clg_status status = clg_sqlite_run(s, stmt, "revoke tokens", err);
    *revoked = status == CLG_OK ? sqlite3_changes(s->db) : 0;
    return status;
}

static clg_status logins_end(void *impl, int64_t user_id, const char *keep_session_hash, int *ended,
                             clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, logins_end_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, user_id);
    clg_sqlite_bind_text(stmt, 2, keep_session_hash);
    clg_status status = clg_sqlite_run(s, stmt, "end logins", err);
    *ended = status == CLG_OK ? sqlite3_changes(s->db) : 0;
    return status;
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
    .user_get = user_get,
    .user_update = user_update,
    .user_set_password = user_set_password,
    .admin_count = admin_count,
    .token_get = token_get,
    .token_list = token_list,
    .token_revoke = token_revoke,
    .logins_end = logins_end,
};

/*
 * Staff accounts on PostgreSQL: users (their role stored as its word),
 * bearer tokens and login sessions, these two kept only as hashes. Login
 * sessions and their CSRF tokens live here, in the database every server
 * of a chain shares, so a cookie one server made is good on any other; a
 * token revoked, a user disabled or a session ended on one server is so
 * on every other at once.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/pg_internal.h"

#define USER_COLUMNS                                                                               \
    "u.id, u.clinic_id, c.name, u.email, u.role, u.password_hash, u.disabled, " CLG_PG_STAMP(      \
        "u.created_at")
enum { USER_COLUMN_COUNT = 8 };
/* A token authenticates while not revoked, not expired ($2: now) and its user is enabled. */
#define TOKEN_LIVE                                                                                 \
    "t.revoked = 0 AND (t.expires_at IS NULL OR t.expires_at > $2) AND u.disabled = 0"
#define TOKEN_COLUMNS                                                                              \
    "t.id, t.user_id, u.clinic_id, u.email, t.label, " CLG_PG_STAMP(                               \
        "t.created_at") ", t.expires_at, t.revoked"
#define USER_FROM "FROM users u JOIN clinics c ON c.id = u.clinic_id"

static const char user_insert_sql[] = "INSERT INTO users (clinic_id, email, role, password_hash, "
                                      "created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id";
static const char user_find_sql[] = "SELECT " USER_COLUMNS " " USER_FROM " WHERE u.email = $1";
static const char user_list_sql[] =
    "SELECT " USER_COLUMNS " " USER_FROM " WHERE u.clinic_id = $1 ORDER BY u.id";
static const char token_insert_sql[] =
    "INSERT INTO api_tokens (user_id, token_hash, label, created_at, expires_at) "
    "VALUES ($1, $2, $3, $4, $5) RETURNING id";
static const char token_find_sql[] =
    "SELECT " USER_COLUMNS " " USER_FROM " JOIN api_tokens t ON t.user_id = u.id "
    "WHERE t.token_hash = $1 AND " TOKEN_LIVE;
static const char login_sweep_sql[] = "DELETE FROM logins WHERE expires_at < $1";
static const char login_insert_sql[] =
    "INSERT INTO logins (session_hash, user_id, csrf_token, expires_at, created_at) "
    "VALUES ($1, $2, $3, $4, $5)";
/* The CSRF token follows the user's columns. */
static const char login_find_sql[] =
    "SELECT " USER_COLUMNS ", l.csrf_token " USER_FROM " JOIN logins l ON l.user_id = u.id "
    "WHERE l.session_hash = $1 AND l.expires_at > $2 AND u.disabled = 0";
static const char login_delete_sql[] = "DELETE FROM logins WHERE session_hash = $1";

/* A row of USER_COLUMNS, its text borrowed from the result. */
static clg_status read_user(clg_pg *p, const PGresult *result, int i, clg_user_row *row,
                            clg_error *err)
{
    *row = (clg_user_row){
        .id = clg_pg_int(result, i, 0),
        .clinic_id = clg_pg_int(result, i, 1),
        .clinic_name = clg_pg_text(result, i, 2),
        .email = clg_pg_text(result, i, 3),
        .password_hash = clg_pg_text(result, i, 5),
        .disabled = clg_pg_int(result, i, 6) != 0,
        .created_at = clg_pg_text(result, i, 7),
    };
    const char *role = clg_pg_text(result, i, 4);
    if (role == NULL || !clg_user_role_parse(role, &row->role))
        return clg_pg_bad_column(p, result, i, 4, "a role", err);
    return CLG_OK;
}

/* The one user a query found, owned by row; CLG_ERR_NOT_FOUND naming field when none. */
static clg_status find_user(clg_pg *p, const PGresult *result, const char *field, clg_user_row *row,
                            clg_error *err)
{
    *row = (clg_user_row){0};
    if (PQntuples(result) == 0)
        return clg_error_set(err, CLG_ERR_NOT_FOUND, field, "no such account");
    clg_status status = read_user(p, result, 0, row, err);
    if (status == CLG_OK)
        status = clg_user_row_own(row, err);
    return status;
}

static clg_status user_insert(void *impl, int64_t clinic, const char *email, clg_user_role role,
                              const char *password_hash, int64_t *id, clg_error *err)
{
    clg_pg *p = impl;
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_text(&params, email);
    clg_pg_param_text(&params, clg_user_role_name(role));
    clg_pg_param_text(&params, password_hash);
    clg_pg_param_now(&params);
    PGresult *result = clg_pg_exec(p, user_insert_sql, &params, "add user", err);
    if (result != NULL) {
        *id = clg_pg_int(result, 0, 0);
        PQclear(result);
        return CLG_OK;
    }
    /* The one constraint a caller can break by its input: the address is taken. */
    if (clg_pg_status(err) == CLG_ERR_INVALID && err && strstr(err->message, "users_email_key"))
        return clg_error_set(err, CLG_ERR_INVALID, "email",
                             "this e-mail address already has an account");
    return clg_pg_status(err);
}

static clg_status find_one(clg_pg *p, const char *sql, const clg_pg_params *params,
                           const char *field, clg_user_row *row, char csrf_token[65],
                           clg_error *err)
{
    PGresult *result = clg_pg_exec(p, sql, params, field, err);
    if (result == NULL)
        return clg_pg_status(err);
    clg_status status = find_user(p, result, field, row, err);
    if (status == CLG_OK && csrf_token) {
        const char *csrf = clg_pg_text(result, 0, USER_COLUMN_COUNT);
        snprintf(csrf_token, 65, "%s", csrf ? csrf : "");
    }
    PQclear(result);
    return status;
}

static clg_status user_find(void *impl, const char *email, clg_user_row *row, clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_text(&params, email);
    return find_one(impl, user_find_sql, &params, "email", row, NULL, err);
}

static clg_status user_list(void *impl, int64_t clinic, clg_user_visitor visit, void *context,
                            clg_error *err)
{
    clg_pg *p = impl;
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    PGresult *result = clg_pg_exec(p, user_list_sql, &params, "list users", err);
    if (result == NULL)
        return clg_pg_status(err);
    clg_status status = CLG_OK;
    for (int i = 0; i < PQntuples(result); i++) {
        clg_user_row row;
        if ((status = read_user(p, result, i, &row, err)) != CLG_OK || visit(context, &row) != 0)
            break;
    }
    PQclear(result);
    return status;
}

static clg_status token_insert(void *impl, int64_t user_id, const char *token_hash,
                               const char *label, int64_t expires_at, int64_t *id, clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_int(&params, user_id);
    clg_pg_param_text(&params, token_hash);
    clg_pg_param_text(&params, label);
    clg_pg_param_now(&params);
    clg_pg_param_int_or_null(&params, expires_at, expires_at > 0);
    return clg_pg_insert(impl, token_insert_sql, &params, "add token", id, err);
}

static clg_status token_find(void *impl, const char *token_hash, clg_user_row *user, clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_text(&params, token_hash);
    /* Expiry is measured by the store's clock, as a login's is swept by it. */
    clg_pg_param_int(&params, (int64_t)time(NULL));
    return find_one(impl, token_find_sql, &params, "token", user, NULL, err);
}

static clg_status login_insert(void *impl, int64_t user_id, const char *session_hash,
                               const char *csrf_token, int64_t expires_at, clg_error *err)
{
    /* Expired sessions are swept as new ones come in, so the table stays small. */
    clg_pg_params sweep = {0};
    clg_pg_param_int(&sweep, (int64_t)time(NULL));
    clg_status status = clg_pg_run(impl, login_sweep_sql, &sweep, "sweep logins", NULL, err);
    if (status != CLG_OK)
        return status;
    clg_pg_params params = {0};
    clg_pg_param_text(&params, session_hash);
    clg_pg_param_int(&params, user_id);
    clg_pg_param_text(&params, csrf_token);
    clg_pg_param_int(&params, expires_at);
    clg_pg_param_now(&params);
    return clg_pg_run(impl, login_insert_sql, &params, "add login", NULL, err);
}

static clg_status login_find(void *impl, const char *session_hash, int64_t now, clg_user_row *user,
                             char csrf_token[65], clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_text(&params, session_hash);
    clg_pg_param_int(&params, now);
    return find_one(impl, login_find_sql, &params, "session", user, csrf_token, err);
}

static clg_status login_delete(void *impl, const char *session_hash, clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_text(&params, session_hash);
    return clg_pg_run(impl, login_delete_sql, &params, "end login", NULL, err);
}

/* ---- staff management ---- */

/*
 * clinic 0 is any clinic (the CLI). A clinic's read in a write transaction
 * takes the clinic's write lock (pg_internal.h), so that two servers
 * changing the clinic's staff at once take turns as under SQLite's one
 * writer: the last enabled admin cannot be disabled twice over.
 */
static const char user_get_sql[] = "SELECT " USER_COLUMNS " " USER_FROM
                                   " WHERE u.id = $2 AND ($1::bigint = 0 OR u.clinic_id = $1)";
static const char user_update_sql[] = "UPDATE users SET role = $2, disabled = $3 WHERE id = $1";
static const char user_password_sql[] = "UPDATE users SET password_hash = $2 WHERE id = $1";
static const char admin_count_sql[] =
    "SELECT count(*) FROM users WHERE clinic_id = $1 AND role = 'admin' AND disabled = 0";
#define TOKEN_FROM "FROM api_tokens t JOIN users u ON u.id = t.user_id"
static const char token_get_sql[] = "SELECT " TOKEN_COLUMNS " " TOKEN_FROM
                                    " WHERE t.id = $2 AND ($1::bigint = 0 OR u.clinic_id = $1)";
static const char token_list_sql[] =
    "SELECT " TOKEN_COLUMNS " " TOKEN_FROM " WHERE ($1::bigint = 0 OR u.clinic_id = $1) "
    "AND ($2::bigint = 0 OR t.user_id = $2) ORDER BY t.id";
static const char token_revoke_sql[] =
    "UPDATE api_tokens SET revoked = 1 WHERE revoked = 0 AND "
    "(id = $1::bigint OR ($1::bigint = 0 AND user_id = $2::bigint))";
static const char logins_end_sql[] =
    "DELETE FROM logins WHERE user_id = $1 AND ($2::text IS NULL OR session_hash <> $2)";

/* The clinic a read is scoped to, locked when writing; 0 (any clinic) locks none. */
static void param_scope(clg_pg_params *params, int64_t clinic)
{
    if (clinic != 0)
        clg_pg_param_clinic(params, clinic);
    else
        clg_pg_param_int(params, 0);
}

static clg_status user_get(void *impl, int64_t clinic, int64_t id, clg_user_row *row,
                           clg_error *err)
{
    clg_pg_params params = {0};
    param_scope(&params, clinic);
    clg_pg_param_int(&params, id);
    return find_one(impl, user_get_sql, &params, "user", row, NULL, err);
}

static clg_status user_update(void *impl, int64_t id, clg_user_role role, bool disabled,
                              clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_int(&params, id);
    clg_pg_param_text(&params, clg_user_role_name(role));
    clg_pg_param_int(&params, disabled ? 1 : 0);
    return clg_pg_run(impl, user_update_sql, &params, "change user", NULL, err);
}

static clg_status user_set_password(void *impl, int64_t id, const char *password_hash,
                                    clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_int(&params, id);
    clg_pg_param_text(&params, password_hash);
    return clg_pg_run(impl, user_password_sql, &params, "change password", NULL, err);
}

static clg_status admin_count(void *impl, int64_t clinic, int *count, clg_error *err)
{
    clg_pg *p = impl;
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    PGresult *result = clg_pg_exec(p, admin_count_sql, &params, "count admins", err);
    if (result == NULL)
        return clg_pg_status(err);
    *count = (int)clg_pg_int(result, 0, 0);
    PQclear(result);
    return CLG_OK;
}

/* A row of TOKEN_COLUMNS, its text borrowed from the result. */
static void read_token(const PGresult *result, int i, clg_token_row *row)
{
    *row = (clg_token_row){
        .id = clg_pg_int(result, i, 0),
        .user_id = clg_pg_int(result, i, 1),
        .clinic_id = clg_pg_int(result, i, 2),
        .email = clg_pg_text(result, i, 3),
        .label = clg_pg_text(result, i, 4),
        .created_at = clg_pg_text(result, i, 5),
        .expires_at = clg_pg_int(result, i, 6), /* NULL reads as 0: never */
        .revoked = clg_pg_int(result, i, 7) != 0,
    };
}

static clg_status token_get(void *impl, int64_t clinic, int64_t id, clg_token_row *row,
                            clg_error *err)
{
    clg_pg *p = impl;
    *row = (clg_token_row){0};
    clg_pg_params params = {0};
    param_scope(&params, clinic);
    clg_pg_param_int(&params, id);
    PGresult *result = clg_pg_exec(p, token_get_sql, &params, "token", err);
    if (result == NULL)
        return clg_pg_status(err);
    clg_status status;
    if (PQntuples(result) == 0) {
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "token", "no token has the id %lld",
                               (long long)id);
    } else {
        read_token(result, 0, row);
        status = clg_token_row_own(row, err);
    }
    PQclear(result);
    return status;
}

static clg_status token_list(void *impl, int64_t clinic, int64_t user_id, clg_token_visitor visit,
                             void *context, clg_error *err)
{
    clg_pg *p = impl;
    clg_pg_params params = {0};
    clg_pg_param_int(&params, clinic);
    clg_pg_param_int(&params, user_id);
    PGresult *result = clg_pg_exec(p, token_list_sql, &params, "list tokens", err);
    if (result == NULL)
        return clg_pg_status(err);
    for (int i = 0; i < PQntuples(result); i++) {
        clg_token_row row;
        read_token(result, i, &row);
        if (visit(context, &row) != 0)
            break;
    }
    PQclear(result);
    return CLG_OK;
}

static clg_status token_revoke(void *impl, int64_t id, int64_t user_id, int *revoked,
                               clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_int(&params, id);
    clg_pg_param_int(&params, user_id);
    *revoked = 0;
    return clg_pg_run(impl, token_revoke_sql, &params, "revoke tokens", revoked, err);
}

static clg_status logins_end(void *impl, int64_t user_id, const char *keep_session_hash, int *ended,
                             clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_int(&params, user_id);
    clg_pg_param_text(&params, keep_session_hash);
    *ended = 0;
    return clg_pg_run(impl, logins_end_sql, &params, "end logins", ended, err);
}

const clg_store_account_ops clg_pg_account_ops = {
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

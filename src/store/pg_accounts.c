/*
 * Staff accounts on PostgreSQL: users (their role stored as its word),
 * bearer tokens and login sessions, these two kept only as hashes. Login
 * sessions and their CSRF tokens live here, in the database every server
 * of a chain shares, so a cookie one server made is good on any other.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "store/pg_internal.h"

#define USER_COLUMNS "u.id, u.clinic_id, c.name, u.email, u.role, u.password_hash"
#define USER_FROM "FROM users u JOIN clinics c ON c.id = u.clinic_id"

static const char user_insert_sql[] = "INSERT INTO users (clinic_id, email, role, password_hash, "
                                      "created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id";
static const char user_find_sql[] = "SELECT " USER_COLUMNS " " USER_FROM " WHERE u.email = $1";
static const char user_list_sql[] =
    "SELECT " USER_COLUMNS " " USER_FROM " WHERE u.clinic_id = $1 ORDER BY u.id";
static const char token_insert_sql[] = "INSERT INTO api_tokens (user_id, token_hash, label, "
                                       "created_at) VALUES ($1, $2, $3, $4) RETURNING id";
static const char token_find_sql[] =
    "SELECT " USER_COLUMNS " " USER_FROM " JOIN api_tokens t ON t.user_id = u.id "
    "WHERE t.token_hash = $1 AND t.revoked = 0";
static const char login_sweep_sql[] = "DELETE FROM logins WHERE expires_at < $1";
static const char login_insert_sql[] =
    "INSERT INTO logins (session_hash, user_id, csrf_token, expires_at, created_at) "
    "VALUES ($1, $2, $3, $4, $5)";
/* The CSRF token follows the user's columns: column 6. */
static const char login_find_sql[] =
    "SELECT " USER_COLUMNS ", l.csrf_token " USER_FROM " JOIN logins l ON l.user_id = u.id "
    "WHERE l.session_hash = $1 AND l.expires_at > $2";
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
        const char *csrf = clg_pg_text(result, 0, 6);
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
    /* Until migration 12 reaches this backend (the next commit): no expiry column. */
    if (expires_at > 0)
        return clg_error_set(err, CLG_ERR_IO, "database",
                             "token expiry is not stored on PostgreSQL yet");
    clg_pg_params params = {0};
    clg_pg_param_int(&params, user_id);
    clg_pg_param_text(&params, token_hash);
    clg_pg_param_text(&params, label);
    clg_pg_param_now(&params);
    return clg_pg_insert(impl, token_insert_sql, &params, "add token", id, err);
}

static clg_status token_find(void *impl, const char *token_hash, clg_user_row *user, clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_text(&params, token_hash);
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

const clg_store_account_ops clg_pg_account_ops = {
    .user_insert = user_insert,
    .user_find = user_find,
    .user_list = user_list,
    .token_insert = token_insert,
    .token_find = token_find,
    .login_insert = login_insert,
    .login_find = login_find,
    .login_delete = login_delete,
};

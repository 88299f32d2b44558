/*
 * Staff accounts on SQLite. Each call is one statement (its own implicit
 * transaction unless the caller opened one), prepared with bound
 * parameters. Account lookups run once per staff request, far less often
 * than the records queries, so these statements are prepared per call
 * rather than cached.
 */
#include "store/sqlite_accounts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/sqlite_statement.h"

#define USER_COLUMNS "u.id, u.clinic_id, c.name, u.email, u.role, u.password_hash"
#define USER_FROM "FROM users u JOIN clinics c ON c.id = u.clinic_id"

/*
 * Reads a user row (USER_COLUMNS first) into row, copying its text into one
 * allocation that row->storage owns.
 */
static clg_status read_user(sqlite3_stmt *stmt, clg_user_row *row, clg_error *err)
{
    const char *role = (const char *)sqlite3_column_text(stmt, 4);
    if (role == NULL || !clg_user_role_parse(role, &row->role))
        return clg_error_set(err, CLG_ERR_IO, "database", "user %lld has no known role",
                             (long long)sqlite3_column_int64(stmt, 0));
    const int columns[3] = {2, 3, 5};
    const char *texts[3];
    size_t lengths[3], total = 0;
    for (int i = 0; i < 3; i++) {
        texts[i] = (const char *)sqlite3_column_text(stmt, columns[i]);
        lengths[i] = texts[i] ? strlen(texts[i]) + 1 : 1;
        total += lengths[i];
    }
    char *storage = malloc(total);
    if (storage == NULL)
        return clg_error_set(err, CLG_ERR_IO, "database", "out of memory");
    const char **fields[3] = {&row->clinic_name, &row->email, &row->password_hash};
    char *cursor = storage;
    for (int i = 0; i < 3; i++) {
        memcpy(cursor, texts[i] ? texts[i] : "", lengths[i]);
        *fields[i] = cursor;
        cursor += lengths[i];
    }
    row->id = sqlite3_column_int64(stmt, 0);
    row->clinic_id = sqlite3_column_int64(stmt, 1);
    row->storage = storage;
    return CLG_OK;
}

/* Steps a single-row query into row; CLG_ERR_NOT_FOUND when it has none. */
static clg_status find_user(sqlite3 *db, sqlite3_stmt *stmt, const char *what, clg_user_row *row,
                            clg_error *err)
{
    int code = sqlite3_step(stmt);
    clg_status status;
    if (code == SQLITE_ROW)
        status = read_user(stmt, row, err);
    else if (code == SQLITE_DONE)
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, what, "no such account");
    else
        status = clg_sqlite_failed(db, what, err);
    return status;
}

clg_status clg_sqlite_user_insert(void *impl, int64_t clinic, const char *email, clg_user_role role,
                                  const char *password_hash, int64_t *id, clg_error *err)
{
    sqlite3 *db = clg_sqlite_db(impl);
    sqlite3_stmt *stmt;
    char now[32];
    clg_status status =
        clg_sqlite_prepare(db,
                           "INSERT INTO users (clinic_id, email, role, password_hash, "
                           "created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                           &stmt, err);
    if (status != CLG_OK)
        return status;
    clg_sqlite_now_text(now);
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_text(stmt, 2, email, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 3, clg_user_role_name(role), -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 4, password_hash, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 5, now, -1, SQLITE_STATIC);
    int code = sqlite3_step(stmt);
    if (code == SQLITE_DONE)
        *id = sqlite3_last_insert_rowid(db);
    else if (sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_UNIQUE)
        status = clg_error_set(err, CLG_ERR_INVALID, "--email",
                               "this e-mail address already has an account");
    else
        status = clg_sqlite_failed(db, "add user", err);
    sqlite3_finalize(stmt);
    return status;
}

clg_status clg_sqlite_user_find(void *impl, const char *email, clg_user_row *row, clg_error *err)
{
    sqlite3 *db = clg_sqlite_db(impl);
    sqlite3_stmt *stmt;
    clg_status status = clg_sqlite_prepare(
        db, "SELECT " USER_COLUMNS " " USER_FROM " WHERE u.email = ?1", &stmt, err);
    if (status != CLG_OK)
        return status;
    sqlite3_bind_text(stmt, 1, email, -1, SQLITE_STATIC);
    status = find_user(db, stmt, "email", row, err);
    sqlite3_finalize(stmt);
    return status;
}

clg_status clg_sqlite_user_list(void *impl, int64_t clinic, clg_user_visitor visit, void *context,
                                clg_error *err)
{
    sqlite3 *db = clg_sqlite_db(impl);
    sqlite3_stmt *stmt;
    clg_status status = clg_sqlite_prepare(
        db, "SELECT " USER_COLUMNS " " USER_FROM " WHERE u.clinic_id = ?1 ORDER BY u.id", &stmt,
        err);
    if (status != CLG_OK)
        return status;
    sqlite3_bind_int64(stmt, 1, clinic);
    int code = SQLITE_DONE;
    while (status == CLG_OK && (code = sqlite3_step(stmt)) == SQLITE_ROW) {
        clg_user_row row;
        if ((status = read_user(stmt, &row, err)) != CLG_OK)
            break;
        int stop = visit(context, &row);
        free(row.storage);
        if (stop)
            break;
    }
    if (status == CLG_OK && code != SQLITE_ROW && code != SQLITE_DONE)
        status = clg_sqlite_failed(db, "list users", err);
    sqlite3_finalize(stmt);
    return status;
}

clg_status clg_sqlite_token_insert(void *impl, int64_t user_id, const char *token_hash,
                                   const char *label, int64_t *id, clg_error *err)
{
    sqlite3 *db = clg_sqlite_db(impl);
    sqlite3_stmt *stmt;
    char now[32];
    clg_status status =
        clg_sqlite_prepare(db,
                           "INSERT INTO api_tokens (user_id, token_hash, label, created_at) "
                           "VALUES (?1, ?2, ?3, ?4)",
                           &stmt, err);
    if (status != CLG_OK)
        return status;
    clg_sqlite_now_text(now);
    sqlite3_bind_int64(stmt, 1, user_id);
    sqlite3_bind_text(stmt, 2, token_hash, -1, SQLITE_STATIC);
    if (label)
        sqlite3_bind_text(stmt, 3, label, -1, SQLITE_STATIC);
    sqlite3_bind_text(stmt, 4, now, -1, SQLITE_STATIC);
    status = clg_sqlite_finish_write(db, stmt, "add token", err);
    if (status == CLG_OK)
        *id = sqlite3_last_insert_rowid(db);
    return status;
}

clg_status clg_sqlite_token_find(void *impl, const char *token_hash, clg_user_row *user,
                                 clg_error *err)
{
    sqlite3 *db = clg_sqlite_db(impl);
    sqlite3_stmt *stmt;
    clg_status status = clg_sqlite_prepare(db,
                                           "SELECT " USER_COLUMNS " " USER_FROM
                                           " JOIN api_tokens t ON t.user_id = u.id "
                                           "WHERE t.token_hash = ?1 AND t.revoked = 0",
                                           &stmt, err);
    if (status != CLG_OK)
        return status;
    sqlite3_bind_text(stmt, 1, token_hash, -1, SQLITE_STATIC);
    status = find_user(db, stmt, "token", user, err);
    sqlite3_finalize(stmt);
    return status;
}

clg_status clg_sqlite_login_insert(void *impl, int64_t user_id, const char *session_hash,
                                   const char *csrf_token, int64_t expires_at, clg_error *err)
{
    sqlite3 *db = clg_sqlite_db(impl);
    sqlite3_stmt *stmt;
    char now[32];
    /* Expired sessions are swept as new ones come in, so the table stays small. */
    clg_status status =
        clg_sqlite_prepare(db, "DELETE FROM logins WHERE expires_at < ?1", &stmt, err);
    if (status != CLG_OK)
        return status;
    sqlite3_bind_int64(stmt, 1, (sqlite3_int64)time(NULL));
    if ((status = clg_sqlite_finish_write(db, stmt, "sweep logins", err)) != CLG_OK)
        return status;
    status =
        clg_sqlite_prepare(db,
                           "INSERT INTO logins (session_hash, user_id, csrf_token, expires_at, "
                           "created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                           &stmt, err);
    if (status != CLG_OK)
        return status;
    clg_sqlite_now_text(now);
    sqlite3_bind_text(stmt, 1, session_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, user_id);
    sqlite3_bind_text(stmt, 3, csrf_token, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 4, expires_at);
    sqlite3_bind_text(stmt, 5, now, -1, SQLITE_STATIC);
    return clg_sqlite_finish_write(db, stmt, "add login", err);
}

clg_status clg_sqlite_login_find(void *impl, const char *session_hash, int64_t now,
                                 clg_user_row *user, char csrf_token[65], clg_error *err)
{
    sqlite3 *db = clg_sqlite_db(impl);
    sqlite3_stmt *stmt;
    clg_status status = clg_sqlite_prepare(db,
                                           "SELECT " USER_COLUMNS ", l.csrf_token " USER_FROM
                                           " JOIN logins l ON l.user_id = u.id "
                                           "WHERE l.session_hash = ?1 AND l.expires_at > ?2",
                                           &stmt, err);
    if (status != CLG_OK)
        return status;
    sqlite3_bind_text(stmt, 1, session_hash, -1, SQLITE_STATIC);
    sqlite3_bind_int64(stmt, 2, now);
    status = find_user(db, stmt, "session", user, err);
    if (status == CLG_OK) {
        const char *csrf = (const char *)sqlite3_column_text(stmt, 6);
        snprintf(csrf_token, 65, "%s", csrf ? csrf : "");
    }
    sqlite3_finalize(stmt);
    return status;
}

clg_status clg_sqlite_login_delete(void *impl, const char *session_hash, clg_error *err)
{
    sqlite3 *db = clg_sqlite_db(impl);
    sqlite3_stmt *stmt;
    clg_status status =
        clg_sqlite_prepare(db, "DELETE FROM logins WHERE session_hash = ?1", &stmt, err);
    if (status != CLG_OK)
        return status;
    sqlite3_bind_text(stmt, 1, session_hash, -1, SQLITE_STATIC);
    return clg_sqlite_finish_write(db, stmt, "end login", err);
}

/*
 * The SQLite backend's statement cache and the helpers every entity file
 * binds and reads values with; see sqlite_internal.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>

#include "store/sqlite_internal.h"

sqlite3_stmt *clg_sqlite_statement(clg_sqlite *s, const char *sql, clg_error *err)
{
    /* A linear search: some fifty pointers cost nothing beside a step of SQLite. */
    for (int i = 0; i < s->statement_count; i++) {
        if (s->statements[i].sql != sql)
            continue;
        sqlite3_stmt *stmt = s->statements[i].stmt;
        if (sqlite3_stmt_busy(stmt)) {
            /* Resetting it would silently end the outer caller's walk over its rows. */
            clg_error_set(err, CLG_ERR_IO, "database",
                          "a statement was asked for while still stepping (%.60s...)", sql);
            return NULL;
        }
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
        return stmt;
    }
    if (s->statement_count == CLG_SQLITE_STATEMENT_CAPACITY) {
        clg_error_set(err, CLG_ERR_IO, "database",
                      "more than %d statements; raise CLG_SQLITE_STATEMENT_CAPACITY",
                      CLG_SQLITE_STATEMENT_CAPACITY);
        return NULL;
    }
    sqlite3_stmt *stmt = NULL;
    if (sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK) {
        clg_sqlite_fail(s, "prepare", err);
        return NULL;
    }
    s->statements[s->statement_count++] = (clg_sqlite_cached){sql, stmt};
    return stmt;
}

void clg_sqlite_statements_free(clg_sqlite *s)
{
    for (int i = 0; i < s->statement_count; i++)
        sqlite3_finalize(s->statements[i].stmt);
    s->statement_count = 0;
}

/*
 * Whether a failed write found no room, when SQLite's I/O error lost the
 * reason (it keeps errno only for ENOSPC, which it reports as SQLITE_FULL):
 * the database's filesystem has less than a few pages left, or the file
 * (or its WAL) has reached the process's file size limit (RLIMIT_FSIZE,
 * where a write fails with EFBIG).
 */
static bool no_room(const clg_sqlite *s)
{
    enum { SLACK = 64 << 10 };
    struct statvfs disk;
    if (statvfs(s->path, &disk) == 0 && (unsigned long long)disk.f_bavail * disk.f_frsize < SLACK)
        return true;
    struct rlimit limit;
    if (getrlimit(RLIMIT_FSIZE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY)
        return false;
    char wal[4096];
    snprintf(wal, sizeof wal, "%s-wal", s->path);
    struct stat file;
    return (stat(s->path, &file) == 0 && (rlim_t)file.st_size + SLACK >= limit.rlim_cur) ||
           (stat(wal, &file) == 0 && (rlim_t)file.st_size + SLACK >= limit.rlim_cur);
}

/*
 * A full disk (or a quota or file size limit reached): SQLITE_FULL, or an
 * I/O error whose system error says so, or a failed write that found no
 * room (above). The transaction is rolled back whole, so the answer is
 * plain: nothing was saved, and the same write succeeds once there is room.
 */
static bool disk_full(clg_sqlite *s)
{
    int code = sqlite3_extended_errcode(s->db);
    int system = sqlite3_system_errno(s->db);
    if ((code & 0xFF) == SQLITE_FULL)
        return true;
    if ((code & 0xFF) != SQLITE_IOERR)
        return false;
    return system == ENOSPC || system == EDQUOT || system == EFBIG ||
           (code == SQLITE_IOERR_WRITE && no_room(s));
}

static clg_status full(const char *what, clg_error *err)
{
    return clg_error_set(err, CLG_ERR_FULL, "database",
                         "%s: the disk is full, nothing was saved; free some space and try again",
                         what);
}

clg_status clg_sqlite_fail(clg_sqlite *s, const char *what, clg_error *err)
{
    if (disk_full(s))
        return full(what, err);
    int code = sqlite3_extended_errcode(s->db);
    /* A constraint the input broke is the caller's mistake, not an outage. */
    clg_status status = (code & 0xFF) == SQLITE_CONSTRAINT ? CLG_ERR_INVALID : CLG_ERR_IO;
    return clg_error_set(err, status, "database", "%s: %s (%s)", what, sqlite3_errmsg(s->db),
                         s->path);
}

clg_status clg_sqlite_run(clg_sqlite *s, sqlite3_stmt *stmt, const char *what, clg_error *err)
{
    clg_status status = sqlite3_step(stmt) == SQLITE_DONE ? CLG_OK : clg_sqlite_fail(s, what, err);
    sqlite3_reset(stmt);
    return status;
}

clg_status clg_sqlite_insert(clg_sqlite *s, sqlite3_stmt *stmt, const char *what, int64_t *id,
                             clg_error *err)
{
    clg_status status = clg_sqlite_run(s, stmt, what, err);
    if (status == CLG_OK)
        *id = sqlite3_last_insert_rowid(s->db);
    return status;
}

clg_status clg_sqlite_step_one(clg_sqlite *s, sqlite3_stmt *stmt, const char *what, clg_error *err)
{
    int code = sqlite3_step(stmt);
    if (code == SQLITE_ROW)
        return CLG_OK;
    if (code == SQLITE_DONE)
        return CLG_ERR_NOT_FOUND;
    return clg_sqlite_fail(s, what, err);
}

bool clg_sqlite_next(clg_sqlite *s, sqlite3_stmt *stmt, const char *what, clg_status *status,
                     clg_error *err)
{
    int code = sqlite3_step(stmt);
    if (code == SQLITE_ROW)
        return true;
    if (code != SQLITE_DONE)
        *status = clg_sqlite_fail(s, what, err);
    return false;
}

clg_status clg_sqlite_exec(clg_sqlite *s, const char *sql, const char *what, clg_error *err)
{
    char *message = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &message) == SQLITE_OK)
        return CLG_OK;
    if (disk_full(s)) {
        sqlite3_free(message);
        return full(what, err);
    }
    clg_status status = clg_error_set(err, CLG_ERR_IO, "database", "%s: %s (%s)", what,
                                      message ? message : sqlite3_errmsg(s->db), s->path);
    sqlite3_free(message);
    return status;
}

/* ---- binding ---------------------------------------------------------- */

void clg_sqlite_bind_text(sqlite3_stmt *stmt, int index, const char *text)
{
    if (text)
        sqlite3_bind_text(stmt, index, text, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(stmt, index);
}

void clg_sqlite_bind_int_or_null(sqlite3_stmt *stmt, int index, int value, bool present)
{
    if (present)
        sqlite3_bind_int(stmt, index, value);
    else
        sqlite3_bind_null(stmt, index);
}

void clg_sqlite_bind_date(sqlite3_stmt *stmt, int index, clg_date date)
{
    char text[CLG_DATE_TEXT_SIZE];
    sqlite3_bind_text(stmt, index, clg_date_format(date, text), -1, SQLITE_TRANSIENT);
}

void clg_sqlite_bind_word_set(sqlite3_stmt *stmt, int index, clg_vocabulary_id vocabulary,
                              uint32_t set)
{
    char text[CLG_WORD_SET_TEXT_SIZE];
    sqlite3_bind_text(stmt, index, clg_word_set_format(vocabulary, set, text), -1,
                      SQLITE_TRANSIENT);
}

void clg_sqlite_bind_now(sqlite3_stmt *stmt, int index)
{
    struct timespec now;
    struct tm utc;
    clock_gettime(CLOCK_REALTIME, &now);
    gmtime_r(&now.tv_sec, &utc);
    char seconds[24], text[32];
    strftime(seconds, sizeof seconds, "%Y-%m-%dT%H:%M:%S", &utc);
    snprintf(text, sizeof text, "%s.%03ldZ", seconds, now.tv_nsec / 1000000);
    sqlite3_bind_text(stmt, index, text, -1, SQLITE_TRANSIENT);
}

/* ---- reading ---------------------------------------------------------- */

const char *clg_sqlite_column_text(sqlite3_stmt *stmt, int column)
{
    return (const char *)sqlite3_column_text(stmt, column);
}

clg_status clg_sqlite_bad_column(clg_sqlite *s, sqlite3_stmt *stmt, int column,
                                 const char *expected, clg_error *err)
{
    const char *text = clg_sqlite_column_text(stmt, column);
    return clg_error_set(err, CLG_ERR_IO, "database", "column %s holds '%.80s', not %s (%s)",
                         sqlite3_column_name(stmt, column), text ? text : "NULL", expected,
                         s->path);
}

clg_status clg_sqlite_column_date(clg_sqlite *s, sqlite3_stmt *stmt, int column, clg_date *out,
                                  clg_error *err)
{
    const char *text = clg_sqlite_column_text(stmt, column);
    if (text == NULL || clg_date_parse(text, "database", out, NULL) != CLG_OK)
        return clg_sqlite_bad_column(s, stmt, column, "a date", err);
    return CLG_OK;
}

clg_status clg_sqlite_column_word_set(clg_sqlite *s, sqlite3_stmt *stmt, int column,
                                      clg_vocabulary_id vocabulary, uint32_t *out, clg_error *err)
{
    const char *text = clg_sqlite_column_text(stmt, column);
    if (text == NULL || clg_word_set_parse(vocabulary, "database", text, out, NULL) != CLG_OK)
        return clg_sqlite_bad_column(s, stmt, column, "a set of known words", err);
    return CLG_OK;
}

clg_status clg_sqlite_column_word(clg_sqlite *s, sqlite3_stmt *stmt, int column,
                                  clg_vocabulary_id vocabulary, int *out, clg_error *err)
{
    const char *text = clg_sqlite_column_text(stmt, column);
    int index = text ? clg_vocabulary_find(clg_vocabulary_get(vocabulary), text, strlen(text)) : -1;
    if (index < 0)
        return clg_sqlite_bad_column(s, stmt, column, "a known word", err);
    *out = index;
    return CLG_OK;
}

clg_status clg_sqlite_get_by_id(clg_sqlite *s, const char *sql, int64_t clinic, int64_t id,
                                const char *entity, clg_sqlite_row_reader read,
                                clg_sqlite_row_owner own, void *row, clg_error *err)
{
    sqlite3_stmt *stmt = clg_sqlite_statement(s, sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, id);
    char what[48];
    snprintf(what, sizeof what, "read %s", entity);
    clg_status status = clg_sqlite_step_one(s, stmt, what, err);
    if (status == CLG_OK && (status = read(s, stmt, row, err)) == CLG_OK)
        status = own(row, err);
    else if (status == CLG_ERR_NOT_FOUND)
        clg_error_set(err, status, entity, "no %s with id %lld", entity, (long long)id);
    sqlite3_reset(stmt);
    return status;
}

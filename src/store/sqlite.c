/*
 * The SQLite backend: one database file, shared safely by many processes.
 *
 * - WAL journal, so readers never block the writer and a crash (even
 *   SIGKILL mid-write) leaves either the whole transaction or none of it;
 *   synchronous=FULL, so a write reported as done survives a power cut too.
 * - A busy timeout plus BEGIN IMMEDIATE for every write transaction: a
 *   writer takes the lock before it reads, so two writers queue instead of
 *   both holding a read snapshot and deadlocking on the upgrade ("database
 *   is locked").
 * - foreign_keys=ON on every connection (SQLite's default is off).
 * - Every statement is prepared once per connection and bound; no value is
 *   ever formatted into SQL text.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/sqlite_accounts.h"
#include "store/sqlite_bookings.h"
#include "store/sqlite_feeds.h"
#include "store/sqlite_schema.h"
#include "store/sqlite_statement.h"
#include "store/store.h"

/* How long a command waits for another process's write before giving up. */
enum { BUSY_TIMEOUT_MS = 60000 };

typedef enum statement_id {
    STMT_BEGIN_READ,
    STMT_BEGIN_WRITE,
    STMT_COMMIT,
    STMT_ROLLBACK,
    STMT_CLINIC_FIND,
    STMT_CLINIC_INSERT,
    STMT_CLIENT_INSERT,
    STMT_CLIENT_GET,
    STMT_CLIENT_LIST,
    STMT_PROTOCOL_GET,
    STMT_PROTOCOL_INSERT,
    STMT_COURSE_INSERT,
    STMT_COURSE_GET,
    STMT_COURSE_LIST,
    STMT_COURSE_LIST_CLIENT,
    STMT_COURSE_PROGRESS,
    STMT_COURSE_PLAN,
    STMT_SESSION_INSERT,
    STMT_SESSION_LIST,
    STMT_SESSION_LIST_COURSE,
    STMT_SESSION_LIST_CLIENT,
    STMT_DUE,
    STMT_AUDIT,
    STMT_COUNT
} statement_id;

#define CLIENT_COLUMNS "id, name, email, phone, birth_date, skin_type"
#define COURSE_COLUMNS                                                                             \
    "id, client_id, protocol_name, protocol_version, request, plan, start_date, status, "          \
    "next_kind, next_date, forced, force_reason"
#define SESSION_COLUMNS                                                                            \
    "id, course_id, client_id, number, date, modality, areas, depth_hundredths_mm, device, "       \
    "practitioner, notes, screening, laxity_grade_halves, gais, early, late, forced, "             \
    "force_reason"

static const char *const statement_sql[STMT_COUNT] = {
    [STMT_BEGIN_READ] = "BEGIN DEFERRED",
    [STMT_BEGIN_WRITE] = "BEGIN IMMEDIATE",
    [STMT_COMMIT] = "COMMIT",
    [STMT_ROLLBACK] = "ROLLBACK",
    [STMT_CLINIC_FIND] = "SELECT id FROM clinics WHERE name = ?1",
    [STMT_CLINIC_INSERT] = "INSERT INTO clinics (name, created_at) VALUES (?1, ?2)",
    [STMT_CLIENT_INSERT] = "INSERT INTO clients (clinic_id, name, email, phone, birth_date, "
                           "skin_type, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    [STMT_CLIENT_GET] = "SELECT " CLIENT_COLUMNS " FROM clients WHERE clinic_id = ?1 AND id = ?2",
    [STMT_CLIENT_LIST] = "SELECT " CLIENT_COLUMNS " FROM clients WHERE clinic_id = ?1 ORDER BY id",
    [STMT_PROTOCOL_GET] = "SELECT document FROM protocols WHERE clinic_id = ?1 AND name = ?2 "
                          "AND version = ?3",
    [STMT_PROTOCOL_INSERT] = "INSERT INTO protocols (clinic_id, name, version, document, "
                             "created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
    [STMT_COURSE_INSERT] =
        "INSERT INTO courses (clinic_id, client_id, protocol_name, protocol_version, request, "
        "plan, start_date, status, next_kind, next_date, forced, force_reason, created_at) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    [STMT_COURSE_GET] = "SELECT " COURSE_COLUMNS " FROM courses WHERE clinic_id = ?1 AND id = ?2",
    [STMT_COURSE_LIST] = "SELECT " COURSE_COLUMNS " FROM courses WHERE clinic_id = ?1 ORDER BY id",
    [STMT_COURSE_LIST_CLIENT] = "SELECT " COURSE_COLUMNS
                                " FROM courses WHERE clinic_id = ?1 AND client_id = ?2 ORDER BY id",
    [STMT_COURSE_PROGRESS] = "UPDATE courses SET status = ?3, next_kind = ?4, next_date = ?5 "
                             "WHERE clinic_id = ?1 AND id = ?2",
    [STMT_COURSE_PLAN] = "UPDATE courses SET protocol_name = ?3, protocol_version = ?4, plan = ?5 "
                         "WHERE clinic_id = ?1 AND id = ?2",
    [STMT_SESSION_INSERT] =
        "INSERT INTO sessions (clinic_id, course_id, client_id, number, date, modality, areas, "
        "depth_hundredths_mm, device, practitioner, notes, screening, laxity_grade_halves, gais, "
        "early, late, forced, force_reason, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
        "?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    [STMT_SESSION_LIST] =
        "SELECT " SESSION_COLUMNS " FROM sessions WHERE clinic_id = ?1 ORDER BY course_id, number",
    [STMT_SESSION_LIST_COURSE] = "SELECT " SESSION_COLUMNS " FROM sessions WHERE clinic_id = ?1 "
                                 "AND course_id = ?2 ORDER BY number",
    [STMT_SESSION_LIST_CLIENT] = "SELECT " SESSION_COLUMNS " FROM sessions WHERE clinic_id = ?1 "
                                 "AND client_id = ?2 ORDER BY date, id",
    [STMT_DUE] = "SELECT c.id, c.client_id, k.name, c.next_kind, c.next_date FROM courses c "
                 "JOIN clients k ON k.id = c.client_id AND k.clinic_id = c.clinic_id "
                 "WHERE c.clinic_id = ?1 AND c.next_date <= ?2 ORDER BY c.next_date, c.id",
    [STMT_AUDIT] = "INSERT INTO audit_log (clinic_id, at, who, action, entity, entity_id, "
                   "before_json, after_json, reason) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
};

typedef struct sqlite_store {
    sqlite3 *db;
    char *path;
    sqlite3_stmt *statements[STMT_COUNT];
    bool in_transaction;
} sqlite_store;

static clg_status db_error(sqlite_store *s, const char *what, clg_error *err)
{
    int code = sqlite3_extended_errcode(s->db);
    clg_status status = CLG_ERR_IO;
    /* A constraint the input broke is the caller's mistake, not an outage. */
    if ((code & 0xFF) == SQLITE_CONSTRAINT)
        status = CLG_ERR_INVALID;
    return clg_error_set(err, status, "database", "%s: %s (%s)", what, sqlite3_errmsg(s->db),
                         s->path);
}

/* The statement, reset and unbound, ready to bind. NULL (err filled) on failure. */
static sqlite3_stmt *statement(sqlite_store *s, statement_id id, clg_error *err)
{
    sqlite3_stmt *stmt = s->statements[id];
    if (stmt == NULL) {
        if (sqlite3_prepare_v3(s->db, statement_sql[id], -1, SQLITE_PREPARE_PERSISTENT, &stmt,
                               NULL) != SQLITE_OK) {
            db_error(s, "prepare", err);
            return NULL;
        }
        s->statements[id] = stmt;
    }
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return stmt;
}

/* Runs a statement that returns no rows; leaves it reset. */
static clg_status run(sqlite_store *s, sqlite3_stmt *stmt, const char *what, clg_error *err)
{
    int rc = sqlite3_step(stmt);
    clg_status status = rc == SQLITE_DONE ? CLG_OK : db_error(s, what, err);
    sqlite3_reset(stmt);
    return status;
}

static void bind_text(sqlite3_stmt *stmt, int index, const char *text)
{
    if (text)
        sqlite3_bind_text(stmt, index, text, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(stmt, index);
}

static void bind_date(sqlite3_stmt *stmt, int index, clg_date date)
{
    char text[CLG_DATE_TEXT_SIZE];
    sqlite3_bind_text(stmt, index, clg_date_format(date, text), 10, SQLITE_TRANSIENT);
}

static void bind_int_or_null(sqlite3_stmt *stmt, int index, int value, bool present)
{
    if (present)
        sqlite3_bind_int(stmt, index, value);
    else
        sqlite3_bind_null(stmt, index);
}

/* UTC now as "2027-01-04T09:30:00.123Z": when an audit entry or row was written. */
static void now_text(char out[32])
{
    struct timespec now;
    struct tm utc;
    clock_gettime(CLOCK_REALTIME, &now);
    gmtime_r(&now.tv_sec, &utc);
    char seconds[24];
    strftime(seconds, sizeof seconds, "%Y-%m-%dT%H:%M:%S", &utc);
    snprintf(out, 32, "%s.%03ldZ", seconds, now.tv_nsec / 1000000);
}

static const char *column_text(sqlite3_stmt *stmt, int column)
{
    return (const char *)sqlite3_column_text(stmt, column);
}

static clg_status column_date(sqlite_store *s, sqlite3_stmt *stmt, int column, clg_date *out,
                              clg_error *err)
{
    const char *text = column_text(stmt, column);
    if (clg_date_parse(text, "database", out, NULL) != CLG_OK)
        return clg_error_set(err, CLG_ERR_IO, "database", "column %s holds '%s', not a date (%s)",
                             sqlite3_column_name(stmt, column), text ? text : "NULL", s->path);
    return CLG_OK;
}

/*
 * Copies the strings a row borrows from the statement into one block that
 * the row then owns, so a *_get result outlives the statement.
 */
static clg_status own_strings(const char **fields[], int count, char **storage, clg_error *err)
{
    size_t total = 1;
    for (int i = 0; i < count; i++)
        if (*fields[i])
            total += strlen(*fields[i]) + 1;
    char *block = malloc(total);
    if (block == NULL)
        return clg_error_set(err, CLG_ERR_IO, "database", "out of memory");
    char *cursor = block;
    for (int i = 0; i < count; i++) {
        if (*fields[i] == NULL)
            continue;
        size_t length = strlen(*fields[i]) + 1;
        memcpy(cursor, *fields[i], length);
        *fields[i] = cursor;
        cursor += length;
    }
    *storage = block;
    return CLG_OK;
}

/* ---- transactions ---------------------------------------------------- */

static clg_status sqlite_begin(void *impl, bool write, clg_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = statement(s, write ? STMT_BEGIN_WRITE : STMT_BEGIN_READ, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    clg_status status = run(s, stmt, "begin", err);
    if (status == CLG_OK)
        s->in_transaction = true;
    return status;
}

static clg_status sqlite_commit(void *impl, clg_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = statement(s, STMT_COMMIT, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    clg_status status = run(s, stmt, "commit", err);
    if (status != CLG_OK) {
        if (sqlite3_get_autocommit(s->db) == 0)
            sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    }
    s->in_transaction = false;
    return status;
}

static void sqlite_rollback(void *impl)
{
    sqlite_store *s = impl;
    if (sqlite3_get_autocommit(s->db) == 0) {
        sqlite3_stmt *stmt = statement(s, STMT_ROLLBACK, NULL);
        if (stmt)
            run(s, stmt, "rollback", NULL);
    }
    s->in_transaction = false;
}

/* ---- clinics --------------------------------------------------------- */

static clg_status sqlite_clinic_find(void *impl, const char *name, int64_t *id, clg_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = statement(s, STMT_CLINIC_FIND, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    bind_text(stmt, 1, name);
    int rc = sqlite3_step(stmt);
    clg_status status;
    if (rc == SQLITE_ROW) {
        *id = sqlite3_column_int64(stmt, 0);
        status = CLG_OK;
    } else if (rc == SQLITE_DONE) {
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "--clinic", "no clinic named '%s'", name);
    } else {
        status = db_error(s, "find clinic", err);
    }
    sqlite3_reset(stmt);
    return status;
}

static clg_status sqlite_clinic_insert(void *impl, const char *name, int64_t *id, clg_error *err)
{
    sqlite_store *s = impl;
    char now[32];
    sqlite3_stmt *stmt = statement(s, STMT_CLINIC_INSERT, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    now_text(now);
    bind_text(stmt, 1, name);
    bind_text(stmt, 2, now);
    clg_status status = run(s, stmt, "add clinic", err);
    if (status == CLG_OK)
        *id = sqlite3_last_insert_rowid(s->db);
    return status;
}

/* ---- clients --------------------------------------------------------- */

static clg_status sqlite_client_insert(void *impl, int64_t clinic, const clg_client_row *row,
                                       int64_t *id, clg_error *err)
{
    sqlite_store *s = impl;
    char now[32];
    sqlite3_stmt *stmt = statement(s, STMT_CLIENT_INSERT, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    now_text(now);
    sqlite3_bind_int64(stmt, 1, clinic);
    bind_text(stmt, 2, row->name);
    bind_text(stmt, 3, row->email);
    bind_text(stmt, 4, row->phone);
    if (row->has_birth_date)
        bind_date(stmt, 5, row->birth_date);
    bind_int_or_null(stmt, 6, row->skin_type, row->skin_type != CLG_SKIN_TYPE_UNKNOWN);
    bind_text(stmt, 7, now);
    clg_status status = run(s, stmt, "add client", err);
    if (status == CLG_OK)
        *id = sqlite3_last_insert_rowid(s->db);
    return status;
}

static clg_status read_client(sqlite_store *s, sqlite3_stmt *stmt, clg_client_row *row,
                              clg_error *err)
{
    memset(row, 0, sizeof *row);
    row->id = sqlite3_column_int64(stmt, 0);
    row->name = column_text(stmt, 1);
    row->email = column_text(stmt, 2);
    row->phone = column_text(stmt, 3);
    if (sqlite3_column_type(stmt, 4) != SQLITE_NULL) {
        row->has_birth_date = true;
        clg_status status = column_date(s, stmt, 4, &row->birth_date, err);
        if (status != CLG_OK)
            return status;
    }
    row->skin_type = sqlite3_column_int(stmt, 5);
    return CLG_OK;
}

static clg_status sqlite_client_get(void *impl, int64_t clinic, int64_t id, clg_client_row *row,
                                    clg_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = statement(s, STMT_CLIENT_GET, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, id);
    int rc = sqlite3_step(stmt);
    clg_status status;
    if (rc == SQLITE_ROW) {
        status = read_client(s, stmt, row, err);
        const char **fields[] = {&row->name, &row->email, &row->phone};
        if (status == CLG_OK)
            status = own_strings(fields, 3, &row->storage, err);
    } else if (rc == SQLITE_DONE) {
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "client", "no client with id %lld",
                               (long long)id);
    } else {
        status = db_error(s, "read client", err);
    }
    sqlite3_reset(stmt);
    return status;
}

static clg_status sqlite_client_list(void *impl, int64_t clinic, clg_client_visitor visit,
                                     void *context, clg_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = statement(s, STMT_CLIENT_LIST, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    clg_status status = CLG_OK;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        clg_client_row row;
        status = read_client(s, stmt, &row, err);
        if (status != CLG_OK || visit(context, &row) != 0)
            break;
    }
    if (status == CLG_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = db_error(s, "list clients", err);
    sqlite3_reset(stmt);
    return status;
}

/* ---- protocols ------------------------------------------------------- */

static clg_status sqlite_protocol_get(void *impl, int64_t clinic, const char *name,
                                      const char *version, char **document, clg_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = statement(s, STMT_PROTOCOL_GET, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    bind_text(stmt, 2, name);
    bind_text(stmt, 3, version);
    int rc = sqlite3_step(stmt);
    clg_status status;
    if (rc == SQLITE_ROW) {
        const char *text = column_text(stmt, 0);
        *document = strdup(text ? text : "");
        status = *document ? CLG_OK : clg_error_set(err, CLG_ERR_IO, "database", "out of memory");
    } else if (rc == SQLITE_DONE) {
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "protocol",
                               "protocol %s version %s is not stored", name, version);
    } else {
        status = db_error(s, "read protocol", err);
    }
    sqlite3_reset(stmt);
    return status;
}

static clg_status sqlite_protocol_insert(void *impl, int64_t clinic, const char *name,
                                         const char *version, const char *document, clg_error *err)
{
    sqlite_store *s = impl;
    char now[32];
    sqlite3_stmt *stmt = statement(s, STMT_PROTOCOL_INSERT, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    now_text(now);
    sqlite3_bind_int64(stmt, 1, clinic);
    bind_text(stmt, 2, name);
    bind_text(stmt, 3, version);
    bind_text(stmt, 4, document);
    bind_text(stmt, 5, now);
    return run(s, stmt, "store protocol", err);
}

/* ---- courses --------------------------------------------------------- */

static clg_course_status status_from_text(const char *text)
{
    for (int i = 0; i < CLG_COURSE_STATUS_COUNT; i++)
        if (text && strcmp(text, clg_course_status_name((clg_course_status)i)) == 0)
            return (clg_course_status)i;
    return CLG_COURSE_ACTIVE;
}

static clg_next_kind next_kind_from_text(const char *text)
{
    if (text && strcmp(text, "session") == 0)
        return CLG_NEXT_SESSION;
    if (text && strcmp(text, "maintenance") == 0)
        return CLG_NEXT_MAINTENANCE;
    return CLG_NEXT_NONE;
}

static void bind_next(sqlite3_stmt *stmt, int kind_index, clg_next_kind kind, clg_date date)
{
    bind_text(stmt, kind_index, clg_next_kind_name(kind));
    if (kind != CLG_NEXT_NONE)
        bind_date(stmt, kind_index + 1, date);
    else
        sqlite3_bind_null(stmt, kind_index + 1);
}

static clg_status sqlite_course_insert(void *impl, int64_t clinic, const clg_course_row *row,
                                       int64_t *id, clg_error *err)
{
    sqlite_store *s = impl;
    char now[32];
    sqlite3_stmt *stmt = statement(s, STMT_COURSE_INSERT, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    now_text(now);
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, row->client_id);
    bind_text(stmt, 3, row->protocol_name);
    bind_text(stmt, 4, row->protocol_version);
    bind_text(stmt, 5, row->request_json);
    bind_text(stmt, 6, row->plan_json);
    bind_date(stmt, 7, row->start);
    bind_text(stmt, 8, clg_course_status_name(row->status));
    bind_next(stmt, 9, row->next_kind, row->next_date);
    sqlite3_bind_int(stmt, 11, row->forced);
    bind_text(stmt, 12, row->forced ? row->force_reason : NULL);
    bind_text(stmt, 13, now);
    clg_status status = run(s, stmt, "add course", err);
    if (status == CLG_OK)
        *id = sqlite3_last_insert_rowid(s->db);
    return status;
}

static clg_status read_course(sqlite_store *s, sqlite3_stmt *stmt, clg_course_row *row,
                              clg_error *err)
{
    memset(row, 0, sizeof *row);
    row->id = sqlite3_column_int64(stmt, 0);
    row->client_id = sqlite3_column_int64(stmt, 1);
    row->protocol_name = column_text(stmt, 2);
    row->protocol_version = column_text(stmt, 3);
    row->request_json = column_text(stmt, 4);
    row->plan_json = column_text(stmt, 5);
    clg_status status = column_date(s, stmt, 6, &row->start, err);
    if (status != CLG_OK)
        return status;
    row->status = status_from_text(column_text(stmt, 7));
    row->next_kind = next_kind_from_text(column_text(stmt, 8));
    if (row->next_kind != CLG_NEXT_NONE) {
        status = column_date(s, stmt, 9, &row->next_date, err);
        if (status != CLG_OK)
            return status;
    }
    row->forced = sqlite3_column_int(stmt, 10) != 0;
    row->force_reason = column_text(stmt, 11);
    return CLG_OK;
}

static clg_status sqlite_course_get(void *impl, int64_t clinic, int64_t id, clg_course_row *row,
                                    clg_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = statement(s, STMT_COURSE_GET, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, id);
    int rc = sqlite3_step(stmt);
    clg_status status;
    if (rc == SQLITE_ROW) {
        status = read_course(s, stmt, row, err);
        const char **fields[] = {&row->protocol_name, &row->protocol_version, &row->request_json,
                                 &row->plan_json, &row->force_reason};
        if (status == CLG_OK)
            status = own_strings(fields, 5, &row->storage, err);
    } else if (rc == SQLITE_DONE) {
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "course", "no course with id %lld",
                               (long long)id);
    } else {
        status = db_error(s, "read course", err);
    }
    sqlite3_reset(stmt);
    return status;
}

static clg_status sqlite_course_list(void *impl, int64_t clinic, int64_t client_id,
                                     clg_course_visitor visit, void *context, clg_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = statement(s, client_id ? STMT_COURSE_LIST_CLIENT : STMT_COURSE_LIST, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    if (client_id)
        sqlite3_bind_int64(stmt, 2, client_id);
    clg_status status = CLG_OK;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        clg_course_row row;
        status = read_course(s, stmt, &row, err);
        if (status != CLG_OK || visit(context, &row) != 0)
            break;
    }
    if (status == CLG_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = db_error(s, "list courses", err);
    sqlite3_reset(stmt);
    return status;
}

static clg_status sqlite_course_set_progress(void *impl, int64_t clinic, int64_t id,
                                             clg_course_status course_status, clg_next_kind kind,
                                             clg_date next_date, clg_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = statement(s, STMT_COURSE_PROGRESS, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, id);
    bind_text(stmt, 3, clg_course_status_name(course_status));
    bind_next(stmt, 4, kind, next_date);
    clg_status status = run(s, stmt, "update course", err);
    if (status == CLG_OK && sqlite3_changes(s->db) != 1)
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "course", "no course with id %lld",
                               (long long)id);
    return status;
}

static clg_status sqlite_course_set_plan(void *impl, int64_t clinic, int64_t id,
                                         const char *protocol_name, const char *protocol_version,
                                         const char *plan_json, clg_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = statement(s, STMT_COURSE_PLAN, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, id);
    bind_text(stmt, 3, protocol_name);
    bind_text(stmt, 4, protocol_version);
    bind_text(stmt, 5, plan_json);
    clg_status status = run(s, stmt, "update course", err);
    if (status == CLG_OK && sqlite3_changes(s->db) != 1)
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "course", "no course with id %lld",
                               (long long)id);
    return status;
}

/* ---- sessions -------------------------------------------------------- */

static clg_status sqlite_session_insert(void *impl, int64_t clinic, const clg_session_row *row,
                                        int64_t *id, clg_error *err)
{
    sqlite_store *s = impl;
    char now[32];
    sqlite3_stmt *stmt = statement(s, STMT_SESSION_INSERT, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    now_text(now);
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, row->course_id);
    sqlite3_bind_int64(stmt, 3, row->client_id);
    sqlite3_bind_int(stmt, 4, row->number);
    bind_date(stmt, 5, row->date);
    bind_text(stmt, 6, row->modality);
    bind_text(stmt, 7, row->areas);
    bind_int_or_null(stmt, 8, row->depth_hundredths, row->depth_hundredths > 0);
    bind_text(stmt, 9, row->device);
    bind_text(stmt, 10, row->practitioner);
    bind_text(stmt, 11, row->notes);
    bind_text(stmt, 12, row->screening ? row->screening : "");
    bind_int_or_null(stmt, 13, row->laxity_halves, row->laxity_halves >= 0);
    bind_int_or_null(stmt, 14, row->gais, row->gais > 0);
    sqlite3_bind_int(stmt, 15, row->early);
    sqlite3_bind_int(stmt, 16, row->late);
    sqlite3_bind_int(stmt, 17, row->forced);
    bind_text(stmt, 18, row->forced ? row->force_reason : NULL);
    bind_text(stmt, 19, now);
    clg_status status = run(s, stmt, "record session", err);
    if (status == CLG_OK)
        *id = sqlite3_last_insert_rowid(s->db);
    return status;
}

static clg_status read_session(sqlite_store *s, sqlite3_stmt *stmt, clg_session_row *row,
                               clg_error *err)
{
    memset(row, 0, sizeof *row);
    row->id = sqlite3_column_int64(stmt, 0);
    row->course_id = sqlite3_column_int64(stmt, 1);
    row->client_id = sqlite3_column_int64(stmt, 2);
    row->number = sqlite3_column_int(stmt, 3);
    clg_status status = column_date(s, stmt, 4, &row->date, err);
    if (status != CLG_OK)
        return status;
    row->modality = column_text(stmt, 5);
    row->areas = column_text(stmt, 6);
    row->depth_hundredths = sqlite3_column_int(stmt, 7);
    row->device = column_text(stmt, 8);
    row->practitioner = column_text(stmt, 9);
    row->notes = column_text(stmt, 10);
    row->screening = column_text(stmt, 11);
    row->laxity_halves =
        sqlite3_column_type(stmt, 12) == SQLITE_NULL ? -1 : sqlite3_column_int(stmt, 12);
    row->gais = sqlite3_column_int(stmt, 13);
    row->early = sqlite3_column_int(stmt, 14) != 0;
    row->late = sqlite3_column_int(stmt, 15) != 0;
    row->forced = sqlite3_column_int(stmt, 16) != 0;
    row->force_reason = column_text(stmt, 17);
    if (row->modality == NULL || row->areas == NULL)
        return clg_error_set(err, CLG_ERR_IO, "database", "session %lld has no modality or areas",
                             (long long)row->id);
    if (row->screening == NULL)
        row->screening = "";
    return CLG_OK;
}

static clg_status sqlite_session_list(void *impl, int64_t clinic, int64_t course_id,
                                      int64_t client_id, clg_session_visitor visit, void *context,
                                      clg_error *err)
{
    sqlite_store *s = impl;
    statement_id id = course_id   ? STMT_SESSION_LIST_COURSE
                      : client_id ? STMT_SESSION_LIST_CLIENT
                                  : STMT_SESSION_LIST;
    sqlite3_stmt *stmt = statement(s, id, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    if (course_id)
        sqlite3_bind_int64(stmt, 2, course_id);
    else if (client_id)
        sqlite3_bind_int64(stmt, 2, client_id);
    clg_status status = CLG_OK;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        clg_session_row row;
        status = read_session(s, stmt, &row, err);
        if (status != CLG_OK || visit(context, &row) != 0)
            break;
    }
    if (status == CLG_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = db_error(s, "list sessions", err);
    sqlite3_reset(stmt);
    return status;
}

/* ---- due ------------------------------------------------------------- */

static clg_status sqlite_due_list(void *impl, int64_t clinic, clg_date through,
                                  clg_due_visitor visit, void *context, clg_error *err)
{
    sqlite_store *s = impl;
    sqlite3_stmt *stmt = statement(s, STMT_DUE, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    bind_date(stmt, 2, through);
    clg_status status = CLG_OK;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        clg_due_row row = {
            .course_id = sqlite3_column_int64(stmt, 0),
            .client_id = sqlite3_column_int64(stmt, 1),
            .name = column_text(stmt, 2),
            .kind = next_kind_from_text(column_text(stmt, 3)),
        };
        status = column_date(s, stmt, 4, &row.due, err);
        if (status != CLG_OK || visit(context, &row) != 0)
            break;
    }
    if (status == CLG_OK && rc != SQLITE_ROW && rc != SQLITE_DONE)
        status = db_error(s, "list due courses", err);
    sqlite3_reset(stmt);
    return status;
}

/* ---- audit ----------------------------------------------------------- */

static clg_status sqlite_audit_append(void *impl, int64_t clinic, const clg_audit_entry *entry,
                                      clg_error *err)
{
    sqlite_store *s = impl;
    char now[32];
    sqlite3_stmt *stmt = statement(s, STMT_AUDIT, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    now_text(now);
    sqlite3_bind_int64(stmt, 1, clinic);
    bind_text(stmt, 2, now);
    bind_text(stmt, 3, entry->who);
    bind_text(stmt, 4, entry->action);
    bind_text(stmt, 5, entry->entity);
    if (entry->entity_id)
        sqlite3_bind_int64(stmt, 6, entry->entity_id);
    bind_text(stmt, 7, entry->before);
    bind_text(stmt, 8, entry->after);
    bind_text(stmt, 9, entry->reason);
    return run(s, stmt, "append to audit log", err);
}

/* ---- backup ---------------------------------------------------------- */

/* Creates path with mode 0600, refusing to replace an existing file. */
static clg_status create_private_file(const char *path, bool exclusive, clg_error *err)
{
    int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | (exclusive ? O_EXCL : 0), 0600);
    if (fd < 0)
        return clg_error_set(err, errno == EEXIST ? CLG_ERR_INVALID : CLG_ERR_IO, path,
                             "cannot create: %s", strerror(errno));
    close(fd);
    return CLG_OK;
}

/*
 * The online backup API copies a consistent snapshot page by page while
 * other processes keep writing (WAL readers do not block writers). The
 * copy goes to a temporary file renamed into place when complete, so a
 * crash never leaves a half-written backup under the final name.
 */
static clg_status sqlite_backup(void *impl, const char *path, clg_error *err)
{
    sqlite_store *s = impl;
    if (access(path, F_OK) == 0)
        return clg_error_set(err, CLG_ERR_INVALID, path,
                             "already exists; choose a new file name (a backup never replaces "
                             "a file)");
    size_t length = strlen(path) + 16;
    char *temporary = malloc(length);
    if (temporary == NULL)
        return clg_error_set(err, CLG_ERR_IO, path, "out of memory");
    snprintf(temporary, length, "%s.partial", path);
    unlink(temporary);
    clg_status status = create_private_file(temporary, true, err);
    sqlite3 *copy = NULL;
    if (status != CLG_OK)
        goto out;
    if (sqlite3_open_v2(temporary, &copy, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
        status = clg_error_set(err, CLG_ERR_IO, path, "cannot open: %s", sqlite3_errmsg(copy));
        goto out;
    }
    sqlite3_busy_timeout(copy, BUSY_TIMEOUT_MS);
    sqlite3_backup *backup = sqlite3_backup_init(copy, "main", s->db, "main");
    if (backup == NULL) {
        status =
            clg_error_set(err, CLG_ERR_IO, path, "cannot start backup: %s", sqlite3_errmsg(copy));
        goto out;
    }
    int rc;
    int waited_ms = 0;
    while ((rc = sqlite3_backup_step(backup, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        if (waited_ms >= BUSY_TIMEOUT_MS)
            break;
        sqlite3_sleep(10);
        waited_ms += 10;
    }
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) {
        status = clg_error_set(err, CLG_ERR_IO, path, "backup failed: %s", sqlite3_errstr(rc));
        goto out;
    }
    if (sqlite3_close(copy) != SQLITE_OK) {
        status = clg_error_set(err, CLG_ERR_IO, path, "cannot close the copy");
        copy = NULL;
        goto out;
    }
    copy = NULL;
    if (rename(temporary, path) != 0)
        status = clg_error_set(err, CLG_ERR_IO, path, "cannot rename the finished copy: %s",
                               strerror(errno));
out:
    if (copy)
        sqlite3_close(copy);
    if (status != CLG_OK)
        unlink(temporary);
    free(temporary);
    return status;
}

/* ---- opening and migrations ------------------------------------------ */

static void sqlite_close(void *impl)
{
    sqlite_store *s = impl;
    if (s == NULL)
        return;
    if (s->in_transaction)
        sqlite_rollback(s);
    for (int i = 0; i < STMT_COUNT; i++)
        sqlite3_finalize(s->statements[i]);
    sqlite3_close(s->db);
    free(s->path);
    free(s);
}

/* mkdir -p for the database's folder, private to the user (0700). */
static clg_status make_parent_folders(const char *path, clg_error *err)
{
    char *copy = strdup(path);
    if (copy == NULL)
        return clg_error_set(err, CLG_ERR_IO, path, "out of memory");
    clg_status status = CLG_OK;
    for (char *slash = strchr(copy + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        if (mkdir(copy, 0700) != 0 && errno != EEXIST) {
            status = clg_error_set(err, CLG_ERR_IO, path, "cannot create folder %s: %s", copy,
                                   strerror(errno));
            break;
        }
        *slash = '/';
    }
    free(copy);
    return status;
}

static clg_status exec(sqlite_store *s, const char *sql, const char *what, clg_error *err)
{
    char *message = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &message) == SQLITE_OK)
        return CLG_OK;
    clg_status status = clg_error_set(err, CLG_ERR_IO, "database", "%s: %s (%s)", what,
                                      message ? message : sqlite3_errmsg(s->db), s->path);
    sqlite3_free(message);
    return status;
}

/* The newest migration applied, 0 for a new file; -1 (err filled) on failure. */
static int schema_version(sqlite_store *s, clg_error *err)
{
    sqlite3_stmt *stmt = NULL;
    int version = -1;
    if (sqlite3_prepare_v2(s->db,
                           "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = "
                           "'schema_migrations'",
                           -1, &stmt, NULL) != SQLITE_OK ||
        sqlite3_step(stmt) != SQLITE_ROW) {
        db_error(s, "read schema", err);
        goto out;
    }
    bool has_table = sqlite3_column_int(stmt, 0) > 0;
    sqlite3_finalize(stmt);
    stmt = NULL;
    if (!has_table) {
        version = 0;
        goto out;
    }
    if (sqlite3_prepare_v2(s->db, "SELECT coalesce(max(version), 0) FROM schema_migrations", -1,
                           &stmt, NULL) != SQLITE_OK ||
        sqlite3_step(stmt) != SQLITE_ROW) {
        db_error(s, "read schema version", err);
        goto out;
    }
    version = sqlite3_column_int(stmt, 0);
out:
    sqlite3_finalize(stmt);
    return version;
}

static clg_status record_migration(sqlite_store *s, int version, clg_error *err)
{
    sqlite3_stmt *stmt = NULL;
    char now[32];
    now_text(now);
    if (sqlite3_prepare_v2(s->db,
                           "INSERT INTO schema_migrations (version, applied_at) VALUES (?1, ?2)",
                           -1, &stmt, NULL) != SQLITE_OK)
        return db_error(s, "record migration", err);
    sqlite3_bind_int(stmt, 1, version);
    bind_text(stmt, 2, now);
    clg_status status = sqlite3_step(stmt) == SQLITE_DONE ? CLG_OK : db_error(s, "migrate", err);
    sqlite3_finalize(stmt);
    return status;
}

/*
 * Brings the schema up to date. Checked first without the write lock, so
 * that opening an up-to-date database (every command) never queues behind
 * a writer; re-checked under BEGIN IMMEDIATE, so that two processes opening
 * a new file at once apply each migration exactly once.
 */
static clg_status migrate(sqlite_store *s, clg_error *err)
{
    int latest = clg_sqlite_migration_count();
    int version = schema_version(s, err);
    if (version < 0)
        return CLG_ERR_IO;
    if (version == latest)
        return CLG_OK;
    clg_status status = exec(s, "BEGIN IMMEDIATE", "migrate", err);
    if (status != CLG_OK)
        return status;
    version = schema_version(s, err);
    if (version < 0) {
        status = CLG_ERR_IO;
        goto out;
    }
    if (version > latest) {
        status = clg_error_set(err, CLG_ERR_IO, "database",
                               "%s has schema version %d, newer than this collagenda knows (%d); "
                               "upgrade collagenda",
                               s->path, version, latest);
        goto out;
    }
    if (version == 0)
        status = exec(s,
                      "CREATE TABLE IF NOT EXISTS schema_migrations ("
                      "  version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
                      "migrate", err);
    for (int next = version + 1; status == CLG_OK && next <= latest; next++) {
        status = exec(s, clg_sqlite_migration(next), "migrate", err);
        if (status == CLG_OK)
            status = record_migration(s, next, err);
    }
    if (status == CLG_OK)
        return exec(s, "COMMIT", "migrate", err);
out:
    sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
    return status;
}

/*
 * Switching a new file to WAL needs a moment of exclusive access, which the
 * busy handler does not always wait for; a concurrent first open retries.
 */
static clg_status enable_wal(sqlite_store *s, clg_error *err)
{
    for (int attempt = 0;; attempt++) {
        sqlite3_stmt *stmt = NULL;
        int rc = sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
        if (rc == SQLITE_OK)
            rc = sqlite3_step(stmt);
        bool wal = rc == SQLITE_ROW && sqlite3_stricmp(column_text(stmt, 0), "wal") == 0;
        sqlite3_finalize(stmt);
        if (wal)
            return CLG_OK;
        if ((rc & 0xFF) != SQLITE_BUSY && (rc & 0xFF) != SQLITE_LOCKED && rc != SQLITE_ROW)
            return db_error(s, "enable WAL", err);
        if (attempt * 10 >= BUSY_TIMEOUT_MS)
            return clg_error_set(err, CLG_ERR_IO, "database", "cannot enable WAL on %s", s->path);
        sqlite3_sleep(10);
    }
}

static const clg_store_ops sqlite_ops = {
    .backend = "sqlite",
    .close = sqlite_close,
    .begin = sqlite_begin,
    .commit = sqlite_commit,
    .rollback = sqlite_rollback,
    .clinic_find = sqlite_clinic_find,
    .clinic_insert = sqlite_clinic_insert,
    .clinic_time_zone_get = clg_sqlite_clinic_time_zone_get,
    .clinic_time_zone_set = clg_sqlite_clinic_time_zone_set,
    .client_insert = sqlite_client_insert,
    .client_get = sqlite_client_get,
    .client_list = sqlite_client_list,
    .protocol_get = sqlite_protocol_get,
    .protocol_insert = sqlite_protocol_insert,
    .course_insert = sqlite_course_insert,
    .course_get = sqlite_course_get,
    .course_list = sqlite_course_list,
    .course_set_progress = sqlite_course_set_progress,
    .course_set_plan = sqlite_course_set_plan,
    .session_insert = sqlite_session_insert,
    .session_list = sqlite_session_list,
    .booking_insert = clg_sqlite_booking_insert,
    .booking_get = clg_sqlite_booking_get,
    .booking_list = clg_sqlite_booking_list,
    .booking_delete = clg_sqlite_booking_delete,
    .due_list = sqlite_due_list,
    .audit_append = sqlite_audit_append,
    .backup = sqlite_backup,
    .user_insert = clg_sqlite_user_insert,
    .user_find = clg_sqlite_user_find,
    .user_list = clg_sqlite_user_list,
    .token_insert = clg_sqlite_token_insert,
    .token_find = clg_sqlite_token_find,
    .login_insert = clg_sqlite_login_insert,
    .login_find = clg_sqlite_login_find,
    .login_delete = clg_sqlite_login_delete,
    .feed_insert = clg_sqlite_feed_insert,
    .feed_revoke = clg_sqlite_feed_revoke,
    .feed_find = clg_sqlite_feed_find,
};

sqlite3 *clg_sqlite_db(void *impl)
{
    return ((sqlite_store *)impl)->db;
}

clg_status clg_store_sqlite_open(const char *path, clg_store **out, clg_error *err)
{
    *out = NULL;
    clg_status status = make_parent_folders(path, err);
    if (status != CLG_OK)
        return status;
    /*
     * Created here with 0600 so that SQLite's -wal and -shm files inherit it.
     * Only when missing (O_EXCL): opening and closing an existing database
     * file would drop every POSIX lock this process's other connections hold
     * on it (the server opens one per thread), and another process could then
     * delete the WAL under them.
     */
    status = create_private_file(path, true, err);
    if (status == CLG_ERR_INVALID && access(path, F_OK) == 0)
        status = CLG_OK;
    if (status != CLG_OK)
        return status;

    sqlite_store *s = calloc(1, sizeof *s);
    clg_store *store = calloc(1, sizeof *store);
    if (s == NULL || store == NULL || (s->path = strdup(path)) == NULL) {
        free(s);
        free(store);
        return clg_error_set(err, CLG_ERR_IO, path, "out of memory");
    }
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
        SQLITE_OK) {
        status = clg_error_set(err, CLG_ERR_IO, path, "cannot open database: %s",
                               s->db ? sqlite3_errmsg(s->db) : "out of memory");
        goto fail;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
    status = exec(s, "PRAGMA foreign_keys = ON", "configure", err);
    if (status == CLG_OK)
        status = enable_wal(s, err);
    if (status == CLG_OK)
        status = exec(s, "PRAGMA synchronous = FULL", "configure", err);
    if (status == CLG_OK)
        status = migrate(s, err);
    if (status != CLG_OK)
        goto fail;
    store->ops = &sqlite_ops;
    store->impl = s;
    *out = store;
    return CLG_OK;
fail:
    sqlite_close(s);
    free(store);
    return status;
}

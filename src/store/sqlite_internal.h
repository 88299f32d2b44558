/*
 * The SQLite backend's one internal header: its private state, the
 * statement cache, the helpers every entity file shares, and the table of
 * functions each entity file exports for sqlite.c to assemble into the
 * store's vtable (see store.h). Only src/store/sqlite*.c include it.
 *
 * The style every file keeps:
 *  - every statement comes from the cache: prepared once per connection on
 *    first use, then reset and rebound, never formatted with a value. Only
 *    SQL scripts without values or results (the migrations, the pragmas at
 *    open) run through clg_sqlite_exec(), and the switch to WAL at open,
 *    whose very preparation can meet a busy new file, retries by hand;
 *  - values are bound and read through the helpers below, so a date, a set
 *    of words or a timestamp has one spelling in the whole database;
 *  - a function that steps a statement resets it before returning, whatever
 *    happened, so the next caller finds it idle.
 */
#ifndef CLG_STORE_SQLITE_INTERNAL_H
#define CLG_STORE_SQLITE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "model/row_storage.h"
#include "store/store.h"

/* How long a command waits for another process's write before giving up. */
enum { CLG_SQLITE_BUSY_TIMEOUT_MS = 60000 };

/* Room for every statement of the backend (43 today) and more; the cache says so if it fills. */
enum { CLG_SQLITE_STATEMENT_CAPACITY = 96 };

typedef struct clg_sqlite_cached {
    const char *sql;    /* the key: the address of an entity file's static SQL text */
    sqlite3_stmt *stmt; /* owned: finalised by clg_sqlite_statements_free() */
} clg_sqlite_cached;

/* A SQLite store's private state, its impl: created and freed by sqlite.c. */
typedef struct clg_sqlite {
    sqlite3 *db;
    char *path; /* owned; named in error messages */
    bool in_transaction;
    int statement_count;
    clg_sqlite_cached statements[CLG_SQLITE_STATEMENT_CAPACITY];
} clg_sqlite;

/* ---- statements (sqlite_statement.c) ---- */

/*
 * The prepared statement for sql, reset and unbound, ready to bind; NULL
 * (err filled) when it cannot be prepared, or is still stepping for another
 * caller (a visitor calling back into the list it visits). sql must be a
 * static array, the same one every time: its address is the cache's key.
 */
sqlite3_stmt *clg_sqlite_statement(clg_sqlite *s, const char *sql, clg_error *err);
void clg_sqlite_statements_free(clg_sqlite *s);

/*
 * The connection's last error as a clg_error naming "database" and the
 * file: CLG_ERR_INVALID for a broken constraint (the caller's input),
 * CLG_ERR_IO otherwise. what says what was being done ("add client").
 */
clg_status clg_sqlite_fail(clg_sqlite *s, const char *what, clg_error *err);

/* Runs a statement that returns no rows, then resets it. */
clg_status clg_sqlite_run(clg_sqlite *s, sqlite3_stmt *stmt, const char *what, clg_error *err);

/* Runs an INSERT, then resets it; *id is the new row's id. */
clg_status clg_sqlite_insert(clg_sqlite *s, sqlite3_stmt *stmt, const char *what, int64_t *id,
                             clg_error *err);

/*
 * Steps a query that finds at most one row: CLG_OK with the statement on
 * it, CLG_ERR_NOT_FOUND (err untouched: the caller says what is missing)
 * when there is none, CLG_ERR_IO when stepping fails. The caller resets.
 */
clg_status clg_sqlite_step_one(clg_sqlite *s, sqlite3_stmt *stmt, const char *what, clg_error *err);

/*
 * Steps a query to its next row: true on a row; false when there are no
 * more, or when stepping failed (then *status and err say why). The
 * caller resets. Used as: while (clg_sqlite_next(...)) { read; visit; }
 */
bool clg_sqlite_next(clg_sqlite *s, sqlite3_stmt *stmt, const char *what, clg_status *status,
                     clg_error *err);

/* Runs SQL text without results (pragmas, a migration's script); not cached. */
clg_status clg_sqlite_exec(clg_sqlite *s, const char *sql, const char *what, clg_error *err);

/* ---- binding values ---- */

/* text, or NULL as SQL NULL. */
void clg_sqlite_bind_text(sqlite3_stmt *stmt, int index, const char *text);
/* value, or SQL NULL when it is not present. */
void clg_sqlite_bind_int_or_null(sqlite3_stmt *stmt, int index, int value, bool present);
/* A date as ISO 8601 text, "2027-01-04": sorts and compares as a date. */
void clg_sqlite_bind_date(sqlite3_stmt *stmt, int index, clg_date date);
/* A set of words as its comma list in the vocabulary's order: "face,neck". */
void clg_sqlite_bind_word_set(sqlite3_stmt *stmt, int index, clg_vocabulary_id vocabulary,
                              uint32_t set);
/*
 * The one timestamp of the database, when a row is written: UTC now with
 * milliseconds, "2027-01-04T09:30:00.123Z" (see sqlite_schema.c).
 */
void clg_sqlite_bind_now(sqlite3_stmt *stmt, int index);

/* ---- reading columns: borrowed from the statement until it moves ---- */

const char *clg_sqlite_column_text(sqlite3_stmt *stmt, int column);
/* A present column: CLG_ERR_IO naming the column when it does not hold one. */
clg_status clg_sqlite_column_date(clg_sqlite *s, sqlite3_stmt *stmt, int column, clg_date *out,
                                  clg_error *err);
clg_status clg_sqlite_column_word_set(clg_sqlite *s, sqlite3_stmt *stmt, int column,
                                      clg_vocabulary_id vocabulary, uint32_t *out, clg_error *err);
/* One word of the vocabulary: its index. */
clg_status clg_sqlite_column_word(clg_sqlite *s, sqlite3_stmt *stmt, int column,
                                  clg_vocabulary_id vocabulary, int *out, clg_error *err);
/* CLG_ERR_IO naming the column and what it holds instead of what was expected. */
clg_status clg_sqlite_bad_column(clg_sqlite *s, sqlite3_stmt *stmt, int column,
                                 const char *expected, clg_error *err);

/* ---- the schema (sqlite_schema.c) ---- */

/*
 * A phone number as the duplicate check compares it: without the spaces,
 * dashes, dots and brackets people type. One spelling, for the index
 * (migration 7) and for the query that must match it to use it.
 */
#define CLG_SQLITE_PHONE_KEY(column)                                                               \
    "replace(replace(replace(replace(replace(" column ", ' ', ''), '-', ''), '(', ''), ')', ''), " \
    "'.', '')"

/* The newest schema version this binary knows, and the file's (0 when new; -1 on failure). */
int clg_sqlite_schema_latest(void);
int clg_sqlite_schema_version(clg_sqlite *s, clg_error *err);

/* Brings the schema up to date: applies every migration the file has not seen. */
clg_status clg_sqlite_migrate(clg_sqlite *s, clg_error *err);

/* ---- the entities, one file each, assembled by sqlite.c ---- */

extern const clg_store_clinic_ops clg_sqlite_clinic_ops;     /* sqlite_clinics.c */
extern const clg_store_client_ops clg_sqlite_client_ops;     /* sqlite_clients.c */
extern const clg_store_protocol_ops clg_sqlite_protocol_ops; /* sqlite_protocols.c */
extern const clg_store_course_ops clg_sqlite_course_ops;     /* sqlite_courses.c */
extern const clg_store_session_ops clg_sqlite_session_ops;   /* sqlite_sessions.c */
extern const clg_store_booking_ops clg_sqlite_booking_ops;   /* sqlite_bookings.c */
extern const clg_store_account_ops clg_sqlite_account_ops;   /* sqlite_accounts.c */
extern const clg_store_feed_ops clg_sqlite_feed_ops;         /* sqlite_feeds.c */
extern const struct clg_store_request_ops clg_sqlite_request_ops; /* sqlite_requests.c */
extern const clg_store_audit_ops clg_sqlite_audit_ops;       /* sqlite_audit.c */
extern const clg_store_diary_ops clg_sqlite_diary_ops;       /* sqlite_diary.c */
extern const clg_store_cds_client_ops clg_sqlite_cds_client_ops; /* sqlite_cds_clients.c */
extern const clg_store_login_count_ops clg_sqlite_login_count_ops; /* sqlite_login_throttle.c */
extern const clg_store_portal_ops clg_sqlite_portal_ops;         /* sqlite_portals.c */
extern const struct clg_store_message_ops clg_sqlite_message_ops; /* sqlite_messages.c */

/* ---- one row by its id ---- */

/* Reads the current row of stmt into row (a clg_<entity>_row), its text borrowed from stmt. */
typedef clg_status (*clg_sqlite_row_reader)(clg_sqlite *s, sqlite3_stmt *stmt, void *row,
                                            clg_error *err);
/* Makes row own its text (model/row_storage.h). */
typedef clg_status (*clg_sqlite_row_owner)(void *row, clg_error *err);

/*
 * The row of clinic with id, by sql (?1 the clinic, ?2 the id), read and
 * then owned. CLG_ERR_NOT_FOUND naming entity ("no course with id 7") when
 * the clinic has none: another clinic's row is simply not there.
 */
clg_status clg_sqlite_get_by_id(clg_sqlite *s, const char *sql, int64_t clinic, int64_t id,
                                const char *entity, clg_sqlite_row_reader read,
                                clg_sqlite_row_owner own, void *row, clg_error *err);

#endif

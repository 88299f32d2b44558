/*
 * The PostgreSQL backend's one internal header: its private state, the
 * statement cache, the helpers every entity file shares, and the table of
 * functions each entity file exports for pg.c to assemble into the store's
 * vtable (see store.h). Only src/store/pg*.c include it. It mirrors
 * sqlite_internal.h, file for file.
 *
 * The style every file keeps:
 *  - every statement is prepared once per connection (PQprepare, on first
 *    use, named by its place in the cache) and run with PQexecPrepared and
 *    bound parameters in text form, never formatted with a value. Only SQL
 *    scripts without values (the migrations) run through clg_pg_exec_script();
 *  - parameters are collected in a clg_pg_params in $1, $2 ... order with the
 *    helpers below, so a date, a set of words or a timestamp has one spelling
 *    in the whole database, the same as the SQLite backend's;
 *  - a result is read whole (libpq returns every row at once), so a visitor
 *    may call back into the store; results are freed with PQclear before a
 *    function returns, whatever happened.
 *
 * Writers: a write transaction serializes with every other write
 * transaction of the same clinic, on any server (see pg.c, "the clinic's
 * write lock"): the first statement it runs about a clinic takes that
 * clinic's transaction-scoped advisory lock. So a judged write (the floor
 * between a client's sessions and bookings, the clinic's chairs, a
 * duplicate contact) reads what every earlier writer committed, exactly as
 * under SQLite's one writer at a time.
 */
#ifndef CLG_STORE_PG_INTERNAL_H
#define CLG_STORE_PG_INTERNAL_H

#include <libpq-fe.h>
#include <stdbool.h>
#include <stdint.h>

#include "model/row_storage.h"
#include "store/store.h"

/* Room for every statement of the backend (some seventy-five today) and more. */
enum { CLG_PG_STATEMENT_CAPACITY = 128 };

/* The most parameters one statement binds, and the room for each one's text. */
enum { CLG_PG_PARAM_CAPACITY = 24, CLG_PG_PARAM_SIZE = 256 };

/* A PostgreSQL store's private state, its impl: created and freed by pg.c. */
typedef struct clg_pg {
    PGconn *conn;
    char *location; /* owned; the database's name for error messages (no password) */
    bool in_transaction;
    bool write;         /* the open transaction was begun to write */
    bool clinic_locked; /* it holds locked_clinic's write lock */
    int64_t locked_clinic;
    int statement_count;
    const char *statements[CLG_PG_STATEMENT_CAPACITY]; /* by address; prepared as "s<index>" */
} clg_pg;

/*
 * A statement's parameters, $1 first. Text that does not fit the built-in
 * room (a plan, a document) is referred to, not copied: it must outlive the
 * call. clinic, when has_clinic, names the clinic whose write lock the
 * statement needs in a write transaction.
 */
typedef struct clg_pg_params {
    int count;
    bool has_clinic;
    int64_t clinic;
    const char *values[CLG_PG_PARAM_CAPACITY];
    char text[CLG_PG_PARAM_CAPACITY][CLG_PG_PARAM_SIZE];
} clg_pg_params;

/* ---- parameters ---- */

/* The clinic the statement is about, as the next parameter; takes its write lock when writing. */
void clg_pg_param_clinic(clg_pg_params *params, int64_t clinic);
/* text (referred to, not copied), or NULL as SQL NULL. */
void clg_pg_param_text(clg_pg_params *params, const char *text);
void clg_pg_param_int(clg_pg_params *params, int64_t value);
/* value, or SQL NULL when it is not present. */
void clg_pg_param_int_or_null(clg_pg_params *params, int64_t value, bool present);
/* A date, "2027-01-04". */
void clg_pg_param_date(clg_pg_params *params, clg_date date);
/* A set of words as its comma list in the vocabulary's order: "face,neck". */
void clg_pg_param_word_set(clg_pg_params *params, clg_vocabulary_id vocabulary, uint32_t set);
/* Now, UTC with milliseconds, "2027-01-04T09:30:00.123Z": when a row is written. */
void clg_pg_param_now(clg_pg_params *params);

/* ---- running statements (pg_statement.c) ---- */

/*
 * Runs the prepared statement for sql (a static array, the same one every
 * time: its address is the cache's key) with params (NULL: none). The
 * result when it succeeded, to PQclear; NULL with err filled otherwise
 * (see clg_pg_fail). what says what was being done ("add client").
 */
PGresult *clg_pg_exec(clg_pg *p, const char *sql, const clg_pg_params *params, const char *what,
                      clg_error *err);

/* The status a failed clg_pg_exec left in err (CLG_ERR_IO when err is NULL). */
static inline clg_status clg_pg_status(const clg_error *err)
{
    return err ? err->status : CLG_ERR_IO;
}

/* Runs a statement that returns no rows; *changed (may be NULL) is how many rows it touched. */
clg_status clg_pg_run(clg_pg *p, const char *sql, const clg_pg_params *params, const char *what,
                      int *changed, clg_error *err);

/* Runs an INSERT ... RETURNING id; *id is the new row's id. */
clg_status clg_pg_insert(clg_pg *p, const char *sql, const clg_pg_params *params, const char *what,
                         int64_t *id, clg_error *err);

/*
 * The failure of result (NULL: of the connection) as a clg_error naming
 * "database": CLG_ERR_INVALID for a broken constraint (SQLSTATE class 23,
 * the caller's input), CLG_ERR_FULL for a full disk (53100),
 * CLG_ERR_UNAVAILABLE for a database going away, CLG_ERR_IO otherwise.
 */
clg_status clg_pg_fail(clg_pg *p, const PGresult *result, const char *what, clg_error *err);

/* Runs SQL text without parameters or results (a migration's script); not cached. */
clg_status clg_pg_exec_script(clg_pg *p, const char *sql, const char *what, clg_error *err);

/*
 * Makes the connection again after it was lost (pg.c); its prepared
 * statements went with it. CLG_ERR_UNAVAILABLE while the database cannot
 * be reached.
 */
clg_status clg_pg_reconnect(clg_pg *p, clg_error *err);

/* Forgets every prepared statement (a new connection has none). */
void clg_pg_statements_forget(clg_pg *p);

/* ---- reading columns: borrowed from the result until it is cleared ---- */

/* The text of a column, NULL when it is SQL NULL. */
const char *clg_pg_text(const PGresult *result, int row, int column);
bool clg_pg_is_null(const PGresult *result, int row, int column);
/* An integer column; 0 when NULL. */
int64_t clg_pg_int(const PGresult *result, int row, int column);
clg_status clg_pg_column_date(clg_pg *p, const PGresult *result, int row, int column, clg_date *out,
                              clg_error *err);
clg_status clg_pg_column_word_set(clg_pg *p, const PGresult *result, int row, int column,
                                  clg_vocabulary_id vocabulary, uint32_t *out, clg_error *err);
clg_status clg_pg_column_word(clg_pg *p, const PGresult *result, int row, int column,
                              clg_vocabulary_id vocabulary, int *out, clg_error *err);
/* CLG_ERR_IO naming the column and what it holds instead of what was expected. */
clg_status clg_pg_bad_column(clg_pg *p, const PGresult *result, int row, int column,
                             const char *expected, clg_error *err);

/*
 * A timestamptz column as the SQLite backend writes its stamps, UTC with
 * milliseconds: "2027-01-04T09:30:00.123Z" (the session's zone is UTC).
 */
#define CLG_PG_STAMP(column) "to_char(" column ", 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"

/* A phone number as the duplicate check compares it (pg_schema.c's index is on it). */
#define CLG_PG_PHONE_KEY(column)                                                                   \
    "replace(replace(replace(replace(replace(" column ", ' ', ''), '-', ''), '(', ''), ')', ''), " \
    "'.', '')"

/* ---- the schema (pg_schema.c) ---- */

/* The newest schema version this binary knows (the same numbers as SQLite's). */
int clg_pg_schema_latest(void);
/* The database's schema version, 0 when it has none yet; -1 (err filled) on failure. */
int clg_pg_schema_version(clg_pg *p, clg_error *err);
/*
 * Brings the schema up to date, every migration once, under a lock that
 * makes servers starting at once take turns. dry_run: say (in *pending)
 * how many migrations are due, and apply none. A schema newer than this
 * binary knows is CLG_ERR_IO saying so.
 */
clg_status clg_pg_migrate(clg_pg *p, bool dry_run, int *pending, clg_error *err);

/* ---- the entities, one file each, assembled by pg.c ---- */

extern const clg_store_clinic_ops clg_pg_clinic_ops;         /* pg_clinics.c */
extern const clg_store_client_ops clg_pg_client_ops;         /* pg_clients.c */
extern const clg_store_protocol_ops clg_pg_protocol_ops;     /* pg_protocols.c */
extern const clg_store_course_ops clg_pg_course_ops;         /* pg_courses.c */
extern const clg_store_session_ops clg_pg_session_ops;       /* pg_sessions.c */
extern const clg_store_booking_ops clg_pg_booking_ops;       /* pg_bookings.c */
extern const clg_store_account_ops clg_pg_account_ops;       /* pg_accounts.c */
extern const clg_store_feed_ops clg_pg_feed_ops;             /* pg_feeds.c */
extern const struct clg_store_request_ops clg_pg_request_ops; /* pg_requests.c */
extern const clg_store_audit_ops clg_pg_audit_ops;           /* pg_audit.c */
extern const clg_store_diary_ops clg_pg_diary_ops;           /* pg_diary.c */
extern const clg_store_cds_client_ops clg_pg_cds_client_ops; /* pg_cds_clients.c */
extern const clg_store_login_count_ops clg_pg_login_count_ops; /* pg_login_throttle.c */
extern const clg_store_portal_ops clg_pg_portal_ops;         /* pg_portals.c */
extern const struct clg_store_message_ops clg_pg_message_ops; /* pg_messages.c */

/* ---- one row by its id ---- */

/* Reads row index of result into out (a clg_<entity>_row), its text borrowed from result. */
typedef clg_status (*clg_pg_row_reader)(clg_pg *p, const PGresult *result, int row, void *out,
                                        clg_error *err);
/* Makes row own its text (model/row_storage.h). */
typedef clg_status (*clg_pg_row_owner)(void *row, clg_error *err);

/*
 * The row of clinic with id, by sql ($1 the clinic, $2 the id), read and
 * then owned. CLG_ERR_NOT_FOUND naming entity when the clinic has none.
 */
clg_status clg_pg_get_by_id(clg_pg *p, const char *sql, int64_t clinic, int64_t id,
                            const char *entity, clg_pg_row_reader read, clg_pg_row_owner own,
                            void *row, clg_error *err);

#endif

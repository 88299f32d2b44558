/*
 * What the SQLite backend's per-call statements share (accounts, feeds,
 * bookings): each prepares its one statement with bound parameters, runs it
 * and finalises it. The hot records queries in sqlite.c keep their own
 * cache of prepared statements instead.
 */
#ifndef CLG_STORE_SQLITE_STATEMENT_H
#define CLG_STORE_SQLITE_STATEMENT_H

#include <sqlite3.h>

#include "collagenda/collagenda.h"

/* The connection behind a SQLite store's impl (sqlite.c). */
sqlite3 *clg_sqlite_db(void *impl);

/*
 * The last error on db as a clg_error naming "database": CLG_ERR_INVALID
 * for a broken constraint (the caller's input), CLG_ERR_IO otherwise.
 */
clg_status clg_sqlite_failed(sqlite3 *db, const char *what, clg_error *err);

clg_status clg_sqlite_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **stmt, clg_error *err);

/* Runs a write statement to completion and finalises it. */
clg_status clg_sqlite_finish_write(sqlite3 *db, sqlite3_stmt *stmt, const char *what,
                                   clg_error *err);

/*
 * UTC now as "2027-01-04T09:30:00.123Z": when a row was written, the one
 * timestamp format of every table (see sqlite_schema.c).
 */
void clg_sqlite_now_text(char out[32]);

#endif

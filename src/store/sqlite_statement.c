/* Helpers of the SQLite backend's per-call statements; see sqlite_statement.h. */
#include "store/sqlite_statement.h"

#include <stdio.h>
#include <time.h>

clg_status clg_sqlite_failed(sqlite3 *db, const char *what, clg_error *err)
{
    int code = sqlite3_extended_errcode(db);
    return clg_error_set(err, (code & 0xFF) == SQLITE_CONSTRAINT ? CLG_ERR_INVALID : CLG_ERR_IO,
                         "database", "%s: %s", what, sqlite3_errmsg(db));
}

clg_status clg_sqlite_prepare(sqlite3 *db, const char *sql, sqlite3_stmt **stmt, clg_error *err)
{
    if (sqlite3_prepare_v2(db, sql, -1, stmt, NULL) != SQLITE_OK)
        return clg_sqlite_failed(db, "prepare", err);
    return CLG_OK;
}

clg_status clg_sqlite_finish_write(sqlite3 *db, sqlite3_stmt *stmt, const char *what,
                                   clg_error *err)
{
    int code = sqlite3_step(stmt);
    clg_status status = code == SQLITE_DONE ? CLG_OK : clg_sqlite_failed(db, what, err);
    sqlite3_finalize(stmt);
    return status;
}

void clg_sqlite_now_text(char out[32])
{
    struct timespec now;
    struct tm utc;
    clock_gettime(CLOCK_REALTIME, &now);
    gmtime_r(&now.tv_sec, &utc);
    char seconds[24];
    strftime(seconds, sizeof seconds, "%Y-%m-%dT%H:%M:%S", &utc);
    snprintf(out, 32, "%s.%03ldZ", seconds, now.tv_nsec / 1000000);
}

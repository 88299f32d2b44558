/*
 * `collagenda copy`: a whole SQLite database into an empty PostgreSQL one
 * (store.h, clg_store_copy). Both schemas are at the same version (one
 * numbering, the same tables and column names), so each table is read
 * with SELECT * on SQLite and written with one COPY ... FROM STDIN on
 * PostgreSQL, every value as its text (SQLite's dates, stamps, 0/1 flags
 * and JSON documents are what the PostgreSQL columns read). No value is
 * formatted into SQL: only table and column names, quoted, which come from
 * the schema itself.
 *
 * All in one PostgreSQL transaction: the rows, the identities set past the
 * largest id, and the check that every table holds as many rows on both
 * sides; anything amiss rolls it all back, leaving the target empty.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buffer.h"
#include "store/pg_internal.h"
#include "store/sqlite_internal.h"

/* Parents before children, so that every reference finds its row. */
static const char *const known_tables[] = {
    "clinics", "clients",    "protocols", "courses", "sessions",  "bookings",
    "users",   "api_tokens", "logins",    "feeds",   "audit_log",
};
enum { KNOWN_TABLES = sizeof known_tables / sizeof known_tables[0] };

/* Tables a later migration added, after the known ones, by name. */
static const char other_tables_sql[] =
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    " AND name <> 'schema_migrations' ORDER BY name";

static void put_char(clg_buffer *out, char c)
{
    clg_buffer_append(out, &c, 1);
}

static void quote_name(clg_buffer *out, const char *name)
{
    put_char(out, '"');
    for (const char *c = name; *c; c++) {
        if (*c == '"')
            put_char(out, '"');
        put_char(out, *c);
    }
    put_char(out, '"');
}

/* A value in COPY's text format: backslash escapes for the few characters it reserves. */
static void copy_value(clg_buffer *out, const char *text)
{
    if (text == NULL) {
        clg_buffer_puts(out, "\\N");
        return;
    }
    for (const char *c = text; *c; c++) {
        switch (*c) {
        case '\\':
            clg_buffer_puts(out, "\\\\");
            break;
        case '\n':
            clg_buffer_puts(out, "\\n");
            break;
        case '\r':
            clg_buffer_puts(out, "\\r");
            break;
        case '\t':
            clg_buffer_puts(out, "\\t");
            break;
        default:
            put_char(out, *c);
        }
    }
}

static long long pg_count(clg_pg *p, const char *table, clg_error *err)
{
    clg_buffer sql = CLG_BUFFER_INIT;
    clg_buffer_puts(&sql, "SELECT count(*) FROM ");
    quote_name(&sql, table);
    PGresult *result = PQexec(p->conn, sql.data);
    long long count = -1;
    if (PQresultStatus(result) == PGRES_TUPLES_OK)
        count = clg_pg_int(result, 0, 0);
    else
        clg_pg_fail(p, result, "count the copied rows", err);
    PQclear(result);
    clg_buffer_free(&sql);
    return count;
}

static long long sqlite_count(clg_sqlite *s, const char *table, clg_error *err)
{
    clg_buffer sql = CLG_BUFFER_INIT;
    clg_buffer_puts(&sql, "SELECT count(*) FROM ");
    quote_name(&sql, table);
    sqlite3_stmt *stmt = NULL;
    long long count = -1;
    if (sqlite3_prepare_v2(s->db, sql.data, -1, &stmt, NULL) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
        count = sqlite3_column_int64(stmt, 0);
    else
        clg_sqlite_fail(s, "count the rows to copy", err);
    sqlite3_finalize(stmt);
    clg_buffer_free(&sql);
    return count;
}

/* Sends the COPY's data; CLG_ERR_IO when the connection refuses it. */
static clg_status put(clg_pg *p, clg_buffer *data, clg_error *err)
{
    if (data->length > 0 && PQputCopyData(p->conn, data->data, (int)data->length) != 1)
        return clg_pg_fail(p, NULL, "copy", err);
    clg_buffer_reset(data);
    return CLG_OK;
}

static clg_status copy_table(clg_sqlite *s, clg_pg *p, const char *table, clg_error *err)
{
    clg_buffer sql = CLG_BUFFER_INIT, copy = CLG_BUFFER_INIT, data = CLG_BUFFER_INIT;
    clg_status status = CLG_OK;
    sqlite3_stmt *stmt = NULL;
    clg_buffer_puts(&sql, "SELECT * FROM ");
    quote_name(&sql, table);
    clg_buffer_puts(&sql, " ORDER BY rowid");
    if (sqlite3_prepare_v2(s->db, sql.data, -1, &stmt, NULL) != SQLITE_OK) {
        status = clg_sqlite_fail(s, "read the table to copy", err);
        goto out;
    }
    int columns = sqlite3_column_count(stmt);
    clg_buffer_puts(&copy, "COPY ");
    quote_name(&copy, table);
    clg_buffer_puts(&copy, " (");
    for (int i = 0; i < columns; i++) {
        if (i > 0)
            clg_buffer_puts(&copy, ", ");
        quote_name(&copy, sqlite3_column_name(stmt, i));
    }
    clg_buffer_puts(&copy, ") FROM STDIN");
    PGresult *result = PQexec(p->conn, copy.data);
    bool copying = PQresultStatus(result) == PGRES_COPY_IN;
    if (!copying)
        status = clg_pg_fail(p, result, "copy", err);
    PQclear(result);
    if (!copying)
        goto out;
    int rc;
    while (status == CLG_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        for (int i = 0; i < columns; i++) {
            if (i > 0)
                put_char(&data, '\t');
            copy_value(&data, clg_sqlite_column_text(stmt, i));
        }
        put_char(&data, '\n');
        if (data.length > 1 << 20)
            status = put(p, &data, err);
    }
    if (status == CLG_OK && rc != SQLITE_DONE)
        status = clg_sqlite_fail(s, "read the table to copy", err);
    if (status == CLG_OK)
        status = put(p, &data, err);
    if (PQputCopyEnd(p->conn, status == CLG_OK ? NULL : "stopped") != 1 && status == CLG_OK)
        status = clg_pg_fail(p, NULL, "copy", err);
    while ((result = PQgetResult(p->conn)) != NULL) {
        if (PQresultStatus(result) != PGRES_COMMAND_OK && status == CLG_OK)
            status = clg_pg_fail(p, result, "copy", err);
        PQclear(result);
    }
out:
    sqlite3_finalize(stmt);
    clg_buffer_free(&sql);
    clg_buffer_free(&copy);
    clg_buffer_free(&data);
    return status;
}

/* The next id of a table with an identity is one past the largest copied. */
static clg_status set_identity(clg_pg *p, const char *table, clg_error *err)
{
    const char *values[] = {table};
    PGresult *result = PQexecParams(p->conn,
                                    "SELECT 1 FROM information_schema.columns WHERE table_schema ="
                                    " current_schema() AND table_name = $1 AND column_name = 'id'"
                                    " AND is_identity = 'YES'",
                                    1, NULL, values, NULL, NULL, 0);
    if (PQresultStatus(result) != PGRES_TUPLES_OK) {
        clg_status status = clg_pg_fail(p, result, "set the identities", err);
        PQclear(result);
        return status;
    }
    bool has_identity = PQntuples(result) == 1;
    PQclear(result);
    if (!has_identity)
        return CLG_OK;
    clg_buffer sql = CLG_BUFFER_INIT, name = CLG_BUFFER_INIT;
    quote_name(&name, table);
    clg_buffer_printf(&sql,
                      "SELECT setval(pg_get_serial_sequence('%s', 'id'), coalesce(max(id), 0) + 1, "
                      "false) FROM %s",
                      name.data, name.data);
    clg_status status = clg_pg_exec_script(p, sql.data, "set the identities", err);
    clg_buffer_free(&sql);
    clg_buffer_free(&name);
    return status;
}

/* Copies one table, sets its identity and compares its counts. */
static clg_status copy_one(clg_sqlite *s, clg_pg *p, const char *table,
                           clg_store_copy_report report, void *context, clg_error *err)
{
    if (strchr(table, '\'') != NULL) /* never in a name of ours: set_identity quotes none */
        return clg_error_set(err, CLG_ERR_IO, "from", "a table named %s cannot be copied", table);
    clg_status status = copy_table(s, p, table, err);
    if (status == CLG_OK)
        status = set_identity(p, table, err);
    if (status != CLG_OK)
        return status;
    long long source = sqlite_count(s, table, err), target = pg_count(p, table, err);
    if (source < 0 || target < 0)
        return CLG_ERR_IO;
    if (source != target)
        return clg_error_set(err, CLG_ERR_IO, "to",
                             "table %s: %lld rows in the SQLite file, %lld copied; nothing kept",
                             table, source, target);
    if (report)
        report(context, table, target);
    return CLG_OK;
}

static bool is_known(const char *table)
{
    for (int i = 0; i < KNOWN_TABLES; i++)
        if (strcmp(known_tables[i], table) == 0)
            return true;
    return false;
}

static clg_status copy_all(clg_sqlite *s, clg_pg *p, clg_store_copy_report report, void *context,
                           clg_error *err)
{
    int from_version = clg_sqlite_schema_version(s, err);
    int to_version = clg_pg_schema_version(p, err);
    if (from_version < 0 || to_version < 0)
        return CLG_ERR_IO;
    if (from_version != to_version)
        return clg_error_set(err, CLG_ERR_IO, "to",
                             "the schemas differ (SQLite version %d, PostgreSQL version %d)",
                             from_version, to_version);
    long long clinics = pg_count(p, "clinics", err);
    if (clinics < 0)
        return CLG_ERR_IO;
    if (clinics > 0)
        return clg_error_set(err, CLG_ERR_INVALID, "to",
                             "%s already holds %lld clinic(s); copy into an empty database",
                             p->location, clinics);
    clg_status status = CLG_OK;
    for (int i = 0; status == CLG_OK && i < KNOWN_TABLES; i++)
        status = copy_one(s, p, known_tables[i], report, context, err);
    sqlite3_stmt *stmt = NULL;
    if (status == CLG_OK &&
        sqlite3_prepare_v2(s->db, other_tables_sql, -1, &stmt, NULL) != SQLITE_OK)
        status = clg_sqlite_fail(s, "list the tables", err);
    while (status == CLG_OK && sqlite3_step(stmt) == SQLITE_ROW) {
        const char *table = clg_sqlite_column_text(stmt, 0);
        if (!is_known(table))
            status = copy_one(s, p, table, report, context, err);
    }
    sqlite3_finalize(stmt);
    return status;
}

static bool is_postgresql(const char *location)
{
    return strncmp(location, "postgresql://", 13) == 0 || strncmp(location, "postgres://", 11) == 0;
}

clg_status clg_store_copy(const char *from, const char *to, clg_store_copy_report report,
                          void *context, clg_error *err)
{
    if (is_postgresql(from))
        return clg_error_set(err, CLG_ERR_INVALID, "from", "copies from a SQLite database file");
    if (!is_postgresql(to))
        return clg_error_set(err, CLG_ERR_INVALID, "to",
                             "copies into a PostgreSQL database: postgresql://...");
    if (access(from, R_OK) != 0)
        return clg_error_set(err, CLG_ERR_INVALID, "from", "no database file %s", from);
    clg_store *source = NULL, *target = NULL;
    clg_status status = clg_store_sqlite_open(from, &source, err);
    if (status == CLG_OK)
        status = clg_store_pg_open(to, &target, err);
    if (status != CLG_OK)
        goto out;
    clg_pg *p = target->impl;
    /* The SQLite side reads one snapshot while others may write to the file. */
    if ((status = clg_sqlite_exec(source->impl, "BEGIN", "copy", err)) != CLG_OK)
        goto out;
    status = clg_pg_exec_script(p, "BEGIN", "copy", err);
    if (status == CLG_OK)
        status = copy_all(source->impl, p, report, context, err);
    if (status == CLG_OK)
        status = clg_pg_exec_script(p, "COMMIT", "copy", err);
    else
        clg_pg_exec_script(p, "ROLLBACK", "copy", NULL);
    clg_sqlite_exec(source->impl, "ROLLBACK", "copy", NULL);
out:
    clg_store_close(source);
    clg_store_close(target);
    return status;
}

/*
 * The PostgreSQL backend: one database shared by every server of a chain.
 * This file is what the backend is (connecting, reconnecting, transactions)
 * and assembles the store's vtable from the entity files' tables; see
 * pg_internal.h for the style they share.
 *
 * - One connection per store: the server opens a store per worker thread,
 *   so its pool is exactly as large as its threads, and a command opens one.
 * - The clinic's write lock: a write transaction (READ COMMITTED) takes a
 *   transaction-scoped advisory lock on the clinic before its first
 *   statement about it (pg_statement.c), so writers of one clinic take turns
 *   across all servers while other clinics write in parallel. The service's
 *   judged writes read the client's sessions and bookings, the clinic's
 *   chairs and contacts only after that lock, so two bookings or records for
 *   one client sent at the same moment to two servers are judged one after
 *   the other, the second seeing the first: the floor cannot be passed twice.
 *   A lock per clinic rather than per client, because the chairs a time
 *   holds and the duplicate contact check are the clinic's, judged in the
 *   same transactions.
 * - A read transaction is REPEATABLE READ: one snapshot for all it reads,
 *   as SQLite's deferred read transaction.
 * - A lost connection (the database restarted) fails the request in flight
 *   (CLG_ERR_UNAVAILABLE: HTTP 503) and is made again when the next
 *   transaction begins, its statements prepared afresh.
 * - The session is UTC with ISO dates, and statement_timeout is 30 s unless
 *   the location or PGOPTIONS sets one (the location may carry every libpq
 *   option, sslmode=verify-full and sslrootcert included).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg_internal.h"

static const char begin_read_sql[] = "BEGIN ISOLATION LEVEL REPEATABLE READ";
static const char begin_write_sql[] = "BEGIN ISOLATION LEVEL READ COMMITTED";
static const char commit_sql[] = "COMMIT";
static const char rollback_sql[] = "ROLLBACK";

/* ---- connecting ------------------------------------------------------- */

/* What every new connection is told before its first statement. */
static clg_status configure(clg_pg *p, clg_error *err)
{
    clg_status status =
        clg_pg_exec_script(p, "SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'", "configure", err);
    if (status != CLG_OK)
        return status;
    /* A statement_timeout the location or PGOPTIONS gave is kept. */
    const char *timeout = PQparameterStatus(p->conn, "statement_timeout");
    PGresult *result = PQexec(p->conn, "SHOW statement_timeout");
    if (PQresultStatus(result) == PGRES_TUPLES_OK && PQntuples(result) == 1)
        timeout = PQgetvalue(result, 0, 0);
    bool unset = timeout == NULL || strcmp(timeout, "0") == 0;
    PQclear(result);
    if (unset)
        status = clg_pg_exec_script(p, "SET statement_timeout = '30s'", "configure", err);
    return status;
}

clg_status clg_pg_reconnect(clg_pg *p, clg_error *err)
{
    PQreset(p->conn);
    clg_pg_statements_forget(p);
    if (PQstatus(p->conn) != CONNECTION_OK)
        return clg_error_set(err, CLG_ERR_UNAVAILABLE, "database",
                             "cannot reach the database: %s (%s)", PQerrorMessage(p->conn),
                             p->location);
    return configure(p, err);
}

/* ---- transactions ----------------------------------------------------- */

static clg_status pg_begin(void *impl, bool write, clg_error *err)
{
    clg_pg *p = impl;
    if (PQstatus(p->conn) != CONNECTION_OK) {
        clg_status status = clg_pg_reconnect(p, err);
        if (status != CLG_OK)
            return status;
    }
    clg_status status =
        clg_pg_run(p, write ? begin_write_sql : begin_read_sql, NULL, "begin", NULL, err);
    /* A connection found dead only now (the server restarted while idle): once more. */
    if (status != CLG_OK && PQstatus(p->conn) != CONNECTION_OK &&
        (status = clg_pg_reconnect(p, err)) == CLG_OK)
        status = clg_pg_run(p, write ? begin_write_sql : begin_read_sql, NULL, "begin", NULL, err);
    if (status == CLG_OK) {
        p->in_transaction = true;
        p->write = write;
        p->clinic_locked = false;
    }
    return status;
}

static void end_transaction(clg_pg *p)
{
    p->in_transaction = false;
    p->write = false;
    p->clinic_locked = false;
}

static void pg_rollback(void *impl)
{
    clg_pg *p = impl;
    if (PQstatus(p->conn) == CONNECTION_OK && PQtransactionStatus(p->conn) != PQTRANS_IDLE)
        clg_pg_run(p, rollback_sql, NULL, "rollback", NULL, NULL);
    end_transaction(p);
}

static clg_status pg_commit(void *impl, clg_error *err)
{
    clg_pg *p = impl;
    clg_status status = clg_pg_run(p, commit_sql, NULL, "commit", NULL, err);
    if (status != CLG_OK)
        pg_rollback(p);
    end_transaction(p);
    return status;
}

/* ---- backup ------------------------------------------------------------ */

static clg_status pg_backup(void *impl, const char *path, clg_error *err)
{
    clg_pg *p = impl;
    (void)path;
    return clg_error_set(err, CLG_ERR_INVALID, "database",
                         "%s is a PostgreSQL database: back it up with pg_dump (or a streaming "
                         "replica), see the README's \"Outgrowing one machine\"",
                         p->location);
}

/* ---- opening and closing ----------------------------------------------- */

static void pg_close(void *impl)
{
    clg_pg *p = impl;
    if (p == NULL)
        return;
    if (p->in_transaction)
        pg_rollback(p);
    PQfinish(p->conn);
    free(p->location);
    free(p);
}

static const clg_store_ops pg_ops = {
    .backend = "postgresql",
    .close = pg_close,
    .begin = pg_begin,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .backup = pg_backup,
    .clinics = &clg_pg_clinic_ops,
    .clients = &clg_pg_client_ops,
    .protocols = &clg_pg_protocol_ops,
    .courses = &clg_pg_course_ops,
    .sessions = &clg_pg_session_ops,
    .bookings = &clg_pg_booking_ops,
    .accounts = &clg_pg_account_ops,
    .feeds = &clg_pg_feed_ops,
    .requests = &clg_pg_request_ops,
    .audit = &clg_pg_audit_ops,
    .diary = &clg_pg_diary_ops,
    .cds_clients = &clg_pg_cds_client_ops,
    .login_counts = &clg_pg_login_count_ops,
    .portals = &clg_pg_portal_ops,
    .messages = &clg_pg_message_ops,
};

/* The database as error messages name it: never the password the location may hold. */
static char *describe(PGconn *conn)
{
    const char *db = PQdb(conn), *host = PQhost(conn), *user = PQuser(conn);
    size_t length = strlen(db ? db : "") + strlen(host ? host : "") + strlen(user ? user : "") + 32;
    char *text = malloc(length);
    if (text)
        snprintf(text, length, "postgresql database %s on %s", db ? db : "?",
                 host && host[0] ? host : "the local socket");
    return text;
}

static clg_status pg_connect(const char *location, bool migrate, clg_store **out, clg_error *err)
{
    *out = NULL;
    clg_pg *p = calloc(1, sizeof *p);
    clg_store *store = calloc(1, sizeof *store);
    if (p == NULL || store == NULL) {
        free(p);
        free(store);
        return clg_error_set(err, CLG_ERR_IO, "location", "out of memory");
    }
    clg_status status = CLG_OK;
    p->conn = PQconnectdb(location);
    if (p->conn == NULL || (p->location = describe(p->conn)) == NULL) {
        status = clg_error_set(err, CLG_ERR_IO, "location", "out of memory");
        goto fail;
    }
    if (PQstatus(p->conn) != CONNECTION_OK) {
        const char *message = PQerrorMessage(p->conn);
        status =
            clg_error_set(err, CLG_ERR_UNAVAILABLE, "location", "cannot connect to the %s: %.*s",
                          p->location, (int)strcspn(message, "\n"), message);
        goto fail;
    }
    if ((status = configure(p, err)) != CLG_OK)
        goto fail;
    int pending = 0;
    if (migrate)
        status = clg_pg_migrate(p, false, &pending, err);
    if (status != CLG_OK)
        goto fail;
    store->ops = &pg_ops;
    store->impl = p;
    *out = store;
    return CLG_OK;
fail:
    pg_close(p);
    free(store);
    return status;
}

clg_status clg_store_pg_schema(const char *location, clg_store_schema *schema, clg_error *err)
{
    *schema = (clg_store_schema){.latest = clg_pg_schema_latest()};
    clg_store *store;
    clg_status status = pg_connect(location, false, &store, err);
    if (status != CLG_OK)
        return status;
    clg_pg *p = store->impl;
    schema->version = clg_pg_schema_version(p, err);
    if (schema->version < 0)
        status = CLG_ERR_IO;
    else if (schema->version <= schema->latest)
        status = clg_pg_migrate(p, true, &schema->pending, err);
    clg_store_close(store);
    return status;
}

clg_status clg_store_pg_open(const char *location, clg_store **out, clg_error *err)
{
    return pg_connect(location, true, out, err);
}

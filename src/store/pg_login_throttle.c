/*
 * The failed-login throttle's counts on PostgreSQL (migration 14). Servers
 * write at once here (READ COMMITTED), so reading a key's count first takes
 * a transaction-scoped advisory lock on the key (a hash of kind and key,
 * under a first key of its own): another server's attempt for the same key
 * waits until this one commits, and then reads what it wrote. The lock is
 * taken whether or not the key has a row yet, so two first failures
 * cannot both start from nothing.
 */
#include "store/login_throttle.h"
#include "store/pg_internal.h"

static const char prune_sql[] =
    "DELETE FROM login_failures WHERE touched_at < $1 AND locked_until <= $2";
static const char lock_sql[] =
    /* 4410439 is the clinics' first key ('CLG', pg_statement.c); the next one is the keys'. */
    "SELECT pg_advisory_xact_lock(4410440, hashtext($1::text || ' ' || $2::text))";
static const char read_sql[] = "SELECT failures, locked_until, touched_at FROM login_failures "
                               "WHERE kind = $1 AND key = $2";
static const char write_sql[] =
    "INSERT INTO login_failures (kind, key, failures, locked_until, touched_at, written_at) "
    "VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (kind, key) DO UPDATE SET "
    "failures = excluded.failures, locked_until = excluded.locked_until, "
    "touched_at = excluded.touched_at, written_at = excluded.written_at";
static const char forget_sql[] = "DELETE FROM login_failures WHERE kind = $1 AND key = $2";
static const char size_sql[] = "SELECT count(*) FROM login_failures";
static const char evict_sql[] =
    "DELETE FROM login_failures WHERE (kind, key) = (SELECT kind, key FROM login_failures "
    "WHERE locked_until <= $1 AND kind <> 'overflow' ORDER BY failures, touched_at LIMIT 1 "
    "FOR UPDATE SKIP LOCKED)";

static clg_status prune(void *impl, int64_t forget_before, int64_t now, clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_int(&params, forget_before);
    clg_pg_param_int(&params, now);
    return clg_pg_run(impl, prune_sql, &params, "forget old failed logins", NULL, err);
}

static clg_status read_count(void *impl, const char *kind, const char *key, clg_login_count *count,
                             bool *found, clg_error *err)
{
    clg_pg *p = impl;
    *count = (clg_login_count){0};
    *found = false;
    clg_pg_params params = {0};
    clg_pg_param_text(&params, kind);
    clg_pg_param_text(&params, key);
    PGresult *result = clg_pg_exec(p, lock_sql, &params, "hold failed logins", err);
    if (result == NULL)
        return clg_pg_status(err);
    PQclear(result);
    if ((result = clg_pg_exec(p, read_sql, &params, "read failed logins", err)) == NULL)
        return clg_pg_status(err);
    if (PQntuples(result) == 1) {
        count->failures = (int)clg_pg_int(result, 0, 0);
        count->locked_until = clg_pg_int(result, 0, 1);
        count->touched_at = clg_pg_int(result, 0, 2);
        *found = true;
    }
    PQclear(result);
    return CLG_OK;
}

static clg_status write_count(void *impl, const char *kind, const char *key,
                              const clg_login_count *count, clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_text(&params, kind);
    clg_pg_param_text(&params, key);
    clg_pg_param_int(&params, count->failures);
    clg_pg_param_int(&params, count->locked_until);
    clg_pg_param_int(&params, count->touched_at);
    clg_pg_param_now(&params);
    return clg_pg_run(impl, write_sql, &params, "count a failed login", NULL, err);
}

static clg_status forget(void *impl, const char *kind, const char *key, clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_text(&params, kind);
    clg_pg_param_text(&params, key);
    return clg_pg_run(impl, forget_sql, &params, "forget failed logins", NULL, err);
}

static clg_status size(void *impl, int64_t *rows, clg_error *err)
{
    clg_pg *p = impl;
    *rows = 0;
    PGresult *result = clg_pg_exec(p, size_sql, NULL, "count failed logins", err);
    if (result == NULL)
        return clg_pg_status(err);
    if (PQntuples(result) == 1)
        *rows = clg_pg_int(result, 0, 0);
    PQclear(result);
    return CLG_OK;
}

static clg_status evict(void *impl, int64_t now, bool *freed, clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_int(&params, now);
    int changed = 0;
    clg_status status =
        clg_pg_run(impl, evict_sql, &params, "make room for failed logins", &changed, err);
    *freed = status == CLG_OK && changed == 1;
    return status;
}

const clg_store_login_count_ops clg_pg_login_count_ops = {
    .prune = prune,
    .read = read_count,
    .write = write_count,
    .forget = forget,
    .size = size,
    .evict = evict,
};

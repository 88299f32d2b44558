/*
 * The PostgreSQL backend's statement cache and the helpers every entity
 * file binds and reads values with; see pg_internal.h.
 */
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/pg_internal.h"

/* ---- parameters ------------------------------------------------------- */

/* The next parameter's own room, or NULL (and the statement will fail) when full. */
static char *next_slot(clg_pg_params *params)
{
    if (params->count >= CLG_PG_PARAM_CAPACITY)
        return NULL;
    return params->text[params->count];
}

static void push(clg_pg_params *params, const char *value)
{
    if (params->count < CLG_PG_PARAM_CAPACITY)
        params->values[params->count] = value;
    params->count++; /* counted even past capacity, so that exec refuses the statement */
}

void clg_pg_param_clinic(clg_pg_params *params, int64_t clinic)
{
    params->has_clinic = true;
    params->clinic = clinic;
    clg_pg_param_int(params, clinic);
}

void clg_pg_param_text(clg_pg_params *params, const char *text)
{
    push(params, text);
}

void clg_pg_param_int(clg_pg_params *params, int64_t value)
{
    char *slot = next_slot(params);
    if (slot)
        snprintf(slot, CLG_PG_PARAM_SIZE, "%" PRId64, value);
    push(params, slot);
}

void clg_pg_param_int_or_null(clg_pg_params *params, int64_t value, bool present)
{
    if (present)
        clg_pg_param_int(params, value);
    else
        push(params, NULL);
}

void clg_pg_param_date(clg_pg_params *params, clg_date date)
{
    char *slot = next_slot(params);
    if (slot)
        clg_date_format(date, slot);
    push(params, slot);
}

void clg_pg_param_word_set(clg_pg_params *params, clg_vocabulary_id vocabulary, uint32_t set)
{
    _Static_assert(CLG_PG_PARAM_SIZE >= CLG_WORD_SET_TEXT_SIZE, "room for a set of words");
    char *slot = next_slot(params);
    if (slot)
        clg_word_set_format(vocabulary, set, slot);
    push(params, slot);
}

void clg_pg_param_now(clg_pg_params *params)
{
    char *slot = next_slot(params);
    if (slot) {
        struct timespec now;
        struct tm utc;
        clock_gettime(CLOCK_REALTIME, &now);
        gmtime_r(&now.tv_sec, &utc);
        char seconds[24];
        strftime(seconds, sizeof seconds, "%Y-%m-%dT%H:%M:%S", &utc);
        snprintf(slot, CLG_PG_PARAM_SIZE, "%s.%03ldZ", seconds, now.tv_nsec / 1000000);
    }
    push(params, slot);
}

/* ---- failures --------------------------------------------------------- */

clg_status clg_pg_fail(clg_pg *p, const PGresult *result, const char *what, clg_error *err)
{
    const char *state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : NULL;
    const char *message = result ? PQresultErrorMessage(result) : "";
    if (message == NULL || message[0] == '\0')
        message = PQerrorMessage(p->conn);
    /*
     * A full disk (SQLSTATE 53100, disk_full: a table, index or temporary
     * file could not grow), as sqlite_statement.c says it: the transaction
     * is rolled back whole, and PostgreSQL's message, which names the file,
     * stays out of the caller's answer. (A full disk under the write-ahead
     * log stops the server instead: the connection is lost, below.)
     */
    if (state && strcmp(state, "53100") == 0)
        return clg_error_set(err, CLG_ERR_FULL, "database",
                             "%s: the disk is full, nothing was saved; free some space and try "
                             "again",
                             what);
    /* A constraint the input broke (SQLSTATE class 23) is the caller's mistake, not an outage. */
    clg_status status = state && strncmp(state, "23", 2) == 0 ? CLG_ERR_INVALID : CLG_ERR_IO;
    /*
     * The database going away (shutting down or restarting: class 57P, a
     * broken connection: class 08), or a statement past statement_timeout
     * (57014), is for now: the request may be tried again (HTTP 503).
     */
    if (state && (strncmp(state, "57P", 3) == 0 || strncmp(state, "08", 2) == 0 ||
                  strcmp(state, "57014") == 0))
        status = CLG_ERR_UNAVAILABLE;
    int length = (int)strcspn(message, "\n"); /* libpq's messages end with a newline */
    if (PQstatus(p->conn) == CONNECTION_BAD)
        return clg_error_set(err, CLG_ERR_UNAVAILABLE, "database",
                             "%s: the connection to the database was lost: %.*s (%s)", what, length,
                             message, p->location);
    return clg_error_set(err, status, "database", "%s: %.*s (%s)", what, length, message,
                         p->location);
}

/* ---- statements ------------------------------------------------------- */

void clg_pg_statements_forget(clg_pg *p)
{
    p->statement_count = 0;
}

/* The cached statement's name, prepared now when it is new; NULL (err filled) on failure. */
static const char *prepared_name(clg_pg *p, const char *sql, char name[16], clg_error *err)
{
    /* A linear search: some fifty pointers cost nothing beside a round trip. */
    int index = 0;
    while (index < p->statement_count && p->statements[index] != sql)
        index++;
    snprintf(name, 16, "s%d", index);
    if (index < p->statement_count)
        return name;
    if (index == CLG_PG_STATEMENT_CAPACITY) {
        clg_error_set(err, CLG_ERR_IO, "database",
                      "more than %d statements; raise CLG_PG_STATEMENT_CAPACITY",
                      CLG_PG_STATEMENT_CAPACITY);
        return NULL;
    }
    PGresult *result = PQprepare(p->conn, name, sql, 0, NULL);
    bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
    if (!ok)
        clg_pg_fail(p, result, "prepare", err);
    PQclear(result);
    if (!ok)
        return NULL;
    p->statements[p->statement_count++] = sql;
    return name;
}

static const char lock_clinic_sql[] =
    /* The two-key form with a first key of our own ('CLG'), apart from other users' locks. */
    "SELECT pg_advisory_xact_lock(4410439, $1::integer)";

/*
 * The clinic's write lock, taken once per transaction before the first
 * statement about it, so that everything the transaction reads from then on
 * includes every earlier writer's commit (READ COMMITTED: each statement
 * sees what was committed when it started).
 */
static clg_status lock_clinic(clg_pg *p, int64_t clinic, clg_error *err)
{
    if (!p->in_transaction || !p->write || (p->clinic_locked && p->locked_clinic == clinic))
        return CLG_OK;
    clg_pg_params params = {0};
    clg_pg_param_int(&params, clinic);
    PGresult *result = clg_pg_exec(p, lock_clinic_sql, &params, "lock the clinic", err);
    if (result == NULL)
        return CLG_ERR_IO;
    PQclear(result);
    p->clinic_locked = true;
    p->locked_clinic = clinic;
    return CLG_OK;
}

PGresult *clg_pg_exec(clg_pg *p, const char *sql, const clg_pg_params *params, const char *what,
                      clg_error *err)
{
    int count = params ? params->count : 0;
    if (count > CLG_PG_PARAM_CAPACITY) {
        clg_error_set(err, CLG_ERR_IO, "database", "%s: more than %d parameters", what,
                      CLG_PG_PARAM_CAPACITY);
        return NULL;
    }
    /* Outside a transaction (a login's look-ups) a lost connection is made again first. */
    if (!p->in_transaction && PQstatus(p->conn) != CONNECTION_OK &&
        clg_pg_reconnect(p, err) != CLG_OK)
        return NULL;
    if (params && params->has_clinic && lock_clinic(p, params->clinic, err) != CLG_OK)
        return NULL;
    char name[16];
    if (prepared_name(p, sql, name, err) == NULL)
        return NULL;
    PGresult *result =
        PQexecPrepared(p->conn, name, count, count ? params->values : NULL, NULL, NULL, 0);
    ExecStatusType state = PQresultStatus(result);
    if (state == PGRES_TUPLES_OK || state == PGRES_COMMAND_OK)
        return result;
    clg_pg_fail(p, result, what, err);
    PQclear(result);
    return NULL;
}

clg_status clg_pg_run(clg_pg *p, const char *sql, const clg_pg_params *params, const char *what,
                      int *changed, clg_error *err)
{
    PGresult *result = clg_pg_exec(p, sql, params, what, err);
    if (result == NULL)
        return clg_pg_status(err);
    if (changed) {
        /* PQcmdTuples gives the row count as text ("" for a command that has none). */
        long rows = strtol(PQcmdTuples(result), NULL, 10);
        *changed = rows < 0 || rows > INT_MAX ? INT_MAX : (int)rows;
    }
    PQclear(result);
    return CLG_OK;
}

clg_status clg_pg_insert(clg_pg *p, const char *sql, const clg_pg_params *params, const char *what,
                         int64_t *id, clg_error *err)
{
    PGresult *result = clg_pg_exec(p, sql, params, what, err);
    if (result == NULL)
        return clg_pg_status(err);
    clg_status status = CLG_OK;
    if (PQntuples(result) == 1)
        *id = clg_pg_int(result, 0, 0);
    else
        status = clg_error_set(err, CLG_ERR_IO, "database", "%s: no id came back (%s)", what,
                               p->location);
    PQclear(result);
    return status;
}

clg_status clg_pg_exec_script(clg_pg *p, const char *sql, const char *what, clg_error *err)
{
    PGresult *result = PQexec(p->conn, sql);
    ExecStatusType state = PQresultStatus(result);
    clg_status status = state == PGRES_COMMAND_OK || state == PGRES_TUPLES_OK
                            ? CLG_OK
                            : clg_pg_fail(p, result, what, err);
    PQclear(result);
    return status;
}

/* ---- reading ---------------------------------------------------------- */

const char *clg_pg_text(const PGresult *result, int row, int column)
{
    return PQgetisnull(result, row, column) ? NULL : PQgetvalue(result, row, column);
}

bool clg_pg_is_null(const PGresult *result, int row, int column)
{
    return PQgetisnull(result, row, column) != 0;
}

int64_t clg_pg_int(const PGresult *result, int row, int column)
{
    const char *text = clg_pg_text(result, row, column);
    return text ? strtoll(text, NULL, 10) : 0;
}

clg_status clg_pg_bad_column(clg_pg *p, const PGresult *result, int row, int column,
                             const char *expected, clg_error *err)
{
    const char *text = clg_pg_text(result, row, column);
    return clg_error_set(err, CLG_ERR_IO, "database", "column %s holds '%.80s', not %s (%s)",
                         PQfname(result, column), text ? text : "NULL", expected, p->location);
}

clg_status clg_pg_column_date(clg_pg *p, const PGresult *result, int row, int column, clg_date *out,
                              clg_error *err)
{
    const char *text = clg_pg_text(result, row, column);
    if (text == NULL || clg_date_parse(text, "database", out, NULL) != CLG_OK)
        return clg_pg_bad_column(p, result, row, column, "a date", err);
    return CLG_OK;
}

clg_status clg_pg_column_word_set(clg_pg *p, const PGresult *result, int row, int column,
                                  clg_vocabulary_id vocabulary, uint32_t *out, clg_error *err)
{
    const char *text = clg_pg_text(result, row, column);
    if (text == NULL || clg_word_set_parse(vocabulary, "database", text, out, NULL) != CLG_OK)
        return clg_pg_bad_column(p, result, row, column, "a set of known words", err);
    return CLG_OK;
}

clg_status clg_pg_column_word(clg_pg *p, const PGresult *result, int row, int column,
                              clg_vocabulary_id vocabulary, int *out, clg_error *err)
{
    const char *text = clg_pg_text(result, row, column);
    int index = text ? clg_vocabulary_find(clg_vocabulary_get(vocabulary), text, strlen(text)) : -1;
    if (index < 0)
        return clg_pg_bad_column(p, result, row, column, "a known word", err);
    *out = index;
    return CLG_OK;
}

clg_status clg_pg_get_by_id(clg_pg *p, const char *sql, int64_t clinic, int64_t id,
                            const char *entity, clg_pg_row_reader read, clg_pg_row_owner own,
                            void *row, clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_int(&params, id);
    char what[48];
    snprintf(what, sizeof what, "read %s", entity);
    PGresult *result = clg_pg_exec(p, sql, &params, what, err);
    if (result == NULL)
        return clg_pg_status(err);
    clg_status status;
    if (PQntuples(result) == 0)
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, entity, "no %s with id %lld", entity,
                               (long long)id);
    else if ((status = read(p, result, 0, row, err)) == CLG_OK)
        status = own(row, err);
    PQclear(result);
    return status;
}

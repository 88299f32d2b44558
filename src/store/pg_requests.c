/*
 * Consultation requests on PostgreSQL (store/requests.h). Every statement
 * names the clinic first (clg_pg_param_clinic), so a write transaction
 * holds the clinic's lock before it counts: two servers receiving from one
 * address at once count one after the other, and the limit holds across
 * servers.
 */
#include <stdio.h>
#include <string.h>

#include "store/pg_internal.h"
#include "store/requests.h"

#define COLUMNS                                                                                    \
    "id, clinic_id, name, email, phone, assessment, " CLG_PG_STAMP(                                \
        "created_at") ", status, " CLG_PG_STAMP("closed_at") ", closed_by, close_note, "           \
                                                             "client_id, course_id"

static const char insert_sql[] =
    "INSERT INTO consultation_requests (clinic_id, name, email, phone, consent, assessment, "
    "address_hash, created_at) VALUES ($1, $2, $3, $4, 1, $5, $6, $7) RETURNING id";
static const char count_address_sql[] = "SELECT count(*), coalesce(" CLG_PG_STAMP(
    "min(created_at)") ", '') "
                       "FROM consultation_requests "
                       "WHERE clinic_id = $1 AND address_hash = $2 AND created_at >= "
                       "$3::timestamptz";
static const char count_all_sql[] = "SELECT count(*), coalesce(" CLG_PG_STAMP(
    "min(created_at)") ", '') "
                       "FROM consultation_requests WHERE clinic_id = $1 AND created_at >= "
                       "$2::timestamptz";
static const char forget_sql[] =
    "UPDATE consultation_requests SET address_hash = NULL "
    "WHERE clinic_id = $1 AND address_hash IS NOT NULL AND created_at < $2::timestamptz";
static const char get_sql[] =
    "SELECT " COLUMNS " FROM consultation_requests WHERE clinic_id = $1 AND id = $2";
static const char list_sql[] = "SELECT " COLUMNS " FROM consultation_requests "
                               "WHERE clinic_id = $1 AND ($2 = 'all' OR status = $2) "
                               "ORDER BY id DESC";
static const char close_sql[] =
    "UPDATE consultation_requests SET status = 'closed', closed_at = $3, closed_by = $4, "
    "close_note = $5, client_id = $6, course_id = $7 "
    "WHERE clinic_id = $1 AND id = $2 AND status = 'open'";

static const char erase_for_client_sql[] =
    "DELETE FROM consultation_requests WHERE clinic_id = $1 AND client_id = $2";

static const char erase_sql[] =
    "DELETE FROM consultation_requests WHERE clinic_id = $1 AND id = $2";

static clg_status insert(void *impl, int64_t clinic, const clg_request_row *row,
                         const char *address_hash, int64_t *id, clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_text(&params, row->name);
    clg_pg_param_text(&params, row->email);
    clg_pg_param_text(&params, row->phone);
    clg_pg_param_text(&params, row->assessment_json);
    clg_pg_param_text(&params, address_hash);
    clg_pg_param_now(&params);
    return clg_pg_insert(impl, insert_sql, &params, "add consultation request", id, err);
}

static clg_status count_since(void *impl, int64_t clinic, const char *address_hash,
                              const char *since, int *count, char oldest[32], clg_error *err)
{
    *count = 0;
    oldest[0] = '\0';
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    if (address_hash)
        clg_pg_param_text(&params, address_hash);
    clg_pg_param_text(&params, since);
    PGresult *result = clg_pg_exec(impl, address_hash ? count_address_sql : count_all_sql, &params,
                                   "count consultation requests", err);
    if (result == NULL)
        return clg_pg_status(err);
    if (PQntuples(result) == 1) {
        *count = (int)clg_pg_int(result, 0, 0);
        const char *first = clg_pg_text(result, 0, 1);
        snprintf(oldest, 32, "%s", first ? first : "");
    }
    PQclear(result);
    return CLG_OK;
}

static clg_status forget_addresses(void *impl, int64_t clinic, const char *before, clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_text(&params, before);
    return clg_pg_run(impl, forget_sql, &params, "forget request addresses", NULL, err);
}

static void read_row(const PGresult *result, int i, clg_request_row *row)
{
    const char *status = clg_pg_text(result, i, 7);
    *row = (clg_request_row){
        .id = clg_pg_int(result, i, 0),
        .clinic_id = clg_pg_int(result, i, 1),
        .name = clg_pg_text(result, i, 2),
        .email = clg_pg_text(result, i, 3),
        .phone = clg_pg_text(result, i, 4),
        .assessment_json = clg_pg_text(result, i, 5),
        .created_at = clg_pg_text(result, i, 6),
        .closed = status && strcmp(status, "closed") == 0,
        .closed_at = clg_pg_text(result, i, 8),
        .closed_by = clg_pg_text(result, i, 9),
        .close_note = clg_pg_text(result, i, 10),
        .client_id = clg_pg_int(result, i, 11),
        .course_id = clg_pg_int(result, i, 12),
    };
}

static clg_status get(void *impl, int64_t clinic, int64_t id, clg_request_row *row, clg_error *err)
{
    *row = (clg_request_row){0};
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_int(&params, id);
    PGresult *result = clg_pg_exec(impl, get_sql, &params, "find consultation request", err);
    if (result == NULL)
        return clg_pg_status(err);
    clg_status status;
    if (PQntuples(result) == 1) {
        read_row(result, 0, row);
        status = clg_request_row_own(row, err);
    } else {
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "request", "no consultation request %lld",
                               (long long)id);
    }
    PQclear(result);
    return status;
}

static const char *filter_word(clg_request_filter filter)
{
    return filter == CLG_REQUESTS_OPEN ? "open" : filter == CLG_REQUESTS_CLOSED ? "closed" : "all";
}

static clg_status list(void *impl, int64_t clinic, clg_request_filter filter,
                       clg_request_visitor visit, void *context, clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_text(&params, filter_word(filter));
    PGresult *result = clg_pg_exec(impl, list_sql, &params, "list consultation requests", err);
    if (result == NULL)
        return clg_pg_status(err);
    for (int i = 0; i < PQntuples(result); i++) {
        clg_request_row row;
        read_row(result, i, &row);
        if (visit(context, &row) != 0)
            break;
    }
    PQclear(result);
    return CLG_OK;
}

static clg_status close_request(void *impl, int64_t clinic, int64_t id, const char *who,
                                const char *note, int64_t client_id, int64_t course_id, int *closed,
                                clg_error *err)
{
    *closed = 0;
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_int(&params, id);
    clg_pg_param_now(&params);
    clg_pg_param_text(&params, who);
    clg_pg_param_text(&params, note);
    clg_pg_param_int_or_null(&params, client_id, client_id > 0);
    clg_pg_param_int_or_null(&params, course_id, course_id > 0);
    return clg_pg_run(impl, close_sql, &params, "close consultation request", closed, err);
}

/* One DELETE by clinic and one id (a request's, or a client's: erase_for_client). */
static clg_status erase_where(void *impl, const char *sql, int64_t clinic, int64_t id, int *erased,
                              clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_int(&params, id);
    *erased = 0;
    return clg_pg_run(impl, sql, &params, "erase consultation requests", erased, err);
}

static clg_status erase_for_client(void *impl, int64_t clinic, int64_t client_id, int *erased,
                                   clg_error *err)
{
    return erase_where(impl, erase_for_client_sql, clinic, client_id, erased, err);
}

static clg_status erase(void *impl, int64_t clinic, int64_t id, int *erased, clg_error *err)
{
    return erase_where(impl, erase_sql, clinic, id, erased, err);
}

const clg_store_request_ops clg_pg_request_ops = {
    .insert = insert,
    .count_since = count_since,
    .forget_addresses = forget_addresses,
    .erase_for_client = erase_for_client,
    .erase = erase,
    .get = get,
    .list = list,
    .close = close_request,
};

/*
 * Clients on PostgreSQL. A client merged into another (merged_into) stays
 * as a merged record: get finds it, list and the duplicate check do not.
 */
#include "store/pg_internal.h"

#define CLIENT_COLUMNS                                                                             \
    "id, name, email, phone, birth_date, skin_type, " CLG_PG_STAMP("erased_at") ", merged_into"

static const char insert_sql[] =
    "INSERT INTO clients (clinic_id, name, email, phone, birth_date, skin_type, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
static const char get_sql[] =
    "SELECT " CLIENT_COLUMNS " FROM clients WHERE clinic_id = $1 AND id = $2";
static const char list_sql[] = "SELECT " CLIENT_COLUMNS " FROM clients "
                               "WHERE clinic_id = $1 AND merged_into IS NULL ORDER BY id";
static const char update_sql[] =
    "UPDATE clients SET name = $3, email = $4, phone = $5, birth_date = $6, skin_type = $7 "
    "WHERE clinic_id = $1 AND id = $2";
/* Each written with the expression its index is on, so that the index serves it. */
static const char find_email_sql[] =
    "SELECT " CLIENT_COLUMNS " FROM clients WHERE clinic_id = $1 AND lower(email) = lower($2) "
    "AND id <> $3 AND merged_into IS NULL ORDER BY id LIMIT 1";
static const char find_phone_sql[] =
    "SELECT " CLIENT_COLUMNS " FROM clients WHERE clinic_id = $1 AND " CLG_PG_PHONE_KEY(
        "phone") " = " CLG_PG_PHONE_KEY("$2::text") " AND id <> $3 AND merged_into IS NULL "
                                                    "ORDER BY id LIMIT 1";
static const char merge_courses_sql[] =
    "UPDATE courses SET client_id = $2 WHERE clinic_id = $1 AND client_id = $3";
static const char merge_sessions_sql[] =
    "UPDATE sessions SET client_id = $2 WHERE clinic_id = $1 AND client_id = $3";
static const char merge_bookings_sql[] =
    "UPDATE bookings SET client_id = $2 WHERE clinic_id = $1 AND client_id = $3";
static const char merge_client_sql[] =
    "UPDATE clients SET merged_into = $2 WHERE clinic_id = $1 AND id = $3";
static const char erase_sql[] =
    "UPDATE clients SET name = $3, email = NULL, phone = NULL, birth_date = NULL, "
    "skin_type = NULL, erased_at = $4 WHERE clinic_id = $1 AND id = $2 AND erased_at IS NULL";

/* The editable columns, $3 on: name, e-mail, phone, birth date, skin type. */
static void param_facts(clg_pg_params *params, const clg_client_row *row)
{
    clg_pg_param_text(params, row->name);
    clg_pg_param_text(params, row->email);
    clg_pg_param_text(params, row->phone);
    if (row->has_birth_date)
        clg_pg_param_date(params, row->birth_date);
    else
        clg_pg_param_text(params, NULL);
    clg_pg_param_int_or_null(params, row->skin_type, row->skin_type != CLG_SKIN_TYPE_UNKNOWN);
}

static clg_status insert(void *impl, int64_t clinic, const clg_client_row *row, int64_t *id,
                         clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    param_facts(&params, row);
    clg_pg_param_now(&params);
    return clg_pg_insert(impl, insert_sql, &params, "add client", id, err);
}

/* A row of CLIENT_COLUMNS, its text borrowed from the result. */
static clg_status read_client(clg_pg *p, const PGresult *result, int i, void *out, clg_error *err)
{
    clg_client_row *row = out;
    *row = (clg_client_row){
        .id = clg_pg_int(result, i, 0),
        .name = clg_pg_text(result, i, 1),
        .email = clg_pg_text(result, i, 2),
        .phone = clg_pg_text(result, i, 3),
        .has_birth_date = !clg_pg_is_null(result, i, 4),
        .skin_type = (int)clg_pg_int(result, i, 5),
        .erased_at = clg_pg_text(result, i, 6),
        .merged_into = clg_pg_int(result, i, 7),
    };
    if (row->has_birth_date)
        return clg_pg_column_date(p, result, i, 4, &row->birth_date, err);
    return CLG_OK;
}

static clg_status own_client(void *row, clg_error *err)
{
    return clg_client_row_own(row, err);
}

static clg_status get(void *impl, int64_t clinic, int64_t id, clg_client_row *row, clg_error *err)
{
    *row = (clg_client_row){0};
    return clg_pg_get_by_id(impl, get_sql, clinic, id, "client", read_client, own_client, row, err);
}

static clg_status list(void *impl, int64_t clinic, clg_client_visitor visit, void *context,
                       clg_error *err)
{
    clg_pg *p = impl;
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    PGresult *result = clg_pg_exec(p, list_sql, &params, "list clients", err);
    if (result == NULL)
        return clg_pg_status(err);
    clg_status status = CLG_OK;
    for (int i = 0; i < PQntuples(result); i++) {
        clg_client_row row;
        if ((status = read_client(p, result, i, &row, err)) != CLG_OK || visit(context, &row) != 0)
            break;
    }
    PQclear(result);
    return status;
}

static clg_status erase(void *impl, int64_t clinic, int64_t id, const char *tombstone,
                        clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_int(&params, id);
    clg_pg_param_text(&params, tombstone);
    clg_pg_param_now(&params);
    int changed = 0;
    clg_status status = clg_pg_run(impl, erase_sql, &params, "erase client", &changed, err);
    if (status == CLG_OK && changed == 0)
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "client",
                               "no client with id %lld still to erase", (long long)id);
    return status;
}

static clg_status update(void *impl, int64_t clinic, const clg_client_row *row, clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_int(&params, row->id);
    param_facts(&params, row);
    int changed = 0;
    clg_status status = clg_pg_run(impl, update_sql, &params, "edit client", &changed, err);
    if (status == CLG_OK && changed == 0)
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "client", "no client with id %lld",
                               (long long)row->id);
    return status;
}

static clg_status find_contact(void *impl, int64_t clinic, const char *email, const char *phone,
                               int64_t except, clg_client_row *row, clg_error *err)
{
    clg_pg *p = impl;
    *row = (clg_client_row){0};
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_text(&params, email ? email : phone);
    clg_pg_param_int(&params, except);
    PGresult *result =
        clg_pg_exec(p, email ? find_email_sql : find_phone_sql, &params, "find client", err);
    if (result == NULL)
        return clg_pg_status(err);
    clg_status status = CLG_ERR_NOT_FOUND; /* err untouched: the caller says what is missing */
    if (PQntuples(result) == 1 && (status = read_client(p, result, 0, row, err)) == CLG_OK)
        status = clg_client_row_own(row, err);
    PQclear(result);
    return status;
}

static clg_status merge(void *impl, int64_t clinic, int64_t keep, int64_t other, clg_error *err)
{
    static const char *const steps[] = {merge_courses_sql, merge_sessions_sql, merge_bookings_sql,
                                        merge_client_sql};
    clg_status status = CLG_OK;
    for (size_t i = 0; status == CLG_OK && i < sizeof steps / sizeof steps[0]; i++) {
        clg_pg_params params = {0};
        clg_pg_param_clinic(&params, clinic);
        clg_pg_param_int(&params, keep);
        clg_pg_param_int(&params, other);
        status = clg_pg_run(impl, steps[i], &params, "merge clients", NULL, err);
    }
    return status;
}

const clg_store_client_ops clg_pg_client_ops = {
    .insert = insert,
    .get = get,
    .list = list,
    .erase = erase,
    .update = update,
    .find_contact = find_contact,
    .merge = merge,
};

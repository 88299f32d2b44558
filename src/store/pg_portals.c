/*
 * Client portal links on PostgreSQL: only the token's SHA-256 is kept, and
 * a partial unique index lets a client have at most one live link.
 */
#include "store/pg_internal.h"

static const char insert_sql[] =
    "INSERT INTO portals (clinic_id, client_id, token_hash, created_at)"
    " VALUES ($1, $2, $3, $4) RETURNING id";
static const char revoke_sql[] = "UPDATE portals SET revoked_at = $3 "
                                 "WHERE clinic_id = $1 AND client_id = $2 AND revoked_at IS NULL";
static const char find_sql[] = "SELECT id, clinic_id, client_id FROM portals "
                               "WHERE token_hash = $1 AND revoked_at IS NULL";
static const char list_sql[] =
    "SELECT id, client_id, " CLG_PG_STAMP("created_at") ", " CLG_PG_STAMP(
        "revoked_at") " FROM portals WHERE clinic_id = $1 AND client_id = $2 ORDER BY id";

static clg_status insert(void *impl, int64_t clinic, int64_t client_id, const char *token_hash,
                         int64_t *id, clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_int(&params, client_id);
    clg_pg_param_text(&params, token_hash);
    clg_pg_param_now(&params);
    return clg_pg_insert(impl, insert_sql, &params, "add portal link", id, err);
}

static clg_status revoke(void *impl, int64_t clinic, int64_t client_id, int *revoked,
                         clg_error *err)
{
    *revoked = 0;
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_int(&params, client_id);
    clg_pg_param_now(&params);
    return clg_pg_run(impl, revoke_sql, &params, "revoke portal link", revoked, err);
}

static clg_status find(void *impl, const char *token_hash, clg_portal_row *row, clg_error *err)
{
    clg_pg *p = impl;
    *row = (clg_portal_row){0};
    clg_pg_params params = {0};
    clg_pg_param_text(&params, token_hash);
    PGresult *result = clg_pg_exec(p, find_sql, &params, "find portal link", err);
    if (result == NULL)
        return clg_pg_status(err);
    clg_status status;
    if (PQntuples(result) == 1) {
        row->id = clg_pg_int(result, 0, 0);
        row->clinic_id = clg_pg_int(result, 0, 1);
        row->client_id = clg_pg_int(result, 0, 2);
        status = CLG_OK;
    } else {
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "portal", "no such portal link");
    }
    PQclear(result);
    return status;
}

static clg_status list(void *impl, int64_t clinic, int64_t client_id, clg_portal_visitor visit,
                       void *context, clg_error *err)
{
    clg_pg *p = impl;
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_int(&params, client_id);
    PGresult *result = clg_pg_exec(p, list_sql, &params, "list portal links", err);
    if (result == NULL)
        return clg_pg_status(err);
    for (int i = 0; i < PQntuples(result); i++) {
        clg_portal_row row = {
            .id = clg_pg_int(result, i, 0),
            .clinic_id = clinic,
            .client_id = clg_pg_int(result, i, 1),
            .created_at = clg_pg_text(result, i, 2),
            .revoked_at = clg_pg_text(result, i, 3),
        };
        row.revoked = row.revoked_at != NULL;
        if (visit(context, &row) != 0)
            break;
    }
    PQclear(result);
    return CLG_OK;
}

const clg_store_portal_ops clg_pg_portal_ops = {
    .insert = insert,
    .revoke = revoke,
    .find = find,
    .list = list,
};

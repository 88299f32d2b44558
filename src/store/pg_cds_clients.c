/*
 * CDS Hooks clients on PostgreSQL (migration 13), as sqlite_cds_clients.c:
 * cds_clients, one row per registered issuer (unique across clinics, since
 * a JWT names its issuer before the server knows the clinic), and
 * cds_token_ids, the JWT ids seen, each until its token expires. The ids
 * are in the database every server shares, so a token taken by one server
 * is a replay on every other.
 */
#include <string.h>

#include "store/pg_internal.h"

static const char insert_sql[] = "INSERT INTO cds_clients (clinic_id, issuer, keys, created_at) "
                                 "VALUES ($1, $2, $3, $4) RETURNING id";
static const char find_sql[] = "SELECT d.id, d.clinic_id, d.issuer, d.keys, c.name, " CLG_PG_STAMP(
    "d.created_at") " FROM cds_clients d JOIN clinics c ON c.id = d.clinic_id WHERE d.issuer = $1";
static const char list_sql[] = "SELECT id, issuer, keys, " CLG_PG_STAMP(
    "created_at") " FROM cds_clients WHERE clinic_id = $1 ORDER BY issuer";
static const char delete_sql[] =
    "DELETE FROM cds_clients WHERE clinic_id = $1 AND issuer = $2 RETURNING id";
static const char forget_sql[] = "DELETE FROM cds_token_ids WHERE expires_at < $1";
/*
 * A second server inserting the same id at the same moment waits for the
 * first's transaction and then inserts nothing: one of them sees a replay.
 */
static const char remember_sql[] = "INSERT INTO cds_token_ids (issuer, jti, expires_at, seen_at) "
                                   "VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING";

static clg_status insert(void *impl, int64_t clinic, const char *issuer, const char *keys_json,
                         int64_t *id, clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_text(&params, issuer);
    clg_pg_param_text(&params, keys_json);
    clg_pg_param_now(&params);
    clg_status status = clg_pg_insert(impl, insert_sql, &params, "register CDS client", id, err);
    /*
     * The service looked the issuer up first; another clinic registering it
     * at the same moment (its write lock is not ours) is caught here.
     */
    if (status == CLG_ERR_INVALID && err && strstr(err->message, "cds_clients_issuer_key"))
        status = clg_error_set(err, CLG_ERR_INVALID, "issuer",
                               "'%.100s' is registered already; remove it first to change its "
                               "keys",
                               issuer);
    return status;
}

static clg_status find(void *impl, const char *issuer, clg_cds_client_row *row, clg_error *err)
{
    clg_pg *p = impl;
    *row = (clg_cds_client_row){0};
    clg_pg_params params = {0};
    clg_pg_param_text(&params, issuer);
    PGresult *result = clg_pg_exec(p, find_sql, &params, "find CDS client", err);
    if (result == NULL)
        return clg_pg_status(err);
    clg_status status;
    if (PQntuples(result) == 0) {
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "iss",
                               "no CDS client is registered with this issuer");
    } else {
        row->id = clg_pg_int(result, 0, 0);
        row->clinic_id = clg_pg_int(result, 0, 1);
        row->issuer = clg_pg_text(result, 0, 2);
        row->keys_json = clg_pg_text(result, 0, 3);
        row->clinic_name = clg_pg_text(result, 0, 4);
        row->created_at = clg_pg_text(result, 0, 5);
        status = clg_cds_client_row_own(row, err);
    }
    PQclear(result);
    return status;
}

static clg_status list(void *impl, int64_t clinic, clg_cds_client_visitor visit, void *context,
                       clg_error *err)
{
    clg_pg *p = impl;
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    PGresult *result = clg_pg_exec(p, list_sql, &params, "list CDS clients", err);
    if (result == NULL)
        return clg_pg_status(err);
    for (int i = 0; i < PQntuples(result); i++) {
        clg_cds_client_row row = {
            .id = clg_pg_int(result, i, 0),
            .clinic_id = clinic,
            .issuer = clg_pg_text(result, i, 1),
            .keys_json = clg_pg_text(result, i, 2),
            .created_at = clg_pg_text(result, i, 3),
        };
        if (visit(context, &row) != 0)
            break;
    }
    PQclear(result);
    return CLG_OK;
}

static clg_status remove_client(void *impl, int64_t clinic, const char *issuer, int64_t *id,
                                clg_error *err)
{
    clg_pg *p = impl;
    *id = 0;
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_text(&params, issuer);
    PGresult *result = clg_pg_exec(p, delete_sql, &params, "remove CDS client", err);
    if (result == NULL)
        return clg_pg_status(err);
    if (PQntuples(result) == 1)
        *id = clg_pg_int(result, 0, 0);
    PQclear(result);
    return CLG_OK;
}

static clg_status remember_token(void *impl, const char *issuer, const char *jti,
                                 int64_t expires_at, int64_t now, bool *fresh, clg_error *err)
{
    *fresh = false;
    clg_pg_params forget = {0};
    clg_pg_param_int(&forget, now);
    clg_status status = clg_pg_run(impl, forget_sql, &forget, "forget expired JWT ids", NULL, err);
    if (status != CLG_OK)
        return status;
    clg_pg_params params = {0};
    clg_pg_param_text(&params, issuer);
    clg_pg_param_text(&params, jti);
    clg_pg_param_int(&params, expires_at);
    clg_pg_param_now(&params);
    int inserted = 0;
    status = clg_pg_run(impl, remember_sql, &params, "remember JWT id", &inserted, err);
    if (status == CLG_OK)
        *fresh = inserted == 1;
    return status;
}

const clg_store_cds_client_ops clg_pg_cds_client_ops = {
    .insert = insert,
    .find = find,
    .list = list,
    .remove = remove_client,
    .remember_token = remember_token,
};

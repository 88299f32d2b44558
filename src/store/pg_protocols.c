/*
 * Protocols on PostgreSQL: the document every course of the clinic was
 * planned under, kept by name and version, so a course is always
 * re-planned with it.
 */
#include <string.h>

#include "store/pg_internal.h"

static const char get_sql[] =
    "SELECT document FROM protocols WHERE clinic_id = $1 AND name = $2 AND version = $3";
static const char insert_sql[] = "INSERT INTO protocols (clinic_id, name, version, document, "
                                 "created_at) VALUES ($1, $2, $3, $4, $5)";

static clg_status get(void *impl, int64_t clinic, const char *name, const char *version,
                      char **document, clg_error *err)
{
    clg_pg *p = impl;
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_text(&params, name);
    clg_pg_param_text(&params, version);
    PGresult *result = clg_pg_exec(p, get_sql, &params, "read protocol", err);
    if (result == NULL)
        return clg_pg_status(err);
    clg_status status = CLG_OK;
    if (PQntuples(result) == 1) {
        const char *text = clg_pg_text(result, 0, 0);
        *document = strdup(text ? text : "");
        if (*document == NULL)
            status = clg_error_set(err, CLG_ERR_IO, "database", "out of memory");
    } else {
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "protocol",
                               "protocol %s version %s is not stored", name, version);
    }
    PQclear(result);
    return status;
}

static clg_status insert(void *impl, int64_t clinic, const char *name, const char *version,
                         const char *document, clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_text(&params, name);
    clg_pg_param_text(&params, version);
    clg_pg_param_text(&params, document);
    clg_pg_param_now(&params);
    return clg_pg_run(impl, insert_sql, &params, "store protocol", NULL, err);
}

const clg_store_protocol_ops clg_pg_protocol_ops = {
    .get = get,
    .insert = insert,
};

/* Clinics on PostgreSQL: found by name, added, listed, and their settings. */
#include <stdio.h>
#include <string.h>

#include "store/pg_internal.h"

static const char find_sql[] = "SELECT id FROM clinics WHERE name = $1";
static const char insert_sql[] =
    "INSERT INTO clinics (name, created_at) VALUES ($1, $2) RETURNING id";
static const char time_zone_get_sql[] = "SELECT time_zone FROM clinics WHERE id = $1";
static const char time_zone_set_sql[] = "UPDATE clinics SET time_zone = $2 WHERE id = $1";
static const char list_sql[] = "SELECT name FROM clinics ORDER BY name COLLATE \"C\"";
static const char settings_get_sql[] =
    "SELECT name, address, phone, email, time_zone, open_days, opens, closes, chairs"
    " FROM clinics WHERE id = $1";
static const char settings_set_sql[] =
    "UPDATE clinics SET name = $2, address = $3, phone = $4, email = $5, time_zone = $6,"
    " open_days = $7, opens = $8, closes = $9, chairs = $10 WHERE id = $1";

static clg_status find(void *impl, const char *name, int64_t *id, clg_error *err)
{
    clg_pg *p = impl;
    clg_pg_params params = {0};
    clg_pg_param_text(&params, name);
    PGresult *result = clg_pg_exec(p, find_sql, &params, "find clinic", err);
    if (result == NULL)
        return clg_pg_status(err);
    clg_status status = CLG_OK;
    if (PQntuples(result) == 1)
        *id = clg_pg_int(result, 0, 0);
    else
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "clinic", "no clinic named '%s'", name);
    PQclear(result);
    return status;
}

static clg_status insert(void *impl, const char *name, int64_t *id, clg_error *err)
{
    clg_pg_params params = {0};
    /* No clinic yet: the lock of clinic 0 makes two new clinics take turns. */
    params.has_clinic = true;
    clg_pg_param_text(&params, name);
    clg_pg_param_now(&params);
    return clg_pg_insert(impl, insert_sql, &params, "add clinic", id, err);
}

static clg_status time_zone_get(void *impl, int64_t clinic, char time_zone[CLG_TIME_ZONE_SIZE],
                                clg_error *err)
{
    clg_pg *p = impl;
    time_zone[0] = '\0';
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    PGresult *result =
        clg_pg_exec(p, time_zone_get_sql, &params, "read the clinic's time zone", err);
    if (result == NULL)
        return clg_pg_status(err);
    clg_status status = CLG_OK;
    if (PQntuples(result) == 1) {
        const char *text = clg_pg_text(result, 0, 0);
        if (text != NULL)
            snprintf(time_zone, CLG_TIME_ZONE_SIZE, "%s", text);
    } else {
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "clinic", "no such clinic");
    }
    PQclear(result);
    return status;
}

static clg_status time_zone_set(void *impl, int64_t clinic, const char *time_zone, clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_text(&params, time_zone);
    return clg_pg_run(impl, time_zone_set_sql, &params, "set the clinic's time zone", NULL, err);
}

static clg_status list(void *impl, int (*visit)(void *context, const char *name), void *context,
                       clg_error *err)
{
    clg_pg *p = impl;
    PGresult *result = clg_pg_exec(p, list_sql, NULL, "list the clinics", err);
    if (result == NULL)
        return clg_pg_status(err);
    for (int i = 0; i < PQntuples(result); i++)
        if (visit(context, clg_pg_text(result, i, 0)) != 0)
            break;
    PQclear(result);
    return CLG_OK;
}

static void copy_column(const PGresult *result, int column, char *out, size_t size)
{
    const char *text = clg_pg_text(result, 0, column);
    snprintf(out, size, "%s", text ? text : "");
}

static clg_status settings_get(void *impl, int64_t clinic, clg_clinic_settings *settings,
                               clg_error *err)
{
    clg_pg *p = impl;
    memset(settings, 0, sizeof *settings);
    settings->opens = settings->closes = -1;
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    PGresult *result = clg_pg_exec(p, settings_get_sql, &params, "read the clinic's settings", err);
    if (result == NULL)
        return clg_pg_status(err);
    clg_status status = CLG_OK;
    if (PQntuples(result) == 1) {
        copy_column(result, 0, settings->name, sizeof settings->name);
        copy_column(result, 1, settings->address, sizeof settings->address);
        copy_column(result, 2, settings->phone, sizeof settings->phone);
        copy_column(result, 3, settings->email, sizeof settings->email);
        copy_column(result, 4, settings->time_zone, sizeof settings->time_zone);
        settings->open_days = (uint8_t)clg_pg_int(result, 0, 5);
        if (!clg_pg_is_null(result, 0, 6) && !clg_pg_is_null(result, 0, 7)) {
            settings->opens = (int)clg_pg_int(result, 0, 6);
            settings->closes = (int)clg_pg_int(result, 0, 7);
        }
        settings->chairs = (int)clg_pg_int(result, 0, 8); /* NULL reads as 0: not set */
    } else {
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "clinic", "no such clinic");
    }
    PQclear(result);
    return status;
}

/* Text, or NULL for "" (not given). */
static void param_optional(clg_pg_params *params, const char *text)
{
    clg_pg_param_text(params, text[0] != '\0' ? text : NULL);
}

static clg_status settings_set(void *impl, int64_t clinic, const clg_clinic_settings *settings,
                               clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_text(&params, settings->name);
    param_optional(&params, settings->address);
    param_optional(&params, settings->phone);
    param_optional(&params, settings->email);
    param_optional(&params, settings->time_zone);
    clg_pg_param_int(&params, settings->open_days);
    clg_pg_param_int_or_null(&params, settings->opens, settings->opens >= 0);
    clg_pg_param_int_or_null(&params, settings->closes, settings->opens >= 0);
    clg_pg_param_int_or_null(&params, settings->chairs, settings->chairs > 0);
    return clg_pg_run(impl, settings_set_sql, &params, "set the clinic's settings", NULL, err);
}

const clg_store_clinic_ops clg_pg_clinic_ops = {
    .find = find,
    .insert = insert,
    .time_zone_get = time_zone_get,
    .time_zone_set = time_zone_set,
    .settings_get = settings_get,
    .settings_set = settings_set,
    .list = list,
};

/*
 * The audit log on PostgreSQL: appended to, never changed; a trigger in
 * the schema refuses UPDATE, DELETE and TRUNCATE whoever connects.
 *
 * Each entry keeps the client it is about: the one the workflow names,
 * else the client of the record the entry names, looked up as it is
 * appended (as on SQLite, whose older entries may have none: a database
 * copied from SQLite keeps them so, and the reader attributes them the
 * same way, through the record as it is now).
 */
#include "store/pg_internal.h"

/*
 * The client of the record an entry names: the client itself, or the
 * client of a course, session or booking of the clinic; NULL for anything
 * else (the clinic, a user, a protocol) and for a record that is gone.
 */
#define CLIENT_OF(clinic, entity, id)                                                              \
    "CASE " entity " WHEN 'client' THEN (SELECT r.id FROM clients r WHERE r.clinic_id = " clinic   \
    " AND r.id = " id ")"                                                                          \
    " WHEN 'course' THEN (SELECT r.client_id FROM courses r WHERE r.clinic_id = " clinic           \
    " AND r.id = " id ")"                                                                          \
    " WHEN 'session' THEN (SELECT r.client_id FROM sessions r WHERE r.clinic_id = " clinic         \
    " AND r.id = " id ")"                                                                          \
    " WHEN 'booking' THEN (SELECT r.client_id FROM bookings r WHERE r.clinic_id = " clinic         \
    " AND r.id = " id ") END"

static const char append_sql[] =
    "INSERT INTO audit_log (clinic_id, at, who, action, entity, entity_id, before_json, "
    "after_json, reason, client_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
    "coalesce($10::bigint, " CLIENT_OF("$1::bigint", "$5::text", "$6::bigint") "))";

/*
 * The reader: $1 clinic, $2 client, $3 since ('' for all), $4 an action or
 * a noun (NULL for all). An entry's client is the stored one, else the
 * attribution above; the erased flag says whether that client has since
 * been erased. A range of audit_by_time either way.
 */
#define LIST_COLUMNS                                                                               \
    "SELECT id, " CLG_PG_STAMP(                                                                    \
        "at") ", who, action, entity, entity_id, client, "                                         \
              "(SELECT (c.erased_at IS NOT NULL)::integer FROM clients c"                          \
              "  WHERE c.clinic_id = $1 AND c.id = client), "                                      \
              "before_json, after_json, reason FROM (SELECT a.*, "                                 \
              "coalesce(a.client_id, " CLIENT_OF(                                                  \
                  "$1", "a.entity",                                                                \
                  "a.entity_id") ") AS client FROM audit_log a WHERE a.clinic_id = $1"
#define LIST_FILTERS                                                                               \
    " AND a.at >= coalesce(nullif($3::text, '')::timestamptz, '-infinity')"                        \
    " AND ($4::text IS NULL OR a.action = $4 OR"                                                   \
    " substr(a.action, 1, length($4) + 1) = $4 || '.')) AS e ORDER BY id"

/* Without a client $2 is 0, still bound: one numbering for both statements. */
static const char list_sql[] = LIST_COLUMNS " AND $2::bigint = 0" LIST_FILTERS;
static const char list_of_client_sql[] =
    LIST_COLUMNS " AND (a.client_id = $2 OR (a.client_id IS NULL AND " CLIENT_OF(
        "$1", "a.entity", "a.entity_id") " = $2))" LIST_FILTERS;

static clg_status append(void *impl, int64_t clinic, const clg_audit_entry *entry, clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_now(&params);
    clg_pg_param_text(&params, entry->who);
    clg_pg_param_text(&params, entry->action);
    clg_pg_param_text(&params, entry->entity);
    clg_pg_param_int_or_null(&params, entry->entity_id, entry->entity_id != 0);
    clg_pg_param_text(&params, entry->before);
    clg_pg_param_text(&params, entry->after);
    clg_pg_param_text(&params, entry->reason);
    clg_pg_param_int_or_null(&params, entry->client_id, entry->client_id != 0);
    return clg_pg_run(impl, append_sql, &params, "append to audit log", NULL, err);
}

static clg_status list(void *impl, int64_t clinic, const clg_audit_filter *filter,
                       clg_audit_visitor visit, void *context, clg_error *err)
{
    clg_pg *p = impl;
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_int(&params, filter->client_id);
    clg_pg_param_text(&params, filter->since ? filter->since : "");
    clg_pg_param_text(&params, filter->action);
    PGresult *result = clg_pg_exec(p, filter->client_id ? list_of_client_sql : list_sql, &params,
                                   "read audit log", err);
    if (result == NULL)
        return clg_pg_status(err);
    for (int i = 0; i < PQntuples(result); i++) {
        clg_audit_row row = {
            .id = clg_pg_int(result, i, 0),
            .at = clg_pg_text(result, i, 1),
            .who = clg_pg_text(result, i, 2),
            .action = clg_pg_text(result, i, 3),
            .entity = clg_pg_text(result, i, 4),
            .entity_id = clg_pg_int(result, i, 5),
            .client_id = clg_pg_int(result, i, 6),
            .client_erased = clg_pg_int(result, i, 7) != 0,
            .before = clg_pg_text(result, i, 8),
            .after = clg_pg_text(result, i, 9),
            .reason = clg_pg_text(result, i, 10),
        };
        if (visit(context, &row) != 0)
            break;
    }
    PQclear(result);
    return CLG_OK;
}

const clg_store_audit_ops clg_pg_audit_ops = {
    .append = append,
    .list = list,
};

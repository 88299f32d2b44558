/*
 * Sessions on PostgreSQL. The modality is stored as its word, areas and
 * screening as comma lists ("face,neck"), as on SQLite; rows carry the
 * enum and the bit masks. A voided session (void_reason set) stays in the
 * table but only get and list_void see it.
 */
#include "store/pg_internal.h"

#define SESSION_COLUMNS                                                                            \
    "id, course_id, client_id, number, date, modality, areas, depth_hundredths_mm, device, "       \
    "practitioner, notes, screening, laxity_grade_halves, gais, early, late, forced, "             \
    "force_reason, void_reason"

static const char insert_sql[] =
    "INSERT INTO sessions (clinic_id, course_id, client_id, number, date, modality, areas, "
    "depth_hundredths_mm, device, practitioner, notes, screening, laxity_grade_halves, gais, "
    "early, late, forced, force_reason, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
    "$10, $11, $12, $13, $14, $15, $16, $17, $18, $19) RETURNING id";
static const char list_sql[] = "SELECT " SESSION_COLUMNS " FROM sessions "
                               "WHERE clinic_id = $1 AND void_reason IS NULL "
                               "ORDER BY course_id, number";
static const char list_of_course_sql[] =
    "SELECT " SESSION_COLUMNS " FROM sessions "
    "WHERE clinic_id = $1 AND course_id = $2 AND void_reason IS NULL ORDER BY number";
static const char list_of_client_sql[] =
    "SELECT " SESSION_COLUMNS " FROM sessions "
    "WHERE clinic_id = $1 AND client_id = $2 AND void_reason IS NULL ORDER BY date, id";
static const char get_sql[] =
    "SELECT " SESSION_COLUMNS " FROM sessions WHERE clinic_id = $1 AND id = $2";
static const char list_void_sql[] =
    "SELECT " SESSION_COLUMNS " FROM sessions "
    "WHERE clinic_id = $1 AND course_id = $2 AND void_reason IS NOT NULL ORDER BY number, id";
static const char update_sql[] =
    "UPDATE sessions SET number = $3, date = $4, depth_hundredths_mm = $5, notes = $6, "
    "laxity_grade_halves = $7, gais = $8, early = $9, late = $10, forced = $11, "
    "force_reason = $12, void_reason = $13 WHERE clinic_id = $1 AND id = $2";
static const char clear_notes_sql[] = "UPDATE sessions SET notes = NULL WHERE clinic_id = $1 AND "
                                      "client_id = $2 AND notes IS NOT NULL";

static clg_status insert(void *impl, int64_t clinic, const clg_session_row *row, int64_t *id,
                         clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_int(&params, row->course_id);
    clg_pg_param_int(&params, row->client_id);
    clg_pg_param_int(&params, row->number);
    clg_pg_param_date(&params, row->date);
    clg_pg_param_text(&params, clg_modality_name(row->modality));
    clg_pg_param_word_set(&params, CLG_VOCAB_AREA, row->areas);
    clg_pg_param_int_or_null(&params, row->depth_hundredths, row->depth_hundredths > 0);
    clg_pg_param_text(&params, row->device);
    clg_pg_param_text(&params, row->practitioner);
    clg_pg_param_text(&params, row->notes);
    clg_pg_param_word_set(&params, CLG_VOCAB_SCREENING, row->screening);
    clg_pg_param_int_or_null(&params, row->laxity_halves, row->laxity_halves >= 0);
    clg_pg_param_int_or_null(&params, row->gais, row->gais > 0);
    clg_pg_param_int(&params, row->early);
    clg_pg_param_int(&params, row->late);
    clg_pg_param_int(&params, row->forced);
    clg_pg_param_text(&params, row->forced ? row->force_reason : NULL);
    clg_pg_param_now(&params);
    return clg_pg_insert(impl, insert_sql, &params, "record session", id, err);
}

/* A row of SESSION_COLUMNS, its text borrowed from the result. */
static clg_status read_session(clg_pg *p, const PGresult *result, int i, void *out, clg_error *err)
{
    clg_session_row *row = out;
    *row = (clg_session_row){
        .id = clg_pg_int(result, i, 0),
        .course_id = clg_pg_int(result, i, 1),
        .client_id = clg_pg_int(result, i, 2),
        .number = (int)clg_pg_int(result, i, 3),
        .depth_hundredths = (int)clg_pg_int(result, i, 7),
        .device = clg_pg_text(result, i, 8),
        .practitioner = clg_pg_text(result, i, 9),
        .notes = clg_pg_text(result, i, 10),
        .laxity_halves = clg_pg_is_null(result, i, 12) ? -1 : (int)clg_pg_int(result, i, 12),
        .gais = (int)clg_pg_int(result, i, 13),
        .early = clg_pg_int(result, i, 14) != 0,
        .late = clg_pg_int(result, i, 15) != 0,
        .forced = clg_pg_int(result, i, 16) != 0,
        .force_reason = clg_pg_text(result, i, 17),
        .void_reason = clg_pg_text(result, i, 18),
    };
    int modality;
    clg_status status;
    if ((status = clg_pg_column_date(p, result, i, 4, &row->date, err)) != CLG_OK ||
        (status = clg_pg_column_word(p, result, i, 5, CLG_VOCAB_MODALITY, &modality, err)) !=
            CLG_OK ||
        (status = clg_pg_column_word_set(p, result, i, 6, CLG_VOCAB_AREA, &row->areas, err)) !=
            CLG_OK ||
        (status = clg_pg_column_word_set(p, result, i, 11, CLG_VOCAB_SCREENING, &row->screening,
                                         err)) != CLG_OK)
        return status;
    if (modality == CLG_MODALITY_AUTO) /* a plan's choice, never a session's */
        return clg_pg_bad_column(p, result, i, 5, "a modality used", err);
    row->modality = (clg_modality)modality;
    return CLG_OK;
}

/* Visits every row of a query bound with the clinic and, when not 0, a second id. */
static clg_status visit_rows(clg_pg *p, const char *sql, int64_t clinic, int64_t id,
                             clg_session_visitor visit, void *context, clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    if (id)
        clg_pg_param_int(&params, id);
    PGresult *result = clg_pg_exec(p, sql, &params, "list sessions", err);
    if (result == NULL)
        return clg_pg_status(err);
    clg_status status = CLG_OK;
    for (int i = 0; i < PQntuples(result); i++) {
        clg_session_row row;
        if ((status = read_session(p, result, i, &row, err)) != CLG_OK || visit(context, &row) != 0)
            break;
    }
    PQclear(result);
    return status;
}

static clg_status clear_notes(void *impl, int64_t clinic, int64_t client_id, int *cleared,
                              clg_error *err)
{
    *cleared = 0;
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_int(&params, client_id);
    return clg_pg_run(impl, clear_notes_sql, &params, "clear session notes", cleared, err);
}

static clg_status list(void *impl, int64_t clinic, int64_t course_id, int64_t client_id,
                       clg_session_visitor visit, void *context, clg_error *err)
{
    const char *sql = course_id ? list_of_course_sql : client_id ? list_of_client_sql : list_sql;
    return visit_rows(impl, sql, clinic, course_id ? course_id : client_id, visit, context, err);
}

static clg_status list_void(void *impl, int64_t clinic, int64_t course_id,
                            clg_session_visitor visit, void *context, clg_error *err)
{
    return visit_rows(impl, list_void_sql, clinic, course_id, visit, context, err);
}

static clg_status own_row(void *row, clg_error *err)
{
    return clg_session_row_own(row, err);
}

static clg_status get(void *impl, int64_t clinic, int64_t id, clg_session_row *row, clg_error *err)
{
    *row = (clg_session_row){0};
    return clg_pg_get_by_id(impl, get_sql, clinic, id, "session", read_session, own_row, row, err);
}

static clg_status update(void *impl, int64_t clinic, const clg_session_row *row, clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_int(&params, row->id);
    clg_pg_param_int(&params, row->number);
    clg_pg_param_date(&params, row->date);
    clg_pg_param_int_or_null(&params, row->depth_hundredths, row->depth_hundredths > 0);
    clg_pg_param_text(&params, row->notes);
    clg_pg_param_int_or_null(&params, row->laxity_halves, row->laxity_halves >= 0);
    clg_pg_param_int_or_null(&params, row->gais, row->gais > 0);
    clg_pg_param_int(&params, row->early);
    clg_pg_param_int(&params, row->late);
    clg_pg_param_int(&params, row->forced);
    clg_pg_param_text(&params, row->forced ? row->force_reason : NULL);
    clg_pg_param_text(&params, row->void_reason);
    int changed = 0;
    clg_status status = clg_pg_run(impl, update_sql, &params, "correct session", &changed, err);
    if (status == CLG_OK && changed == 0)
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "session", "no session with id %lld",
                               (long long)row->id);
    return status;
}

const clg_store_session_ops clg_pg_session_ops = {
    .insert = insert,
    .list = list,
    .clear_notes = clear_notes,
    .get = get,
    .update = update,
    .list_void = list_void,
};

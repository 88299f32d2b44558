/*
 * Sessions on SQLite. The modality is stored as its word, areas and
 * screening as comma lists ("face,neck"), so the file reads plainly in the
 * sqlite3 shell; rows carry the enum and the bit masks. A voided session
 * (void_reason set) stays in the table but only get and list_void see it.
 */
#include "store/sqlite_internal.h"

#define SESSION_COLUMNS                                                                            \
    "id, course_id, client_id, number, date, modality, areas, depth_hundredths_mm, device, "       \
    "practitioner, notes, screening, laxity_grade_halves, gais, early, late, forced, "             \
    "force_reason, void_reason"

static const char insert_sql[] =
    "INSERT INTO sessions (clinic_id, course_id, client_id, number, date, modality, areas, "
    "depth_hundredths_mm, device, practitioner, notes, screening, laxity_grade_halves, gais, "
    "early, late, forced, force_reason, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, "
    "?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)";
static const char list_sql[] = "SELECT " SESSION_COLUMNS " FROM sessions "
                               "WHERE clinic_id = ?1 AND void_reason IS NULL "
                               "ORDER BY course_id, number";
static const char list_of_course_sql[] =
    "SELECT " SESSION_COLUMNS " FROM sessions "
    "WHERE clinic_id = ?1 AND course_id = ?2 AND void_reason IS NULL ORDER BY number";
static const char list_of_client_sql[] =
    "SELECT " SESSION_COLUMNS " FROM sessions "
    "WHERE clinic_id = ?1 AND client_id = ?2 AND void_reason IS NULL ORDER BY date, id";
static const char get_sql[] =
    "SELECT " SESSION_COLUMNS " FROM sessions WHERE clinic_id = ?1 AND id = ?2";
static const char list_void_sql[] =
    "SELECT " SESSION_COLUMNS " FROM sessions "
    "WHERE clinic_id = ?1 AND course_id = ?2 AND void_reason IS NOT NULL ORDER BY number, id";
static const char update_sql[] =
    "UPDATE sessions SET number = ?3, date = ?4, depth_hundredths_mm = ?5, notes = ?6, "
    "laxity_grade_halves = ?7, gais = ?8, early = ?9, late = ?10, forced = ?11, "
    "force_reason = ?12, void_reason = ?13 WHERE clinic_id = ?1 AND id = ?2";

static clg_status insert(void *impl, int64_t clinic, const clg_session_row *row, int64_t *id,
                         clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, insert_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, row->course_id);
    sqlite3_bind_int64(stmt, 3, row->client_id);
    sqlite3_bind_int(stmt, 4, row->number);
    clg_sqlite_bind_date(stmt, 5, row->date);
    clg_sqlite_bind_text(stmt, 6, clg_modality_name(row->modality));
    clg_sqlite_bind_word_set(stmt, 7, CLG_VOCAB_AREA, row->areas);
    clg_sqlite_bind_int_or_null(stmt, 8, row->depth_hundredths, row->depth_hundredths > 0);
    clg_sqlite_bind_text(stmt, 9, row->device);
    clg_sqlite_bind_text(stmt, 10, row->practitioner);
    clg_sqlite_bind_text(stmt, 11, row->notes);
    clg_sqlite_bind_word_set(stmt, 12, CLG_VOCAB_SCREENING, row->screening);
    clg_sqlite_bind_int_or_null(stmt, 13, row->laxity_halves, row->laxity_halves >= 0);
    clg_sqlite_bind_int_or_null(stmt, 14, row->gais, row->gais > 0);
    sqlite3_bind_int(stmt, 15, row->early);
    sqlite3_bind_int(stmt, 16, row->late);
    sqlite3_bind_int(stmt, 17, row->forced);
    clg_sqlite_bind_text(stmt, 18, row->forced ? row->force_reason : NULL);
    clg_sqlite_bind_now(stmt, 19);
    return clg_sqlite_insert(s, stmt, "record session", id, err);
}

/* A row of SESSION_COLUMNS, its text borrowed from the statement. */
static clg_status read_session(clg_sqlite *s, sqlite3_stmt *stmt, clg_session_row *row,
                               clg_error *err)
{
    *row = (clg_session_row){
        .id = sqlite3_column_int64(stmt, 0),
        .course_id = sqlite3_column_int64(stmt, 1),
        .client_id = sqlite3_column_int64(stmt, 2),
        .number = sqlite3_column_int(stmt, 3),
        .depth_hundredths = sqlite3_column_int(stmt, 7),
        .device = clg_sqlite_column_text(stmt, 8),
        .practitioner = clg_sqlite_column_text(stmt, 9),
        .notes = clg_sqlite_column_text(stmt, 10),
        .laxity_halves =
            sqlite3_column_type(stmt, 12) == SQLITE_NULL ? -1 : sqlite3_column_int(stmt, 12),
        .gais = sqlite3_column_int(stmt, 13),
        .early = sqlite3_column_int(stmt, 14) != 0,
        .late = sqlite3_column_int(stmt, 15) != 0,
        .forced = sqlite3_column_int(stmt, 16) != 0,
        .force_reason = clg_sqlite_column_text(stmt, 17),
        .void_reason = clg_sqlite_column_text(stmt, 18),
    };
    int modality;
    clg_status status;
    if ((status = clg_sqlite_column_date(s, stmt, 4, &row->date, err)) != CLG_OK ||
        (status = clg_sqlite_column_word(s, stmt, 5, CLG_VOCAB_MODALITY, &modality, err)) !=
            CLG_OK ||
        (status = clg_sqlite_column_word_set(s, stmt, 6, CLG_VOCAB_AREA, &row->areas, err)) !=
            CLG_OK ||
        (status = clg_sqlite_column_word_set(s, stmt, 11, CLG_VOCAB_SCREENING, &row->screening,
                                             err)) != CLG_OK)
        return status;
    if (modality == CLG_MODALITY_AUTO) /* a plan's choice, never a session's */
        return clg_sqlite_bad_column(s, stmt, 5, "a modality used", err);
    row->modality = (clg_modality)modality;
    return CLG_OK;
}

/* Visits every row of a query bound with the clinic and, when not 0, a second id. */
static clg_status visit_rows(clg_sqlite *s, const char *sql, int64_t clinic, int64_t id,
                             clg_session_visitor visit, void *context, clg_error *err)
{
    sqlite3_stmt *stmt = clg_sqlite_statement(s, sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    if (id)
        sqlite3_bind_int64(stmt, 2, id);
    clg_status status = CLG_OK;
    while (clg_sqlite_next(s, stmt, "list sessions", &status, err)) {
        clg_session_row row;
        if ((status = read_session(s, stmt, &row, err)) != CLG_OK || visit(context, &row) != 0)
            break;
    }
    sqlite3_reset(stmt);
    return status;
}

static const char clear_notes_sql[] = "UPDATE sessions SET notes = NULL WHERE clinic_id = ?1 AND "
                                      "client_id = ?2 AND notes IS NOT NULL";

static clg_status clear_notes(void *impl, int64_t clinic, int64_t client_id, int *cleared,
                              clg_error *err)
{
    clg_sqlite *s = impl;
    *cleared = 0;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, clear_notes_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, client_id);
    clg_status status = clg_sqlite_run(s, stmt, "clear session notes", err);
    if (status == CLG_OK)
        *cleared = sqlite3_changes(s->db);
    return status;
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

static clg_status read_row(clg_sqlite *s, sqlite3_stmt *stmt, void *row, clg_error *err)
{
    return read_session(s, stmt, row, err);
}

static clg_status own_row(void *row, clg_error *err)
{
    return clg_session_row_own(row, err);
}

static clg_status get(void *impl, int64_t clinic, int64_t id, clg_session_row *row, clg_error *err)
{
    *row = (clg_session_row){0};
    return clg_sqlite_get_by_id(impl, get_sql, clinic, id, "session", read_row, own_row, row, err);
}

static clg_status update(void *impl, int64_t clinic, const clg_session_row *row, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, update_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, row->id);
    sqlite3_bind_int(stmt, 3, row->number);
    clg_sqlite_bind_date(stmt, 4, row->date);
    clg_sqlite_bind_int_or_null(stmt, 5, row->depth_hundredths, row->depth_hundredths > 0);
    clg_sqlite_bind_text(stmt, 6, row->notes);
    clg_sqlite_bind_int_or_null(stmt, 7, row->laxity_halves, row->laxity_halves >= 0);
    clg_sqlite_bind_int_or_null(stmt, 8, row->gais, row->gais > 0);
    sqlite3_bind_int(stmt, 9, row->early);
    sqlite3_bind_int(stmt, 10, row->late);
    sqlite3_bind_int(stmt, 11, row->forced);
    clg_sqlite_bind_text(stmt, 12, row->forced ? row->force_reason : NULL);
    clg_sqlite_bind_text(stmt, 13, row->void_reason);
    clg_status status = clg_sqlite_run(s, stmt, "correct session", err);
    if (status == CLG_OK && sqlite3_changes(s->db) == 0)
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "session", "no session with id %lld",
                               (long long)row->id);
    return status;
}

const clg_store_session_ops clg_sqlite_session_ops = {
    .insert = insert,
    .list = list,
    .clear_notes = clear_notes,
    .get = get,
    .update = update,
    .list_void = list_void,
};

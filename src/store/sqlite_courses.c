/*
 * Courses on SQLite, and `due`: the courses whose next item falls due,
 * read from the status and next date denormalised into each course row
 * (one range of the courses_due index) rather than from its sessions.
 */
#include <string.h>

#include "store/sqlite_internal.h"

#define COURSE_COLUMNS                                                                             \
    "id, client_id, protocol_name, protocol_version, request, plan, start_date, status, "          \
    "next_kind, next_date, forced, force_reason"

static const char insert_sql[] =
    "INSERT INTO courses (clinic_id, client_id, protocol_name, protocol_version, request, plan, "
    "start_date, status, next_kind, next_date, forced, force_reason, created_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
static const char get_sql[] =
    "SELECT " COURSE_COLUMNS " FROM courses WHERE clinic_id = ?1 AND id = ?2";
static const char list_sql[] =
    "SELECT " COURSE_COLUMNS " FROM courses WHERE clinic_id = ?1 ORDER BY id";
static const char list_of_client_sql[] =
    "SELECT " COURSE_COLUMNS " FROM courses WHERE clinic_id = ?1 AND client_id = ?2 ORDER BY id";
static const char set_plan_sql[] =
    "UPDATE courses SET protocol_name = ?3, protocol_version = ?4, plan = ?5 "
    "WHERE clinic_id = ?1 AND id = ?2";
static const char set_progress_sql[] =
    "UPDATE courses SET status = ?3, next_kind = ?4, next_date = ?5 "
    "WHERE clinic_id = ?1 AND id = ?2";
/*
 * The recall list: one range of courses_due; per row, the client by
 * primary key, the course's last live session through sessions_live_number
 * and its first booking through bookings_by_course, each bounded by the
 * course's own rows. The plan's ranges the window comes from are read
 * from the course's stored plan.
 */
static const char due_sql[] =
    "SELECT c.id, c.client_id, k.name, c.next_kind, c.next_date, k.email, k.phone,"
    " (SELECT max(s.date) FROM sessions s WHERE s.course_id = c.id AND s.void_reason IS NULL),"
    " json_extract(c.plan, '$.interval_days.min'), json_extract(c.plan, '$.interval_days.max'),"
    " json_extract(c.plan, '$.maintenance_months.min'),"
    " json_extract(c.plan, '$.maintenance_months.max'), b.date, b.start_minute"
    " FROM courses c JOIN clients k ON k.id = c.client_id AND k.clinic_id = c.clinic_id"
    " LEFT JOIN bookings b ON b.id = (SELECT e.id FROM bookings e WHERE e.clinic_id = c.clinic_id"
    "   AND e.course_id = c.id AND e.status = 'booked'"
    "   ORDER BY e.date, coalesce(e.start_minute, -1), e.id LIMIT 1)"
    " WHERE c.clinic_id = ?1 AND c.next_date <= ?2 ORDER BY c.next_date, c.id";

static clg_status column_status(clg_sqlite *s, sqlite3_stmt *stmt, int column,
                                clg_course_status *out, clg_error *err)
{
    const char *text = clg_sqlite_column_text(stmt, column);
    for (int i = 0; text && i < CLG_COURSE_STATUS_COUNT; i++) {
        if (strcmp(text, clg_course_status_name((clg_course_status)i)) == 0) {
            *out = (clg_course_status)i;
            return CLG_OK;
        }
    }
    return clg_sqlite_bad_column(s, stmt, column, "a course status", err);
}

/* NULL is "nothing next" (a closed course). */
static clg_status column_next_kind(clg_sqlite *s, sqlite3_stmt *stmt, int column,
                                   clg_next_kind *out, clg_error *err)
{
    static const clg_next_kind kinds[] = {CLG_NEXT_NONE, CLG_NEXT_SESSION, CLG_NEXT_MAINTENANCE};
    const char *text = clg_sqlite_column_text(stmt, column);
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        const char *name = clg_next_kind_name(kinds[i]);
        if (text == name || (text && name && strcmp(text, name) == 0)) {
            *out = kinds[i];
            return CLG_OK;
        }
    }
    return clg_sqlite_bad_column(s, stmt, column, "a kind of next item", err);
}

/* The kind at kind_index, its date (or NULL when nothing is next) at the one after. */
static void bind_next(sqlite3_stmt *stmt, int kind_index, clg_next_kind kind, clg_date date)
{
    clg_sqlite_bind_text(stmt, kind_index, clg_next_kind_name(kind));
    if (kind != CLG_NEXT_NONE)
        clg_sqlite_bind_date(stmt, kind_index + 1, date);
}

static clg_status insert(void *impl, int64_t clinic, const clg_course_row *row, int64_t *id,
                         clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, insert_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, row->client_id);
    clg_sqlite_bind_text(stmt, 3, row->protocol_name);
    clg_sqlite_bind_text(stmt, 4, row->protocol_version);
    clg_sqlite_bind_text(stmt, 5, row->request_json);
    clg_sqlite_bind_text(stmt, 6, row->plan_json);
    clg_sqlite_bind_date(stmt, 7, row->start);
    clg_sqlite_bind_text(stmt, 8, clg_course_status_name(row->status));
    bind_next(stmt, 9, row->next_kind, row->next_date);
    sqlite3_bind_int(stmt, 11, row->forced);
    clg_sqlite_bind_text(stmt, 12, row->forced ? row->force_reason : NULL);
    clg_sqlite_bind_now(stmt, 13);
    return clg_sqlite_insert(s, stmt, "add course", id, err);
}

/* A row of COURSE_COLUMNS, its text borrowed from the statement. */
static clg_status read_course(clg_sqlite *s, sqlite3_stmt *stmt, void *out, clg_error *err)
{
    clg_course_row *row = out;
    *row = (clg_course_row){
        .id = sqlite3_column_int64(stmt, 0),
        .client_id = sqlite3_column_int64(stmt, 1),
        .protocol_name = clg_sqlite_column_text(stmt, 2),
        .protocol_version = clg_sqlite_column_text(stmt, 3),
        .request_json = clg_sqlite_column_text(stmt, 4),
        .plan_json = clg_sqlite_column_text(stmt, 5),
        .forced = sqlite3_column_int(stmt, 10) != 0,
        .force_reason = clg_sqlite_column_text(stmt, 11),
    };
    clg_status status;
    if ((status = clg_sqlite_column_date(s, stmt, 6, &row->start, err)) != CLG_OK ||
        (status = column_status(s, stmt, 7, &row->status, err)) != CLG_OK ||
        (status = column_next_kind(s, stmt, 8, &row->next_kind, err)) != CLG_OK)
        return status;
    if (row->next_kind != CLG_NEXT_NONE)
        return clg_sqlite_column_date(s, stmt, 9, &row->next_date, err);
    return CLG_OK;
}

static clg_status own_course(void *row, clg_error *err)
{
    return clg_course_row_own(row, err);
}

static clg_status get(void *impl, int64_t clinic, int64_t id, clg_course_row *row, clg_error *err)
{
    *row = (clg_course_row){0};
    return clg_sqlite_get_by_id(impl, get_sql, clinic, id, "course", read_course, own_course, row,
                                err);
}

static clg_status list(void *impl, int64_t clinic, int64_t client_id, clg_course_visitor visit,
                       void *context, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, client_id ? list_of_client_sql : list_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    if (client_id)
        sqlite3_bind_int64(stmt, 2, client_id);
    clg_status status = CLG_OK;
    while (clg_sqlite_next(s, stmt, "list courses", &status, err)) {
        clg_course_row row;
        if ((status = read_course(s, stmt, &row, err)) != CLG_OK || visit(context, &row) != 0)
            break;
    }
    sqlite3_reset(stmt);
    return status;
}

/* Runs an UPDATE of one course by (clinic, id): CLG_ERR_NOT_FOUND when it changed no row. */
static clg_status update_one(clg_sqlite *s, sqlite3_stmt *stmt, int64_t id, clg_error *err)
{
    clg_status status = clg_sqlite_run(s, stmt, "update course", err);
    if (status == CLG_OK && sqlite3_changes(s->db) != 1)
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "course", "no course with id %lld",
                               (long long)id);
    return status;
}

static clg_status set_progress(void *impl, int64_t clinic, int64_t id,
                               clg_course_status course_status, clg_next_kind kind,
                               clg_date next_date, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, set_progress_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, id);
    clg_sqlite_bind_text(stmt, 3, clg_course_status_name(course_status));
    bind_next(stmt, 4, kind, next_date);
    return update_one(s, stmt, id, err);
}

static clg_status set_plan(void *impl, int64_t clinic, int64_t id, const char *protocol_name,
                           const char *protocol_version, const char *plan_json, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, set_plan_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    sqlite3_bind_int64(stmt, 2, id);
    clg_sqlite_bind_text(stmt, 3, protocol_name);
    clg_sqlite_bind_text(stmt, 4, protocol_version);
    clg_sqlite_bind_text(stmt, 5, plan_json);
    return update_one(s, stmt, id, err);
}

static clg_status due_list(void *impl, int64_t clinic, clg_date through, clg_due_visitor visit,
                           void *context, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, due_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    clg_sqlite_bind_date(stmt, 2, through);
    clg_status status = CLG_OK;
    while (clg_sqlite_next(s, stmt, "list due courses", &status, err)) {
        clg_due_row row = {
            .course_id = sqlite3_column_int64(stmt, 0),
            .client_id = sqlite3_column_int64(stmt, 1),
            .name = clg_sqlite_column_text(stmt, 2),
            .email = clg_sqlite_column_text(stmt, 5),
            .phone = clg_sqlite_column_text(stmt, 6),
            .interval_min = sqlite3_column_int(stmt, 8),
            .interval_max = sqlite3_column_int(stmt, 9),
            .maintenance_min = sqlite3_column_int(stmt, 10),
            .maintenance_max = sqlite3_column_int(stmt, 11),
            .booked_minute =
                sqlite3_column_type(stmt, 13) == SQLITE_NULL ? -1 : sqlite3_column_int(stmt, 13),
        };
        if ((status = column_next_kind(s, stmt, 3, &row.kind, err)) != CLG_OK ||
            (status = clg_sqlite_column_date(s, stmt, 4, &row.due, err)) != CLG_OK ||
            (sqlite3_column_type(stmt, 7) != SQLITE_NULL &&
             (status = clg_sqlite_column_date(s, stmt, 7, &row.last_session, err)) != CLG_OK) ||
            (sqlite3_column_type(stmt, 12) != SQLITE_NULL &&
             (status = clg_sqlite_column_date(s, stmt, 12, &row.booked, err)) != CLG_OK) ||
            visit(context, &row) != 0)
            break;
    }
    sqlite3_reset(stmt);
    return status;
}

const clg_store_course_ops clg_sqlite_course_ops = {
    .insert = insert,
    .get = get,
    .list = list,
    .set_progress = set_progress,
    .set_plan = set_plan,
    .due_list = due_list,
};

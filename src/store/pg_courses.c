/*
 * Courses on PostgreSQL, and `due`: the courses whose next item falls due,
 * read from the status and next date denormalised into each course row
 * (one range of the courses_due index) rather than from its sessions.
 */
#include <string.h>

#include "store/pg_internal.h"

#define COURSE_COLUMNS                                                                             \
    "id, client_id, protocol_name, protocol_version, request, plan, start_date, status, "          \
    "next_kind, next_date, forced, force_reason"

static const char insert_sql[] =
    "INSERT INTO courses (clinic_id, client_id, protocol_name, protocol_version, request, plan, "
    "start_date, status, next_kind, next_date, forced, force_reason, created_at) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id";
static const char get_sql[] =
    "SELECT " COURSE_COLUMNS " FROM courses WHERE clinic_id = $1 AND id = $2";
static const char list_sql[] =
    "SELECT " COURSE_COLUMNS " FROM courses WHERE clinic_id = $1 ORDER BY id";
static const char list_of_client_sql[] =
    "SELECT " COURSE_COLUMNS " FROM courses WHERE clinic_id = $1 AND client_id = $2 ORDER BY id";
static const char set_plan_sql[] =
    "UPDATE courses SET protocol_name = $3, protocol_version = $4, plan = $5 "
    "WHERE clinic_id = $1 AND id = $2";
static const char set_progress_sql[] =
    "UPDATE courses SET status = $3, next_kind = $4, next_date = $5 "
    "WHERE clinic_id = $1 AND id = $2";
/*
 * The recall list: one range of courses_due; per row, the client by
 * primary key, the course's last live session through sessions_live_number
 * and its first booking through bookings_by_course. Each look-up is a
 * LATERAL sub-select with LIMIT 1, which PostgreSQL keeps as a nested loop
 * of index look-ups: planned as joins, it misjudges how few courses are due
 * and hashes every client and booking of the database instead. The plan's
 * ranges are columns generated from it (migration 14): parsing the plan's
 * json per row was most of the query's time.
 */
static const char due_sql[] =
    "SELECT c.id, c.client_id, k.name, c.next_kind, c.next_date, k.email, k.phone,"
    " (SELECT max(s.date) FROM sessions s WHERE s.course_id = c.id AND s.void_reason IS NULL),"
    " c.plan_interval_min, c.plan_interval_max, c.plan_maintenance_min, c.plan_maintenance_max,"
    " b.date, b.start_minute"
    " FROM courses c"
    " JOIN LATERAL (SELECT k.name, k.email, k.phone FROM clients k"
    "   WHERE k.id = c.client_id AND k.clinic_id = c.clinic_id LIMIT 1) k ON true"
    " LEFT JOIN LATERAL (SELECT e.date, e.start_minute FROM bookings e"
    "   WHERE e.clinic_id = c.clinic_id AND e.course_id = c.id AND e.status = 'booked'"
    "   ORDER BY e.date, coalesce(e.start_minute, -1), e.id LIMIT 1) b ON true"
    " WHERE c.clinic_id = $1 AND c.next_date <= $2 ORDER BY c.next_date, c.id";

static clg_status column_status(clg_pg *p, const PGresult *result, int i, int column,
                                clg_course_status *out, clg_error *err)
{
    const char *text = clg_pg_text(result, i, column);
    for (int k = 0; text && k < CLG_COURSE_STATUS_COUNT; k++) {
        if (strcmp(text, clg_course_status_name((clg_course_status)k)) == 0) {
            *out = (clg_course_status)k;
            return CLG_OK;
        }
    }
    return clg_pg_bad_column(p, result, i, column, "a course status", err);
}

/* NULL is "nothing next" (a closed course). */
static clg_status column_next_kind(clg_pg *p, const PGresult *result, int i, int column,
                                   clg_next_kind *out, clg_error *err)
{
    static const clg_next_kind kinds[] = {CLG_NEXT_NONE, CLG_NEXT_SESSION, CLG_NEXT_MAINTENANCE};
    const char *text = clg_pg_text(result, i, column);
    for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
        const char *name = clg_next_kind_name(kinds[k]);
        if (text == name || (text && name && strcmp(text, name) == 0)) {
            *out = kinds[k];
            return CLG_OK;
        }
    }
    return clg_pg_bad_column(p, result, i, column, "a kind of next item", err);
}

/* The kind, then its date (NULL when nothing is next). */
static void param_next(clg_pg_params *params, clg_next_kind kind, clg_date date)
{
    clg_pg_param_text(params, clg_next_kind_name(kind));
    if (kind != CLG_NEXT_NONE)
        clg_pg_param_date(params, date);
    else
        clg_pg_param_text(params, NULL);
}

static clg_status insert(void *impl, int64_t clinic, const clg_course_row *row, int64_t *id,
                         clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_int(&params, row->client_id);
    clg_pg_param_text(&params, row->protocol_name);
    clg_pg_param_text(&params, row->protocol_version);
    clg_pg_param_text(&params, row->request_json);
    clg_pg_param_text(&params, row->plan_json);
    clg_pg_param_date(&params, row->start);
    clg_pg_param_text(&params, clg_course_status_name(row->status));
    param_next(&params, row->next_kind, row->next_date);
    clg_pg_param_int(&params, row->forced);
    clg_pg_param_text(&params, row->forced ? row->force_reason : NULL);
    clg_pg_param_now(&params);
    return clg_pg_insert(impl, insert_sql, &params, "add course", id, err);
}

/* A row of COURSE_COLUMNS, its text borrowed from the result. */
static clg_status read_course(clg_pg *p, const PGresult *result, int i, void *out, clg_error *err)
{
    clg_course_row *row = out;
    *row = (clg_course_row){
        .id = clg_pg_int(result, i, 0),
        .client_id = clg_pg_int(result, i, 1),
        .protocol_name = clg_pg_text(result, i, 2),
        .protocol_version = clg_pg_text(result, i, 3),
        .request_json = clg_pg_text(result, i, 4),
        .plan_json = clg_pg_text(result, i, 5),
        .forced = clg_pg_int(result, i, 10) != 0,
        .force_reason = clg_pg_text(result, i, 11),
    };
    clg_status status;
    if ((status = clg_pg_column_date(p, result, i, 6, &row->start, err)) != CLG_OK ||
        (status = column_status(p, result, i, 7, &row->status, err)) != CLG_OK ||
        (status = column_next_kind(p, result, i, 8, &row->next_kind, err)) != CLG_OK)
        return status;
    if (row->next_kind != CLG_NEXT_NONE)
        return clg_pg_column_date(p, result, i, 9, &row->next_date, err);
    return CLG_OK;
}

static clg_status own_course(void *row, clg_error *err)
{
    return clg_course_row_own(row, err);
}

static clg_status get(void *impl, int64_t clinic, int64_t id, clg_course_row *row, clg_error *err)
{
    *row = (clg_course_row){0};
    return clg_pg_get_by_id(impl, get_sql, clinic, id, "course", read_course, own_course, row, err);
}

static clg_status list(void *impl, int64_t clinic, int64_t client_id, clg_course_visitor visit,
                       void *context, clg_error *err)
{
    clg_pg *p = impl;
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    if (client_id)
        clg_pg_param_int(&params, client_id);
    PGresult *result =
        clg_pg_exec(p, client_id ? list_of_client_sql : list_sql, &params, "list courses", err);
    if (result == NULL)
        return clg_pg_status(err);
    clg_status status = CLG_OK;
    for (int i = 0; i < PQntuples(result); i++) {
        clg_course_row row;
        if ((status = read_course(p, result, i, &row, err)) != CLG_OK || visit(context, &row) != 0)
            break;
    }
    PQclear(result);
    return status;
}

/* Runs an UPDATE of one course by (clinic, id): CLG_ERR_NOT_FOUND when it changed no row. */
static clg_status update_one(clg_pg *p, const char *sql, const clg_pg_params *params, int64_t id,
                             clg_error *err)
{
    int changed = 0;
    clg_status status = clg_pg_run(p, sql, params, "update course", &changed, err);
    if (status == CLG_OK && changed != 1)
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "course", "no course with id %lld",
                               (long long)id);
    return status;
}

static clg_status set_progress(void *impl, int64_t clinic, int64_t id,
                               clg_course_status course_status, clg_next_kind kind,
                               clg_date next_date, clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_int(&params, id);
    clg_pg_param_text(&params, clg_course_status_name(course_status));
    param_next(&params, kind, next_date);
    return update_one(impl, set_progress_sql, &params, id, err);
}

static clg_status set_plan(void *impl, int64_t clinic, int64_t id, const char *protocol_name,
                           const char *protocol_version, const char *plan_json, clg_error *err)
{
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_int(&params, id);
    clg_pg_param_text(&params, protocol_name);
    clg_pg_param_text(&params, protocol_version);
    clg_pg_param_text(&params, plan_json);
    return update_one(impl, set_plan_sql, &params, id, err);
}

static clg_status due_list(void *impl, int64_t clinic, clg_date through, clg_due_visitor visit,
                           void *context, clg_error *err)
{
    clg_pg *p = impl;
    clg_pg_params params = {0};
    clg_pg_param_clinic(&params, clinic);
    clg_pg_param_date(&params, through);
    PGresult *result = clg_pg_exec(p, due_sql, &params, "list due courses", err);
    if (result == NULL)
        return clg_pg_status(err);
    clg_status status = CLG_OK;
    for (int i = 0; i < PQntuples(result); i++) {
        clg_due_row row = {
            .course_id = clg_pg_int(result, i, 0),
            .client_id = clg_pg_int(result, i, 1),
            .name = clg_pg_text(result, i, 2),
            .email = clg_pg_text(result, i, 5),
            .phone = clg_pg_text(result, i, 6),
            .interval_min = (int)clg_pg_int(result, i, 8),
            .interval_max = (int)clg_pg_int(result, i, 9),
            .maintenance_min = (int)clg_pg_int(result, i, 10),
            .maintenance_max = (int)clg_pg_int(result, i, 11),
            .booked_minute = clg_pg_is_null(result, i, 13) ? -1 : (int)clg_pg_int(result, i, 13),
        };
        if ((status = column_next_kind(p, result, i, 3, &row.kind, err)) != CLG_OK ||
            (status = clg_pg_column_date(p, result, i, 4, &row.due, err)) != CLG_OK ||
            (!clg_pg_is_null(result, i, 7) &&
             (status = clg_pg_column_date(p, result, i, 7, &row.last_session, err)) != CLG_OK) ||
            (!clg_pg_is_null(result, i, 12) &&
             (status = clg_pg_column_date(p, result, i, 12, &row.booked, err)) != CLG_OK) ||
            visit(context, &row) != 0)
            break;
    }
    PQclear(result);
    return status;
}

const clg_store_course_ops clg_pg_course_ops = {
    .insert = insert,
    .get = get,
    .list = list,
    .set_progress = set_progress,
    .set_plan = set_plan,
    .due_list = due_list,
};

/*
 * The diary on SQLite: a clinic's bookings between two days in time order,
 * with the client's name and phone and the course's plan numbers. The
 * outer scan is one range of bookings_by_day (clinic, date, start_minute,
 * id), already in the diary's order, so a day costs the same in a clinic
 * of ten thousand bookings as in one of a million; each row adds bounded
 * look-ups by primary key and by course (docs/records.md#diary).
 */
#include "store/sqlite_internal.h"

/*
 * A booking's visit number counts as the course view does (service/
 * course_view.c): the course's live sessions, then its bookings by date,
 * time (all day first) and id. NULL sorts before any time in SQLite, so
 * ORDER BY start_minute matches coalesce(start_minute, -1) and the index.
 */
static const char list_sql[] =
    "SELECT b.id, b.course_id, b.client_id, b.date, b.start_minute, b.areas, k.name, k.phone,"
    " (SELECT count(*) FROM sessions s WHERE s.course_id = b.course_id"
    "   AND s.void_reason IS NULL)"
    " + (SELECT count(*) FROM bookings e WHERE e.clinic_id = b.clinic_id"
    "   AND e.course_id = b.course_id AND e.status = 'booked' AND (e.date < b.date OR (e.date = b.date"
    "   AND (coalesce(e.start_minute, -1), e.id) < (coalesce(b.start_minute, -1), b.id)))) + 1,"
    " json_extract(c.plan, '$.sessions.recommended'), json_extract(c.plan, '$.session_minutes')"
    " FROM bookings b"
    " JOIN clients k ON k.id = b.client_id AND k.clinic_id = b.clinic_id"
    " JOIN courses c ON c.id = b.course_id AND c.clinic_id = b.clinic_id"
    /* A no-show is released: it holds no place in the day (docs/records.md#bookings). */
    " WHERE b.clinic_id = ?1 AND b.date BETWEEN ?2 AND ?3 AND b.status = 'booked'"
    " ORDER BY b.date, b.start_minute, b.id";

static clg_status list(void *impl, int64_t clinic, clg_date from, clg_date through,
                       clg_diary_visitor visit, void *context, clg_error *err)
{
    clg_sqlite *s = impl;
    sqlite3_stmt *stmt = clg_sqlite_statement(s, list_sql, err);
    if (stmt == NULL)
        return CLG_ERR_IO;
    sqlite3_bind_int64(stmt, 1, clinic);
    clg_sqlite_bind_date(stmt, 2, from);
    clg_sqlite_bind_date(stmt, 3, through);
    clg_status status = CLG_OK;
    while (clg_sqlite_next(s, stmt, "list the diary", &status, err)) {
        clg_diary_row row = {
            .booking_id = sqlite3_column_int64(stmt, 0),
            .course_id = sqlite3_column_int64(stmt, 1),
            .client_id = sqlite3_column_int64(stmt, 2),
            .start_minute =
                sqlite3_column_type(stmt, 4) == SQLITE_NULL ? -1 : sqlite3_column_int(stmt, 4),
            .name = clg_sqlite_column_text(stmt, 6),
            .phone = clg_sqlite_column_text(stmt, 7),
            .number = sqlite3_column_int(stmt, 8),
            .sessions = sqlite3_column_int(stmt, 9),
            .minutes = sqlite3_column_int(stmt, 10),
        };
        row.maintenance = row.sessions > 0 && row.number > row.sessions;
        if ((status = clg_sqlite_column_date(s, stmt, 3, &row.date, err)) != CLG_OK ||
            (status = clg_sqlite_column_word_set(s, stmt, 5, CLG_VOCAB_AREA, &row.areas, err)) !=
                CLG_OK ||
            visit(context, &row) != 0)
            break;
    }
    sqlite3_reset(stmt);
    return status;
}

const clg_store_diary_ops clg_sqlite_diary_ops = {
    .list = list,
};

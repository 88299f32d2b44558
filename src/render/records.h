/*
 * Renderers of a clinic's records (docs/records.md#command-line): clients, courses with their
 * sessions and next item, the due list, and the CSV exports. One file per
 * format (records_json.c, records_text.c, records_csv.c); like every
 * renderer they append to a caller-owned buffer and cannot fail.
 */
#ifndef CLG_RENDER_RECORDS_H
#define CLG_RENDER_RECORDS_H

#include <stdbool.h>

#include "base/buffer.h"
#include "base/json_writer.h"
#include "model/model.h"
#include "model/record_json.h"
#include "service/records.h"

/* The `course show --format json` object: id, client, status, plan, sessions, next. */
void clg_render_course_json_value(const clg_course_view *view, clg_json_writer *w);
/* {"id", "changed", "previous": {"name", "version"}, "protocol": {...}}: a course re-planned. */
void clg_render_course_replan_json_value(int64_t id, const clg_course_replan_result *result,
                                         const clg_protocol *protocol, clg_json_writer *w);
void clg_render_due_json_value(const clg_due_item *item, clg_json_writer *w);

/* Text for people. Control characters in names and notes are shown as spaces. */
void clg_render_client_text(const clg_client_row *client, clg_buffer *out);
void clg_render_client_list_header(clg_buffer *out);
void clg_render_client_list_line(const clg_client_row *client, clg_buffer *out);
void clg_render_course_summary_line(const clg_course_row *course, clg_buffer *out);
void clg_render_course_text(const clg_course_view *view, clg_buffer *out);
void clg_render_due_header(clg_buffer *out);
void clg_render_due_line(const clg_due_item *item, clg_buffer *out);

/* CSV (RFC 4180): header lines and one record each, CRLF line ends. */
void clg_render_clients_csv_header(clg_buffer *out);
void clg_render_client_csv(const clg_client_row *client, clg_buffer *out);
void clg_render_courses_csv_header(clg_buffer *out);
void clg_render_course_csv(const clg_course_row *course, const clg_plan_request *request,
                           clg_buffer *out);
void clg_render_sessions_csv_header(clg_buffer *out);
void clg_render_session_csv(const clg_session_row *session, clg_buffer *out);
void clg_render_due_csv_header(clg_buffer *out);
void clg_render_due_csv(const clg_due_item *item, clg_buffer *out);

#endif

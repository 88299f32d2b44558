/*
 * Consultation requests for people (text), programs (JSON) and
 * spreadsheets (CSV): `requests list | show` and the staff API.
 */
#ifndef CLG_RENDER_REQUESTS_H
#define CLG_RENDER_REQUESTS_H

#include "base/buffer.h"
#include "base/json_writer.h"
#include "model/request.h"

/*
 * {"id", "name", "email", "phone", "assessment" (the object itself),
 * "status", "created_at", "closed_at", "closed_by", "note", "client",
 * "course"}: absent values are null.
 */
void clg_render_request_json_value(const clg_request_row *row, clg_json_writer *writer);

/* The assessment in a line: "laxity mild; areas face, neck; age 52". */
void clg_render_request_summary(const char *assessment_json, clg_buffer *out);

/* One line of `requests list`: id, received, status, name, contact, summary. */
void clg_render_request_text_line(const clg_request_row *row, clg_buffer *out);

/* `requests show`: every field, a line each. */
void clg_render_request_text(const clg_request_row *row, clg_buffer *out);

void clg_render_requests_csv_header(clg_buffer *out);
void clg_render_request_csv(const clg_request_row *row, clg_buffer *out);

#endif

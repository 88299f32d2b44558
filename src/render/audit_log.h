/*
 * The audit log as the audit reader shows it (docs/records.md#audit-reader):
 * one entry as JSON, as a line of text for people, and as CSV. Like every
 * renderer they append to a caller-owned buffer and cannot fail.
 */
#ifndef CLG_RENDER_AUDIT_LOG_H
#define CLG_RENDER_AUDIT_LOG_H

#include "base/buffer.h"
#include "base/json_writer.h"
#include "model/model.h"

/*
 * {"id", "at", "who", "action", "entity", "entity_id", "client", "before",
 * "after", "reason"}: before and after are the JSON the log holds (or null),
 * entity_id and client null when the entry names none.
 */
void clg_render_audit_json_value(const clg_audit_row *row, clg_json_writer *w);

/* A table for people: when, what, which record, who and why. */
void clg_render_audit_text_header(clg_buffer *out);
void clg_render_audit_text_line(const clg_audit_row *row, clg_buffer *out);

/* CSV (RFC 4180): the JSON's members as columns, before and after as JSON text. */
void clg_render_audit_csv_header(clg_buffer *out);
void clg_render_audit_csv(const clg_audit_row *row, clg_buffer *out);

#endif

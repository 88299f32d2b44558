/*
 * The clinic's diary (docs/records.md#diary) as text for the desk, JSON
 * and CSV: one file per format (diary_text.c, diary_json.c,
 * diary_csv.c). Like every renderer they append to a caller-owned buffer
 * and cannot fail.
 */
#ifndef CLG_RENDER_DIARY_H
#define CLG_RENDER_DIARY_H

#include "base/buffer.h"
#include "base/json_writer.h"
#include "model/diary.h"

/* "session" or "maintenance": the diary row's kind, as JSON and CSV spell it. */
const char *clg_render_diary_kind(const clg_diary_row *row);

/*
 * {"booking", "date", "time", "minutes", "client", "name", "phone",
 *  "course", "kind", "number", "sessions", "areas"}; time and phone null
 * when absent.
 */
void clg_render_diary_json_value(const clg_diary_row *row, clg_json_writer *w);

/* Text: a line per day with its bookings under it ("no bookings" for an empty day). */
void clg_render_diary_day_text(clg_date date, clg_buffer *out);
void clg_render_diary_line(const clg_diary_row *row, clg_buffer *out);
void clg_render_diary_empty_day(clg_buffer *out);

/* CSV (RFC 4180): the header and one record per booking, the JSON's members. */
void clg_render_diary_csv_header(clg_buffer *out);
void clg_render_diary_csv(const clg_diary_row *row, clg_buffer *out);

#endif

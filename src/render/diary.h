/*
 * The clinic's diary (docs/records.md#diary) as text for the desk, JSON,
 * CSV and iCalendar: one file per format (diary_text.c, diary_json.c,
 * diary_csv.c, diary_ics.c). They append to a caller-owned buffer; only
 * the calendar, built by libical, can fail.
 */
#ifndef CLG_RENDER_DIARY_H
#define CLG_RENDER_DIARY_H

#include "base/buffer.h"
#include "base/json_writer.h"
#include "model/clinic.h"
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

/*
 * iCalendar: begin with the clinic's settings (its zone, name and address
 * for LOCATION) and the export's time (DTSTAMP), add each row, then finish
 * into out, which also frees the builder. begin fails (NULL, err set) on a
 * zone libical does not know; free drops a builder that is not finished.
 */
typedef struct clg_diary_ics clg_diary_ics;
clg_diary_ics *clg_diary_ics_begin(const clg_clinic_settings *clinic, long long generated_at,
                                   clg_error *err);
clg_status clg_diary_ics_add(clg_diary_ics *ics, const clg_diary_row *row, clg_error *err);
clg_status clg_diary_ics_finish(clg_diary_ics *ics, clg_buffer *out, clg_error *err);
void clg_diary_ics_free(clg_diary_ics *ics);

#endif

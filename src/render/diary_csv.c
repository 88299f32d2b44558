/* The diary as CSV (RFC 4180), the JSON's members in its order: see diary.h. */
#include "base/csv.h"
#include "render/diary.h"

void clg_render_diary_csv_header(clg_buffer *out)
{
    clg_buffer_puts(
        out, "booking,date,time,minutes,client,name,phone,course,kind,number,sessions,areas");
    clg_csv_end_record(out);
}

void clg_render_diary_csv(const clg_diary_row *row, clg_buffer *out)
{
    char date[CLG_DATE_TEXT_SIZE], time[CLG_TIME_TEXT_SIZE], areas[CLG_WORD_SET_TEXT_SIZE];
    clg_csv_int_field(out, (long)row->booking_id, true);
    clg_csv_field(out, clg_date_format(row->date, date), false);
    clg_csv_field(out, row->start_minute >= 0 ? clg_time_format(row->start_minute, time) : NULL,
                  false);
    clg_csv_int_field(out, row->minutes, false);
    clg_csv_int_field(out, (long)row->client_id, false);
    clg_csv_field(out, row->name, false);
    clg_csv_field(out, row->phone, false);
    clg_csv_int_field(out, (long)row->course_id, false);
    clg_csv_field(out, clg_render_diary_kind(row), false);
    clg_csv_int_field(out, row->number, false);
    clg_csv_int_field(out, row->sessions, false);
    clg_csv_field(out, clg_word_set_format(CLG_VOCAB_AREA, row->areas, areas), false);
    clg_csv_end_record(out);
}

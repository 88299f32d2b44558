/*
 * The diary as text for the desk: a heading per day, then a line per
 * booking (time or "all day", length, client and phone, course, which
 * visit, areas). Control characters in names become spaces so a booking
 * stays on one line; the exact bytes are in the JSON and CSV.
 */
#include <stdio.h>

#include "render/diary.h"

static void put_clean(clg_buffer *out, const char *text)
{
    if (text == NULL) {
        clg_buffer_puts(out, "-");
        return;
    }
    for (const char *c = text; *c; c++) {
        char ch = (unsigned char)*c < 0x20 ? ' ' : *c;
        clg_buffer_append(out, &ch, 1);
    }
}

void clg_render_diary_day_text(clg_date date, clg_buffer *out)
{
    static const char *const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    char text[CLG_DATE_TEXT_SIZE];
    clg_buffer_printf(out, "%s %s\n", days[clg_date_weekday(date)], clg_date_format(date, text));
}

void clg_render_diary_empty_day(clg_buffer *out)
{
    clg_buffer_puts(out, "  no bookings\n");
}

void clg_render_diary_line(const clg_diary_row *row, clg_buffer *out)
{
    char time[CLG_TIME_TEXT_SIZE], areas[CLG_WORD_SET_TEXT_SIZE], visit[48];
    if (row->maintenance)
        snprintf(visit, sizeof visit, "maintenance");
    else
        snprintf(visit, sizeof visit, "session %d of %d", row->number, row->sessions);
    clg_buffer_printf(out, "  %-7s  %3d min  course %-6lld  %-16s  ",
                      row->start_minute >= 0 ? clg_time_format(row->start_minute, time) : "all day",
                      row->minutes, (long long)row->course_id, visit);
    put_clean(out, row->name);
    clg_buffer_puts(out, "  ");
    put_clean(out, row->phone);
    clg_buffer_printf(out, "  %s\n", clg_word_set_format(CLG_VOCAB_AREA, row->areas, areas));
}

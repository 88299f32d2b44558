/* The diary as JSON: see diary.h. */
#include "model/plan_json.h"
#include "render/diary.h"

const char *clg_render_diary_kind(const clg_diary_row *row)
{
    return row->maintenance ? "maintenance" : "session";
}

void clg_render_diary_json_value(const clg_diary_row *row, clg_json_writer *w)
{
    char time[CLG_TIME_TEXT_SIZE];
    clg_json_begin_object(w);
    clg_json_member_int(w, "booking", (long)row->booking_id);
    clg_json_member_date(w, "date", row->date);
    clg_json_key(w, "time");
    clg_json_string(w, row->start_minute >= 0 ? clg_time_format(row->start_minute, time) : NULL);
    clg_json_member_int(w, "minutes", row->minutes);
    clg_json_member_int(w, "client", (long)row->client_id);
    clg_json_member_string(w, "name", row->name);
    clg_json_key(w, "phone");
    clg_json_string(w, row->phone);
    clg_json_member_int(w, "course", (long)row->course_id);
    clg_json_member_string(w, "kind", clg_render_diary_kind(row));
    clg_json_member_int(w, "number", row->number);
    clg_json_member_int(w, "sessions", row->sessions);
    clg_word_set_json(w, "areas", row->areas, CLG_VOCAB_AREA);
    clg_json_end_object(w);
}

/* The verdict on a session recorded or booked, as JSON (see verdict_json.h). */
#include "render/verdict_json.h"

#include "model/record_json.h"

/* The members both answers open with. */
static void write_verdict_members(int64_t id, const clg_session_verdict *verdict,
                                  clg_json_writer *w)
{
    clg_json_member_int(w, "id", (long)id);
    clg_json_member_int(w, "number", verdict->number);
    clg_json_member_string(w, "timing", clg_session_timing_name(verdict->timing));
    clg_json_key(w, "forced");
    clg_json_bool(w, verdict->forced);
    clg_json_key(w, "warning");
    clg_json_string(w, verdict->warning[0] ? verdict->warning : NULL);
}

void clg_render_booked_session_json_value(int64_t id, const clg_session_verdict *verdict,
                                          clg_json_writer *w)
{
    clg_json_begin_object(w);
    write_verdict_members(id, verdict, w);
    clg_json_end_object(w);
}

void clg_render_recorded_session_json_value(int64_t id, const clg_session_verdict *verdict,
                                            const clg_course_progress *progress, clg_json_writer *w)
{
    clg_json_begin_object(w);
    write_verdict_members(id, verdict, w);
    clg_json_member_string(w, "status", clg_course_status_name(progress->status));
    clg_json_key(w, "next");
    clg_next_json_value(&progress->next, w);
    clg_json_end_object(w);
}

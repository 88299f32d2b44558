/* The corrections' answers as JSON (see correction_json.h). */
#include "render/correction_json.h"

#include "model/record_json.h"

void clg_render_session_correction_json_value(const clg_session_row *session, const char *warning,
                                              const clg_course_progress *progress,
                                              clg_json_writer *w)
{
    clg_json_begin_object(w);
    clg_json_key(w, "session");
    clg_session_json_value(session, w);
    clg_json_key(w, "warning");
    clg_json_string(w, warning && warning[0] ? warning : NULL);
    clg_json_member_string(w, "status", clg_course_status_name(progress->status));
    clg_json_key(w, "next");
    clg_next_json_value(&progress->next, w);
    clg_json_end_object(w);
}

void clg_render_client_merge_json_value(int64_t keep, int64_t other, int courses, int sessions,
                                        int bookings, bool feed_revoked, clg_json_writer *w)
{
    clg_json_begin_object(w);
    clg_json_member_int(w, "client", (long)keep);
    clg_json_member_int(w, "merged", (long)other);
    clg_json_key(w, "moved");
    clg_json_begin_object(w);
    clg_json_member_int(w, "courses", courses);
    clg_json_member_int(w, "sessions", sessions);
    clg_json_member_int(w, "bookings", bookings);
    clg_json_end_object(w);
    clg_json_key(w, "feed_revoked");
    clg_json_bool(w, feed_revoked);
    clg_json_end_object(w);
}

/* A course completed, discontinued or reopened, as JSON and text; see course_life.h. */
#include "render/course_life.h"

#include "model/record_json.h"

void clg_render_course_life_json_value(int64_t id, clg_course_life_action action,
                                       const clg_course_life_result *result, clg_json_writer *w)
{
    clg_json_begin_object(w);
    clg_json_member_int(w, "id", (long)id);
    clg_json_member_string(w, "action", clg_course_life_action_name(action));
    clg_json_member_string(w, "status", clg_course_status_name(result->progress.status));
    clg_json_member_string(w, "previous_status", clg_course_status_name(result->before));
    clg_json_key(w, "next");
    clg_next_json_value(&result->progress.next, w);
    clg_json_key(w, "bookings_cancelled");
    clg_json_begin_array(w);
    for (int i = 0; i < result->cancelled_count; i++)
        clg_json_int(w, (long)result->cancelled[i]);
    clg_json_end_array(w);
    clg_json_end_object(w);
}

void clg_render_course_life_text(int64_t id, clg_course_life_action action,
                                 const clg_course_life_result *result, clg_buffer *out)
{
    const clg_course_progress *progress = &result->progress;
    const char *status = clg_course_status_name(progress->status);
    if (action == CLG_COURSE_LIFE_REOPEN) {
        clg_buffer_printf(out, "course %lld reopened: %s", (long long)id, status);
        const clg_course_next *next = &progress->next;
        char day[CLG_DATE_TEXT_SIZE];
        if (next->kind == CLG_NEXT_SESSION)
            clg_buffer_printf(out, ", next session %d due %s", next->number,
                              clg_date_format(next->date, day));
        else if (next->kind == CLG_NEXT_MAINTENANCE)
            clg_buffer_printf(out, ", next maintenance visit due %s",
                              clg_date_format(next->date, day));
    } else {
        clg_buffer_printf(out, "course %lld %s (was %s)", (long long)id, status,
                          clg_course_status_name(result->before));
        for (int i = 0; i < result->cancelled_count; i++)
            clg_buffer_printf(out, "%s%lld", i == 0 ? "; bookings cancelled: " : ", ",
                              (long long)result->cancelled[i]);
    }
    clg_buffer_puts(out, "\n");
}

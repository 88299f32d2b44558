/* Records as JSON (docs/records.md#command-line): clients, courses, sessions, the due list,
 * exports. */
#include <string.h>

#include "render/records.h"
#include "render/render.h"

/* A stored comma list ("face,neck") as a JSON array of words. */
void clg_render_course_json_value(const clg_course_view *view, clg_json_writer *w)
{
    clg_json_begin_object(w);
    clg_json_member_int(w, "id", (long)view->course.id);
    clg_json_member_int(w, "client", (long)view->course.client_id);
    clg_json_member_string(w, "status", clg_course_status_name(view->progress.status));
    clg_json_key(w, "plan");
    clg_plan_json_value(view->plan, w);
    clg_json_key(w, "sessions");
    clg_json_begin_array(w);
    for (int i = 0; i < view->session_count; i++)
        clg_session_json_value(&view->sessions[i], w);
    clg_json_end_array(w);
    clg_json_key(w, "bookings");
    clg_json_begin_array(w);
    for (int i = 0; i < view->booking_count; i++) {
        /* Past the course's initial sessions, a booking is for a maintenance visit. */
        int number = view->progress.recorded + i + 1;
        const char *kind = number > view->plan->sessions.recommended ? "maintenance" : "session";
        clg_booking_json_value(&view->bookings[i], number, kind, view->time_zone, w);
    }
    clg_json_end_array(w);
    /* Only a course with voided sessions has it (docs/records.md#corrections). */
    if (view->voided_count > 0) {
        clg_json_key(w, "voided");
        clg_json_begin_array(w);
        for (int i = 0; i < view->voided_count; i++)
            clg_session_json_value(&view->voided[i], w);
        clg_json_end_array(w);
    }
    clg_json_key(w, "next");
    clg_next_json_value(&view->progress.next, w);
    clg_json_end_object(w);
}

void clg_render_due_json_value(const clg_due_item *item, clg_json_writer *w)
{
    clg_json_begin_object(w);
    clg_json_member_int(w, "client", (long)item->row->client_id);
    clg_json_member_string(w, "name", item->row->name);
    clg_json_member_int(w, "course", (long)item->row->course_id);
    clg_json_member_string(w, "kind", clg_next_kind_name(item->row->kind));
    clg_json_member_date(w, "due", item->row->due);
    clg_json_member_int(w, "overdue_days", item->overdue_days);
    clg_json_key(w, "email");
    clg_json_string(w, item->row->email);
    clg_json_key(w, "phone");
    clg_json_string(w, item->row->phone);
    clg_json_member_date(w, "earliest", item->earliest);
    clg_json_member_date(w, "latest", item->latest);
    clg_json_key(w, "booked");
    if (item->row->booked == 0) {
        clg_json_null(w);
    } else {
        char time[CLG_TIME_TEXT_SIZE];
        clg_json_begin_object(w);
        clg_json_member_date(w, "date", item->row->booked);
        clg_json_key(w, "time");
        clg_json_string(w, item->row->booked_minute >= 0
                               ? clg_time_format(item->row->booked_minute, time)
                               : NULL);
        clg_json_end_object(w);
    }
    clg_json_end_object(w);
}

static void write_protocol_name(clg_json_writer *w, const char *key, const char *name,
                                const char *version)
{
    clg_json_key(w, key);
    clg_json_begin_object(w);
    clg_json_member_string(w, "name", name);
    clg_json_member_string(w, "version", version);
    clg_json_end_object(w);
}

void clg_render_course_replan_json_value(int64_t id, const clg_course_replan_result *result,
                                         const clg_protocol *protocol, clg_json_writer *w)
{
    clg_json_begin_object(w);
    clg_json_member_int(w, "id", id);
    clg_json_key(w, "changed");
    clg_json_bool(w, result->changed);
    write_protocol_name(w, "previous", result->previous_name, result->previous_version);
    write_protocol_name(w, "protocol", protocol->name, protocol->version);
    clg_json_end_object(w);
}

/* A client's messages as JSON and text; see message_json.h. */
#include "render/message_json.h"

static void member_or_null(clg_json_writer *w, const char *key, const char *value)
{
    clg_json_key(w, key);
    if (value)
        clg_json_string(w, value);
    else
        clg_json_null(w);
}

void clg_render_message_json(const clg_message_row *row, clg_json_writer *w)
{
    clg_json_begin_object(w);
    clg_json_member_int(w, "id", row->id);
    clg_json_member_string(w, "kind", clg_message_kind_word(row->kind));
    clg_json_member_int(w, row->kind == CLG_MESSAGE_REMINDER ? "booking" : "course",
                        row->subject_id);
    clg_json_member_date(w, "day", row->day);
    clg_json_member_string(w, "status", clg_message_status_word(row->status));
    member_or_null(w, "recorded_at", row->recorded_at);
    member_or_null(w, "sent_at", row->sent_at);
    member_or_null(w, "error", row->error);
    clg_json_end_object(w);
}

void clg_render_message_text(const clg_message_row *row, clg_buffer *out)
{
    char day[CLG_DATE_TEXT_SIZE];
    clg_date_format(row->day, day);
    if (row->kind == CLG_MESSAGE_REMINDER)
        clg_buffer_printf(out, "message %lld: reminder of booking %lld on %s: ", (long long)row->id,
                          (long long)row->subject_id, day);
    else
        clg_buffer_printf(out, "message %lld: recall of course %lld, maintenance due %s: ",
                          (long long)row->id, (long long)row->subject_id, day);
    if (row->status == CLG_MESSAGE_SENT)
        clg_buffer_printf(out, "sent %s", row->sent_at ? row->sent_at : "");
    else if (row->status == CLG_MESSAGE_FAILED)
        clg_buffer_printf(out, "failed (recorded %s)", row->recorded_at ? row->recorded_at : "");
    else
        clg_buffer_printf(out, "not confirmed (recorded %s; never sent again)",
                          row->recorded_at ? row->recorded_at : "");
    if (row->error) {
        clg_buffer_puts(out, ": ");
        clg_buffer_put_carriable(out, row->error);
    }
    clg_buffer_puts(out, "\n");
}

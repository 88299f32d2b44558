/*
 * Records as text for people at the desk. Names and notes are printed as
 * given except that line breaks and other control characters become
 * spaces, so one record stays on one line of a table; the exact bytes are
 * in the JSON and CSV outputs.
 */
#include "render/records.h"
#include "render/render.h"

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

static const char *or_dash(const char *text)
{
    return text ? text : "-";
}

void clg_render_client_text(const clg_client_row *client, clg_buffer *out)
{
    char date[CLG_DATE_TEXT_SIZE];
    clg_buffer_printf(out, "Client %lld\n", (long long)client->id);
    clg_buffer_puts(out, "  Name:       ");
    put_clean(out, client->name);
    clg_buffer_puts(out, "\n  E-mail:     ");
    put_clean(out, client->email);
    clg_buffer_puts(out, "\n  Phone:      ");
    put_clean(out, client->phone);
    clg_buffer_printf(out, "\n  Birth date: %s\n",
                      client->has_birth_date ? clg_date_format(client->birth_date, date) : "-");
    clg_buffer_printf(out, "  Skin type:  %s\n", or_dash(clg_skin_type_name(client->skin_type)));
    if (client->merged_into)
        clg_buffer_printf(out, "  Merged into client %lld: its records are there now\n",
                          (long long)client->merged_into);
}

void clg_render_client_list_header(clg_buffer *out)
{
    clg_buffer_puts(out, "ID      BIRTH DATE  SKIN  NAME / E-MAIL / PHONE\n");
}

void clg_render_client_list_line(const clg_client_row *client, clg_buffer *out)
{
    char date[CLG_DATE_TEXT_SIZE];
    clg_buffer_printf(out, "%-7lld %-11s %-5s ", (long long)client->id,
                      client->has_birth_date ? clg_date_format(client->birth_date, date) : "-",
                      or_dash(clg_skin_type_name(client->skin_type)));
    put_clean(out, client->name);
    if (client->email) {
        clg_buffer_puts(out, " / ");
        put_clean(out, client->email);
    }
    if (client->phone) {
        clg_buffer_puts(out, " / ");
        put_clean(out, client->phone);
    }
    clg_buffer_puts(out, "\n");
}

void clg_render_course_summary_line(const clg_course_row *course, clg_buffer *out)
{
    char start[CLG_DATE_TEXT_SIZE], next[CLG_DATE_TEXT_SIZE];
    clg_buffer_printf(out, "  Course %lld: %s, started %s", (long long)course->id,
                      clg_course_status_name(course->status),
                      clg_date_format(course->start, start));
    if (course->next_kind != CLG_NEXT_NONE)
        clg_buffer_printf(out, ", next %s %s", clg_next_kind_name(course->next_kind),
                          clg_date_format(course->next_date, next));
    clg_buffer_puts(out, "\n");
}

static void write_session_line(const clg_session_row *session, clg_buffer *out)
{
    char date[CLG_DATE_TEXT_SIZE], number[16], areas[CLG_WORD_SET_TEXT_SIZE];
    clg_buffer_printf(out, "  %2d  %s  %-11s %-20s", session->number,
                      clg_date_format(session->date, date), clg_modality_name(session->modality),
                      clg_word_set_format(CLG_VOCAB_AREA, session->areas, areas));
    if (session->depth_hundredths > 0)
        clg_buffer_printf(out, "  %s mm",
                          clg_depth_format(session->depth_hundredths, number, sizeof number));
    if (session->laxity_halves >= 0)
        clg_buffer_printf(out, "  laxity %s",
                          clg_laxity_grade_format(session->laxity_halves, number, sizeof number));
    if (session->gais > 0)
        clg_buffer_printf(out, "  GAIS %d", session->gais);
    if (session->early)
        clg_buffer_puts(out, "  [early]");
    if (session->late)
        clg_buffer_puts(out, "  [late]");
    if (session->forced) {
        clg_buffer_puts(out, "  [forced: ");
        put_clean(out, session->force_reason);
        clg_buffer_puts(out, "]");
    }
    /* The id `session amend` and `session void` take. */
    clg_buffer_printf(out, "  (id %lld)\n", (long long)session->id);
    if (session->notes) {
        clg_buffer_puts(out, "      notes: ");
        put_clean(out, session->notes);
        clg_buffer_puts(out, "\n");
    }
    if (session->void_reason) {
        clg_buffer_puts(out, "      entered in error: ");
        put_clean(out, session->void_reason);
        clg_buffer_puts(out, "\n");
    }
}

void clg_render_course_text(const clg_course_view *view, clg_buffer *out)
{
    char date[CLG_DATE_TEXT_SIZE], earliest[CLG_DATE_TEXT_SIZE], latest[CLG_DATE_TEXT_SIZE];
    clg_buffer_printf(out, "Course %lld for ", (long long)view->course.id);
    put_clean(out, view->client.name);
    clg_buffer_printf(out, " (client %lld): %s\n", (long long)view->client.id,
                      clg_course_status_name(view->progress.status));
    const clg_course_next *next = &view->progress.next;
    if (next->kind != CLG_NEXT_NONE)
        clg_buffer_printf(
            out, "Next: %s %d on %s (window %s to %s)\n", clg_next_kind_name(next->kind),
            next->number, clg_date_format(next->date, date),
            clg_date_format(next->earliest, earliest), clg_date_format(next->latest, latest));
    if (view->course.forced) {
        clg_buffer_puts(out, "Started despite blocked screening: ");
        put_clean(out, view->course.force_reason);
        clg_buffer_puts(out, "\n");
    }
    clg_buffer_printf(out, "\nSessions recorded: %d\n", view->session_count);
    for (int i = 0; i < view->session_count; i++)
        write_session_line(&view->sessions[i], out);
    if (view->booking_count > 0)
        clg_buffer_printf(out, "Sessions booked: %d (%s time)\n", view->booking_count,
                          view->time_zone[0] ? view->time_zone : "UTC");
    for (int i = 0; i < view->booking_count; i++) {
        const clg_booking_row *booking = &view->bookings[i];
        char time[CLG_TIME_TEXT_SIZE];
        int number = view->progress.recorded + i + 1;
        clg_buffer_printf(out, "  %2d  %s  %-5s  booking %lld%s%s\n", number,
                          clg_date_format(booking->date, date),
                          booking->start_minute >= 0 ? clg_time_format(booking->start_minute, time)
                                                     : "all day",
                          (long long)booking->id,
                          number > view->plan->sessions.recommended ? "  maintenance visit" : "",
                          booking->forced ? "  (forced)" : "");
    }
    if (view->voided_count > 0)
        clg_buffer_printf(out, "Sessions voided, counted nowhere: %d\n", view->voided_count);
    for (int i = 0; i < view->voided_count; i++)
        write_session_line(&view->voided[i], out);
    clg_buffer_puts(out, "\n");
    clg_render_plan_text(view->plan, out);
}

void clg_render_due_header(clg_buffer *out)
{
    clg_buffer_puts(out, "DUE         OVERDUE  KIND         COURSE  CLIENT  NAME\n");
}

void clg_render_due_line(const clg_due_item *item, clg_buffer *out)
{
    char date[CLG_DATE_TEXT_SIZE];
    clg_buffer_printf(out, "%s  %7d  %-11s  %6lld  %6lld  ", clg_date_format(item->row->due, date),
                      item->overdue_days, clg_next_kind_name(item->row->kind),
                      (long long)item->row->course_id, (long long)item->row->client_id);
    put_clean(out, item->row->name);
    clg_buffer_puts(out, "\n");
}

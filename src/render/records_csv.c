/*
 * Records as CSV (RFC 4180): the clients export reads back through
 * `import clients` (its id column is ignored there), and every text field
 * is written byte for byte, quoted when it holds a comma, a quote or a
 * line break.
 */
#include "base/csv.h"
#include "render/records.h"

static void date_field(clg_buffer *out, clg_date date, bool present)
{
    char text[CLG_DATE_TEXT_SIZE];
    clg_csv_field(out, present ? clg_date_format(date, text) : NULL, false);
}

static void bool_field(clg_buffer *out, bool value)
{
    clg_csv_field(out, value ? "true" : "false", false);
}

static void set_field(clg_buffer *out, uint32_t set, clg_vocabulary_id id)
{
    char text[CLG_WORD_SET_TEXT_SIZE];
    clg_csv_field(out, clg_word_set_format(id, set, text), false);
}

void clg_render_clients_csv_header(clg_buffer *out)
{
    clg_buffer_puts(out, "id,name,email,phone,birth_date,skin_type");
    clg_csv_end_record(out);
}

void clg_render_client_csv(const clg_client_row *client, clg_buffer *out)
{
    clg_csv_int_field(out, (long)client->id, true);
    clg_csv_field(out, client->name, false);
    clg_csv_field(out, client->email, false);
    clg_csv_field(out, client->phone, false);
    date_field(out, client->birth_date, client->has_birth_date);
    clg_csv_field(out, clg_skin_type_name(client->skin_type), false);
    clg_csv_end_record(out);
}

void clg_render_courses_csv_header(clg_buffer *out)
{
    clg_buffer_puts(out, "id,client,status,start,protocol,protocol_version,laxity,goal,areas,"
                         "risks,concerns,modality,screening,skin_type,next_kind,next_date,forced,"
                         "force_reason");
    clg_csv_end_record(out);
}

void clg_render_course_csv(const clg_course_row *course, const clg_plan_request *request,
                           clg_buffer *out)
{
    const clg_assessment *a = &request->assessment;
    clg_csv_int_field(out, (long)course->id, true);
    clg_csv_int_field(out, (long)course->client_id, false);
    clg_csv_field(out, clg_course_status_name(course->status), false);
    date_field(out, course->start, true);
    clg_csv_field(out, course->protocol_name, false);
    clg_csv_field(out, course->protocol_version, false);
    clg_csv_field(out, clg_laxity_name(a->laxity), false);
    clg_csv_field(out, clg_goal_name(a->goal), false);
    set_field(out, a->areas, CLG_VOCAB_AREA);
    set_field(out, a->risks, CLG_VOCAB_RISK);
    set_field(out, a->concerns, CLG_VOCAB_CONCERN);
    clg_csv_field(out, clg_modality_name(a->modality), false);
    set_field(out, a->screening, CLG_VOCAB_SCREENING);
    clg_csv_field(out, clg_skin_type_name(a->skin_type), false);
    clg_csv_field(out, clg_next_kind_name(course->next_kind), false);
    date_field(out, course->next_date, course->next_kind != CLG_NEXT_NONE);
    bool_field(out, course->forced);
    clg_csv_field(out, course->force_reason, false);
    clg_csv_end_record(out);
}

void clg_render_sessions_csv_header(clg_buffer *out)
{
    clg_buffer_puts(out, "id,course,client,number,date,modality,areas,depth_mm,device,"
                         "practitioner,notes,screening,laxity_grade,gais,early,late,forced,"
                         "force_reason");
    clg_csv_end_record(out);
}

void clg_render_session_csv(const clg_session_row *session, clg_buffer *out)
{
    char number[16];
    clg_csv_int_field(out, (long)session->id, true);
    clg_csv_int_field(out, (long)session->course_id, false);
    clg_csv_int_field(out, (long)session->client_id, false);
    clg_csv_int_field(out, session->number, false);
    date_field(out, session->date, true);
    clg_csv_field(out, clg_modality_name(session->modality), false);
    set_field(out, session->areas, CLG_VOCAB_AREA);
    clg_csv_field(out,
                  session->depth_hundredths > 0
                      ? clg_depth_format(session->depth_hundredths, number, sizeof number)
                      : NULL,
                  false);
    clg_csv_field(out, session->device, false);
    clg_csv_field(out, session->practitioner, false);
    clg_csv_field(out, session->notes, false);
    set_field(out, session->screening, CLG_VOCAB_SCREENING);
    clg_csv_field(out,
                  session->laxity_halves >= 0
                      ? clg_laxity_grade_format(session->laxity_halves, number, sizeof number)
                      : NULL,
                  false);
    if (session->gais > 0)
        clg_csv_int_field(out, session->gais, false);
    else
        clg_csv_field(out, NULL, false);
    bool_field(out, session->early);
    bool_field(out, session->late);
    bool_field(out, session->forced);
    clg_csv_field(out, session->force_reason, false);
    clg_csv_end_record(out);
}

void clg_render_due_csv_header(clg_buffer *out)
{
    clg_buffer_puts(out, "client,name,course,kind,due,overdue_days,email,phone,earliest,latest,"
                         "booked_date,booked_time");
    clg_csv_end_record(out);
}

void clg_render_due_csv(const clg_due_item *item, clg_buffer *out)
{
    clg_csv_int_field(out, (long)item->row->client_id, true);
    clg_csv_field(out, item->row->name, false);
    clg_csv_int_field(out, (long)item->row->course_id, false);
    clg_csv_field(out, clg_next_kind_name(item->row->kind), false);
    date_field(out, item->row->due, true);
    clg_csv_int_field(out, item->overdue_days, false);
    clg_csv_field(out, item->row->email, false);
    clg_csv_field(out, item->row->phone, false);
    date_field(out, item->earliest, true);
    date_field(out, item->latest, true);
    date_field(out, item->row->booked, item->row->booked != 0);
    char time[CLG_TIME_TEXT_SIZE];
    clg_csv_field(out,
                  item->row->booked != 0 && item->row->booked_minute >= 0
                      ? clg_time_format(item->row->booked_minute, time)
                      : NULL,
                  false);
    clg_csv_end_record(out);
}

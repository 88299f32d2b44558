/*
 * The records' canonical JSON values: the one shape of a client, course,
 * session, booking and next item that the audit log keeps, the store keeps
 * and the API prints. See record_json.h.
 */
#include "model/record_json.h"

#include "model/plan_json.h"

static void member_text_or_null(clg_json_writer *w, const char *key, const char *value)
{
    clg_json_key(w, key);
    if (value)
        clg_json_string(w, value);
    else
        clg_json_null(w);
}

void clg_client_json_value(const clg_client_row *client, clg_json_writer *w)
{
    clg_json_begin_object(w);
    clg_client_json_members(client, w);
    clg_json_end_object(w);
}

void clg_client_json_members(const clg_client_row *client, clg_json_writer *w)
{
    clg_json_member_int(w, "id", (long)client->id);
    clg_json_member_string(w, "name", client->name);
    member_text_or_null(w, "email", client->email);
    member_text_or_null(w, "phone", client->phone);
    clg_json_key(w, "birth_date");
    if (client->has_birth_date) {
        char date[CLG_DATE_TEXT_SIZE];
        clg_json_string(w, clg_date_format(client->birth_date, date));
    } else {
        clg_json_null(w);
    }
    member_text_or_null(w, "skin_type", clg_skin_type_name(client->skin_type));
    /* Only a merged record has it, so every other client's JSON reads as it always did. */
    if (client->merged_into)
        clg_json_member_int(w, "merged_into", (long)client->merged_into);
}

static void write_stored_next(clg_json_writer *w, const clg_course_row *course)
{
    clg_json_key(w, "next");
    if (course->next_kind == CLG_NEXT_NONE) {
        clg_json_null(w);
        return;
    }
    clg_json_begin_object(w);
    clg_json_member_string(w, "kind", clg_next_kind_name(course->next_kind));
    clg_json_member_date(w, "date", course->next_date);
    clg_json_end_object(w);
}

static void write_protocol_reference(clg_json_writer *w, const clg_course_row *course)
{
    clg_json_key(w, "protocol");
    clg_json_begin_object(w);
    clg_json_member_string(w, "name", course->protocol_name);
    clg_json_member_string(w, "version", course->protocol_version);
    clg_json_end_object(w);
}

void clg_session_json_value(const clg_session_row *session, clg_json_writer *w)
{
    char text[16];
    clg_json_begin_object(w);
    clg_json_member_int(w, "id", (long)session->id);
    clg_json_member_int(w, "course", (long)session->course_id);
    clg_json_member_int(w, "client", (long)session->client_id);
    clg_json_member_int(w, "number", session->number);
    clg_json_member_date(w, "date", session->date);
    clg_json_member_string(w, "modality", clg_modality_name(session->modality));
    clg_word_set_json(w, "areas", session->areas, CLG_VOCAB_AREA);
    clg_json_key(w, "depth_mm");
    if (session->depth_hundredths > 0)
        clg_json_raw(w, clg_depth_format(session->depth_hundredths, text, sizeof text));
    else
        clg_json_null(w);
    member_text_or_null(w, "device", session->device);
    member_text_or_null(w, "practitioner", session->practitioner);
    member_text_or_null(w, "notes", session->notes);
    clg_word_set_json(w, "screening", session->screening, CLG_VOCAB_SCREENING);
    clg_json_key(w, "laxity_grade");
    if (session->laxity_halves >= 0)
        clg_json_raw(w, clg_laxity_grade_format(session->laxity_halves, text, sizeof text));
    else
        clg_json_null(w);
    clg_json_key(w, "gais");
    if (session->gais > 0)
        clg_json_int(w, session->gais);
    else
        clg_json_null(w);
    clg_json_key(w, "early");
    clg_json_bool(w, session->early);
    clg_json_key(w, "late");
    clg_json_bool(w, session->late);
    clg_json_key(w, "forced");
    clg_json_bool(w, session->forced);
    member_text_or_null(w, "force_reason", session->force_reason);
    /* Only a voided session has it: the live ones read as they always did. */
    if (session->void_reason)
        clg_json_member_string(w, "void_reason", session->void_reason);
    clg_json_end_object(w);
}

void clg_next_json_value(const clg_course_next *next, clg_json_writer *w)
{
    if (next->kind == CLG_NEXT_NONE) {
        clg_json_null(w);
        return;
    }
    clg_json_begin_object(w);
    clg_json_member_string(w, "kind", clg_next_kind_name(next->kind));
    clg_json_member_int(w, "number", next->number);
    clg_json_member_date(w, "date", next->date);
    clg_json_member_date(w, "earliest", next->earliest);
    clg_json_member_date(w, "latest", next->latest);
    clg_json_end_object(w);
}

void clg_booking_json_value(const clg_booking_row *booking, int number, const char *kind,
                            const char *time_zone, clg_json_writer *w)
{
    char time[CLG_TIME_TEXT_SIZE];
    clg_json_begin_object(w);
    clg_json_member_int(w, "id", (long)booking->id);
    clg_json_member_int(w, "course", (long)booking->course_id);
    clg_json_member_int(w, "client", (long)booking->client_id);
    if (number > 0)
        clg_json_member_int(w, "number", number);
    if (kind != NULL)
        clg_json_member_string(w, "kind", kind);
    clg_json_member_date(w, "date", booking->date);
    member_text_or_null(w, "time",
                        booking->start_minute >= 0 ? clg_time_format(booking->start_minute, time)
                                                   : NULL);
    clg_json_member_string(w, "time_zone", time_zone && time_zone[0] ? time_zone : "UTC");
    clg_json_key(w, "forced");
    clg_json_bool(w, booking->forced);
    member_text_or_null(w, "force_reason", booking->force_reason);
    clg_json_member_string(w, "status", booking->no_show ? "no-show" : "booked");
    clg_json_end_object(w);
}

void clg_course_export_json_value(const clg_course_row *course, const clg_plan_request *request,
                                  clg_json_writer *w)
{
    const clg_assessment *a = &request->assessment;
    clg_json_begin_object(w);
    clg_json_member_int(w, "id", (long)course->id);
    clg_json_member_int(w, "client", (long)course->client_id);
    clg_json_member_string(w, "status", clg_course_status_name(course->status));
    clg_json_member_date(w, "start", course->start);
    write_protocol_reference(w, course);
    clg_json_key(w, "assessment");
    clg_json_begin_object(w);
    clg_assessment_json_members(a, w);
    clg_word_set_json(w, "screening", a->screening, CLG_VOCAB_SCREENING);
    member_text_or_null(w, "skin_type", clg_skin_type_name(a->skin_type));
    clg_json_end_object(w);
    write_stored_next(w, course);
    clg_json_key(w, "forced");
    clg_json_bool(w, course->forced);
    member_text_or_null(w, "force_reason", course->force_reason);
    clg_json_end_object(w);
}

void clg_course_summary_json_value(const clg_course_row *course, clg_json_writer *w)
{
    clg_json_begin_object(w);
    clg_json_member_int(w, "id", (long)course->id);
    clg_json_member_string(w, "status", clg_course_status_name(course->status));
    clg_json_member_date(w, "start", course->start);
    write_protocol_reference(w, course);
    write_stored_next(w, course);
    clg_json_end_object(w);
}

void clg_portal_link_json_value(const clg_portal_row *link, clg_json_writer *w)
{
    clg_json_begin_object(w);
    clg_json_member_int(w, "id", (long)link->id);
    clg_json_member_string(w, "created_at", link->created_at);
    clg_json_member_string(w, "revoked_at", link->revoked ? link->revoked_at : NULL);
    clg_json_key(w, "live");
    clg_json_bool(w, !link->revoked);
    clg_json_end_object(w);
}

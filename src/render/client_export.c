/*
 * The client's export in JSON; see client_export.h. The document:
 *
 *   {"format": "collagenda-client-export", "version": 1, "exported_on",
 *    "client": {..., "erased_at"}, "courses": [... "request", "plan"],
 *    "sessions": [...], "bookings": [...], "feeds": [...], "portals": [...],
 *    "messages": [...], "audit": [...]}
 *
 * Records in the shapes the rest of the API uses (record_json.c); a
 * course's request and plan exactly as the store keeps them.
 */
#include "render/client_export.h"

#include <stdio.h>
#include <string.h>

#include "model/record_json.h"
#include "render/audit_log.h"
#include "render/message_json.h"

static const char *const part_names[] = {
    [CLG_CLIENT_EXPORT_COURSES] = "courses",   [CLG_CLIENT_EXPORT_SESSIONS] = "sessions",
    [CLG_CLIENT_EXPORT_BOOKINGS] = "bookings", [CLG_CLIENT_EXPORT_FEEDS] = "feeds",
    [CLG_CLIENT_EXPORT_PORTALS] = "portals",   [CLG_CLIENT_EXPORT_MESSAGES] = "messages",
    [CLG_CLIENT_EXPORT_AUDIT] = "audit",
};

static void write_client(void *context, const clg_client_row *client, const char *time_zone)
{
    clg_client_export_json *s = context;
    clg_json_writer *w = s->writer;
    snprintf(s->time_zone, sizeof s->time_zone, "%s", time_zone ? time_zone : "");
    clg_json_begin_object(w);
    clg_json_member_string(w, "format", "collagenda-client-export");
    clg_json_member_int(w, "version", 1);
    clg_json_member_date(w, "exported_on", s->exported_on);
    clg_json_key(w, "client");
    clg_json_begin_object(w);
    clg_client_json_members(client, w);
    clg_json_member_string(w, "erased_at", client->erased_at); /* NULL writes null */
    clg_json_end_object(w);
}

static void write_part(void *context, clg_client_export_part part)
{
    clg_client_export_json *s = context;
    if (s->in_part)
        clg_json_end_array(s->writer);
    clg_json_key(s->writer, part_names[part]);
    clg_json_begin_array(s->writer);
    s->in_part = true;
}

static int write_course(void *context, const clg_course_row *course)
{
    clg_json_writer *w = ((clg_client_export_json *)context)->writer;
    clg_json_begin_object(w);
    clg_json_member_int(w, "id", (long)course->id);
    clg_json_member_int(w, "client", (long)course->client_id);
    clg_json_member_string(w, "status", clg_course_status_name(course->status));
    clg_json_member_date(w, "start", course->start);
    clg_json_key(w, "protocol");
    clg_json_begin_object(w);
    clg_json_member_string(w, "name", course->protocol_name);
    clg_json_member_string(w, "version", course->protocol_version);
    clg_json_end_object(w);
    clg_json_key(w, "next");
    if (course->next_kind == CLG_NEXT_NONE) {
        clg_json_null(w);
    } else {
        clg_json_begin_object(w);
        clg_json_member_string(w, "kind", clg_next_kind_name(course->next_kind));
        clg_json_member_date(w, "date", course->next_date);
        clg_json_end_object(w);
    }
    clg_json_key(w, "forced");
    clg_json_bool(w, course->forced);
    clg_json_member_string(w, "force_reason", course->force_reason);
    /* As stored: the assessment it was planned from, and its plan as first computed. */
    clg_json_key(w, "request");
    clg_json_raw(w, course->request_json);
    clg_json_key(w, "plan");
    clg_json_raw(w, course->plan_json);
    clg_json_end_object(w);
    return 0;
}

static int write_session(void *context, const clg_session_row *session)
{
    clg_session_json_value(session, ((clg_client_export_json *)context)->writer);
    return 0;
}

static int write_booking(void *context, const clg_booking_row *booking)
{
    clg_client_export_json *s = context;
    clg_booking_json_value(booking, 0, NULL, s->time_zone, s->writer);
    return 0;
}

/* A feed without its secret: the store never had it, only its hash, which is not shown either. */
static int write_feed(void *context, const clg_feed_row *feed)
{
    clg_json_writer *w = ((clg_client_export_json *)context)->writer;
    clg_json_begin_object(w);
    clg_json_member_int(w, "id", (long)feed->id);
    clg_json_member_string(w, "created_at", feed->created_at);
    clg_json_key(w, "revoked");
    clg_json_bool(w, feed->revoked);
    clg_json_end_object(w);
    return 0;
}

static int write_portal(void *context, const clg_portal_row *link)
{
    clg_portal_link_json_value(link, ((clg_client_export_json *)context)->writer);
    return 0;
}

/* What was sent about what, and when: a message row holds no address or text. */
static int write_message(void *context, const clg_message_row *message)
{
    clg_render_message_json(message, ((clg_client_export_json *)context)->writer);
    return 0;
}

static int write_audit(void *context, const clg_audit_row *row)
{
    clg_render_audit_json_value(row, ((clg_client_export_json *)context)->writer);
    return 0;
}

clg_client_export_visitor clg_render_client_export_json_begin(clg_client_export_json *state,
                                                              clg_json_writer *writer,
                                                              clg_date exported_on)
{
    memset(state, 0, sizeof *state);
    state->writer = writer;
    state->exported_on = exported_on;
    return (clg_client_export_visitor){
        .client = write_client,
        .part = write_part,
        .course = write_course,
        .session = write_session,
        .booking = write_booking,
        .feed = write_feed,
        .portal = write_portal,
        .message = write_message,
        .audit = write_audit,
        .context = state,
    };
}

void clg_render_client_export_json_end(clg_client_export_json *state)
{
    if (state->in_part)
        clg_json_end_array(state->writer);
    clg_json_end_object(state->writer);
}

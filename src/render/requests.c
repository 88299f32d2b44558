/* Consultation requests as text, JSON and CSV; see requests.h. */
#include "render/requests.h"

#include <jansson.h>

#include "base/csv.h"

static void member_id(clg_json_writer *w, const char *key, int64_t id)
{
    clg_json_key(w, key);
    if (id > 0)
        clg_json_int(w, (long)id);
    else
        clg_json_null(w);
}

void clg_render_request_json_value(const clg_request_row *row, clg_json_writer *w)
{
    clg_json_begin_object(w);
    clg_json_member_int(w, "id", (long)row->id);
    clg_json_member_string(w, "name", row->name);
    clg_json_member_string(w, "email", row->email);
    clg_json_member_string(w, "phone", row->phone);
    clg_json_key(w, "assessment");
    clg_json_raw(w, row->assessment_json ? row->assessment_json : "null");
    clg_json_member_string(w, "status", row->closed ? "closed" : "open");
    clg_json_member_string(w, "created_at", row->created_at);
    clg_json_member_string(w, "closed_at", row->closed_at);
    clg_json_member_string(w, "closed_by", row->closed_by);
    clg_json_member_string(w, "note", row->close_note);
    member_id(w, "client", row->client_id);
    member_id(w, "course", row->course_id);
    clg_json_end_object(w);
}

static void summary_value(const json_t *value, clg_buffer *out)
{
    if (json_is_string(value)) {
        clg_buffer_puts(out, json_string_value(value));
    } else if (json_is_integer(value)) {
        clg_buffer_printf(out, "%lld", (long long)json_integer_value(value));
    } else if (json_is_real(value)) {
        clg_buffer_printf(out, "%g", json_real_value(value));
    } else if (json_is_boolean(value)) {
        clg_buffer_puts(out, json_is_true(value) ? "yes" : "no");
    } else if (json_is_array(value)) {
        size_t i;
        const json_t *item;
        json_array_foreach(value, i, item)
        {
            if (i > 0)
                clg_buffer_puts(out, ", ");
            summary_value(item, out);
        }
    }
}

void clg_render_request_summary(const char *assessment_json, clg_buffer *out)
{
    json_t *object = assessment_json ? json_loads(assessment_json, 0, NULL) : NULL;
    if (!json_is_object(object)) {
        json_decref(object);
        return;
    }
    const char *key;
    json_t *value;
    bool first = true;
    json_object_foreach(object, key, value)
    {
        clg_buffer_printf(out, "%s%s ", first ? "" : "; ", key);
        summary_value(value, out);
        first = false;
    }
    json_decref(object);
}

static void contact(const clg_request_row *row, clg_buffer *out)
{
    if (row->email)
        clg_buffer_puts(out, row->email);
    if (row->email && row->phone)
        clg_buffer_puts(out, ", ");
    if (row->phone)
        clg_buffer_puts(out, row->phone);
}

void clg_render_request_text_line(const clg_request_row *row, clg_buffer *out)
{
    clg_buffer_printf(out, "%lld  %.10s  %-6s  %s  <", (long long)row->id,
                      row->created_at ? row->created_at : "", row->closed ? "closed" : "open",
                      row->name);
    contact(row, out);
    clg_buffer_puts(out, ">  ");
    clg_render_request_summary(row->assessment_json, out);
    clg_buffer_puts(out, "\n");
}

void clg_render_request_text(const clg_request_row *row, clg_buffer *out)
{
    clg_buffer_printf(out, "request %lld (%s)\n", (long long)row->id,
                      row->closed ? "closed" : "open");
    clg_buffer_printf(out, "received:   %s\n", row->created_at ? row->created_at : "");
    clg_buffer_printf(out, "name:       %s\n", row->name);
    if (row->email)
        clg_buffer_printf(out, "e-mail:     %s\n", row->email);
    if (row->phone)
        clg_buffer_printf(out, "phone:      %s\n", row->phone);
    clg_buffer_puts(out, "assessment: ");
    clg_render_request_summary(row->assessment_json, out);
    clg_buffer_puts(out, "\n");
    if (row->closed) {
        clg_buffer_printf(out, "closed:     %s by %s\n", row->closed_at ? row->closed_at : "",
                          row->closed_by ? row->closed_by : "");
        if (row->close_note)
            clg_buffer_printf(out, "note:       %s\n", row->close_note);
        if (row->course_id > 0)
            clg_buffer_printf(out, "course:     %lld (client %lld)\n", (long long)row->course_id,
                              (long long)row->client_id);
    }
}

void clg_render_requests_csv_header(clg_buffer *out)
{
    clg_buffer_puts(out, "id,created_at,status,name,email,phone,assessment,closed_at,closed_by,"
                         "note,client,course");
    clg_csv_end_record(out);
}

static void id_field(clg_buffer *out, int64_t id)
{
    if (id > 0)
        clg_csv_int_field(out, (long)id, false);
    else
        clg_csv_field(out, NULL, false);
}

void clg_render_request_csv(const clg_request_row *row, clg_buffer *out)
{
    clg_csv_int_field(out, (long)row->id, true);
    clg_csv_field(out, row->created_at, false);
    clg_csv_field(out, row->closed ? "closed" : "open", false);
    clg_csv_field(out, row->name, false);
    clg_csv_field(out, row->email, false);
    clg_csv_field(out, row->phone, false);
    clg_csv_field(out, row->assessment_json, false);
    clg_csv_field(out, row->closed_at, false);
    clg_csv_field(out, row->closed_by, false);
    clg_csv_field(out, row->close_note, false);
    id_field(out, row->client_id);
    id_field(out, row->course_id);
    clg_csv_end_record(out);
}

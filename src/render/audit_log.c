/* The audit log's entries in the reader's three formats; see audit_log.h. */
#include "render/audit_log.h"

#include <stdio.h>

#include "base/csv.h"

static void member_id_or_null(clg_json_writer *w, const char *key, int64_t id)
{
    clg_json_key(w, key);
    if (id)
        clg_json_int(w, (long)id);
    else
        clg_json_null(w);
}

/* The log's JSON as it is (it is the program's own), or null. */
static void member_json_or_null(clg_json_writer *w, const char *key, const char *json)
{
    clg_json_key(w, key);
    if (json)
        clg_json_raw(w, json);
    else
        clg_json_null(w);
}

void clg_render_audit_json_value(const clg_audit_row *row, clg_json_writer *w)
{
    clg_json_begin_object(w);
    clg_json_member_int(w, "id", (long)row->id);
    clg_json_member_string(w, "at", row->at);
    clg_json_member_string(w, "who", row->who);
    clg_json_member_string(w, "action", row->action);
    clg_json_member_string(w, "entity", row->entity);
    member_id_or_null(w, "entity_id", row->entity_id);
    member_id_or_null(w, "client", row->client_id);
    member_json_or_null(w, "before", row->before);
    member_json_or_null(w, "after", row->after);
    clg_json_member_string(w, "reason", row->reason); /* NULL writes null */
    clg_json_end_object(w);
}

/* Text as given, control characters (line breaks) as spaces: one entry, one line. */
static void put_clean(clg_buffer *out, const char *text)
{
    for (const char *c = text; *c; c++) {
        char ch = (unsigned char)*c < 0x20 ? ' ' : *c;
        clg_buffer_append(out, &ch, 1);
    }
}

void clg_render_audit_text_header(clg_buffer *out)
{
    clg_buffer_puts(out, "AT                        ACTION            RECORD        WHO: REASON\n");
}

void clg_render_audit_text_line(const clg_audit_row *row, clg_buffer *out)
{
    char record[48];
    if (row->entity_id)
        snprintf(record, sizeof record, "%s %lld", row->entity, (long long)row->entity_id);
    else
        snprintf(record, sizeof record, "%s", row->entity);
    clg_buffer_printf(out, "%-24s  %-16s  %-12s  ", row->at, row->action, record);
    put_clean(out, row->who);
    if (row->reason) {
        clg_buffer_puts(out, ": ");
        put_clean(out, row->reason);
    }
    clg_buffer_puts(out, "\n");
}

void clg_render_audit_csv_header(clg_buffer *out)
{
    clg_buffer_puts(out, "id,at,who,action,entity,entity_id,client,before,after,reason");
    clg_csv_end_record(out);
}

static void id_field(clg_buffer *out, int64_t id)
{
    if (id)
        clg_csv_int_field(out, (long)id, false);
    else
        clg_csv_field(out, NULL, false);
}

void clg_render_audit_csv(const clg_audit_row *row, clg_buffer *out)
{
    clg_csv_int_field(out, (long)row->id, true);
    clg_csv_field(out, row->at, false);
    clg_csv_field(out, row->who, false);
    clg_csv_field(out, row->action, false);
    clg_csv_field(out, row->entity, false);
    id_field(out, row->entity_id);
    id_field(out, row->client_id);
    clg_csv_field(out, row->before, false);
    clg_csv_field(out, row->after, false);
    clg_csv_field(out, row->reason, false);
    clg_csv_end_record(out);
}

/*
 * Fuzz harness: an assessment as JSON (what POST /api/v1/plan and `plan
 * --json` read) through the planner and into every renderer: plan JSON,
 * plan text, iCalendar (one course and a feed of two), FHIR, SVG, and the
 * records' lines (a client, a session, a diary line, an audit entry) as
 * CSV, text and JSON. The same input also drives the export
 * context (client and clinic names, time zone, booked and done sessions),
 * so hostile text reaches every output format.
 *
 * Keys besides the assessment's: "client", "clinic", "address", "phone",
 * "email", "time_zone" (strings), "today" (a date), "sessions" (an array of
 * [number, "YYYY-MM-DD", minute, done, laxity_halves]).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collagenda/request_json.h"
#include "model/plan_json.h"
#include "model/record_json.h"
#include "render/audit_log.h"
#include "render/diary.h"
#include "render/export.h"
#include "render/records.h"
#include "render/render.h"

static const clg_protocol *protocol(void)
{
    static clg_protocol *loaded;
    if (loaded == NULL) {
        clg_error err;
        if (clg_protocol_load_default(&loaded, &err) != CLG_OK)
            abort();
    }
    return loaded;
}

static const char *string_member(const json_t *object, const char *key)
{
    const json_t *value = json_object_get(object, key);
    return json_is_string(value) ? json_string_value(value) : NULL;
}

enum { MAX_SESSIONS = 64 };

/* The "sessions" array into sessions; malformed entries are skipped. */
static int read_sessions(const json_t *object, clg_export_session sessions[MAX_SESSIONS])
{
    const json_t *array = json_object_get(object, "sessions");
    int count = 0;
    size_t i;
    const json_t *entry;
    json_array_foreach(array, i, entry)
    {
        if (count == MAX_SESSIONS || !json_is_array(entry) || json_array_size(entry) != 5)
            continue;
        const char *date_text = json_string_value(json_array_get(entry, 1));
        clg_date date;
        clg_error err;
        if (date_text == NULL || clg_date_parse(date_text, "date", &date, &err) != CLG_OK)
            continue;
        /*
         * Finding (reported, not fixed here): libical expands a zone's
         * transitions up to the year of the latest event, so one timed
         * booking in year 2900 in America/New_York costs over a second in
         * the iCalendar export (and hundreds of MB under ASan). Kept to
         * 1900..2200 so the harness explores the rest instead.
         */
        int year, month, day;
        clg_date_to_civil(date, &year, &month, &day);
        if (year < 1900 || year > 2200)
            continue;
        clg_export_session *s = &sessions[count++];
        memset(s, 0, sizeof *s);
        s->number = (int)json_integer_value(json_array_get(entry, 0));
        s->date = date;
        s->start_minute = (int)json_integer_value(json_array_get(entry, 2));
        s->done = json_is_true(json_array_get(entry, 3));
        s->laxity_halves = (int)json_integer_value(json_array_get(entry, 4));
        s->modality = CLG_MODALITY_AUTO;
    }
    return count;
}

/*
 * The records' other renderers, with the same strings in every text field
 * they print: a session (CSV, JSON), a diary line (text, CSV, JSON) and an
 * audit entry (text, CSV, JSON; its before/after are JSON text, as stored).
 */
static void render_rows(const json_t *object, const char *name)
{
    const char *other = string_member(object, "address");
    const char *phone = string_member(object, "phone");
    char *json = json_dumps(object, JSON_COMPACT);
    clg_date day = 0;
    clg_date_from_civil(2027, 1, 4, &day);
    clg_session_row session = {.id = 1,
                               .course_id = 1,
                               .client_id = 1,
                               .number = 1,
                               .date = day,
                               .modality = CLG_MODALITY_TRADITIONAL,
                               .areas = 1,
                               .depth_hundredths = 150,
                               .device = name,
                               .practitioner = phone,
                               .notes = other,
                               .laxity_halves = 3,
                               .gais = 2,
                               .forced = true,
                               .force_reason = other,
                               .void_reason = name};
    clg_diary_row diary = {.booking_id = 1,
                           .course_id = 1,
                           .client_id = 1,
                           .date = day,
                           .start_minute = 570,
                           .areas = 3,
                           .name = name,
                           .phone = phone,
                           .number = 2,
                           .sessions = 4,
                           .minutes = 45};
    clg_audit_row audit = {.id = 1,
                           .at = "2027-01-04T09:30:00.123Z",
                           .who = name,
                           .action = "client.edit",
                           .entity = "client",
                           .entity_id = 1,
                           .client_id = 1,
                           .before = json,
                           .after = json,
                           .reason = other};
    clg_buffer out = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &out, false);
    clg_render_session_csv(&session, &out);
    clg_session_json_value(&session, &w);
    clg_render_diary_line(&diary, &out);
    clg_render_diary_csv(&diary, &out);
    clg_render_diary_json_value(&diary, &w);
    clg_render_audit_text_line(&audit, &out);
    clg_render_audit_csv(&audit, &out);
    clg_render_audit_json_value(&audit, &w);
    clg_buffer_free(&out);
    free(json);
}

/* The client's own renderers, with the context's hostile strings as the client's data. */
static void render_client(const json_t *object)
{
    clg_client_row client = {.id = 1, .skin_type = 3};
    client.name = string_member(object, "client");
    if (client.name == NULL)
        return;
    client.email = string_member(object, "email");
    client.phone = string_member(object, "phone");
    clg_buffer out = CLG_BUFFER_INIT;
    clg_render_client_text(&client, &out);
    clg_render_client_list_line(&client, &out);
    clg_render_client_csv(&client, &out);
    clg_json_writer w;
    clg_json_writer_init(&w, &out, false);
    clg_client_json_value(&client, &w);
    clg_buffer_free(&out);
    render_rows(object, client.name);
}

static const char *const context_keys[] = {"client",    "clinic", "address",  "phone", "email",
                                           "time_zone", "today",  "sessions", NULL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_error_t json_error;
    json_t *object = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &json_error);
    if (object == NULL)
        return 0;
    if (!json_is_object(object))
        goto out;
    render_client(object);

    clg_plan_request request;
    clg_error err;
    if (clg_plan_request_from_json(object, context_keys, &request, &err) != CLG_OK)
        goto out;
    clg_plan plan;
    if (clg_plan_compute(protocol(), &request, &plan, &err) != CLG_OK)
        goto out;

    char plan_id[CLG_EXPORT_ID_SIZE];
    clg_export_plan_id(&request, plan_id);
    clg_export_session sessions[MAX_SESSIONS];
    clg_export_context context;
    clg_export_context_init(&context, plan_id);
    context.client_name = string_member(object, "client");
    context.clinic_name = string_member(object, "clinic");
    context.clinic_address = string_member(object, "address");
    context.clinic_phone = string_member(object, "phone");
    context.time_zone = string_member(object, "time_zone");
    context.generated_at = 1798761600; /* 2027-01-01T00:00Z */
    const char *today = string_member(object, "today");
    if (today)
        (void)clg_date_parse(today, "today", &context.today, &err);
    context.session_count = read_sessions(object, sessions);
    context.sessions = sessions;

    clg_buffer out = CLG_BUFFER_INIT;
    clg_plan_json(&plan, &out, true);
    clg_plan_json(&plan, &out, false);
    clg_render_plan_text(&plan, &out);
    (void)clg_render_plan_ics(&plan, &context, &out, &err);
    (void)clg_render_plan_fhir(&plan, &context, &out, true, &err);
    (void)clg_render_plan_svg(&plan, &context, &out, &err);
    clg_export_course feed[2] = {{&plan, &context}, {&plan, &context}};
    (void)clg_render_courses_ics(feed, 2, &out, &err);
    clg_buffer_free(&out);
out:
    json_decref(object);
    return 0;
}

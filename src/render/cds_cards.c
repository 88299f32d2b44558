/* CDS Hooks cards from the session safety check (see cds_cards.h). */
#include "render/cds_cards.h"

#include <stdio.h>
#include <string.h>

#include "base/credentials.h"

#define SUMMARY_SIZE 140 /* CDS Hooks: a summary is under 140 characters */

/* A random (version 4) UUID, so that a CDS client can refer to a card in feedback. */
static void new_uuid(char out[37])
{
    char hex[CLG_SECRET_TEXT_SIZE];
    clg_secret_new(hex);
    hex[12] = '4';
    hex[16] = "89ab"[(hex[16] >= 'a' ? hex[16] - 'a' + 10 : hex[16] - '0') & 3];
    snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

static void write_card(clg_json_writer *w, const char *indicator, const char *summary,
                       const char *detail)
{
    char uuid[37];
    new_uuid(uuid);
    clg_json_begin_object(w);
    clg_json_member_string(w, "uuid", uuid);
    clg_json_member_string(w, "summary", summary);
    clg_json_member_string(w, "indicator", indicator);
    clg_json_member_string(w, "detail", detail);
    clg_json_key(w, "source");
    clg_json_begin_object(w);
    clg_json_member_string(w, "label", "Collagenda");
    clg_json_end_object(w);
    clg_json_end_object(w);
}

/*
 * The refusal text of one condition. The core joins a blocked screening and
 * a too-soon date into one refusal, blocked first, with "; and "; each gets
 * its own card here.
 */
static void refusal_part(const clg_session_verdict *verdict, bool too_soon_part, char *out,
                         size_t size)
{
    const char *joint =
        verdict->blocked && verdict->too_soon ? strstr(verdict->refusal, "; and ") : NULL;
    if (joint == NULL)
        snprintf(out, size, "%s", verdict->refusal);
    else if (too_soon_part)
        snprintf(out, size, "%s", joint + strlen("; and "));
    else
        snprintf(out, size, "%.*s", (int)(joint - verdict->refusal), verdict->refusal);
}

static void write_verdict_cards(clg_json_writer *w, int64_t course_id, clg_date date,
                                const clg_session_verdict *verdict)
{
    char summary[SUMMARY_SIZE], detail[CLG_VERDICT_TEXT_SIZE + 256], part[CLG_VERDICT_TEXT_SIZE];
    char day[CLG_DATE_TEXT_SIZE], earliest[CLG_DATE_TEXT_SIZE], latest[CLG_DATE_TEXT_SIZE];
    clg_date_format(date, day);
    if (verdict->blocked) {
        refusal_part(verdict, false, part, sizeof part);
        snprintf(summary, sizeof summary, "Screening blocks microneedling on %s", day);
        snprintf(detail, sizeof detail,
                 "Course %lld: %s. Collagenda refuses to record a session while the screening "
                 "is blocked, unless a practitioner overrides it with a reason.",
                 (long long)course_id, part);
        write_card(w, "critical", summary, detail);
    }
    if (verdict->too_soon) {
        refusal_part(verdict, true, part, sizeof part);
        snprintf(summary, sizeof summary,
                 "Too soon: %s is inside the minimum interval after a session", day);
        snprintf(detail, sizeof detail,
                 "Course %lld: %s. Collagenda refuses to record a session this soon, unless a "
                 "practitioner overrides it with a reason.",
                 (long long)course_id, part);
        write_card(w, "critical", summary, detail);
    }
    if (verdict->too_soon || verdict->timing == CLG_TIMING_ON_TIME)
        return;
    char what[48];
    if (verdict->maintenance)
        snprintf(what, sizeof what, "maintenance visit %d", verdict->number);
    else
        snprintf(what, sizeof what, "session %d", verdict->number);
    clg_date_format(verdict->window_earliest, earliest);
    clg_date_format(verdict->window_latest, latest);
    bool early = verdict->timing == CLG_TIMING_EARLY;
    snprintf(summary, sizeof summary, "%s: %s is %s the window of %s (%s to %s)",
             early ? "Early" : "Late", day, early ? "before" : "after", what, earliest, latest);
    snprintf(detail, sizeof detail,
             "Course %lld plans %s between %s and %s. %s Booking inside the window keeps the "
             "course on its plan.",
             (long long)course_id, what, earliest, latest,
             early ? "An earlier session is allowed and recorded as early."
                   : "A later session is allowed, recorded as late, and the rest of the course "
                     "moves on from its date.");
    write_card(w, "warning", summary, detail);
}

/* A date the course cannot take at all, e.g. before its last session or booking. */
static void write_unbookable_card(clg_json_writer *w, clg_date date, const clg_error *why)
{
    char summary[SUMMARY_SIZE], detail[sizeof why->field + sizeof why->message + 4];
    char day[CLG_DATE_TEXT_SIZE];
    snprintf(summary, sizeof summary, "Collagenda cannot book a session on %s",
             clg_date_format(date, day));
    write_card(w, "warning", summary, clg_error_text(why, detail, sizeof detail));
}

void clg_render_cds_course_cards(int64_t course_id, const clg_cds_check *checks, int count,
                                 clg_json_writer *w)
{
    clg_json_begin_object(w);
    clg_json_key(w, "cards");
    clg_json_begin_array(w);
    for (int i = 0; i < count; i++) {
        if (checks[i].status == CLG_OK)
            write_verdict_cards(w, course_id, checks[i].date, &checks[i].verdict);
        else
            write_unbookable_card(w, checks[i].date, &checks[i].why);
    }
    clg_json_end_array(w);
    clg_json_end_object(w);
}

void clg_render_cds_no_course_cards(int appointments, clg_json_writer *w)
{
    clg_json_begin_object(w);
    clg_json_key(w, "cards");
    clg_json_begin_array(w);
    if (appointments > 0)
        write_card(w, "info", "No open Collagenda course for this client",
                   "The client has no active course or maintenance in Collagenda, so there "
                   "is no plan to check this booking against. Start a course first.");
    clg_json_end_array(w);
    clg_json_end_object(w);
}

/*
 * Writes one export (ics, fhir or svg) of a fixed course that has history:
 * sessions done (all day and timed, in winter time), one booked after the
 * spring DST change, laxity grades, a named client, and a clinic in
 * Europe/Berlin. `plan --format ...` only ever shows a bare plan;
 * this is how the tests reach the booked, done, timed and graded paths of
 * the renderers through the same library the CLI and the server use.
 *
 * usage: export_fixture ics|fhir|svg [bare|odd]
 *   bare: the same course with no sessions, client or zone;
 *   odd:  names that need escaping, and a clinic name too long for one line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "collagenda/collagenda.h"
#include "render/export.h"

static clg_date date_of(int year, int month, int day)
{
    clg_date date = 0;
    if (!clg_date_from_civil(year, month, day, &date))
        abort();
    return date;
}

int main(int argc, char **argv)
{
    const char *variant = argc == 3 ? argv[2] : "";
    if (argc < 2 || argc > 3 ||
        (argc == 3 && strcmp(variant, "bare") != 0 && strcmp(variant, "odd") != 0)) {
        fputs("usage: export_fixture ics|fhir|svg [bare|odd]\n", stderr);
        return 2;
    }
    bool bare = strcmp(variant, "bare") == 0;
    clg_protocol *protocol = NULL;
    clg_error err;
    if (clg_protocol_load_default(&protocol, &err) != CLG_OK)
        return 1;
    clg_plan_request request;
    clg_plan_request_init(&request);
    if (clg_plan_request_set(&request, "laxity", "moderate", NULL, &err) != CLG_OK ||
        clg_plan_request_set(&request, "start", "2027-01-04", NULL, &err) != CLG_OK)
        return 1;
    clg_plan *plan = malloc(sizeof *plan);
    if (plan == NULL || clg_plan_compute(protocol, &request, plan, &err) != CLG_OK)
        return 1;

    /* Done all day, done timed in winter (+01:00), done, booked timed in summer (+02:00). */
    const clg_export_session sessions[] = {
        {.number = 1,
         .date = date_of(2027, 1, 4),
         .start_minute = -1,
         .modality = CLG_MODALITY_RF,
         .laxity_halves = 6,
         .done = true},
        {.number = 2,
         .date = date_of(2027, 2, 9),
         .start_minute = 10 * 60 + 30,
         .modality = CLG_MODALITY_AUTO,
         .laxity_halves = 5,
         .done = true},
        {.number = 3,
         .date = date_of(2027, 3, 15),
         .start_minute = -1,
         .modality = CLG_MODALITY_AUTO,
         .laxity_halves = 4,
         .done = true},
        {.number = 4,
         .date = date_of(2027, 4, 19),
         .start_minute = 9 * 60,
         .modality = CLG_MODALITY_AUTO,
         .laxity_halves = -1,
         .done = false},
    };
    clg_export_context context;
    clg_export_context_init(&context, "course-12");
    context.generated_at = 1798761600; /* 2027-01-01T00:00:00Z */
    if (!bare) {
        context.client_name = "Anna M\xC3\xBCller";
        context.clinic_name = "Hautklinik am See";
        if (strcmp(variant, "odd") == 0) {
            context.client_name = "Anna M\xC3\xBCller & \"Co\" <test>";
            context.clinic_name = "Klinik am See \xE2\x80\x94 Haut & Laser, "
                                  "Seestra\xC3\x9F"
                                  "e 12, Konstanz "
                                  "(Eingang \xC3\xBC"
                                  "ber den Hof, zweiter Stock)";
        }
        context.time_zone = "Europe/Berlin";
        context.today = date_of(2027, 4, 1);
        context.sessions = sessions;
        context.session_count = (int)(sizeof sessions / sizeof sessions[0]);
    }

    clg_buffer out = CLG_BUFFER_INIT;
    clg_status status;
    if (strcmp(argv[1], "ics") == 0)
        status = clg_render_plan_ics(plan, &context, &out, &err);
    else if (strcmp(argv[1], "fhir") == 0)
        status = clg_render_plan_fhir(plan, &context, &out, true, &err);
    else if (strcmp(argv[1], "svg") == 0)
        status = clg_render_plan_svg(plan, &context, &out, &err);
    else
        status = clg_error_set(&err, CLG_ERR_INVALID, "format", "use ics, fhir or svg");
    int exit_status = 0;
    if (status != CLG_OK) {
        fprintf(stderr, "export_fixture: %s: %s\n", err.field, err.message);
        exit_status = 2;
    } else if (out.length && fwrite(out.data, 1, out.length, stdout) != out.length) {
        exit_status = 1;
    }
    clg_buffer_free(&out);
    free(plan);
    clg_protocol_free(protocol);
    return exit_status;
}

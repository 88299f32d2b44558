/*
 * `collagenda plan`: one assessment from flags, or many as JSON Lines.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli/assessment_flags.h"
#include "cli/cli.h"
#include "cli/cli_export.h"
#include "render/render.h"

static const char usage[] =
    "usage: collagenda plan --laxity none|mild|moderate|severe\n"
    "                       [--goal prevention|improvement|transformation]\n"
    "                       [--areas under-eyes,face,neck,chest,arms,abdomen]\n"
    "                       [--risks diabetes,autoimmune,slow-healing,accelerated-aging,\n"
    "                                sun-damage,smoking,poor-aftercare]\n"
    "                       [--concerns deep-wrinkles,enlarged-pores,loose-neck-skin]\n"
    "                       [--modality auto|traditional|rf|roller]\n"
    "                       [--screening CODE,...] [--skin-type I..VI]\n"
    "                       [--start YYYY-MM-DD] [--open-days mon,tue,wed,thu,fri,sat,sun]\n"
    "                       [--protocol FILE] [--format text|json|ics|fhir|svg]\n"
    "       collagenda plan --batch FILE|- [--protocol FILE]\n"
    "\n"
    "Computes a treatment course from an assessment: sessions, interval, dated\n"
    "windows (with --start), maintenance, modality, screening, and the reason and\n"
    "source of every number. Screening codes: active-infection, active-acne,\n"
    "keloid-tendency, pregnancy, pacemaker, isotretinoin, anticoagulants,\n"
    "immunosuppression, metal-allergy, herpes-history.\n"
    "\n"
    "--format ics writes the dated course as an iCalendar file, svg as a timeline\n"
    "(both need --start), fhir as a FHIR R4 Bundle with a CarePlan. The same\n"
    "assessment and start always give the same calendar UIDs. A plan whose\n"
    "screening is blocked has no dates: its ics, fhir and svg are refused (exit 3).\n"
    "\n"
    "--batch reads one JSON assessment per line ({\"laxity\": \"mild\", \"areas\":\n"
    "[\"face\"], \"start\": \"2027-01-04\"}) and writes one plan per line, or\n"
    "{\"line\": N, \"error\": \"...\"} for a bad line; the exit status is then 2.\n";

static int plan_one(clg_cli_flag *flags, const clg_protocol *protocol, const char *format)
{
    clg_plan_request request;
    clg_error err;
    int flags_status = clg_cli_assessment_from_flags(flags, &request);
    if (flags_status != CLG_EXIT_OK)
        return flags_status;

    clg_plan *plan = malloc(sizeof *plan);
    if (plan == NULL)
        return clg_cli_fail_text(CLG_EXIT_FAILURE, "plan", "out of memory");
    int exit_status;
    if (clg_plan_compute(protocol, &request, plan, &err) != CLG_OK) {
        exit_status = clg_cli_fail(&err);
    } else {
        if (clg_cli_is_export_format(format)) {
            /* A bare plan's id comes from the request, so re-running keeps the UIDs. */
            char course_id[CLG_EXPORT_ID_SIZE];
            clg_export_context context;
            clg_export_plan_id(&request, course_id);
            clg_export_context_init(&context, course_id);
            exit_status = clg_cli_export_clock(&context);
            if (exit_status == CLG_EXIT_OK)
                exit_status = clg_cli_write_export(plan, format, &context);
            free(plan);
            return exit_status;
        }
        clg_buffer out = CLG_BUFFER_INIT;
        if (strcmp(format, "json") == 0) {
            clg_plan_json(plan, &out, true);
            clg_buffer_puts(&out, "\n");
        } else {
            clg_render_plan_text(plan, &out);
        }
        exit_status = clg_cli_write_stdout(&out);
        clg_buffer_free(&out);
    }
    free(plan);
    return exit_status;
}

static const char *const formats[] = {"text", "json", "ics", "fhir", "svg", NULL};

static int run_plan(int argc, char **argv, const clg_cli_globals *globals)
{
    (void)globals;
    clg_cli_flag flags[] = {
        CLG_CLI_ASSESSMENT_FLAGS,
        {.name = "protocol", .takes_value = true},
        {.name = "format", .takes_value = true},
        {.name = "batch", .takes_value = true},
        {.name = "help"},
        {.name = NULL},
    };
    clg_cli_args args;
    int status = clg_cli_begin("plan", usage, argc, argv, flags, 0, formats, &args);
    if (status != CLG_CLI_GO_ON)
        return status;
    const char *format = args.format;
    if (clg_cli_export_needs_dates(format) && !clg_cli_flag_find(flags, "batch")->given &&
        !clg_cli_flag_find(flags, "start")->given)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--start",
                                 "is required for --format %s; give the first session's date "
                                 "(YYYY-MM-DD)",
                                 format);

    clg_cli_flag *batch = clg_cli_flag_find(flags, "batch");
    if (batch->given) {
        const char *given = clg_cli_assessment_flag_given(flags);
        if (given)
            return clg_cli_fail_text(CLG_EXIT_USAGE, "--batch",
                                     "cannot be combined with --%s; put it in each JSON line",
                                     given);
        if (clg_cli_flag_find(flags, "format")->given && strcmp(format, "json") != 0)
            return clg_cli_fail_text(CLG_EXIT_USAGE, "--batch",
                                     "writes JSON Lines only; drop --format %s", format);
    }

    clg_protocol *protocol;
    clg_error err;
    if (clg_cli_load_protocol(clg_cli_flag_find(flags, "protocol")->value, &protocol, &err) !=
        CLG_OK)
        return clg_cli_fail(&err);
    status = batch->given ? clg_cli_plan_batch(batch->value, protocol)
                          : plan_one(flags, protocol, format);
    clg_protocol_free(protocol);
    return status;
}

const clg_cli_command clg_cli_plan_command = {
    .name = "plan",
    .summary = "compute a treatment course from an assessment",
    .usage = usage,
    .run = run_plan,
};

/*
 * `collagenda course start | show | replan | complete | discontinue |
 * reopen`: a client's treatment course, planned from an assessment (the
 * same flags as `plan`) and kept with the protocol it was planned under
 * until it is re-planned on demand; closed and reopened by the clinic
 * (course_life_cli.c).
 */
#include <stdlib.h>
#include <string.h>

#include "cli/assessment_flags.h"
#include "cli/cli_export.h"
#include "cli/course_life_cli.h"
#include "cli/records_cli.h"
#include "render/course_export.h"
#include "render/records.h"
#include "service/reads.h"
#include "service/records.h"

static const char usage[] =
    "usage: collagenda course start --client ID\n"
    "         --laxity L [--goal G] [--areas A,B] [--risks R,S] [--concerns C]\n"
    "         [--modality M] [--screening X,Y] [--skin-type T]\n"
    "         [--start YYYY-MM-DD] [--open-days mon,tue,...] [--protocol FILE]\n"
    "         [--force --reason TEXT] [--format text|json]\n"
    "       collagenda course show ID [--format text|json|ics|fhir|svg]\n"
    "       collagenda course replan ID [--protocol FILE] [--format text|json]\n"
    "       collagenda course complete ID [--reason TEXT] [--format text|json]\n"
    "       collagenda course discontinue ID --reason TEXT [--format text|json]\n"
    "       collagenda course reopen ID --reason TEXT [--format text|json]\n"
    "\n"
    "Global options, before the command: --db PATH, --clinic NAME.\n"
    "\n"
    "start  plans the course (as `plan` does; --start defaults to today) and prints\n"
    "       the new id. An assessment whose screening is blocked is refused (exit 3)\n"
    "       unless --force --reason TEXT is given; the reason is stored and audited.\n"
    "show   the course: status (active, maintenance, completed, discontinued), the plan\n"
    "       re-flowed around the sessions recorded, the sessions, and what is next;\n"
    "       ics, fhir and svg export the course with its sessions marked as done;\n"
    "       a course whose screening is blocked has no dates to export (exit 3).\n"
    "replan re-plans the course under the current protocol (the default, or\n"
    "       --protocol FILE): a course otherwise keeps the protocol version it was\n"
    "       planned with. Its assessment, start and sessions stay; the audit log\n"
    "       records the protocol before and after.\n"
    "complete, discontinue (the client stopped, moved away...) close the course: it\n"
    "       leaves `due` and its bookings from today on are cancelled. reopen takes\n"
    "       a closed course up again where its sessions left it. Each is audited\n"
    "       with the status before and after; discontinue and reopen need --reason.\n";

static const char *const formats[] = {"text", "json", "ics", "fhir", "svg", NULL};

static int start(clg_cli_flag *flags, const clg_cli_globals *globals, bool json)
{
    clg_cli_flag *client_flag = clg_cli_flag_find(flags, "client");
    if (!client_flag->given)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--client", "is required (a client id)");
    int64_t client_id;
    int exit_status = clg_cli_parse_id("--client", client_flag->value, &client_id);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    clg_plan_request request;
    if ((exit_status = clg_cli_assessment_from_flags(flags, &request)) != CLG_EXIT_OK)
        return exit_status;
    bool forced;
    const char *reason;
    if ((exit_status = clg_cli_read_override(flags, &forced, &reason)) != CLG_EXIT_OK)
        return exit_status;

    clg_protocol *protocol;
    clg_error err;
    if (clg_cli_load_protocol(clg_cli_flag_find(flags, "protocol")->value, &protocol, &err) !=
        CLG_OK)
        return clg_cli_fail(&err);
    clg_records records;
    if ((exit_status = clg_cli_records_open(globals, &records)) == CLG_EXIT_OK) {
        if (!request.has_start) { /* the clinic's today */
            request.has_start = true;
            request.start = records.today;
        }
        int64_t id;
        if (clg_records_course_start(&records, client_id, &request, protocol, forced, reason, &id,
                                     &err) != CLG_OK)
            exit_status = clg_cli_fail_refusal(&err);
        else
            exit_status = clg_cli_print_id(id, json);
        clg_cli_records_close(&records);
    }
    clg_protocol_free(protocol);
    return exit_status;
}

/*
 * The calendar, FHIR and timeline exports of a stored course: the plan as
 * re-flowed, with the initial sessions recorded so far marked as done. The
 * context is built as the server's export routes build it.
 */
/* What the export of a stored course renders with, and where it writes. */
typedef struct course_export_job {
    const char *clinic;
    const char *format;
    clg_export_context clock; /* generated_at and today, read once */
    clg_buffer out;
} course_export_job;

static clg_status render_course(void *context, const clg_course_view *view, clg_error *err)
{
    course_export_job *job = context;
    clg_course_export *export = malloc(sizeof *export);
    if (export == NULL)
        return clg_error_set(err, CLG_ERR_IO, "course", "out of memory");
    clg_course_export_init(export, view, job->clinic, job->clock.generated_at, job->clock.today);
    clg_status status =
        clg_cli_render_export(view->plan, job->format, &export->context, &job->out, err);
    free(export);
    return status;
}

/* `course show --format ics|fhir|svg`: rendered and audited by the service, then written. */
static int export_course(const clg_records *records, int64_t id, const clg_cli_globals *globals,
                         const char *format)
{
    course_export_job job = {
        .clinic = globals->clinic_name ? globals->clinic_name : CLG_CLI_DEFAULT_CLINIC,
        .format = format,
        .out = CLG_BUFFER_INIT,
    };
    clg_export_context_init(&job.clock, "");
    int exit_status = clg_cli_export_clock(&job.clock);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    /* The timeline's today is the clinic's, as the server draws it, unless the clock is fixed. */
    const char *fixed = getenv("SOURCE_DATE_EPOCH");
    if (fixed == NULL || fixed[0] == '\0')
        job.clock.today = records->today;
    clg_error err;
    if (clg_records_course_export(records, id, format, render_course, &job, &err) == CLG_OK)
        exit_status = clg_cli_write_stdout(&job.out);
    else
        exit_status = clg_cli_fail(&err);
    clg_buffer_free(&job.out);
    return exit_status;
}

static int show(const char *id_text, const clg_cli_globals *globals, const char *format)
{
    bool json = strcmp(format, "json") == 0;
    int64_t id;
    int exit_status = clg_cli_parse_id("course", id_text, &id);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    clg_records records;
    if ((exit_status = clg_cli_records_open(globals, &records)) != CLG_EXIT_OK)
        return exit_status;
    clg_course_view view;
    clg_error err;
    if (clg_cli_is_export_format(format)) {
        exit_status = export_course(&records, id, globals, format);
        clg_cli_records_close(&records);
        return exit_status;
    }
    if (clg_records_course_show(&records, id, &view, &err) != CLG_OK) {
        exit_status = clg_cli_fail(&err);
    } else {
        clg_buffer out = CLG_BUFFER_INIT;
        if (json) {
            clg_json_writer writer;
            clg_json_writer_init(&writer, &out, true);
            clg_render_course_json_value(&view, &writer);
            clg_buffer_puts(&out, "\n");
        } else {
            clg_render_course_text(&view, &out);
        }
        exit_status = clg_cli_write_stdout(&out);
        clg_buffer_free(&out);
    }
    clg_records_course_view_free(&view);
    clg_cli_records_close(&records);
    return exit_status;
}

/* "course 3 re-planned: protocol collagenda-default version 1 -> 2", or its JSON. */
static int print_replan(int64_t id, const clg_protocol *protocol,
                        const clg_course_replan_result *result, bool json)
{
    clg_buffer out = CLG_BUFFER_INIT;
    if (json) {
        clg_json_writer w;
        clg_json_writer_init(&w, &out, true);
        clg_render_course_replan_json_value(id, result, protocol, &w);
        clg_buffer_puts(&out, "\n");
    } else if (result->changed) {
        clg_buffer_printf(&out, "course %lld re-planned: protocol %s version %s -> %s version %s\n",
                          (long long)id, result->previous_name, result->previous_version,
                          protocol->name, protocol->version);
    } else {
        clg_buffer_printf(&out, "course %lld already follows protocol %s version %s\n",
                          (long long)id, protocol->name, protocol->version);
    }
    int exit_status = clg_cli_write_stdout(&out);
    clg_buffer_free(&out);
    return exit_status;
}

static int replan(const char *id_text, clg_cli_flag *flags, const clg_cli_globals *globals,
                  bool json)
{
    int64_t id;
    int exit_status = clg_cli_parse_id("course", id_text, &id);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    clg_protocol *protocol;
    clg_error err;
    if (clg_cli_load_protocol(clg_cli_flag_find(flags, "protocol")->value, &protocol, &err) !=
        CLG_OK)
        return clg_cli_fail(&err);
    clg_records records;
    if ((exit_status = clg_cli_records_open(globals, &records)) == CLG_EXIT_OK) {
        clg_course_replan_result result;
        if (clg_records_course_replan(&records, id, protocol, &result, &err) != CLG_OK)
            exit_status = clg_cli_fail(&err);
        else
            exit_status = print_replan(id, protocol, &result, json);
        clg_cli_records_close(&records);
    }
    clg_protocol_free(protocol);
    return exit_status;
}

/* The first flag given that only `course start` takes ("protocol" too, unless allowed), or NULL. */
static const char *start_only_flag(clg_cli_flag *flags, bool protocol_allowed)
{
    const char *given = clg_cli_assessment_flag_given(flags);
    static const char *const start_only[] = {"client", "force", "reason", "protocol"};
    size_t count = sizeof start_only / sizeof start_only[0] - (protocol_allowed ? 1 : 0);
    for (size_t i = 0; given == NULL && i < count; i++)
        if (clg_cli_flag_find(flags, start_only[i])->given)
            given = start_only[i];
    return given;
}

static int run_course(int argc, char **argv, const clg_cli_globals *globals)
{
    clg_cli_flag flags[] = {
        CLG_CLI_ASSESSMENT_FLAGS,
        {.name = "client", .takes_value = true},
        {.name = "protocol", .takes_value = true},
        {.name = "force"},
        {.name = "reason", .takes_value = true},
        {.name = "format", .takes_value = true},
        {.name = "help"},
        {.name = NULL},
    };
    clg_cli_args args;
    int status = clg_cli_begin("course", usage, argc, argv, flags, 2, formats, &args);
    if (status != CLG_CLI_GO_ON)
        return status;
    const char *format = args.format;
    bool json = strcmp(format, "json") == 0;
    const char *action = args.count > 0 ? args.positionals[0] : "";
    if (strcmp(action, "start") == 0 && args.count == 1) {
        if (clg_cli_is_export_format(format))
            return clg_cli_fail_text(CLG_EXIT_USAGE, "--format",
                                     "'course start' prints the new id as text or json; use "
                                     "'course show ID --format %s' for the export",
                                     format);
        return start(flags, globals, json);
    }
    if (strcmp(action, "show") == 0) {
        const char *given = start_only_flag(flags, false);
        if (given)
            return clg_cli_fail_text(CLG_EXIT_USAGE, "course show", "--%s is for 'course start'",
                                     given);
        if (args.count != 2)
            return clg_cli_usage_error("course", "'course show' needs exactly one ID");
        return show(args.positionals[1], globals, format);
    }
    if (strcmp(action, "replan") == 0) {
        const char *given = start_only_flag(flags, true);
        if (given)
            return clg_cli_fail_text(CLG_EXIT_USAGE, "course replan",
                                     "--%s is for 'course start'", given);
        if (args.count != 2)
            return clg_cli_usage_error("course", "'course replan' needs exactly one ID");
        if (clg_cli_is_export_format(format))
            return clg_cli_fail_text(CLG_EXIT_USAGE, "--format",
                                     "'course replan' answers as text or json");
        return replan(args.positionals[1], flags, globals, json);
    }
    clg_course_life_action life;
    if (clg_cli_course_life_action(action, &life)) {
        const char *given = clg_cli_assessment_flag_given(flags);
        static const char *const not_here[] = {"client", "force", "protocol"};
        for (size_t i = 0; given == NULL && i < sizeof not_here / sizeof not_here[0]; i++)
            if (clg_cli_flag_find(flags, not_here[i])->given)
                given = not_here[i];
        if (given)
            return clg_cli_fail_text(CLG_EXIT_USAGE, "course", "--%s is not for 'course %s'", given,
                                     action);
        if (args.count != 2)
            return clg_cli_fail_text(CLG_EXIT_USAGE, "course", "'course %s' needs exactly one ID",
                                     action);
        if (clg_cli_is_export_format(format))
            return clg_cli_fail_text(CLG_EXIT_USAGE, "--format",
                                     "'course %s' answers as text or json", action);
        return clg_cli_course_life(life, args.positionals[1], flags, globals, format);
    }
    return clg_cli_usage_error("course", "use 'course start --client ID ...', 'course show ID', "
                                         "'course replan ID', 'course complete ID', "
                                         "'course discontinue ID --reason TEXT' or "
                                         "'course reopen ID --reason TEXT'");
}

const clg_cli_command clg_cli_course_command = {
    .name = "course",
    .summary = "start a client's treatment course, show, re-plan, close or reopen one",
    .usage = usage,
    .run = run_course,
};

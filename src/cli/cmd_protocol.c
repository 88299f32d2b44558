/*
 * `collagenda protocol show` prints the protocol in force (the default, or
 * --protocol FILE) as JSON; `protocol check FILE` validates a clinic's file.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "render/export.h"

static const char usage[] =
    "usage: collagenda protocol show [--protocol FILE] [--format json|fhir]\n"
    "       collagenda protocol check FILE\n"
    "\n"
    "show   prints the protocol as JSON: every number with its source tag, and the\n"
    "       sources with their kind (marketing, study, review, consensus,\n"
    "       clinic-practice). --format fhir prints it as a FHIR R4\n"
    "       PlanDefinition instead.\n"
    "check  validates a clinic's protocol file; a bad file is reported with the\n"
    "       first bad field and exit status 2.\n";

static int show(const char *path, const char *format)
{
    clg_protocol *protocol;
    clg_error err;
    if (strcmp(format, "json") != 0 && strcmp(format, "fhir") != 0)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--format",
                                 "'%s' is not allowed; use one of: json, fhir", format);
    if (clg_cli_load_protocol(path, &protocol, &err) != CLG_OK)
        return clg_cli_fail(&err);
    if (strcmp(format, "fhir") == 0) {
        clg_buffer fhir = CLG_BUFFER_INIT;
        clg_render_protocol_fhir(protocol, &fhir, true);
        clg_buffer_puts(&fhir, "\n");
        clg_protocol_free(protocol);
        int status = clg_cli_write_stdout(&fhir);
        clg_buffer_free(&fhir);
        return status;
    }
    char *json = clg_protocol_to_json(protocol);
    clg_protocol_free(protocol);
    if (json == NULL)
        return clg_cli_fail_text(CLG_EXIT_FAILURE, "protocol", "out of memory");
    clg_buffer out = CLG_BUFFER_INIT;
    clg_buffer_puts(&out, json);
    clg_buffer_puts(&out, "\n");
    free(json);
    int status = clg_cli_write_stdout(&out);
    clg_buffer_free(&out);
    return status;
}

static int check(const char *path)
{
    clg_protocol *protocol;
    clg_error err;
    if (clg_cli_load_protocol(path, &protocol, &err) != CLG_OK)
        return clg_cli_fail(&err);
    clg_buffer out = CLG_BUFFER_INIT;
    clg_buffer_printf(&out, "%s: ok (protocol %s, version %s)\n", path, protocol->name,
                      protocol->version);
    clg_protocol_free(protocol);
    int status = clg_cli_write_stdout(&out);
    clg_buffer_free(&out);
    return status;
}

static int run_protocol(int argc, char **argv, const clg_cli_globals *globals)
{
    (void)globals;
    clg_cli_flag flags[] = {
        {.name = "protocol", .takes_value = true},
        {.name = "format", .takes_value = true},
        {.name = "help"},
        {.name = NULL},
    };
    clg_cli_args args;
    int status = clg_cli_begin("protocol", usage, argc, argv, flags, 2, NULL, &args);
    if (status != CLG_CLI_GO_ON)
        return status;
    clg_cli_flag *format = clg_cli_flag_find(flags, "format");
    if (args.count == 1 && strcmp(args.positionals[0], "show") == 0)
        return show(clg_cli_flag_find(flags, "protocol")->value,
                    format->given ? format->value : "json");
    if (args.count == 2 && strcmp(args.positionals[0], "check") == 0 &&
        !clg_cli_flag_find(flags, "protocol")->given && !format->given)
        return check(args.positionals[1]);
    if (args.count >= 1 && strcmp(args.positionals[0], "check") == 0 && format->given)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--format", "applies to 'protocol show' only");
    if (args.count >= 1 && strcmp(args.positionals[0], "check") == 0)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "protocol check", "needs exactly one FILE");
    return clg_cli_fail_text(CLG_EXIT_USAGE, "protocol",
                             "use 'protocol show' or 'protocol check FILE'");
}

const clg_cli_command clg_cli_protocol_command = {
    .name = "protocol",
    .summary = "show the protocol in force, or check a clinic's protocol file",
    .usage = usage,
    .run = run_protocol,
};

/*
 * `collagenda token create`: a bearer token for an integrator or a script.
 * The token is printed once; the store keeps only its SHA-256.
 */
#include <string.h>

#include "cli/records_cli.h"
#include "collagenda/records.h"
#include "service/accounts.h"

static const char usage[] =
    "usage: collagenda [--db PATH] token create --email E [--label TEXT]\n"
    "\n"
    "Creates a bearer token for the user with that e-mail address and prints it\n"
    "once; send it as 'Authorization: Bearer TOKEN'. Only its hash is stored.\n";

static int create(clg_cli_flag *flags, const clg_cli_globals *globals)
{
    const char *email = clg_cli_flag_find(flags, "email")->value;
    const char *label = clg_cli_flag_find(flags, "label")->value;
    if (email == NULL)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--email", "is required");
    clg_records records;
    int exit_status = clg_cli_records_open(globals, &records);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    char token[CLG_SECRET_TEXT_SIZE];
    clg_error err;
    if (clg_records_token_create(&records, email, label, token, &err) == CLG_OK) {
        clg_buffer out = CLG_BUFFER_INIT;
        clg_buffer_printf(&out, "%s\n", token);
        exit_status = clg_cli_write_stdout(&out);
        clg_buffer_free(&out);
    } else {
        exit_status = clg_cli_fail(&err);
    }
    clg_cli_records_close(&records);
    return exit_status;
}

static int run_token(int argc, char **argv, const clg_cli_globals *globals)
{
    clg_cli_flag flags[] = {
        {.name = "email", .takes_value = true},
        {.name = "label", .takes_value = true},
        {.name = "help"},
        {.name = NULL},
    };
    clg_cli_args args;
    int status = clg_cli_begin("token", usage, argc, argv, flags, 1, NULL, &args);
    if (status != CLG_CLI_GO_ON)
        return status;
    if (args.count != 1 || strcmp(args.positionals[0], "create") != 0)
        return clg_cli_usage_error("token", "use 'token create --email E'");
    return create(flags, globals);
}

const clg_cli_command clg_cli_token_command = {
    .name = "token",
    .summary = "create a bearer token for a user (printed once)",
    .usage = usage,
    .run = run_token,
};

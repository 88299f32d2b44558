/*
 * `collagenda user add`: a staff account for the server. The password is
 * read from standard input (never a flag, so it stays out of shell history
 * and the process list) and stored only as an argon2id hash.
 */
#include <string.h>

#include "cli/records_cli.h"
#include "collagenda/records.h"
#include "service/accounts.h"

static const char usage[] =
    "usage: collagenda [--db PATH] user add --email E [--role admin|staff] [--clinic NAME]\n"
    "\n"
    "Adds a staff account to the clinic (default: the database's default clinic).\n"
    "The password (at least 12 characters) is read from the first line of\n"
    "standard input. Admins may manage users; staff may use every records route.\n";

/* Reads the first line of stdin into out, without its line end. */
static int read_password(char *out, size_t size)
{
    if (fgets(out, (int)size, stdin) == NULL)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "password",
                                 "give the password on the first line of standard input");
    out[strcspn(out, "\r\n")] = '\0';
    return CLG_EXIT_OK;
}

static int add(clg_cli_flag *flags, const clg_cli_globals *globals)
{
    const char *email = clg_cli_flag_find(flags, "email")->value;
    const char *role = clg_cli_flag_find(flags, "role")->value;
    if (email == NULL)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--email", "is required");
    char password[CLG_PASSWORD_MAX_LENGTH + 2];
    int exit_status = read_password(password, sizeof password);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;

    clg_cli_globals for_clinic = *globals;
    clg_cli_flag *clinic = clg_cli_flag_find(flags, "clinic");
    if (clinic->given)
        for_clinic.clinic_name = clinic->value;
    clg_records records;
    if ((exit_status = clg_cli_records_open(&for_clinic, &records)) != CLG_EXIT_OK)
        return exit_status;
    int64_t id = 0;
    clg_error err;
    if (clg_records_user_add(&records, email, role, password, &id, &err) == CLG_OK)
        exit_status = clg_cli_print_id(id, false);
    else
        exit_status = clg_cli_fail(&err);
    clg_cli_records_close(&records);
    return exit_status;
}

static int run_user(int argc, char **argv, const clg_cli_globals *globals)
{
    clg_cli_flag flags[] = {
        {.name = "email", .takes_value = true},
        {.name = "role", .takes_value = true},
        {.name = "clinic", .takes_value = true},
        {.name = "help"},
        {.name = NULL},
    };
    clg_cli_args args;
    int status = clg_cli_begin("user", usage, argc, argv, flags, 1, NULL, &args);
    if (status != CLG_CLI_GO_ON)
        return status;
    if (args.count != 1 || strcmp(args.positionals[0], "add") != 0)
        return clg_cli_usage_error("user", "use 'user add --email E'");
    return add(flags, globals);
}

const clg_cli_command clg_cli_user_command = {
    .name = "user",
    .summary = "add a staff account for the server (password on stdin)",
    .usage = usage,
    .run = run_user,
};

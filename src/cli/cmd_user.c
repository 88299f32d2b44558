/*
 * `collagenda user add`: a staff account for the server. The password is
 * read from standard input (never a flag, so it stays out of shell history
 * and the process list) and stored only as an argon2id hash.
 */
#include <string.h>

#include "base/credentials.h"
#include "cli/records_cli.h"
#include "collagenda/records.h"
#include "store/accounts.h"

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
    clg_cli_flag *role_flag = clg_cli_flag_find(flags, "role");
    const char *role_word = role_flag->given ? role_flag->value : "staff";
    clg_user_role role;
    clg_error err;
    if (email == NULL)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--email", "is required");
    if (clg_email_check("--email", email, &err) != CLG_OK)
        return clg_cli_fail(&err);
    if (email[0] == '\0')
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--email", "must not be empty");
    if (!clg_user_role_parse(role_word, &role))
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--role",
                                 "'%.40s' is not allowed; use one of: admin, staff", role_word);

    char password[CLG_PASSWORD_MAX_LENGTH + 2];
    char hash[CLG_PASSWORD_HASH_SIZE];
    int exit_status = read_password(password, sizeof password);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    if (clg_password_check(password, &err) != CLG_OK || clg_credentials_init(&err) != CLG_OK ||
        clg_password_hash(password, hash, &err) != CLG_OK)
        return clg_cli_fail(&err);

    clg_cli_globals for_clinic = *globals;
    clg_cli_flag *clinic = clg_cli_flag_find(flags, "clinic");
    if (clinic->given)
        for_clinic.clinic_name = clinic->value;
    clg_records records;
    if ((exit_status = clg_cli_records_open(&for_clinic, &records)) != CLG_EXIT_OK)
        return exit_status;
    int64_t id = 0;
    clg_status status = clg_store_begin(records.store, true, &err);
    if (status == CLG_OK)
        status = clg_store_user_insert(records.store, records.clinic, email, role, hash, &id, &err);
    if (status == CLG_OK) {
        clg_audit_entry entry = {.who = records.who,
                                 .action = "user.add",
                                 .entity = "user",
                                 .entity_id = id,
                                 .after = clg_user_role_name(role)};
        status = clg_store_audit_append(records.store, records.clinic, &entry, &err);
    }
    if (status == CLG_OK)
        status = clg_store_commit(records.store, &err);
    else
        clg_store_rollback(records.store);
    exit_status = status == CLG_OK ? clg_cli_print_id(id, false) : clg_cli_fail(&err);
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

/*
 * `collagenda token create`: a bearer token for an integrator or a script.
 * The token is printed once; the store keeps only its SHA-256.
 */
#include <string.h>

#include "base/credentials.h"
#include "cli/records_cli.h"
#include "collagenda/records.h"
#include "store/accounts.h"

static const char usage[] =
    "usage: collagenda [--db PATH] token create --email E [--label TEXT]\n"
    "\n"
    "Creates a bearer token for the user with that e-mail address and prints it\n"
    "once; send it as 'Authorization: Bearer TOKEN'. Only its hash is stored.\n";

static int create(clg_cli_flag *flags, const clg_cli_globals *globals)
{
    const char *email = clg_cli_flag_find(flags, "email")->value;
    const char *label = clg_cli_flag_find(flags, "label")->value;
    clg_error err;
    if (email == NULL)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--email", "is required");
    if (label && clg_text_check("--label", label, CLG_NAME_MAX_BYTES, false, &err) != CLG_OK)
        return clg_cli_fail(&err);
    if (clg_credentials_init(&err) != CLG_OK)
        return clg_cli_fail(&err);
    clg_records records;
    int exit_status = clg_cli_records_open(globals, &records);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;

    char token[CLG_SECRET_TEXT_SIZE], hash[CLG_SECRET_HASH_TEXT_SIZE];
    clg_secret_new(token);
    clg_secret_hash(token, hash);
    clg_user_row user = {0};
    int64_t id = 0;
    clg_status status = clg_store_begin(records.store, true, &err);
    if (status == CLG_OK && clg_store_user_find(records.store, email, &user, &err) != CLG_OK)
        status = clg_error_set(&err, CLG_ERR_NOT_FOUND, "--email",
                               "no user has the address '%.80s'", email);
    if (status == CLG_OK)
        status = clg_store_token_insert(records.store, user.id, hash, label, &id, &err);
    if (status == CLG_OK) {
        clg_audit_entry entry = {.who = records.who,
                                 .action = "token.create",
                                 .entity = "user",
                                 .entity_id = user.id,
                                 .after = label};
        status = clg_store_audit_append(records.store, user.clinic_id, &entry, &err);
    }
    if (status == CLG_OK)
        status = clg_store_commit(records.store, &err);
    else
        clg_store_rollback(records.store);
    clg_store_row_free(user.storage);
    if (status == CLG_OK) {
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

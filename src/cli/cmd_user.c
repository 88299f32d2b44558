/*
 * `collagenda user add | list | disable | enable | password | role`: the
 * server's staff accounts (docs/records.md#staff-accounts). A password is
 * read from standard input (never a flag, so it stays out of shell history
 * and the process list) and stored only as an argon2id hash. The rules
 * (ending a disabled user's sessions and tokens, keeping one admin) are
 * the service's (service/staff.h); the CLI acts as the database's owner,
 * so NAME is a user of any clinic.
 */
#include <string.h>

#include "cli/records_cli.h"
#include "collagenda/records.h"
#include "render/staff.h"
#include "service/accounts.h"
#include "service/staff.h"

static const char usage[] =
    "usage: collagenda [--db PATH] user add --email E [--role admin|staff] [--clinic NAME]\n"
    "       collagenda [--db PATH] user list [--clinic NAME] [--format text|json]\n"
    "       collagenda [--db PATH] user disable NAME\n"
    "       collagenda [--db PATH] user enable NAME\n"
    "       collagenda [--db PATH] user password NAME\n"
    "       collagenda [--db PATH] user role NAME admin|staff\n"
    "\n"
    "NAME is the user's e-mail address. Admins may manage users; staff may use\n"
    "every records route.\n"
    "\n"
    "add       adds a staff account to the clinic (default: the database's default\n"
    "          clinic); the password (at least 12 characters) is read from the\n"
    "          first line of standard input.\n"
    "list      the clinic's users: id, role, enabled or disabled, e-mail.\n"
    "disable   the user can no longer log in; their login sessions end and their\n"
    "          bearer tokens are revoked at once (enable does not bring them back).\n"
    "enable    lets a disabled user log in again.\n"
    "password  sets a new password, read from the first line of standard input;\n"
    "          every login session of the user ends (tokens are left alone).\n"
    "role      makes the user an admin or staff, from their next request on.\n"
    "\n"
    "The clinic's last enabled admin cannot be disabled or made staff (exit 3).\n"
    "The changes print the user as it now is (--format json: as user list does).\n";

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

typedef struct list_context {
    clg_buffer *out;
    clg_json_writer *json; /* NULL for text */
} list_context;

static int visit_user(void *context, const clg_user_row *row)
{
    list_context *list = context;
    if (list->json)
        clg_render_user_json(list->json, row);
    else
        clg_render_user_line(row, list->out);
    return 0;
}

static int list(const clg_cli_globals *globals, bool json)
{
    clg_records records;
    int exit_status = clg_cli_records_open(globals, &records);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    clg_buffer out = CLG_BUFFER_INIT;
    clg_json_writer writer;
    list_context context = {.out = &out, .json = json ? &writer : NULL};
    if (json) {
        clg_json_writer_init(&writer, &out, false);
        clg_json_begin_array(&writer);
    } else {
        clg_render_user_list_header(&out);
    }
    clg_error err;
    if (clg_records_users_list(&records, visit_user, &context, &err) == CLG_OK) {
        if (json) {
            clg_json_end_array(&writer);
            clg_buffer_puts(&out, "\n");
        }
        exit_status = clg_cli_write_stdout(&out);
    } else {
        exit_status = clg_cli_fail(&err);
    }
    clg_buffer_free(&out);
    clg_cli_records_close(&records);
    return exit_status;
}

/* An error about the NAME or ROLE the person typed, named as they typed it. */
static int fail_word(const clg_error *err, const char *word)
{
    return clg_cli_fail_text(clg_cli_exit_status(err->status), word, "%s", err->message);
}

/* Prints the user with this e-mail as `user list` would. */
static int print_user(const clg_records *records, const char *email, bool json)
{
    clg_user_row user;
    clg_error err;
    if (clg_records_user_by_email(records, email, &user, &err) != CLG_OK)
        return clg_cli_fail(&err);
    clg_buffer out = CLG_BUFFER_INIT;
    if (json) {
        clg_json_writer writer;
        clg_json_writer_init(&writer, &out, false);
        clg_render_user_json(&writer, &user);
        clg_buffer_puts(&out, "\n");
    } else {
        clg_render_user_line(&user, &out);
    }
    int exit_status = clg_cli_write_stdout(&out);
    clg_buffer_free(&out);
    clg_store_row_free(user.storage);
    return exit_status;
}

/* disable, enable, password and role: a change to the user NAME. */
static int change(const char *action, const char *name, const char *role, bool json,
                  const clg_cli_globals *globals)
{
    char password[CLG_PASSWORD_MAX_LENGTH + 2];
    bool to_password = strcmp(action, "password") == 0;
    int exit_status = to_password ? read_password(password, sizeof password) : CLG_EXIT_OK;
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    clg_records records;
    if ((exit_status = clg_cli_store_open(globals, &records)) != CLG_EXIT_OK)
        return exit_status;
    clg_user_row user;
    clg_error err;
    clg_status status = clg_records_user_by_email(&records, name, &user, &err);
    if (status != CLG_OK) {
        exit_status = fail_word(&err, "user");
        clg_cli_records_close(&records);
        return exit_status;
    }
    if (to_password) {
        status = clg_records_user_password(&records, user.id, password, NULL, NULL, &err);
    } else {
        clg_user_change what = {.role = role};
        if (strcmp(action, "role") != 0)
            what =
                (clg_user_change){.set_disabled = true, .disabled = strcmp(action, "disable") == 0};
        status = clg_records_user_change(&records, user.id, &what, &err);
    }
    clg_store_row_free(user.storage);
    if (status == CLG_OK)
        exit_status = print_user(&records, name, json);
    else if (strcmp(err.field, "role") == 0 || strcmp(err.field, "password") == 0)
        exit_status = fail_word(&err, err.field);
    else
        exit_status = fail_word(&err, "user");
    clg_cli_records_close(&records);
    return exit_status;
}

static int run_user(int argc, char **argv, const clg_cli_globals *globals)
{
    static const char *const formats[] = {"text", "json", NULL};
    clg_cli_flag flags[] = {
        {.name = "email", .takes_value = true},
        {.name = "role", .takes_value = true},
        {.name = "clinic", .takes_value = true},
        {.name = "format", .takes_value = true},
        {.name = "help"},
        {.name = NULL},
    };
    clg_cli_args args;
    int status = clg_cli_begin("user", usage, argc, argv, flags, 3, formats, &args);
    if (status != CLG_CLI_GO_ON)
        return status;
    const char *action = args.count > 0 ? args.positionals[0] : "";
    bool json = strcmp(args.format, "json") == 0;
    if (strcmp(action, "add") == 0 && args.count == 1)
        return add(flags, globals);
    bool changes = strcmp(action, "disable") == 0 || strcmp(action, "enable") == 0 ||
                   strcmp(action, "password") == 0;
    bool only_add =
        clg_cli_flag_find(flags, "email")->given || clg_cli_flag_find(flags, "role")->given;
    if (only_add && strcmp(action, "add") != 0)
        return clg_cli_usage_error("user", "--email and --role go with 'user add'; the other "
                                           "actions name the user: 'user disable NAME'");
    clg_cli_flag *clinic = clg_cli_flag_find(flags, "clinic");
    if (clinic->given && strcmp(action, "list") != 0)
        return clg_cli_usage_error("user", "--clinic goes with 'user add' and 'user list'");
    if (strcmp(action, "list") == 0 && args.count == 1) {
        clg_cli_globals for_clinic = *globals;
        if (clinic->given)
            for_clinic.clinic_name = clinic->value;
        return list(&for_clinic, json);
    }
    if (changes && args.count == 2)
        return change(action, args.positionals[1], NULL, json, globals);
    if (strcmp(action, "role") == 0 && args.count == 3)
        return change(action, args.positionals[1], args.positionals[2], json, globals);
    return clg_cli_usage_error("user", "use 'user add --email E', 'user list', 'user disable "
                                       "NAME', 'user enable NAME', 'user password NAME' or "
                                       "'user role NAME admin|staff'");
}

const clg_cli_command clg_cli_user_command = {
    .name = "user",
    .summary = "manage the server's staff accounts: add, list, disable, enable, password, role",
    .usage = usage,
    .run = run_user,
};

/*
 * `collagenda token create | list | revoke`: bearer tokens for integrators
 * and scripts (docs/records.md#staff-accounts). A token is printed once
 * when it is made; the store keeps only its SHA-256, so `token list` shows
 * whose each one is, when it was made and when it expires, never a secret.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/records_cli.h"
#include "collagenda/records.h"
#include "render/staff.h"
#include "service/accounts.h"
#include "service/staff.h"

static const char usage[] =
    "usage: collagenda [--db PATH] token create --email E [--label TEXT] [--expires-in DAYS]\n"
    "       collagenda [--db PATH] [--clinic NAME] token list [--user E] [--format text|json]\n"
    "       collagenda [--db PATH] token revoke ID\n"
    "\n"
    "create  makes a bearer token for the user with that e-mail address and prints\n"
    "        it once; send it as 'Authorization: Bearer TOKEN'. Only its hash is\n"
    "        stored. --expires-in DAYS (1 to 3650): it stops working that many days\n"
    "        from now; without it, it works until it is revoked.\n"
    "list    the clinic's tokens (--user: that user's, in any clinic): id, state\n"
    "        (live, expired or revoked), when made, when it expires, whose, label.\n"
    "revoke  the token with that id stops working at once.\n"
    "\n"
    "Disabling a user (`user disable`) revokes every token of theirs.\n";

/*
 * --expires-in DAYS into *days (CLG_TOKEN_NO_EXPIRY when absent). Returns
 * CLG_EXIT_OK or the status reported.
 */
static int read_expiry(clg_cli_flag *flags, int64_t *days)
{
    clg_cli_flag *flag = clg_cli_flag_find(flags, "expires-in");
    *days = CLG_TOKEN_NO_EXPIRY;
    if (!flag->given)
        return CLG_EXIT_OK;
    const char *text = flag->value;
    char *end = NULL;
    errno = 0;
    long value = text[0] >= '0' && text[0] <= '9' ? strtol(text, &end, 10) : -1;
    if (value < 1 || value > CLG_TOKEN_MAX_DAYS || errno != 0 || *end != '\0')
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--expires-in",
                                 "'%.40s' is not allowed; use a whole number of days from 1 to %d",
                                 text, CLG_TOKEN_MAX_DAYS);
    *days = value;
    return CLG_EXIT_OK;
}

static int create(clg_cli_flag *flags, const clg_cli_globals *globals)
{
    const char *email = clg_cli_flag_find(flags, "email")->value;
    const char *label = clg_cli_flag_find(flags, "label")->value;
    if (email == NULL)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--email", "is required");
    int64_t days;
    int exit_status = read_expiry(flags, &days);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    clg_records records;
    /* Any clinic's user: the CLI acts as the database's owner. */
    if ((exit_status = clg_cli_store_open(globals, &records)) != CLG_EXIT_OK)
        return exit_status;
    clg_token_issued issued;
    clg_error err;
    if (clg_records_token_create(&records, email, label, days, &issued, &err) == CLG_OK) {
        clg_buffer out = CLG_BUFFER_INIT;
        clg_buffer_printf(&out, "%s\n", issued.secret);
        exit_status = clg_cli_write_stdout(&out);
        clg_buffer_free(&out);
    } else {
        exit_status = clg_cli_fail(&err);
    }
    clg_cli_records_close(&records);
    return exit_status;
}

typedef struct list_context {
    clg_buffer *out;
    clg_json_writer *json; /* NULL for text */
    int64_t now;
} list_context;

static int visit_token(void *context, const clg_token_row *row)
{
    list_context *list = context;
    if (list->json)
        clg_render_token_json(list->json, row, list->now);
    else
        clg_render_token_line(row, list->now, list->out);
    return 0;
}

static int list(const char *user_email, bool json, const clg_cli_globals *globals)
{
    clg_records records;
    /* One user's tokens wherever they are; else the clinic's. */
    int exit_status = user_email ? clg_cli_store_open(globals, &records)
                                 : clg_cli_records_open(globals, &records);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    clg_error err;
    clg_user_row user = {0};
    if (user_email && clg_records_user_by_email(&records, user_email, &user, &err) != CLG_OK) {
        exit_status =
            clg_cli_fail_text(clg_cli_exit_status(err.status), "--user", "%s", err.message);
        clg_cli_records_close(&records);
        return exit_status;
    }
    clg_buffer out = CLG_BUFFER_INIT;
    clg_json_writer writer;
    list_context context = {.out = &out, .json = json ? &writer : NULL, .now = (int64_t)time(NULL)};
    if (json) {
        clg_json_writer_init(&writer, &out, false);
        clg_json_begin_array(&writer);
    } else {
        clg_render_token_list_header(&out);
    }
    if (clg_records_tokens_list(&records, user.id, visit_token, &context, &err) == CLG_OK) {
        if (json) {
            clg_json_end_array(&writer);
            clg_buffer_puts(&out, "\n");
        }
        exit_status = clg_cli_write_stdout(&out);
    } else {
        exit_status = clg_cli_fail(&err);
    }
    clg_buffer_free(&out);
    clg_store_row_free(user.storage);
    clg_cli_records_close(&records);
    return exit_status;
}

static int revoke(const char *id_text, const clg_cli_globals *globals)
{
    int64_t id;
    int exit_status = clg_cli_parse_id("token", id_text, &id);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    clg_records records;
    if ((exit_status = clg_cli_store_open(globals, &records)) != CLG_EXIT_OK)
        return exit_status;
    clg_error err;
    if (clg_records_token_revoke(&records, id, &err) != CLG_OK)
        exit_status = clg_cli_fail(&err);
    clg_cli_records_close(&records);
    return exit_status;
}

static int run_token(int argc, char **argv, const clg_cli_globals *globals)
{
    static const char *const formats[] = {"text", "json", NULL};
    clg_cli_flag flags[] = {
        {.name = "email", .takes_value = true},
        {.name = "label", .takes_value = true},
        {.name = "expires-in", .takes_value = true},
        {.name = "user", .takes_value = true},
        {.name = "format", .takes_value = true},
        {.name = "help"},
        {.name = NULL},
    };
    clg_cli_args args;
    int status = clg_cli_begin("token", usage, argc, argv, flags, 2, formats, &args);
    if (status != CLG_CLI_GO_ON)
        return status;
    const char *action = args.count > 0 ? args.positionals[0] : "";
    bool create_flags = clg_cli_flag_find(flags, "email")->given ||
                        clg_cli_flag_find(flags, "label")->given ||
                        clg_cli_flag_find(flags, "expires-in")->given;
    if (strcmp(action, "create") == 0 && args.count == 1 &&
        !clg_cli_flag_find(flags, "user")->given)
        return create(flags, globals);
    if (create_flags)
        return clg_cli_usage_error("token", "--email, --label and --expires-in go with "
                                            "'token create'");
    if (strcmp(action, "list") == 0 && args.count == 1)
        return list(clg_cli_flag_find(flags, "user")->value, strcmp(args.format, "json") == 0,
                    globals);
    if (strcmp(action, "revoke") == 0 && args.count == 2 &&
        !clg_cli_flag_find(flags, "user")->given)
        return revoke(args.positionals[1], globals);
    return clg_cli_usage_error("token", "use 'token create --email E', 'token list [--user E]' "
                                        "or 'token revoke ID'");
}

const clg_cli_command clg_cli_token_command = {
    .name = "token",
    .summary = "create, list or revoke bearer tokens (a new one is printed once)",
    .usage = usage,
    .run = run_token,
};

/*
 * `collagenda portal create | revoke | show`: a client's secret portal link
 * (service/portal.h). The link holds a secret token, printed once by create;
 * the store keeps only its hash, so a lost link is replaced (create again),
 * never shown again, and show lists the links without it.
 */
#include <string.h>

#include "cli/records_cli.h"
#include "service/portal.h"

static const char usage[] =
    "usage: collagenda [--db PATH] [--clinic NAME] portal create --client ID\n"
    "       collagenda [--db PATH] [--clinic NAME] portal revoke --client ID\n"
    "       collagenda [--db PATH] [--clinic NAME] portal show --client ID\n"
    "\n"
    "create  prints the path of a new secret portal link for the client,\n"
    "        /portal/TOKEN, once; served by `collagenda serve` without a login,\n"
    "        it shows the client's course and books, moves or cancels its next\n"
    "        visit inside the safe window. Creating one revokes the old.\n"
    "revoke  revokes the client's portal link; it then answers 404.\n"
    "show    lists the client's links: when each was created and revoked (never\n"
    "        the secret).\n";

static int create(const clg_records *records, int64_t client_id)
{
    char token[CLG_SECRET_TEXT_SIZE], path[CLG_PORTAL_PATH_SIZE];
    clg_error err;
    if (clg_records_portal_create(records, client_id, token, &err) != CLG_OK)
        return clg_cli_fail(&err);
    clg_buffer out = CLG_BUFFER_INIT;
    clg_buffer_printf(&out, "%s\n", clg_portal_path(token, path));
    memset(token, 0, sizeof token);
    int exit_status = clg_cli_write_stdout(&out);
    clg_buffer_free(&out);
    return exit_status;
}

static int show_link(void *context, const clg_portal_row *row)
{
    clg_buffer_printf(context, "link %lld  created %s  %s%s\n", (long long)row->id,
                      row->created_at ? row->created_at : "-", row->revoked ? "revoked " : "live",
                      row->revoked && row->revoked_at ? row->revoked_at : "");
    return 0;
}

static int show(const clg_records *records, int64_t client_id)
{
    clg_buffer out = CLG_BUFFER_INIT;
    clg_error err;
    int exit_status;
    if (clg_records_portal_list(records, client_id, show_link, &out, &err) != CLG_OK) {
        exit_status = clg_cli_fail(&err);
    } else {
        if (out.length == 0)
            clg_buffer_printf(&out, "client %lld has had no portal link\n", (long long)client_id);
        exit_status = clg_cli_write_stdout(&out);
    }
    clg_buffer_free(&out);
    return exit_status;
}

static int run_portal(int argc, char **argv, const clg_cli_globals *globals)
{
    clg_cli_flag flags[] = {
        {.name = "client", .takes_value = true},
        {.name = "help"},
        {.name = NULL},
    };
    clg_cli_args args;
    int status = clg_cli_begin("portal", usage, argc, argv, flags, 1, NULL, &args);
    if (status != CLG_CLI_GO_ON)
        return status;
    const char *action = args.count == 1 ? args.positionals[0] : "";
    bool creating = strcmp(action, "create") == 0, showing = strcmp(action, "show") == 0;
    if (!creating && !showing && strcmp(action, "revoke") != 0)
        return clg_cli_usage_error("portal", "use 'portal create --client ID', "
                                             "'portal revoke --client ID' or "
                                             "'portal show --client ID'");
    clg_cli_flag *client = clg_cli_flag_find(flags, "client");
    if (!client->given)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--client", "is required (a client id)");
    int64_t client_id;
    if ((status = clg_cli_parse_id("--client", client->value, &client_id)) != CLG_EXIT_OK)
        return status;
    clg_error err;
    if (clg_credentials_init(&err) != CLG_OK)
        return clg_cli_fail(&err);

    clg_records records;
    if ((status = clg_cli_records_open(globals, &records)) != CLG_EXIT_OK)
        return status;
    if (creating)
        status = create(&records, client_id);
    else if (showing)
        status = show(&records, client_id);
    else if (clg_records_portal_revoke(&records, client_id, &err) != CLG_OK)
        status = clg_cli_fail(&err);
    clg_cli_records_close(&records);
    return status;
}

const clg_cli_command clg_cli_portal_command = {
    .name = "portal",
    .summary = "create, revoke or show a client's secret portal link",
    .usage = usage,
    .run = run_portal,
};

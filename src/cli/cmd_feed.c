/*
 * `collagenda feed create | revoke`: a client's calendar subscription URL.
 * The URL holds a secret token, printed once; the store keeps only its
 * hash, so a lost URL is replaced (create again), never shown again.
 */
#include <string.h>

#include "cli/records_cli.h"
#include "service/feeds.h"

static const char usage[] =
    "usage: collagenda [--db PATH] [--clinic NAME] feed create --client ID\n"
    "       collagenda [--db PATH] [--clinic NAME] feed revoke --client ID\n"
    "\n"
    "create  prints the path of a new secret calendar URL for the client,\n"
    "        /feeds/TOKEN.ics, once; served by `collagenda serve` without a login,\n"
    "        it holds every course of the client. Creating one revokes the old.\n"
    "revoke  revokes the client's calendar URL; it then answers 404.\n";

static int create(const clg_records *records, int64_t client_id)
{
    char token[CLG_SECRET_TEXT_SIZE], path[CLG_FEED_PATH_SIZE];
    clg_error err;
    if (clg_records_feed_create(records, client_id, token, &err) != CLG_OK)
        return clg_cli_fail(&err);
    clg_buffer out = CLG_BUFFER_INIT;
    clg_buffer_printf(&out, "%s\n", clg_feed_path(token, path));
    int exit_status = clg_cli_write_stdout(&out);
    clg_buffer_free(&out);
    return exit_status;
}

static int run_feed(int argc, char **argv, const clg_cli_globals *globals)
{
    clg_cli_flag flags[] = {
        {.name = "client", .takes_value = true},
        {.name = "help"},
        {.name = NULL},
    };
    clg_cli_args args;
    int status = clg_cli_begin("feed", usage, argc, argv, flags, 1, NULL, &args);
    if (status != CLG_CLI_GO_ON)
        return status;
    const char *action = args.count == 1 ? args.positionals[0] : "";
    bool creating = strcmp(action, "create") == 0;
    if (!creating && strcmp(action, "revoke") != 0)
        return clg_cli_usage_error("feed", "use 'feed create --client ID' or "
                                           "'feed revoke --client ID'");
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
    if (creating) {
        status = create(&records, client_id);
    } else if (clg_records_feed_revoke(&records, client_id, &err) != CLG_OK) {
        status = clg_cli_fail(&err);
    }
    clg_cli_records_close(&records);
    return status;
}

const clg_cli_command clg_cli_feed_command = {
    .name = "feed",
    .summary = "create or revoke a client's secret calendar URL",
    .usage = usage,
    .run = run_feed,
};

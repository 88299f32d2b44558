/*
 * `collagenda backup FILE`: a consistent copy of the whole database through
 * SQLite's online backup API, safe to take while other processes write.
 */
#include <string.h>

#include "cli/records_cli.h"

static const char usage[] =
    "usage: collagenda backup FILE\n"
    "\n"
    "Global options, before the command: --db PATH, --clinic NAME.\n"
    "\n"
    "Writes a consistent copy of the database (every clinic) to FILE, created with\n"
    "mode 0600; an existing FILE is never replaced. Safe while others write.\n";

static int run_backup(int argc, char **argv, const clg_cli_globals *globals)
{
    clg_cli_flag flags[] = {
        {.name = "help"},
        {.name = NULL},
    };
    clg_cli_args args;
    int status = clg_cli_begin("backup", usage, argc, argv, flags, 1, NULL, &args);
    if (status != CLG_CLI_GO_ON)
        return status;
    if (args.count != 1 || args.positionals[0][0] == '\0')
        return clg_cli_usage_error("backup", "needs exactly one FILE");
    clg_records records;
    if ((status = clg_cli_records_open(globals, &records)) != CLG_EXIT_OK)
        return status;
    clg_error err;
    if (clg_store_backup(records.store, args.positionals[0], &err) != CLG_OK) {
        status = clg_cli_fail(&err);
    } else {
        clg_buffer out = CLG_BUFFER_INIT;
        clg_buffer_printf(&out, "backup written to %s\n", args.positionals[0]);
        status = clg_cli_write_stdout(&out);
        clg_buffer_free(&out);
    }
    clg_cli_records_close(&records);
    return status;
}

const clg_cli_command clg_cli_backup_command = {
    .name = "backup",
    .summary = "copy the database safely while it is in use",
    .usage = usage,
    .run = run_backup,
};

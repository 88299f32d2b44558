/*
 * `collagenda copy --from SQLITE_PATH --to postgresql://...`: moves a whole
 * SQLite database into an empty PostgreSQL one (ids, audit log and all, in
 * one transaction; store/copy.c) and prints each table's rows, counted on
 * both sides.
 */
#include <stdio.h>

#include "cli/records_cli.h"
#include "store/store.h"

static const char usage[] =
    "usage: collagenda copy --from SQLITE_PATH --to postgresql://...\n"
    "\n"
    "Copies every clinic of the SQLite database (brought up to date first) into\n"
    "an empty PostgreSQL database: every row with its id, the audit log too, in\n"
    "one transaction; then checks each table's row count on both sides. On any\n"
    "difference nothing is kept.\n";

static void report(void *context, const char *table, long long rows)
{
    clg_buffer_printf(context, "%-12s %lld\n", table, rows);
}

static int run_copy(int argc, char **argv, const clg_cli_globals *globals)
{
    (void)globals;
    clg_cli_flag flags[] = {
        {.name = "help"},
        {.name = "from", .takes_value = true},
        {.name = "to", .takes_value = true},
        {.name = NULL},
    };
    clg_cli_args args;
    int status = clg_cli_begin("copy", usage, argc, argv, flags, 0, NULL, &args);
    if (status != CLG_CLI_GO_ON)
        return status;
    const char *from = clg_cli_flag_find(flags, "from")->value;
    const char *to = clg_cli_flag_find(flags, "to")->value;
    if (from == NULL || to == NULL)
        return clg_cli_usage_error("copy", "needs --from SQLITE_PATH and --to postgresql://...");
    clg_buffer out = CLG_BUFFER_INIT;
    clg_error err;
    if (clg_store_copy(from, to, report, &out, &err) != CLG_OK) {
        clg_buffer_free(&out);
        return clg_cli_fail(&err);
    }
    clg_buffer_puts(&out, "copied; every table's rows counted on both sides\n");
    status = clg_cli_write_stdout(&out);
    clg_buffer_free(&out);
    return status;
}

const clg_cli_command clg_cli_copy_command = {
    .name = "copy",
    .summary = "copy a SQLite database into an empty PostgreSQL one",
    .usage = usage,
    .run = run_copy,
};

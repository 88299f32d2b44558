/*
 * `collagenda migrate [--dry-run]`: brings the database's schema (SQLite or
 * PostgreSQL, one numbering for both) to this binary's version, or says
 * what that would do. Every command migrates on opening too; this one does
 * it on purpose, before servers start, and a newer schema than the binary
 * knows is an operational failure (exit 1) naming both versions.
 */
#include <stdio.h>

#include "cli/records_cli.h"
#include "store/store.h"

static const char usage[] =
    "usage: collagenda migrate [--dry-run]\n"
    "\n"
    "Global options, before the command: --db PATH | --db postgresql://...\n"
    "\n"
    "Brings the database's schema up to this collagenda's version, every\n"
    "migration once; --dry-run only says which version it is at and how many\n"
    "migrations would run. A schema newer than this collagenda is refused.\n";

static int run_migrate(int argc, char **argv, const clg_cli_globals *globals)
{
    clg_cli_flag flags[] = {
        {.name = "help"},
        {.name = "dry-run"},
        {.name = NULL},
    };
    clg_cli_args args;
    int status = clg_cli_begin("migrate", usage, argc, argv, flags, 0, NULL, &args);
    if (status != CLG_CLI_GO_ON)
        return status;
    char location[4096];
    if ((status = clg_cli_database_path(globals, location, sizeof location)) != CLG_EXIT_OK)
        return status;
    bool dry_run = clg_cli_flag_find(flags, "dry-run")->given;
    clg_error err;
    clg_store_schema before;
    if (clg_store_schema_read(location, &before, &err) != CLG_OK)
        return clg_cli_fail(&err);
    if (before.version > before.latest)
        return clg_cli_fail_text(CLG_EXIT_FAILURE, "database",
                                 "schema version %d, newer than this collagenda knows (%d); "
                                 "upgrade collagenda",
                                 before.version, before.latest);
    clg_buffer out = CLG_BUFFER_INIT;
    if (dry_run) {
        clg_buffer_printf(
            &out, "schema version %d; this collagenda's is %d: %d migration%s to run\n",
            before.version, before.latest, before.pending, before.pending == 1 ? "" : "s");
    } else {
        clg_store *store;
        if (clg_store_open(location, &store, &err) != CLG_OK)
            return clg_cli_fail(&err);
        clg_store_close(store);
        if (before.pending == 0)
            clg_buffer_printf(&out, "schema version %d: up to date\n", before.latest);
        else
            clg_buffer_printf(&out, "schema version %d -> %d: %d migration%s applied\n",
                              before.version, before.latest, before.pending,
                              before.pending == 1 ? "" : "s");
    }
    status = clg_cli_write_stdout(&out);
    clg_buffer_free(&out);
    return status;
}

const clg_cli_command clg_cli_migrate_command = {
    .name = "migrate",
    .summary = "bring the database's schema up to this version (or --dry-run)",
    .usage = usage,
    .run = run_migrate,
};

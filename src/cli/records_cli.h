/*
 * What the records commands (client, course, session, due, import, export,
 * backup) share: finding and opening the database, acting for the chosen
 * clinic as $USER (its today from service/today.h), ids and --format values
 * from the command line.
 */
#ifndef CLG_CLI_RECORDS_CLI_H
#define CLG_CLI_RECORDS_CLI_H

#include <stdint.h>

#include "cli/cli.h"
#include "service/records.h"
#include "service/today.h"

/* The clinic the CLI acts for when --clinic is not given (docs/records.md#command-line). */
#define CLG_CLI_DEFAULT_CLINIC "default"

/*
 * The database path: --db, else $COLLAGENDA_DB, else
 * $XDG_DATA_HOME/collagenda/collagenda.db, else
 * ~/.local/share/collagenda/collagenda.db. Writes into out; returns
 * CLG_EXIT_OK or the exit status already reported.
 */
int clg_cli_database_path(const clg_cli_globals *globals, char *out, size_t size);

/*
 * Opens the store and selects the clinic (--clinic, else "default"): a
 * name that is no clinic is exit 2 listing the clinics, except on a fresh
 * database, whose first command creates the clinic it names
 * (docs/records.md#clinic-settings). Fills
 * *records, today being the clinic's (service/today.h). Returns CLG_EXIT_OK or the exit status
 * already reported. Release with clg_cli_records_close().
 */
int clg_cli_records_open(const clg_cli_globals *globals, clg_records *records);
/* Opens the store acting for no clinic (records->clinic 0): `clinic add`. */
int clg_cli_store_open(const clg_cli_globals *globals, clg_records *records);
void clg_cli_records_close(clg_records *records);

/* A positive record id; a bad one is reported naming what. */
int clg_cli_parse_id(const char *what, const char *text, int64_t *id);

/*
 * --force and --reason TEXT into *forced and *reason (NULL when absent):
 * one without the other is a usage error. Returns CLG_EXIT_OK or the exit
 * status already reported.
 */
int clg_cli_read_override(clg_cli_flag *flags, bool *forced, const char **reason);

/* Writes {"id": N} or N and a line break, as records commands that create something do. */
int clg_cli_print_id(int64_t id, bool json);

/* Reports err; a safety refusal also says how to override it (exit 3). */
int clg_cli_fail_refusal(clg_error *err);

/* Prints a usage line for command on stderr and returns CLG_EXIT_USAGE. */
int clg_cli_usage_error(const char *command, const char *message);

#endif

/*
 * The `collagenda` command line: one file per command (tmux style), each
 * exporting one clg_cli_command built with designated initialisers.
 *
 * Contract (docs/records.md#command-line): results on stdout, errors on stderr as
 * "collagenda: what: why" with stdout left empty; exit 0 success,
 * 1 operational failure, 2 usage or invalid input, 3 refused by safety.
 */
#ifndef CLG_CLI_H
#define CLG_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "collagenda/collagenda.h"
#include "base/buffer.h"

enum { CLG_EXIT_OK = 0, CLG_EXIT_FAILURE = 1, CLG_EXIT_USAGE = 2, CLG_EXIT_REFUSED = 3 };

/* Options given before the command, shared by every command. */
typedef struct clg_cli_globals {
    const char *db_path;     /* --db, NULL when not given */
    const char *clinic_name; /* --clinic, NULL when not given */
} clg_cli_globals;

typedef struct clg_cli_command {
    const char *name;
    const char *summary;
    const char *usage; /* the full `COMMAND --help` text */
    /* argv[0] is the command's name; returns an exit status. */
    int (*run)(int argc, char **argv, const clg_cli_globals *globals);
} clg_cli_command;

/* A flag a command accepts; parsing fills value/given. */
typedef struct clg_cli_flag {
    const char *name; /* without the leading "--" */
    bool takes_value;
    const char *value;
    bool given;
} clg_cli_flag;

/*
 * Parses argv[1..] against flags (terminated by a NULL name). Positional
 * words go to positionals (up to max_positionals). Unknown flags, a missing
 * value and a flag given twice are usage errors, reported on stderr; returns
 * CLG_EXIT_OK or CLG_EXIT_USAGE.
 */
int clg_cli_parse_flags(const char *command, int argc, char **argv, clg_cli_flag *flags,
                        const char **positionals, int max_positionals, int *positional_count);

clg_cli_flag *clg_cli_flag_find(clg_cli_flag *flags, const char *name);

/*
 * The --format value (default first in allowed, a NULL-terminated list);
 * a value not in the list is reported. Returns CLG_EXIT_OK or the status.
 */
int clg_cli_format(clg_cli_flag *flags, const char *const *allowed, const char **format);

/* Three for `client merge KEEP OTHER`. */
enum { CLG_CLI_MAX_POSITIONALS = 3, CLG_CLI_GO_ON = -1 };

/* A command's words after parsing: its positionals and its --format. */
typedef struct clg_cli_args {
    const char *positionals[CLG_CLI_MAX_POSITIONALS];
    int count;
    const char *format; /* the --format value or the default; NULL when formats was NULL */
} clg_cli_args;

/*
 * How every command starts: parses argv against flags (which list "help"),
 * prints usage on stdout for --help, and reads --format against formats
 * (NULL for a command without one). Returns CLG_CLI_GO_ON, or the exit
 * status the command returns at once: 0 after --help, 2 after a usage error.
 */
int clg_cli_begin(const char *command, const char *usage, int argc, char **argv,
                  clg_cli_flag *flags, int max_positionals, const char *const *formats,
                  clg_cli_args *args);

/* Prints "collagenda: what: why" on stderr and returns the exit status for status. */
int clg_cli_fail(const clg_error *err);
int clg_cli_fail_text(int exit_status, const char *what, const char *format, ...)
    __attribute__((format(printf, 3, 4)));

/* Maps a library status to the CLI's exit status. */
int clg_cli_exit_status(clg_status status);

/* Writes the whole buffer to stdout; returns CLG_EXIT_FAILURE if stdout fails. */
int clg_cli_write_stdout(const clg_buffer *buffer);

/*
 * Reads a whole file ("-" is stdin) into a NUL-terminated malloc'd buffer.
 * Returns CLG_OK, or CLG_ERR_IO with err naming the path.
 */
clg_status clg_cli_read_file(const char *path, char **text, size_t *length, clg_error *err);

/*
 * Loads the protocol named by path, or the compiled-in default when path is
 * NULL. A bad file is CLG_ERR_INVALID with the field prefixed by the path.
 */
clg_status clg_cli_load_protocol(const char *path, clg_protocol **protocol, clg_error *err);

/* `plan --batch`: plans JSON Lines from path ("-" is stdin) to stdout; returns an exit status. */
int clg_cli_plan_batch(const char *path, const clg_protocol *protocol);

extern const clg_cli_command clg_cli_plan_command;
extern const clg_cli_command clg_cli_protocol_command;
/* The records commands. */
extern const clg_cli_command clg_cli_client_command;
extern const clg_cli_command clg_cli_course_command;
extern const clg_cli_command clg_cli_session_command;
extern const clg_cli_command clg_cli_booking_command;
extern const clg_cli_command clg_cli_due_command;
extern const clg_cli_command clg_cli_diary_command;
extern const clg_cli_command clg_cli_import_command;
extern const clg_cli_command clg_cli_export_command;
extern const clg_cli_command clg_cli_backup_command;
extern const clg_cli_command clg_cli_user_command;
extern const clg_cli_command clg_cli_token_command;
extern const clg_cli_command clg_cli_feed_command;
extern const clg_cli_command clg_cli_portal_command;
extern const clg_cli_command clg_cli_cds_client_command;
extern const clg_cli_command clg_cli_clinic_command;
extern const clg_cli_command clg_cli_requests_command;
extern const clg_cli_command clg_cli_audit_command;
extern const clg_cli_command clg_cli_serve_command;
extern const clg_cli_command clg_cli_migrate_command;
extern const clg_cli_command clg_cli_copy_command;
extern const clg_cli_command clg_cli_remind_command;   /* cmd_remind.c */
extern const clg_cli_command clg_cli_messages_command; /* cmd_messages.c */

#endif

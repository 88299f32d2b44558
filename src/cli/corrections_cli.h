/*
 * The corrections on the command line (docs/records.md#corrections):
 * `session amend | void` (dispatched from cmd_session.c) and `client edit |
 * merge` (from cmd_client.c). Each reads its flags from the command's own
 * flag table, calls the service, and prints nothing on success unless
 * --format json asks for the answer document; warnings go to stderr.
 */
#ifndef CLG_CLI_CORRECTIONS_CLI_H
#define CLG_CLI_CORRECTIONS_CLI_H

#include <stdbool.h>
#include <stdint.h>

#include "cli/cli.h"

/* `session amend ID [--date D] [--depth-mm X] [--laxity-grade G] [--gais N] [--notes T]
 *  [--force] --reason TEXT`. */
int clg_cli_session_amend(const char *id_text, clg_cli_flag *flags, const clg_cli_globals *globals,
                          bool json);

/* `session void ID --reason TEXT`. */
int clg_cli_session_void(const char *id_text, clg_cli_flag *flags, const clg_cli_globals *globals,
                         bool json);

/* `client edit ID [--name] [--email] [--phone] [--birth-date] [--skin-type] [--allow-duplicate]`.
 */
int clg_cli_client_edit(const char *id_text, clg_cli_flag *flags, const clg_cli_globals *globals,
                        bool json);

/* `client merge KEEP OTHER --reason TEXT`. */
int clg_cli_client_merge(const char *keep_text, const char *other_text, clg_cli_flag *flags,
                         const clg_cli_globals *globals, bool json);

/*
 * Reports a duplicate client refused (err names the field), with how to
 * keep it anyway; any other error as it is.
 */
int clg_cli_fail_duplicate(clg_error *err, int64_t existing);

#endif

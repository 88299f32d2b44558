/*
 * `client export` and `client erase` (cmd_client_data.c), which `client`
 * (cmd_client.c) hands over to when argv[1] names one of them.
 */
#ifndef CLG_CLI_CLIENT_DATA_H
#define CLG_CLI_CLIENT_DATA_H

#include "cli/cli.h"

/* argv[0] is "client", argv[1] "export" or "erase"; usage is `client --help`'s. */
int clg_cli_client_data(int argc, char **argv, const char *usage, const clg_cli_globals *globals);

#endif

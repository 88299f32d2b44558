/*
 * collagenda: global options, then one command from the table below.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"

static const clg_cli_command *const commands[] = {
    &clg_cli_plan_command,   &clg_cli_protocol_command, &clg_cli_client_command,
    &clg_cli_course_command, &clg_cli_session_command,  &clg_cli_booking_command,
    &clg_cli_due_command,    &clg_cli_import_command,   &clg_cli_export_command,
    &clg_cli_backup_command, &clg_cli_user_command,     &clg_cli_token_command,
    &clg_cli_feed_command,   &clg_cli_clinic_command,   &clg_cli_audit_command,
    &clg_cli_serve_command,
    &clg_cli_diary_command,
    &clg_cli_cds_client_command,
    &clg_cli_migrate_command, &clg_cli_copy_command,
    &clg_cli_requests_command,
    &clg_cli_portal_command,
    &clg_cli_remind_command,
    &clg_cli_messages_command,
};

enum { COMMAND_COUNT = sizeof commands / sizeof commands[0] };

static void print_help(FILE *out)
{
    fputs("usage: collagenda [--db PATH] [--clinic NAME] COMMAND [ARGS]\n"
          "       collagenda --help | --version | COMMAND --help\n\nCommands:\n",
          out);
    for (int i = 0; i < COMMAND_COUNT; i++)
        fprintf(out, "  %-10s %s\n", commands[i]->name, commands[i]->summary);
    fputs("\nExit status: 0 success, 1 operational failure, 2 usage or invalid input,\n"
          "3 refused by a safety rule. See collagenda(1).\n",
          out);
}

int main(int argc, char **argv)
{
    clg_cli_globals globals = {NULL, NULL};
    int i = 1;
    for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
        const char *arg = argv[i];
        if (strcmp(arg, "--help") == 0) {
            print_help(stdout);
            return CLG_EXIT_OK;
        }
        if (strcmp(arg, "--version") == 0) {
            printf("collagenda %s\n", CLG_VERSION);
            return CLG_EXIT_OK;
        }
        const char **target = strcmp(arg, "--db") == 0       ? &globals.db_path
                              : strcmp(arg, "--clinic") == 0 ? &globals.clinic_name
                                                             : NULL;
        if (target == NULL)
            return clg_cli_fail_text(CLG_EXIT_USAGE, arg,
                                     "unknown option; allowed before the command: --db, "
                                     "--clinic, --help, --version");
        if (i + 1 >= argc)
            return clg_cli_fail_text(CLG_EXIT_USAGE, arg, "needs a value");
        *target = argv[++i];
    }
    if (i >= argc) {
        print_help(stderr);
        return CLG_EXIT_USAGE;
    }
    for (int c = 0; c < COMMAND_COUNT; c++)
        if (strcmp(commands[c]->name, argv[i]) == 0)
            return commands[c]->run(argc - i, argv + i, &globals);
    return clg_cli_fail_text(CLG_EXIT_USAGE, argv[i], "unknown command; see 'collagenda --help'");
}

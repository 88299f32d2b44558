/* Shared helpers of the records commands; see records_cli.h. */
#include "cli/records_cli.h"

#include <stdlib.h>
#include <string.h>

int clg_cli_database_path(const clg_cli_globals *globals, char *out, size_t size)
{
    const char *chosen = globals->db_path;
    if (chosen == NULL) {
        const char *env = getenv("COLLAGENDA_DB");
        if (env && env[0])
            chosen = env;
    }
    int written;
    if (chosen) {
        written = snprintf(out, size, "%s", chosen);
    } else {
        /* XDG: a relative or empty XDG_DATA_HOME is ignored. */
        const char *data_home = getenv("XDG_DATA_HOME");
        const char *home = getenv("HOME");
        if (data_home && data_home[0] == '/')
            written = snprintf(out, size, "%s/collagenda/collagenda.db", data_home);
        else if (home && home[0])
            written = snprintf(out, size, "%s/.local/share/collagenda/collagenda.db", home);
        else
            return clg_cli_fail_text(CLG_EXIT_USAGE, "--db",
                                     "no database given and neither XDG_DATA_HOME nor HOME is "
                                     "set; use --db PATH or COLLAGENDA_DB");
    }
    if (written < 0 || (size_t)written >= size)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--db", "the database path is too long");
    return CLG_EXIT_OK;
}

/* $USER, or "cli" when it is unset or not printable text. */
static const char *who(void)
{
    const char *user = getenv("USER");
    if (user && user[0] && strlen(user) < 200 && clg_text_is_clean_utf8(user, strlen(user)) &&
        strpbrk(user, "\r\n") == NULL)
        return user;
    return "cli";
}

int clg_cli_store_open(const clg_cli_globals *globals, clg_records *records)
{
    memset(records, 0, sizeof *records);
    char path[4096];
    int exit_status = clg_cli_database_path(globals, path, sizeof path);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    clg_error err;
    if (clg_store_open(path, &records->store, &err) != CLG_OK)
        return clg_cli_fail(&err);
    records->who = who();
    records->may_override_block =
        true; /* the CLI acts as the database's owner (docs/protocol.md#screening) */
    return CLG_EXIT_OK;
}

int clg_cli_records_open(const clg_cli_globals *globals, clg_records *records)
{
    memset(records, 0, sizeof *records);
    const char *clinic = globals->clinic_name ? globals->clinic_name : CLG_CLI_DEFAULT_CLINIC;
    clg_error err;
    if (clg_text_check("--clinic", clinic, CLG_NAME_MAX_BYTES, true, &err) != CLG_OK)
        return clg_cli_fail(&err);
    int exit_status = clg_cli_store_open(globals, records);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    if (clg_store_clinic_ensure(records->store, clinic, records->who, &records->clinic, &err) !=
        CLG_OK) {
        clg_cli_records_close(records);
        return clg_cli_fail(&err);
    }
    clg_records_today_set(records); /* the clinic's today, as the server's */
    return CLG_EXIT_OK;
}

void clg_cli_records_close(clg_records *records)
{
    clg_store_close(records->store);
    records->store = NULL;
}

int clg_cli_parse_id(const char *what, const char *text, int64_t *id)
{
    clg_error err;
    return clg_id_parse(what, text, id, &err) == CLG_OK ? CLG_EXIT_OK : clg_cli_fail(&err);
}

int clg_cli_read_override(clg_cli_flag *flags, bool *forced, const char **reason)
{
    clg_cli_flag *reason_flag = clg_cli_flag_find(flags, "reason");
    *forced = clg_cli_flag_find(flags, "force")->given;
    *reason = reason_flag->given ? reason_flag->value : NULL;
    if (*forced && *reason == NULL)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--force",
                                 "needs --reason TEXT saying why the safety rule is overridden");
    if (*reason != NULL && !*forced)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--reason", "is only used with --force");
    return CLG_EXIT_OK;
}

int clg_cli_print_id(int64_t id, bool json)
{
    clg_buffer out = CLG_BUFFER_INIT;
    if (json)
        clg_buffer_printf(&out, "{\"id\": %lld}\n", (long long)id);
    else
        clg_buffer_printf(&out, "%lld\n", (long long)id);
    int status = clg_cli_write_stdout(&out);
    clg_buffer_free(&out);
    return status;
}

int clg_cli_usage_error(const char *command, const char *message)
{
    return clg_cli_fail_text(CLG_EXIT_USAGE, command, "%s; see 'collagenda %s --help'", message,
                             command);
}

int clg_cli_fail_refusal(clg_error *err)
{
    if (err->status == CLG_ERR_REFUSED) {
        size_t used = strlen(err->message);
        snprintf(err->message + used, sizeof err->message - used,
                 "; use --force --reason TEXT to override");
    }
    return clg_cli_fail(err);
}

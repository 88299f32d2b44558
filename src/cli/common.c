/* Helpers every command shares: flag parsing, error printing, file reading. */
#include "cli/assessment_flags.h"
#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "collagenda/text.h"

int clg_cli_format(clg_cli_flag *flags, const char *const *allowed, const char **format)
{
    clg_cli_flag *flag = clg_cli_flag_find(flags, "format");
    *format = allowed[0];
    if (flag == NULL || !flag->given)
        return CLG_EXIT_OK;
    for (const char *const *name = allowed; *name; name++) {
        if (strcmp(*name, flag->value) == 0) {
            *format = *name;
            return CLG_EXIT_OK;
        }
    }
    char list[128] = "";
    size_t used = 0;
    for (const char *const *name = allowed; *name && used < sizeof list; name++) {
        int written = snprintf(list + used, sizeof list - used, "%s%s", used ? ", " : "", *name);
        if (written > 0)
            used += (size_t)written;
    }
    return clg_cli_fail_text(CLG_EXIT_USAGE, "--format", "'%s' is not allowed; use one of: %s",
                             flag->value, list);
}

int clg_cli_begin(const char *command, const char *usage, int argc, char **argv,
                  clg_cli_flag *flags, int max_positionals, const char *const *formats,
                  clg_cli_args *args)
{
    memset(args, 0, sizeof *args);
    if (max_positionals > CLG_CLI_MAX_POSITIONALS)
        max_positionals = CLG_CLI_MAX_POSITIONALS;
    int status = clg_cli_parse_flags(command, argc, argv, flags, args->positionals, max_positionals,
                                     &args->count);
    if (status != CLG_EXIT_OK)
        return status;
    clg_cli_flag *help = clg_cli_flag_find(flags, "help");
    if (help && help->given) {
        fputs(usage, stdout);
        return CLG_EXIT_OK;
    }
    if (formats && (status = clg_cli_format(flags, formats, &args->format)) != CLG_EXIT_OK)
        return status;
    return CLG_CLI_GO_ON;
}

clg_cli_flag *clg_cli_flag_find(clg_cli_flag *flags, const char *name)
{
    for (clg_cli_flag *flag = flags; flag->name; flag++)
        if (strcmp(flag->name, name) == 0)
            return flag;
    return NULL;
}

static void list_flags(const clg_cli_flag *flags, char *out, size_t size)
{
    size_t used = 0;
    out[0] = '\0';
    for (const clg_cli_flag *flag = flags; flag->name && used < size; flag++) {
        int written =
            snprintf(out + used, size - used, "%s--%s", flag == flags ? "" : ", ", flag->name);
        if (written > 0)
            used += (size_t)written;
    }
}

int clg_cli_parse_flags(const char *command, int argc, char **argv, clg_cli_flag *flags,
                        const char **positionals, int max_positionals, int *positional_count)
{
    *positional_count = 0;
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        if (strncmp(arg, "--", 2) != 0 || arg[2] == '\0') {
            if (arg[0] == '-' && arg[1] != '\0' && strcmp(arg, "--") != 0)
                return clg_cli_fail_text(CLG_EXIT_USAGE, command,
                                         "unknown option '%s'; see 'collagenda %s --help'", arg,
                                         command);
            if (*positional_count >= max_positionals)
                return clg_cli_fail_text(CLG_EXIT_USAGE, command,
                                         "unexpected argument '%s'; see 'collagenda %s --help'",
                                         arg, command);
            positionals[(*positional_count)++] = arg;
            continue;
        }
        char name[64];
        const char *equals = strchr(arg + 2, '=');
        size_t length = equals ? (size_t)(equals - arg - 2) : strlen(arg + 2);
        if (length >= sizeof name)
            length = sizeof name - 1;
        memcpy(name, arg + 2, length);
        name[length] = '\0';
        clg_cli_flag *flag = clg_cli_flag_find(flags, name);
        if (flag == NULL) {
            char allowed[600];
            list_flags(flags, allowed, sizeof allowed);
            return clg_cli_fail_text(CLG_EXIT_USAGE, command, "unknown flag '--%s'; allowed: %s",
                                     name, allowed);
        }
        if (flag->given)
            return clg_cli_fail_text(CLG_EXIT_USAGE, command, "--%s is given twice", name);
        flag->given = true;
        if (!flag->takes_value) {
            if (equals)
                return clg_cli_fail_text(CLG_EXIT_USAGE, command, "--%s takes no value", name);
            continue;
        }
        if (equals) {
            flag->value = equals + 1;
        } else if (i + 1 < argc) {
            flag->value = argv[++i];
        } else {
            return clg_cli_fail_text(CLG_EXIT_USAGE, command, "--%s needs a value", name);
        }
    }
    return CLG_EXIT_OK;
}

int clg_cli_exit_status(clg_status status)
{
    switch (status) {
    case CLG_OK:
        return CLG_EXIT_OK;
    case CLG_ERR_IO:
    case CLG_ERR_UNAVAILABLE:
    case CLG_ERR_FULL:
        return CLG_EXIT_FAILURE;
    case CLG_ERR_REFUSED:
    case CLG_ERR_FORBIDDEN:
        return CLG_EXIT_REFUSED;
    default:
        return CLG_EXIT_USAGE;
    }
}

int clg_cli_fail(const clg_error *err)
{
    clg_error spelled = *err; /* the floors below name fields as the API does */
    clg_cli_error_to_flag(&spelled);
    if (spelled.field[0] != '\0')
        fprintf(stderr, "collagenda: %s: %s\n", spelled.field, spelled.message);
    else
        fprintf(stderr, "collagenda: %s\n", spelled.message);
    return clg_cli_exit_status(spelled.status);
}

int clg_cli_fail_text(int exit_status, const char *what, const char *format, ...)
{
    /* Cut and cleaned like a clg_error's message: what is printed is valid UTF-8. */
    char message[sizeof((clg_error *)0)->message];
    va_list arguments;
    va_start(arguments, format);
    vsnprintf(message, sizeof message, format, arguments);
    va_end(arguments);
    char where[512];
    snprintf(where, sizeof where, "%s", what);
    fprintf(stderr, "collagenda: %s: %s\n", clg_utf8_drop_broken(where),
            clg_utf8_drop_broken(message));
    return exit_status;
}

int clg_cli_write_stdout(const clg_buffer *buffer)
{
    if (buffer->length && fwrite(buffer->data, 1, buffer->length, stdout) != buffer->length)
        return clg_cli_fail_text(CLG_EXIT_FAILURE, "stdout", "%s", strerror(errno));
    if (fflush(stdout) != 0)
        return clg_cli_fail_text(CLG_EXIT_FAILURE, "stdout", "%s", strerror(errno));
    return CLG_EXIT_OK;
}

clg_status clg_cli_read_file(const char *path, char **text, size_t *length, clg_error *err)
{
    FILE *file = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (file == NULL)
        return clg_error_set(err, CLG_ERR_IO, path, "cannot open: %s", strerror(errno));
    clg_buffer buffer = CLG_BUFFER_INIT;
    char chunk[65536];
    size_t got;
    while ((got = fread(chunk, 1, sizeof chunk, file)) > 0)
        clg_buffer_append(&buffer, chunk, got);
    bool failed = ferror(file);
    int saved_errno = errno;
    if (file != stdin)
        fclose(file);
    if (failed) {
        clg_buffer_free(&buffer);
        return clg_error_set(err, CLG_ERR_IO, path, "cannot read: %s", strerror(saved_errno));
    }
    if (buffer.data == NULL)
        clg_buffer_grow(&buffer, 1), buffer.data[0] = '\0';
    *text = buffer.data;
    *length = buffer.length;
    return CLG_OK;
}

clg_status clg_cli_load_protocol(const char *path, clg_protocol **protocol, clg_error *err)
{
    if (path == NULL)
        return clg_protocol_load_default(protocol, err);
    char *text;
    size_t length;
    clg_status status = clg_cli_read_file(path, &text, &length, err);
    if (status != CLG_OK)
        return status;
    status = clg_protocol_parse(text, length, protocol, err);
    free(text);
    if (status != CLG_OK)
        clg_error_prefix_field(err, path);
    return status;
}

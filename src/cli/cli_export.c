/* Export formats on the command line; see cli_export.h. */
#include "cli/cli_export.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli/cli.h"

bool clg_cli_is_export_format(const char *format)
{
    return strcmp(format, "ics") == 0 || strcmp(format, "fhir") == 0 || strcmp(format, "svg") == 0;
}

bool clg_cli_export_needs_dates(const char *format)
{
    return strcmp(format, "ics") == 0 || strcmp(format, "svg") == 0;
}

int clg_cli_export_clock(clg_export_context *context)
{
    const char *fixed = getenv("SOURCE_DATE_EPOCH");
    struct tm civil;
    time_t now;
    if (fixed != NULL && fixed[0] != '\0') {
        char *end;
        errno = 0;
        long long seconds = strtoll(fixed, &end, 10);
        if (errno != 0 || *end != '\0' || end == fixed || seconds < 0 || seconds > 253402300799LL)
            return clg_cli_fail_text(CLG_EXIT_USAGE, "SOURCE_DATE_EPOCH",
                                     "'%s' is not a whole number of seconds since 1970-01-01 "
                                     "(0 to 253402300799)",
                                     fixed);
        now = (time_t)seconds;
        if (gmtime_r(&now, &civil) == NULL)
            return clg_cli_fail_text(CLG_EXIT_USAGE, "SOURCE_DATE_EPOCH", "is out of range");
    } else {
        now = time(NULL);
        if (localtime_r(&now, &civil) == NULL)
            return clg_cli_fail_text(CLG_EXIT_FAILURE, "clock", "cannot read the local date");
    }
    context->generated_at = (long long)now;
    if (!clg_date_from_civil(civil.tm_year + 1900, civil.tm_mon + 1, civil.tm_mday,
                             &context->today))
        context->today = 0;
    return CLG_EXIT_OK;
}

clg_status clg_cli_render_export(const clg_plan *plan, const char *format,
                                 const clg_export_context *context, clg_buffer *out, clg_error *err)
{
    if (strcmp(format, "ics") == 0)
        return clg_render_plan_ics(plan, context, out, err);
    if (strcmp(format, "svg") == 0)
        return clg_render_plan_svg(plan, context, out, err);
    clg_status status = clg_render_plan_fhir(plan, context, out, true, err);
    if (status == CLG_OK)
        clg_buffer_puts(out, "\n");
    return status;
}

int clg_cli_write_export(const clg_plan *plan, const char *format,
                         const clg_export_context *context)
{
    clg_buffer out = CLG_BUFFER_INIT;
    clg_error err;
    clg_status status = clg_cli_render_export(plan, format, context, &out, &err);
    int exit_status = status == CLG_OK ? clg_cli_write_stdout(&out) : clg_cli_fail(&err);
    clg_buffer_free(&out);
    return exit_status;
}

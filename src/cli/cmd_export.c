/*
 * `collagenda export clients | courses | sessions`: the clinic's records as
 * CSV (RFC 4180, the default) or JSON, read in one snapshot so that an
 * export taken while others write is consistent.
 */
#include <string.h>

#include "cli/records_cli.h"
#include "base/csv.h"
#include "render/records.h"
#include "service/reads.h"

static const char usage[] =
    "usage: collagenda export clients|courses|sessions\n"
    "         [--format csv|json]\n"
    "\n"
    "Global options, before the command: --db PATH, --clinic NAME.\n"
    "\n"
    "Writes every record of the kind for the clinic on stdout. The clients CSV reads\n"
    "back with `import clients`.\n";

static const char *const formats[] = {"csv", "json", NULL};

typedef struct export_context {
    clg_buffer *out;
    clg_json_writer *writer; /* NULL for CSV */
    clg_error *err;
    clg_status status;
} export_context;

static int export_client(void *context, const clg_client_row *row)
{
    export_context *c = context;
    if (c->writer)
        clg_client_json_value(row, c->writer);
    else
        clg_render_client_csv(row, c->out);
    return 0;
}

static int export_course(void *context, const clg_course_row *row)
{
    export_context *c = context;
    clg_plan_request request;
    c->status = clg_records_request_parse(row->request_json, &request, c->err);
    if (c->status != CLG_OK)
        return 1;
    if (c->writer)
        clg_course_export_json_value(row, &request, c->writer);
    else
        clg_render_course_csv(row, &request, c->out);
    return 0;
}

static int export_session(void *context, const clg_session_row *row)
{
    export_context *c = context;
    if (c->writer)
        clg_session_json_value(row, c->writer);
    else
        clg_render_session_csv(row, c->out);
    return 0;
}

static int export_records(const char *kind, const clg_cli_globals *globals, bool json)
{
    clg_records records;
    int exit_status = clg_cli_records_open(globals, &records);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    clg_buffer out = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_error err;
    export_context context = {&out, json ? &writer : NULL, &err, CLG_OK};
    if (json) {
        clg_json_writer_init(&writer, &out, true);
        clg_json_begin_array(&writer);
    }
    clg_export_visitor visitor = {
        .client = export_client,
        .course = export_course,
        .session = export_session,
        .context = &context,
    };
    clg_export_table table = strcmp(kind, "clients") == 0   ? CLG_EXPORT_CLIENTS
                             : strcmp(kind, "courses") == 0 ? CLG_EXPORT_COURSES
                                                            : CLG_EXPORT_SESSIONS;
    if (!json && table == CLG_EXPORT_CLIENTS)
        clg_render_clients_csv_header(&out);
    else if (!json && table == CLG_EXPORT_COURSES)
        clg_render_courses_csv_header(&out);
    else if (!json)
        clg_render_sessions_csv_header(&out);
    clg_status status =
        clg_records_table_export(&records, table, json ? "json" : "csv", &visitor, &err);
    if (status == CLG_OK)
        status = context.status;
    if (status != CLG_OK) {
        exit_status = clg_cli_fail(&err);
    } else {
        if (json) {
            clg_json_end_array(&writer);
            clg_buffer_puts(&out, "\n");
        }
        exit_status = clg_cli_write_stdout(&out);
    }
    clg_buffer_free(&out);
    clg_cli_records_close(&records);
    return exit_status;
}

static int run_export(int argc, char **argv, const clg_cli_globals *globals)
{
    clg_cli_flag flags[] = {
        {.name = "format", .takes_value = true},
        {.name = "help"},
        {.name = NULL},
    };
    clg_cli_args args;
    int status = clg_cli_begin("export", usage, argc, argv, flags, 1, formats, &args);
    if (status != CLG_CLI_GO_ON)
        return status;
    const char *format = args.format;
    if (args.count == 1 && (strcmp(args.positionals[0], "clients") == 0 ||
                            strcmp(args.positionals[0], "courses") == 0 ||
                            strcmp(args.positionals[0], "sessions") == 0))
        return export_records(args.positionals[0], globals, strcmp(format, "json") == 0);
    return clg_cli_usage_error("export", "use 'export clients', 'export courses' or "
                                         "'export sessions'");
}

const clg_cli_command clg_cli_export_command = {
    .name = "export",
    .summary = "export clients, courses or sessions as CSV or JSON",
    .usage = usage,
    .run = run_export,
};

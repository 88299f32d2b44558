/*
 * `collagenda audit`: reads the audit log back, oldest entry first, with
 * the filters of docs/records.md#audit-reader. The command line acts as
 * the database's owner, so it needs no admin role; the reading is audited
 * like any other ("audit.read").
 */
#include <string.h>

#include "cli/records_cli.h"
#include "render/audit_log.h"
#include "service/audit_reader.h"

static const char usage[] =
    "usage: collagenda audit [--client ID] [--since YYYY-MM-DD] [--action A]\n"
    "         [--format text|json|csv]\n"
    "\n"
    "Global options, before the command: --db PATH, --clinic NAME.\n"
    "\n"
    "Lists the clinic's audit log in the order it was written, oldest first.\n"
    "--client   entries about the client and their courses, sessions, bookings\n"
    "--since    entries from the start of that day in the clinic's time zone\n"
    "--action   one action (session.record), or every action of a kind (session)\n"
    "JSON is an array of {\"id\", \"at\", \"who\", \"action\", \"entity\", \"entity_id\",\n"
    "\"client\", \"before\", \"after\", \"reason\"}; an erased client's personal data is\n"
    "masked. Reading the log is itself audited.\n";

static const char *const formats[] = {"text", "json", "csv", NULL};

typedef struct audit_context {
    clg_buffer *out;
    const char *format;
    clg_json_writer *writer; /* NULL unless JSON */
} audit_context;

static int audit_one(void *context, const clg_audit_row *row)
{
    audit_context *c = context;
    if (c->writer)
        clg_render_audit_json_value(row, c->writer);
    else if (strcmp(c->format, "csv") == 0)
        clg_render_audit_csv(row, c->out);
    else
        clg_render_audit_text_line(row, c->out);
    return 0;
}

static int run_audit(int argc, char **argv, const clg_cli_globals *globals)
{
    clg_cli_flag flags[] = {
        {.name = "client", .takes_value = true},
        {.name = "since", .takes_value = true},
        {.name = "action", .takes_value = true},
        {.name = "format", .takes_value = true},
        {.name = "help"},
        {.name = NULL},
    };
    clg_cli_args args;
    int status = clg_cli_begin("audit", usage, argc, argv, flags, 0, formats, &args);
    if (status != CLG_CLI_GO_ON)
        return status;
    clg_audit_query query = {.format = args.format};
    clg_error err;
    clg_cli_flag *flag = clg_cli_flag_find(flags, "client");
    if (flag->given &&
        (status = clg_cli_parse_id("--client", flag->value, &query.client_id)) != CLG_EXIT_OK)
        return status;
    flag = clg_cli_flag_find(flags, "since");
    if (flag->given) {
        if (clg_date_parse(flag->value, "--since", &query.since, &err) != CLG_OK)
            return clg_cli_fail(&err);
        query.has_since = true;
    }
    flag = clg_cli_flag_find(flags, "action");
    if (flag->given)
        query.action = flag->value;

    clg_records records;
    if ((status = clg_cli_records_open(globals, &records)) != CLG_EXIT_OK)
        return status;
    clg_buffer out = CLG_BUFFER_INIT;
    clg_json_writer writer;
    audit_context context = {&out, args.format, NULL};
    if (strcmp(args.format, "json") == 0) {
        context.writer = &writer;
        clg_json_writer_init(&writer, &out, true);
        clg_json_begin_array(&writer);
    } else if (strcmp(args.format, "csv") == 0) {
        clg_render_audit_csv_header(&out);
    } else {
        clg_render_audit_text_header(&out);
    }
    if (clg_records_audit_list(&records, &query, audit_one, &context, &err) != CLG_OK) {
        status = clg_cli_fail(&err);
    } else {
        if (context.writer) {
            clg_json_end_array(&writer);
            clg_buffer_puts(&out, "\n");
        }
        status = clg_cli_write_stdout(&out);
    }
    clg_buffer_free(&out);
    clg_cli_records_close(&records);
    return status;
}

const clg_cli_command clg_cli_audit_command = {
    .name = "audit",
    .summary = "read the audit log",
    .usage = usage,
    .run = run_audit,
};

/*
 * `collagenda requests list | show | close`: the clinic's inbox of
 * consultation requests left from the public calculator
 * (docs/records.md#consultation-requests). Receiving one has no command:
 * only the calculator's public POST /api/v1/requests does that.
 */
#include <string.h>

#include "cli/records_cli.h"
#include "render/requests.h"
#include "service/requests.h"

static const char usage[] =
    "usage: collagenda [--db PATH] [--clinic NAME] requests list [--status open|closed|all]\n"
    "         [--format text|json|csv]\n"
    "       collagenda requests show ID [--format text|json]\n"
    "       collagenda requests close ID [--note TEXT] [--course ID]\n"
    "       collagenda requests delete ID --reason TEXT\n"
    "\n"
    "list   the clinic's consultation requests, newest first (open ones unless\n"
    "       --status says otherwise): id, received, status, name, contact and\n"
    "       the assessment the calculator sent.\n"
    "show   one request in full.\n"
    "close  closes an open request (audited), with an optional note and the\n"
    "       course started from it.\n"
    "delete deletes a request for good (audited with the reason, which may not\n"
    "       repeat its name, e-mail or phone).\n";

static const char *const formats[] = {"text", "json", "csv", NULL};

typedef struct list_context {
    clg_buffer *out;
    const char *format;
    clg_json_writer *writer; /* NULL unless JSON */
} list_context;

static int list_one(void *context, const clg_request_row *row)
{
    list_context *c = context;
    if (c->writer)
        clg_render_request_json_value(row, c->writer);
    else if (strcmp(c->format, "csv") == 0)
        clg_render_request_csv(row, c->out);
    else
        clg_render_request_text_line(row, c->out);
    return 0;
}

static int list(const clg_records *records, clg_request_filter filter, const char *format)
{
    clg_buffer out = CLG_BUFFER_INIT;
    clg_json_writer writer;
    list_context context = {&out, format, NULL};
    if (strcmp(format, "json") == 0) {
        context.writer = &writer;
        clg_json_writer_init(&writer, &out, true);
        clg_json_begin_array(&writer);
    } else if (strcmp(format, "csv") == 0) {
        clg_render_requests_csv_header(&out);
    }
    clg_error err;
    int status;
    if (clg_records_request_list(records, filter, list_one, &context, &err) != CLG_OK) {
        status = clg_cli_fail(&err);
    } else {
        if (context.writer) {
            clg_json_end_array(&writer);
            clg_buffer_puts(&out, "\n");
        }
        status = clg_cli_write_stdout(&out);
    }
    clg_buffer_free(&out);
    return status;
}

static int show(const clg_records *records, int64_t id, const char *format)
{
    clg_request_row row;
    clg_error err;
    if (clg_records_request_get(records, id, &row, &err) != CLG_OK)
        return clg_cli_fail(&err);
    clg_buffer out = CLG_BUFFER_INIT;
    if (strcmp(format, "json") == 0) {
        clg_json_writer writer;
        clg_json_writer_init(&writer, &out, true);
        clg_render_request_json_value(&row, &writer);
        clg_buffer_puts(&out, "\n");
    } else {
        clg_render_request_text(&row, &out);
    }
    clg_store_row_free(row.storage);
    int status = clg_cli_write_stdout(&out);
    clg_buffer_free(&out);
    return status;
}

static int run_requests(int argc, char **argv, const clg_cli_globals *globals)
{
    clg_cli_flag flags[] = {
        {.name = "status", .takes_value = true},
        {.name = "note", .takes_value = true},
        {.name = "course", .takes_value = true},
        {.name = "reason", .takes_value = true},
        {.name = "format", .takes_value = true},
        {.name = "help"},
        {.name = NULL},
    };
    clg_cli_args args;
    int status = clg_cli_begin("requests", usage, argc, argv, flags, 2, formats, &args);
    if (status != CLG_CLI_GO_ON)
        return status;
    const char *action = args.count >= 1 ? args.positionals[0] : "";
    bool listing = strcmp(action, "list") == 0;
    bool deleting = strcmp(action, "delete") == 0;
    if (!listing && !deleting && strcmp(action, "show") != 0 && strcmp(action, "close") != 0)
        return clg_cli_usage_error("requests", "use 'requests list', 'requests show ID', "
                                               "'requests close ID' or 'requests delete ID'");
    int64_t id = 0;
    if (listing && args.count != 1)
        return clg_cli_usage_error("requests", "'requests list' takes no id");
    if (!listing) {
        if (args.count != 2)
            return clg_cli_fail_text(CLG_EXIT_USAGE, "ID", "is required (a request id)");
        if ((status = clg_cli_parse_id("ID", args.positionals[1], &id)) != CLG_EXIT_OK)
            return status;
    }
    clg_request_filter filter = CLG_REQUESTS_OPEN;
    clg_cli_flag *status_flag = clg_cli_flag_find(flags, "status");
    if (status_flag->given && (!listing || !clg_request_filter_parse(status_flag->value, &filter)))
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--status",
                                 listing ? "use open, closed or all" : "is for 'requests list'");
    clg_cli_flag *note = clg_cli_flag_find(flags, "note");
    clg_cli_flag *course = clg_cli_flag_find(flags, "course");
    bool closing = strcmp(action, "close") == 0;
    if (!closing && (note->given || course->given))
        return clg_cli_fail_text(CLG_EXIT_USAGE, note->given ? "--note" : "--course",
                                 "is for 'requests close'");
    clg_cli_flag *reason = clg_cli_flag_find(flags, "reason");
    if (reason->given != deleting)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--reason",
                                 deleting ? "is required: why the request is deleted"
                                          : "is for 'requests delete'");
    if (deleting && strcmp(args.format, "text") != 0)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--format", "is for 'requests list | show'");
    if (closing && strcmp(args.format, "text") != 0)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--format", "is for 'requests list | show'");
    if (!listing && !closing && strcmp(args.format, "csv") == 0)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--format", "use text or json with 'show'");
    int64_t course_id = 0;
    if (course->given &&
        (status = clg_cli_parse_id("--course", course->value, &course_id)) != CLG_EXIT_OK)
        return status;

    clg_records records;
    if ((status = clg_cli_records_open(globals, &records)) != CLG_EXIT_OK)
        return status;
    if (listing) {
        status = list(&records, filter, args.format);
    } else if (deleting) {
        clg_error err;
        status = clg_records_request_delete(&records, id, reason->value, &err) == CLG_OK
                     ? CLG_EXIT_OK
                     : clg_cli_fail(&err);
    } else if (!closing) {
        status = show(&records, id, args.format);
    } else {
        clg_error err;
        status = clg_records_request_close(&records, id, note->given ? note->value : NULL,
                                           course_id, &err) == CLG_OK
                     ? CLG_EXIT_OK
                     : clg_cli_fail(&err);
    }
    clg_cli_records_close(&records);
    return status;
}

const clg_cli_command clg_cli_requests_command = {
    .name = "requests",
    .summary = "the consultation requests left from the public calculator",
    .usage = usage,
    .run = run_requests,
};

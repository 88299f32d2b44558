/*
 * `collagenda due`: the recall list. Every course whose next item (a
 * session, or the maintenance visit) falls on or before --on plus --within
 * days, overdue ones included, soonest first. The store keeps each course's
 * next date on its row, indexed, so this is one index range however many
 * clients the clinic has.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/records_cli.h"
#include "base/csv.h"
#include "render/records.h"
#include "service/due.h"

static const char usage[] =
    "usage: collagenda due [--on YYYY-MM-DD] [--within DAYS]\n"
    "         [--format text|json|csv]\n"
    "\n"
    "Global options, before the command: --db PATH, --clinic NAME.\n"
    "\n"
    "Lists the courses due on or before --on (default today, the clinic's) plus\n"
    "--within days (default 14), overdue ones included, sorted by due date; completed\n"
    "and discontinued courses never. JSON is an array of\n"
    "{\"client\", \"name\", \"course\", \"kind\", \"due\", \"overdue_days\"}.\n";

static const char *const formats[] = {"text", "json", "csv", NULL};

typedef struct due_context {
    clg_buffer *out;
    const char *format;
    clg_json_writer *writer;
    clg_date on;
} due_context;

static int due_one(void *context, const clg_due_item *item)
{
    due_context *c = context;
    if (c->writer)
        clg_render_due_json_value(item, c->writer);
    else if (strcmp(c->format, "csv") == 0)
        clg_render_due_csv(item, c->out);
    else
        clg_render_due_line(item, c->out);
    return 0;
}

static int run_due(int argc, char **argv, const clg_cli_globals *globals)
{
    clg_cli_flag flags[] = {
        {.name = "on", .takes_value = true},
        {.name = "within", .takes_value = true},
        {.name = "format", .takes_value = true},
        {.name = "help"},
        {.name = NULL},
    };
    clg_cli_args args;
    int status = clg_cli_begin("due", usage, argc, argv, flags, 0, formats, &args);
    if (status != CLG_CLI_GO_ON)
        return status;
    const char *format = args.format;
    clg_error err;
    clg_date on = 0;
    clg_cli_flag *on_flag = clg_cli_flag_find(flags, "on");
    if (on_flag->given && clg_date_parse(on_flag->value, "--on", &on, &err) != CLG_OK)
        return clg_cli_fail(&err);
    int within = CLG_DUE_DEFAULT_WITHIN_DAYS;
    clg_cli_flag *within_flag = clg_cli_flag_find(flags, "within");
    if (within_flag->given &&
        clg_records_due_within_parse(within_flag->value, &within, &err) != CLG_OK)
        return clg_cli_fail(&err);

    clg_records records;
    if ((status = clg_cli_records_open(globals, &records)) != CLG_EXIT_OK)
        return status;
    if (!on_flag->given)
        on = records.today; /* the clinic's */
    clg_buffer out = CLG_BUFFER_INIT;
    clg_json_writer writer;
    due_context context = {&out, format, NULL, on};
    if (strcmp(format, "json") == 0) {
        context.writer = &writer;
        clg_json_writer_init(&writer, &out, true);
        clg_json_begin_array(&writer);
    } else if (strcmp(format, "csv") == 0) {
        clg_render_due_csv_header(&out);
    } else {
        clg_render_due_header(&out);
    }
    if (clg_records_due_list(&records, on, within, due_one, &context, &err) != CLG_OK) {
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

const clg_cli_command clg_cli_due_command = {
    .name = "due",
    .summary = "list the courses due for a session or maintenance",
    .usage = usage,
    .run = run_due,
};

/*
 * `collagenda messages --client ID [--reminders on|off]`: what was sent to
 * a client and when (docs/records.md#reminders), and whether they get
 * reminders; --reminders turns them on or off (audited), as the client's
 * opt-out link does. The rules are the service's (service/opt_out.c).
 */
#include <string.h>

#include "cli/records_cli.h"
#include "render/message_json.h"
#include "service/reminders.h"

static const char usage[] =
    "usage: collagenda [--db PATH] [--clinic NAME] messages --client ID\n"
    "                  [--reminders on|off] [--format text|json]\n"
    "\n"
    "Lists the reminders and recalls recorded for the client, newest first: what,\n"
    "for which day, and whether it was sent (with when), failed (the relay refused\n"
    "it; the next `remind` tries again) or is not confirmed (recorded, then no word\n"
    "from the relay: never sent again). Says whether the client gets reminders.\n"
    "--reminders off stops them (as the client's opt-out link does), on lets them\n"
    "go again; audited.\n";

static const char *const formats[] = {"text", "json", NULL};

typedef struct list_context {
    clg_buffer *out;
    clg_json_writer *writer; /* NULL for text */
    int count;
} list_context;

static int one(void *context, const clg_message_row *row)
{
    list_context *c = context;
    if (c->writer)
        clg_render_message_json(row, c->writer);
    else
        clg_render_message_text(row, c->out);
    c->count++;
    return 0;
}

static int list(const clg_records *records, int64_t client_id, bool json)
{
    clg_buffer body = CLG_BUFFER_INIT, out = CLG_BUFFER_INIT;
    clg_json_writer writer;
    list_context context = {&body, NULL, 0};
    if (json) {
        clg_json_writer_init(&writer, &body, true);
        clg_json_begin_array(&writer);
        context.writer = &writer;
    }
    bool opted_out;
    char since[32];
    clg_error err;
    int exit_status = CLG_EXIT_OK;
    if (clg_records_messages_list(records, client_id, one, &context, &opted_out, since, &err) !=
        CLG_OK) {
        exit_status = clg_cli_fail(&err);
        goto out;
    }
    if (json) {
        clg_json_end_array(&writer);
        clg_json_writer w;
        clg_json_writer_init(&w, &out, true);
        clg_json_begin_object(&w);
        clg_json_member_int(&w, "client", client_id);
        clg_json_member_string(&w, "reminders", opted_out ? "off" : "on");
        clg_json_key(&w, "opted_out_at");
        if (opted_out)
            clg_json_string(&w, since);
        else
            clg_json_null(&w);
        clg_json_key(&w, "messages");
        clg_json_raw(&w, body.data ? body.data : "[]");
        clg_json_end_object(&w);
        clg_buffer_puts(&out, "\n");
    } else {
        if (opted_out)
            clg_buffer_printf(&out, "Reminders: off (since %s)\n", since);
        else
            clg_buffer_puts(&out, "Reminders: on\n");
        if (context.count == 0)
            clg_buffer_puts(&out, "No messages.\n");
        else
            clg_buffer_append(&out, body.data, body.length);
    }
    exit_status = clg_cli_write_stdout(&out);
out:
    clg_buffer_free(&body);
    clg_buffer_free(&out);
    return exit_status;
}

static int run_messages(int argc, char **argv, const clg_cli_globals *globals)
{
    clg_cli_flag flags[] = {
        {.name = "client", .takes_value = true},
        {.name = "reminders", .takes_value = true},
        {.name = "format", .takes_value = true},
        {.name = "help"},
        {.name = NULL},
    };
    clg_cli_args args;
    int status = clg_cli_begin("messages", usage, argc, argv, flags, 0, formats, &args);
    if (status != CLG_CLI_GO_ON)
        return status;
    clg_cli_flag *client = clg_cli_flag_find(flags, "client");
    if (!client->given)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--client", "is required (a client id)");
    int64_t client_id;
    if ((status = clg_cli_parse_id("--client", client->value, &client_id)) != CLG_EXIT_OK)
        return status;
    clg_cli_flag *reminders = clg_cli_flag_find(flags, "reminders");
    if (reminders->given && strcmp(reminders->value, "on") != 0 &&
        strcmp(reminders->value, "off") != 0)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--reminders", "'%.40s' is not on or off",
                                 reminders->value);
    clg_records records;
    if ((status = clg_cli_records_open(globals, &records)) != CLG_EXIT_OK)
        return status;
    clg_error err;
    if (reminders->given &&
        clg_records_reminders_set(&records, client_id, strcmp(reminders->value, "on") == 0, &err) !=
            CLG_OK)
        status = clg_cli_fail(&err);
    if (status == CLG_EXIT_OK)
        status = list(&records, client_id, strcmp(args.format, "json") == 0);
    clg_cli_records_close(&records);
    return status;
}

const clg_cli_command clg_cli_messages_command = {
    .name = "messages",
    .summary = "list the messages sent to a client; turn their reminders on or off",
    .usage = usage,
    .run = run_messages,
};

/*
 * `collagenda remind [--on DATE] [--dry-run]`: the day's reminders and
 * recalls by e-mail (docs/records.md#reminders), run daily by a systemd
 * timer or cron. The workflow, and the rule that a message goes out at
 * most once, are the service's (service/reminders.c); this door composes
 * each message with the renderer and prints a line per message and a
 * summary.
 */
#include <stdio.h>
#include <string.h>

#include "cli/records_cli.h"
#include "render/reminder_mail.h"
#include "service/reminders.h"

static const char usage[] =
    "usage: collagenda [--db PATH] [--clinic NAME] remind [--on DATE] [--dry-run]\n"
    "\n"
    "Sends, for the day DATE (default today, the clinic's): a reminder to each\n"
    "client booked on the day after, and a recall for each course whose maintenance\n"
    "visit falls due on or before DATE and is not booked (once per due day). Each\n"
    "message has the visit's calendar file attached and a one-click opt-out link.\n"
    "Clients without an e-mail address, or who opted out, are counted and skipped.\n"
    "A message is recorded before it is sent and is never sent twice: a second run\n"
    "sends nothing; a message an earlier run recorded but did not see accepted\n"
    "(it stopped, or the relay did not answer) is shown as \"not confirmed\" and\n"
    "left alone; one the relay refused is sent again by the next run.\n"
    "--dry-run prints what would be sent and writes and sends nothing.\n"
    "Needs the clinic's mail settings: see `collagenda clinic set --help`.\n"
    "Prints one line per message and a summary. Exit 1 when a message failed or\n"
    "went unanswered (each named on stderr), 2 for bad input or missing settings.\n";

typedef struct remind_output {
    clg_buffer failures; /* the failed ones, for stderr */
    int failed;
} remind_output;

static clg_status compose(void *context, const clg_remind_letter *letter, clg_buffer *out,
                          clg_error *err)
{
    (void)context;
    const clg_remind_item *item = letter->item;
    clg_reminder_mail mail = {.clinic = letter->clinic,
                              .from = letter->mail->mail_from,
                              .to = item->email,
                              .client_name = item->name,
                              .kind = item->kind,
                              .booking = &item->booking,
                              .due = item->day,
                              .course_id = item->course_id,
                              .opt_out_url = letter->opt_out_url,
                              .message_id = letter->message_id,
                              .now = letter->now};
    return clg_render_reminder_mail(&mail, out, err);
}

static void describe(const clg_remind_item *item, clg_buffer *out)
{
    char day[CLG_DATE_TEXT_SIZE], time[CLG_TIME_TEXT_SIZE];
    clg_date_format(item->day, day);
    if (item->kind == CLG_MESSAGE_REMINDER) {
        clg_buffer_printf(out, "reminder of booking %lld on %s", (long long)item->subject_id, day);
        if (item->booking.start_minute >= 0)
            clg_buffer_printf(out, " %s", clg_time_format(item->booking.start_minute, time));
    } else {
        clg_buffer_printf(out, "recall of course %lld, maintenance due %s",
                          (long long)item->subject_id, day);
    }
    clg_buffer_printf(out, " to client %lld", (long long)item->client_id);
    if (item->email[0])
        clg_buffer_printf(out, " <%s>", item->email);
}

static void report(void *context, const clg_remind_item *item, clg_remind_outcome outcome,
                   const char *detail)
{
    remind_output *output = context;
    clg_buffer line = CLG_BUFFER_INIT;
    clg_buffer_printf(&line, "%s: ", clg_remind_outcome_word(outcome));
    describe(item, &line);
    if (detail && detail[0]) {
        clg_buffer_puts(&line, ": ");
        clg_buffer_put_carriable(&line, detail);
    }
    clg_buffer_puts(&line, "\n");
    /* A line as soon as its message is done: a run stopped midway has said what it did. */
    clg_cli_write_stdout(&line);
    fflush(stdout);
    if (outcome == CLG_REMIND_FAILED || outcome == CLG_REMIND_UNCONFIRMED) {
        output->failed++;
        clg_buffer_append(&output->failures, line.data, line.length);
    }
    clg_buffer_free(&line);
}

static int summary(const clg_remind_run *run)
{
    clg_buffer out = CLG_BUFFER_INIT;
    char on[CLG_DATE_TEXT_SIZE];
    clg_buffer_printf(&out, "%s %s:", run->dry_run ? "dry run for" : "remind for",
                      clg_date_format(run->on, on));
    const char *separator = " ";
    for (int i = 0; i < CLG_REMIND_OUTCOMES; i++) {
        if (run->dry_run ? i == CLG_REMIND_SENT : i == CLG_REMIND_WOULD_SEND)
            continue;
        clg_buffer_printf(&out, "%s%d %s", separator, run->counts[i],
                          clg_remind_outcome_word((clg_remind_outcome)i));
        separator = ", ";
    }
    clg_buffer_puts(&out, "\n");
    int exit_status = clg_cli_write_stdout(&out);
    clg_buffer_free(&out);
    return exit_status;
}

static int run_remind(int argc, char **argv, const clg_cli_globals *globals)
{
    clg_cli_flag flags[] = {
        {.name = "on", .takes_value = true},
        {.name = "dry-run"},
        {.name = "help"},
        {.name = NULL},
    };
    clg_cli_args args;
    int status = clg_cli_begin("remind", usage, argc, argv, flags, 0, NULL, &args);
    if (status != CLG_CLI_GO_ON)
        return status;
    clg_error err;
    clg_date on = 0;
    clg_cli_flag *on_flag = clg_cli_flag_find(flags, "on");
    if (on_flag->given && clg_date_parse(on_flag->value, "--on", &on, &err) != CLG_OK)
        return clg_cli_fail(&err);
    if (clg_credentials_init(&err) != CLG_OK)
        return clg_cli_fail(&err);

    clg_records records;
    if ((status = clg_cli_records_open(globals, &records)) != CLG_EXIT_OK)
        return status;
    remind_output output = {CLG_BUFFER_INIT, 0};
    clg_remind_run run = {.on = on_flag->given ? on : records.today, /* the clinic's */
                          .dry_run = clg_cli_flag_find(flags, "dry-run")->given,
                          .compose = compose,
                          .report = report,
                          .context = &output};
    if (clg_records_remind(&records, &run, &err) != CLG_OK) {
        if (strcmp(err.field, "smtp_url") == 0 || strcmp(err.field, "public_url") == 0)
            err.field[0] = '\0'; /* the message says which `clinic set` flag to give */
        status = clg_cli_fail(&err);
    } else {
        status = summary(&run);
    }
    if (status == CLG_EXIT_OK && output.failed > 0) {
        fprintf(stderr, "collagenda: remind: %d message%s not sent, or not confirmed:\n%s",
                output.failed, output.failed == 1 ? " was" : "s were", output.failures.data);
        status = CLG_EXIT_FAILURE;
    }
    clg_buffer_free(&output.failures);
    clg_cli_records_close(&records);
    return status;
}

const clg_cli_command clg_cli_remind_command = {
    .name = "remind",
    .summary = "send the day's reminders and recalls by e-mail",
    .usage = usage,
    .run = run_remind,
};

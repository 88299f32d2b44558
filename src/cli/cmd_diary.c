/*
 * `collagenda diary`: the clinic's bookings from --on (default the
 * clinic's today) for --days days (default 1), in time order: by date,
 * all-day bookings first, then by time (docs/records.md#diary). The
 * store reads one index range, so a day costs the same in a clinic of a
 * million bookings as in a small one.
 */
#include <string.h>
#include <time.h>

#include "cli/records_cli.h"
#include "render/diary.h"
#include "service/clinic.h"
#include "service/diary.h"

static const char usage[] =
    "usage: collagenda diary [--on YYYY-MM-DD] [--days N] [--format text|json|csv|ics]\n"
    "\n"
    "Global options, before the command: --db PATH, --clinic NAME.\n"
    "\n"
    "Lists the clinic's bookings from --on (default today, the clinic's) for --days\n"
    "days (1 to 366, default 1), by date and time, all-day bookings first in their\n"
    "day: the time, the session's length by the course's plan, the client's name and\n"
    "phone, the course and which visit (session k of n, or maintenance), the areas.\n"
    "JSON is an array of {\"booking\", \"date\", \"time\", \"minutes\", \"client\",\n"
    "\"name\", \"phone\", \"course\", \"kind\", \"number\", \"sessions\", \"areas\"};\n"
    "CSV has the same columns. ics is one calendar file for the desk's calendar\n"
    "program: an event per booking in the clinic's time zone, its UID kept when the\n"
    "booking moves.\n";

static const char *const formats[] = {"text", "json", "csv", "ics", NULL};

typedef struct diary_context {
    clg_buffer *out;
    const char *format;
    clg_json_writer *writer;
    clg_diary_ics *ics;
    clg_error *err;  /* the calendar's, when adding an event fails */
    bool ics_failed; /* a nonzero visitor ends the listing as if complete */
    clg_date on;
    clg_date next_day; /* text: the first day not yet headed */
    bool day_has_rows;
} diary_context;

/*
 * Text: heads every day after the last one headed, up to and including
 * date; a headed day that got no booking says so.
 */
static void head_days_through(diary_context *c, clg_date on, clg_date date)
{
    for (; c->next_day <= date; c->next_day++) {
        if (c->next_day > on && !c->day_has_rows)
            clg_render_diary_empty_day(c->out);
        clg_render_diary_day_text(c->next_day, c->out);
        c->day_has_rows = false;
    }
}

static int diary_one(void *context, const clg_diary_row *row)
{
    diary_context *c = context;
    if (c->writer) {
        clg_render_diary_json_value(row, c->writer);
    } else if (c->ics) {
        c->ics_failed = clg_diary_ics_add(c->ics, row, c->err) != CLG_OK;
        return c->ics_failed;
    } else if (strcmp(c->format, "csv") == 0) {
        clg_render_diary_csv(row, c->out);
    } else {
        head_days_through(c, c->on, row->date);
        clg_render_diary_line(row, c->out);
        c->day_has_rows = true;
    }
    return 0;
}

static int run_diary(int argc, char **argv, const clg_cli_globals *globals)
{
    clg_cli_flag flags[] = {
        {.name = "on", .takes_value = true},
        {.name = "days", .takes_value = true},
        {.name = "format", .takes_value = true},
        {.name = "help"},
        {.name = NULL},
    };
    clg_cli_args args;
    int status = clg_cli_begin("diary", usage, argc, argv, flags, 0, formats, &args);
    if (status != CLG_CLI_GO_ON)
        return status;
    const char *format = args.format;
    clg_error err;
    clg_date on = 0;
    clg_cli_flag *on_flag = clg_cli_flag_find(flags, "on");
    if (on_flag->given && clg_date_parse(on_flag->value, "--on", &on, &err) != CLG_OK)
        return clg_cli_fail(&err);
    int days = CLG_DIARY_DEFAULT_DAYS;
    clg_cli_flag *days_flag = clg_cli_flag_find(flags, "days");
    if (days_flag->given && clg_records_diary_days_parse(days_flag->value, &days, &err) != CLG_OK)
        return clg_cli_fail(&err);

    clg_records records;
    if ((status = clg_cli_records_open(globals, &records)) != CLG_EXIT_OK)
        return status;
    if (!on_flag->given)
        on = records.today; /* the clinic's */
    clg_buffer out = CLG_BUFFER_INIT;
    clg_json_writer writer;
    diary_context context = {&out, format, NULL, NULL, &err, false, on, on, false};
    clg_clinic_settings clinic;
    if (strcmp(format, "ics") == 0 &&
        (clg_records_clinic_settings(&records, &clinic, &err) != CLG_OK ||
         (context.ics = clg_diary_ics_begin(&clinic, (long long)time(NULL), &err)) == NULL)) {
        status = clg_cli_fail(&err);
        goto out;
    }
    if (strcmp(format, "json") == 0) {
        context.writer = &writer;
        clg_json_writer_init(&writer, &out, true);
        clg_json_begin_array(&writer);
    } else if (strcmp(format, "csv") == 0) {
        clg_render_diary_csv_header(&out);
    }
    if (clg_records_diary_list(&records, on, days, diary_one, &context, &err) != CLG_OK ||
        context.ics_failed) {
        status = clg_cli_fail(&err);
    } else if (context.ics) {
        clg_diary_ics *ics = context.ics;
        context.ics = NULL; /* finish frees it */
        status = clg_diary_ics_finish(ics, &out, &err) == CLG_OK ? clg_cli_write_stdout(&out)
                                                                 : clg_cli_fail(&err);
    } else {
        if (context.writer) {
            clg_json_end_array(&writer);
            clg_buffer_puts(&out, "\n");
        } else if (strcmp(format, "text") == 0) {
            /* The days after the last booking, each headed and marked empty. */
            head_days_through(&context, on, on + (clg_date)(days - 1));
            if (!context.day_has_rows)
                clg_render_diary_empty_day(&out);
        }
        status = clg_cli_write_stdout(&out);
    }
out:
    clg_diary_ics_free(context.ics);
    clg_buffer_free(&out);
    clg_cli_records_close(&records);
    return status;
}

const clg_cli_command clg_cli_diary_command = {
    .name = "diary",
    .summary = "list the clinic's bookings of a day or more, in time order",
    .usage = usage,
    .run = run_diary,
};

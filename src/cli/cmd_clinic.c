/*
 * `collagenda clinic show | set | add`: the clinic the CLI acts for and its
 * settings (docs/records.md#clinic-settings): name, address, phone, e-mail,
 * the time zone booked session times are local to, the open days plans
 * use, opening hours and chairs. The rules are the service's
 * (service/clinic.c); this door reads flags and prints.
 */
#include <string.h>

#include "base/json_writer.h"
#include "cli/records_cli.h"
#include "model/clinic_json.h"
#include "service/clinic.h"

static const char usage[] =
    "usage: collagenda [--db PATH] [--clinic NAME] clinic show [--format text|json]\n"
    "       collagenda [--db PATH] [--clinic NAME] clinic set [--name NAME] [--address TEXT]\n"
    "                  [--phone PHONE] [--email EMAIL] [--time-zone ZONE]\n"
    "                  [--open-days mon,tue,...] [--hours HH:MM-HH:MM] [--chairs N]\n"
    "       collagenda [--db PATH] clinic add NAME [--format text|json]\n"
    "\n"
    "show  prints the clinic's settings.\n"
    "set   changes the settings given, each checked; audited with the old and new values.\n"
    "      --name renames the clinic; --address, --phone and --email are printed on\n"
    "      plans and calendar events (an empty value clears one); --time-zone is the\n"
    "      IANA zone booked times are local to (Europe/Berlin, America/New_York, UTC);\n"
    "      --open-days are the weekdays plans place sessions on unless a course gives\n"
    "      its own; --hours the opening hours; --chairs how many sessions can run at\n"
    "      once (1 to 100). An empty --hours or --chairs clears it.\n"
    "add   adds a clinic named NAME and prints its id. A --clinic NAME that is no\n"
    "      clinic is an error listing the clinics; only a fresh database's first\n"
    "      command creates the clinic it names.\n";

static const char *const formats[] = {"text", "json", NULL};

/* The settings `set` takes: flag name, then where its value goes. */
enum { SETTING_COUNT = 8 };
static const char *const setting_flags[SETTING_COUNT] = {
    "name", "address", "phone", "email", "time-zone", "open-days", "hours", "chairs"};

static void text_line(clg_buffer *out, const char *label, const char *value)
{
    clg_buffer_printf(out, "%s: %s\n", label, value[0] ? value : "not set");
}

static void show_text(const clg_clinic_settings *s, clg_buffer *out)
{
    clg_buffer_printf(out, "Clinic: %s\n", s->name);
    text_line(out, "Address", s->address);
    text_line(out, "Phone", s->phone);
    text_line(out, "E-mail", s->email);
    clg_buffer_printf(out, "Time zone: %s\n", s->time_zone[0] ? s->time_zone : "UTC");
    char days[CLG_WORD_SET_TEXT_SIZE];
    clg_buffer_printf(out, "Open days: %s\n",
                      s->open_days ? clg_word_set_format(CLG_VOCAB_WEEKDAY, s->open_days, days)
                                   : "every day");
    char hours[12];
    text_line(out, "Hours", clg_clinic_hours_format(s, hours));
    if (s->chairs > 0)
        clg_buffer_printf(out, "Chairs: %d\n", s->chairs);
    else
        text_line(out, "Chairs", "");
}

static int show(const clg_cli_globals *globals, bool json)
{
    clg_records records;
    int exit_status = clg_cli_records_open(globals, &records);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    clg_clinic_settings settings;
    clg_error err;
    clg_status status = clg_records_clinic_settings(&records, &settings, &err);
    clg_cli_records_close(&records);
    if (status != CLG_OK)
        return clg_cli_fail(&err);
    clg_buffer out = CLG_BUFFER_INIT;
    if (json) {
        clg_json_writer w;
        clg_json_writer_init(&w, &out, true);
        clg_json_begin_object(&w);
        clg_clinic_settings_json_members(&settings, &w);
        clg_json_end_object(&w);
        clg_buffer_puts(&out, "\n");
    } else {
        show_text(&settings, &out);
    }
    exit_status = clg_cli_write_stdout(&out);
    clg_buffer_free(&out);
    return exit_status;
}

static int set(const clg_cli_globals *globals, clg_cli_flag *flags)
{
    const char *values[SETTING_COUNT] = {0};
    bool any = false;
    for (int i = 0; i < SETTING_COUNT; i++) {
        clg_cli_flag *flag = clg_cli_flag_find(flags, setting_flags[i]);
        if (flag->given) {
            values[i] = flag->value;
            any = true;
        }
    }
    if (!any)
        return clg_cli_usage_error("clinic", "'clinic set' needs at least one of --name, "
                                             "--address, --phone, --email, --time-zone, "
                                             "--open-days, --hours, --chairs");
    clg_clinic_change change = {.name = values[0],
                                .address = values[1],
                                .phone = values[2],
                                .email = values[3],
                                .time_zone = values[4],
                                .open_days = values[5],
                                .hours = values[6],
                                .chairs = values[7]};
    clg_records records;
    int exit_status = clg_cli_records_open(globals, &records);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    clg_error err;
    if (clg_records_clinic_update(&records, &change, NULL, &err) != CLG_OK)
        exit_status = clg_cli_fail(&err);
    clg_cli_records_close(&records);
    return exit_status;
}

static int add(const clg_cli_globals *globals, const char *name, bool json)
{
    clg_records records;
    int exit_status = clg_cli_store_open(globals, &records);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    clg_error err;
    int64_t id;
    if (clg_records_clinic_add(&records, name, &id, &err) != CLG_OK)
        exit_status = clg_cli_fail(&err);
    clg_cli_records_close(&records);
    return exit_status == CLG_EXIT_OK ? clg_cli_print_id(id, json) : exit_status;
}

static int run_clinic(int argc, char **argv, const clg_cli_globals *globals)
{
    clg_cli_flag flags[] = {
        {.name = "name", .takes_value = true},
        {.name = "address", .takes_value = true},
        {.name = "phone", .takes_value = true},
        {.name = "email", .takes_value = true},
        {.name = "time-zone", .takes_value = true},
        {.name = "open-days", .takes_value = true},
        {.name = "hours", .takes_value = true},
        {.name = "chairs", .takes_value = true},
        {.name = "format", .takes_value = true},
        {.name = "help"},
        {.name = NULL},
    };
    clg_cli_args args;
    int status = clg_cli_begin("clinic", usage, argc, argv, flags, 2, formats, &args);
    if (status != CLG_CLI_GO_ON)
        return status;
    const char *action = args.count >= 1 ? args.positionals[0] : "";
    bool json = strcmp(args.format, "json") == 0;
    if (strcmp(action, "set") == 0 && args.count == 1)
        return set(globals, flags);
    for (int i = 0; i < SETTING_COUNT; i++)
        if (clg_cli_flag_find(flags, setting_flags[i])->given && strcmp(action, "set") != 0)
            return clg_cli_fail_text(CLG_EXIT_USAGE, "clinic", "--%s is for 'clinic set'",
                                     setting_flags[i]);
    if (strcmp(action, "show") == 0 && args.count == 1)
        return show(globals, json);
    if (strcmp(action, "add") == 0 && args.count == 2)
        return add(globals, args.positionals[1], json);
    if (strcmp(action, "add") == 0)
        return clg_cli_usage_error("clinic", "'clinic add' takes the new clinic's NAME");
    return clg_cli_usage_error("clinic", "use 'clinic show', 'clinic set' or 'clinic add NAME'");
}

const clg_cli_command clg_cli_clinic_command = {
    .name = "clinic",
    .summary = "show the clinic's settings, set them, or add a clinic",
    .usage = usage,
    .run = run_clinic,
};

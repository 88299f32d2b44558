/*
 * `collagenda clinic show | set | add`: the clinic the CLI acts for and its
 * settings (docs/records.md#clinic-settings): name, address, phone, e-mail,
 * the time zone booked session times are local to, the open days plans
 * use, opening hours and chairs. The rules are the service's
 * (service/clinic.c); this door reads flags and prints.
 */
#include <stdio.h>
#include <string.h>

#include "base/json_writer.h"
#include "cli/records_cli.h"
#include "model/clinic_json.h"
#include "service/clinic.h"
#include "service/mail_settings.h"

static const char usage[] =
    "usage: collagenda [--db PATH] [--clinic NAME] clinic show [--format text|json]\n"
    "       collagenda [--db PATH] [--clinic NAME] clinic set [--name NAME] [--address TEXT]\n"
    "                  [--phone PHONE] [--email EMAIL] [--time-zone ZONE]\n"
    "                  [--open-days mon,tue,...] [--hours HH:MM-HH:MM] [--chairs N]\n"
    "                  [--smtp-url smtp://HOST:PORT|smtps://HOST:PORT] [--mail-from ADDRESS]\n"
    "                  [--smtp-user NAME --smtp-password-stdin] [--public-url URL]\n"
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
    "      Reminders by e-mail (`collagenda remind`): --smtp-url is the relay\n"
    "      (smtp:// upgrades with STARTTLS, required when a user is set; smtps:// is\n"
    "      TLS from the start), --mail-from the address they come from, --smtp-user\n"
    "      the relay's user with its password read from the first line of standard\n"
    "      input (--smtp-password-stdin; stored in the database, never shown; an\n"
    "      empty --smtp-user clears both), --public-url the address where\n"
    "      `collagenda serve` answers, which the opt-out link in each message uses.\n"
    "add   adds a clinic named NAME and prints its id. A --clinic NAME that is no\n"
    "      clinic is an error listing the clinics; only a fresh database's first\n"
    "      command creates the clinic it names.\n";

static const char *const formats[] = {"text", "json", NULL};

/* The settings `set` takes: flag name, then where its value goes. */
enum { SETTING_COUNT = 8, MAIL_SETTING_COUNT = 4 };
static const char *const setting_flags[SETTING_COUNT] = {
    "name", "address", "phone", "email", "time-zone", "open-days", "hours", "chairs"};

/* The mail settings `set` takes besides --smtp-password-stdin. */
static const char *const mail_flags[MAIL_SETTING_COUNT] = {"smtp-url", "mail-from", "smtp-user",
                                                           "public-url"};

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

static void show_mail_text(const clg_mail_settings *m, clg_buffer *out)
{
    text_line(out, "SMTP relay", m->smtp_url);
    text_line(out, "Mail from", m->mail_from);
    text_line(out, "SMTP user", m->smtp_user);
    clg_buffer_printf(out, "SMTP password: %s\n", m->smtp_password[0] ? "set" : "not set");
    text_line(out, "Public URL", m->public_url);
}

static int show(const clg_cli_globals *globals, bool json)
{
    clg_records records;
    int exit_status = clg_cli_records_open(globals, &records);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    clg_clinic_settings settings;
    clg_mail_settings mail;
    bool mail_set = false;
    clg_error err;
    clg_status status = clg_records_clinic_settings(&records, &settings, &err);
    if (status == CLG_OK)
        status = clg_records_mail_settings(&records, &mail, &mail_set, &err);
    clg_cli_records_close(&records);
    if (status != CLG_OK)
        return clg_cli_fail(&err);
    clg_buffer out = CLG_BUFFER_INIT;
    if (json) {
        clg_json_writer w;
        clg_json_writer_init(&w, &out, true);
        clg_json_begin_object(&w);
        clg_clinic_settings_json_members(&settings, &w);
        if (mail_set) { /* only then: a clinic without mail shows what it always did */
            clg_json_key(&w, "mail");
            clg_json_begin_object(&w);
            clg_mail_settings_json_members(&mail, &w);
            clg_json_end_object(&w);
        }
        clg_json_end_object(&w);
        clg_buffer_puts(&out, "\n");
    } else {
        show_text(&settings, &out);
        if (mail_set)
            show_mail_text(&mail, &out);
    }
    memset(&mail, 0, sizeof mail);
    exit_status = clg_cli_write_stdout(&out);
    clg_buffer_free(&out);
    return exit_status;
}

/* Reads the relay's password from the first line of stdin into out, without its line end. */
static int read_password(char *out, size_t size)
{
    if (fgets(out, (int)size, stdin) == NULL)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--smtp-password-stdin",
                                 "give the password on the first line of standard input");
    out[strcspn(out, "\r\n")] = '\0';
    return CLG_EXIT_OK;
}

/* The mail settings of `clinic set`, when any is given: one audited change of their own. */
static int set_mail(const clg_records *records, clg_cli_flag *flags)
{
    const char *values[MAIL_SETTING_COUNT] = {0};
    for (int i = 0; i < MAIL_SETTING_COUNT; i++) {
        clg_cli_flag *flag = clg_cli_flag_find(flags, mail_flags[i]);
        values[i] = flag->given ? flag->value : NULL;
    }
    char password[CLG_MAIL_SECRET_SIZE + 2] = "";
    bool with_password = clg_cli_flag_find(flags, "smtp-password-stdin")->given;
    if (with_password) {
        int exit_status = read_password(password, sizeof password);
        if (exit_status != CLG_EXIT_OK)
            return exit_status;
    }
    clg_mail_change change = {.smtp_url = values[0],
                              .mail_from = values[1],
                              .smtp_user = values[2],
                              .smtp_password = with_password ? password : NULL,
                              .public_url = values[3]};
    clg_error err;
    int exit_status = CLG_EXIT_OK;
    if (clg_records_mail_update(records, &change, NULL, &err) != CLG_OK) {
        /* The API's field names, spelt as this door's flags: smtp_url is --smtp-url. */
        char flag[sizeof err.field + 2];
        snprintf(flag, sizeof flag, "--%s", err.field);
        for (char *c = flag; *c; c++)
            if (*c == '_')
                *c = '-';
        if (strcmp(flag, "--smtp-password") == 0)
            snprintf(flag, sizeof flag, "--smtp-password-stdin");
        if (strcmp(err.field, "settings") != 0)
            snprintf(err.field, sizeof err.field, "%.*s", (int)sizeof err.field - 1, flag);
        exit_status = clg_cli_fail(&err);
    }
    memset(password, 0, sizeof password);
    return exit_status;
}

static bool any_mail_flag(clg_cli_flag *flags)
{
    for (int i = 0; i < MAIL_SETTING_COUNT; i++)
        if (clg_cli_flag_find(flags, mail_flags[i])->given)
            return true;
    return clg_cli_flag_find(flags, "smtp-password-stdin")->given;
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
    bool mail = any_mail_flag(flags);
    if (!any && !mail)
        return clg_cli_usage_error("clinic", "'clinic set' needs at least one of --name, "
                                             "--address, --phone, --email, --time-zone, "
                                             "--open-days, --hours, --chairs, --smtp-url, "
                                             "--mail-from, --smtp-user, --public-url");
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
    if (any && clg_records_clinic_update(&records, &change, NULL, &err) != CLG_OK)
        exit_status = clg_cli_fail(&err);
    if (exit_status == CLG_EXIT_OK && mail)
        exit_status = set_mail(&records, flags);
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
        {.name = "smtp-url", .takes_value = true},
        {.name = "mail-from", .takes_value = true},
        {.name = "smtp-user", .takes_value = true},
        {.name = "smtp-password-stdin"},
        {.name = "public-url", .takes_value = true},
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
    if (any_mail_flag(flags) && strcmp(action, "set") != 0)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "clinic", "the mail flags are for 'clinic set'");
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

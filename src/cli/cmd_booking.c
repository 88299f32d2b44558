/*
 * `collagenda booking move | cancel | attend | no-show ID`: a booking's
 * life after it is made with 'session book' (service/bookings.h). A move
 * is judged like a new booking; attend records the session of the
 * booking's day through the one record workflow.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/records_cli.h"
#include "service/bookings.h"

static const char usage[] =
    "usage: collagenda booking move ID --date YYYY-MM-DD [--time HH:MM]\n"
    "         [--force --reason TEXT] [--format text|json]\n"
    "       collagenda booking cancel ID\n"
    "       collagenda booking attend ID [--depth-mm X] [--device D]\n"
    "         [--practitioner P] [--notes TEXT] [--force --reason TEXT]\n"
    "         [--format text|json]\n"
    "       collagenda booking no-show ID\n"
    "\n"
    "Global options, before the command: --db PATH, --clinic NAME.\n"
    "\n"
    "A booking is made with 'session book' (its id is in 'course show').\n"
    "move gives it a new --date (and --time in the clinic's time zone, or all day\n"
    "without): judged like a new booking with this one left out, so a move too\n"
    "soon after (or before) another session or booking of the client is refused\n"
    "(exit 3, nothing written) unless --force --reason TEXT is given.\n"
    "cancel calls it off (the same as 'session cancel --booking ID').\n"
    "attend says the client came: the session of the booking's day is recorded\n"
    "(judged like 'session record'; only on or after that day) and the booking\n"
    "settled; it prints the session's id.\n"
    "no-show says the client did not come (on or after the day): the booking is\n"
    "kept marked no-show in the audit log, and released: it holds no place and\n"
    "counts for no interval floor.\n";

static const char *const formats[] = {"text", "json", NULL};

static const char *value(clg_cli_flag *flags, const char *name)
{
    clg_cli_flag *flag = clg_cli_flag_find(flags, name);
    return flag->given ? flag->value : NULL;
}

/* Warnings go to stderr so that stdout stays the id alone. */
static void print_verdict(const clg_session_verdict *verdict)
{
    if (verdict->forced)
        fprintf(stderr, "collagenda: booking: warning: override recorded: %s\n", verdict->refusal);
    if (verdict->warning[0])
        fprintf(stderr, "collagenda: booking: warning: %s\n", verdict->warning);
}

static int move(clg_records *records, int64_t id, clg_cli_flag *flags, bool json)
{
    clg_booking_input input = {.start_minute = -1};
    clg_error err;
    const char *text = value(flags, "date");
    if (text == NULL)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--date", "is required (YYYY-MM-DD)");
    if (clg_date_parse(text, "--date", &input.date, &err) != CLG_OK)
        return clg_cli_fail(&err);
    if ((text = value(flags, "time")) != NULL &&
        clg_time_parse(text, "--time", &input.start_minute, &err) != CLG_OK)
        return clg_cli_fail(&err);
    int exit_status = clg_cli_read_override(flags, &input.forced, &input.reason);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    clg_booking_result result;
    if (clg_records_booking_move(records, id, &input, &result, &err) != CLG_OK)
        return clg_cli_fail_refusal(&err);
    print_verdict(&result.verdict);
    return clg_cli_print_id(result.id, json);
}

static int attend(clg_records *records, int64_t id, clg_cli_flag *flags, bool json)
{
    clg_session_input input = {.laxity_halves = -1};
    clg_error err;
    const char *text = value(flags, "depth-mm");
    if (text != NULL &&
        clg_depth_parse("--depth-mm", text, &input.depth_hundredths, &err) != CLG_OK)
        return clg_cli_fail(&err);
    input.device = value(flags, "device");
    input.practitioner = value(flags, "practitioner");
    input.notes = value(flags, "notes");
    int exit_status = clg_cli_read_override(flags, &input.forced, &input.reason);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    clg_session_result result;
    if (clg_records_booking_attend(records, id, &input, &result, &err) != CLG_OK)
        return clg_cli_fail_refusal(&err);
    print_verdict(&result.verdict);
    return clg_cli_print_id(result.id, json);
}

/* The flags each action takes; any other is refused by name. */
typedef struct action_flags {
    const char *action;
    const char *const flags[10];
} action_flags;

static const action_flags allowed[] = {
    {"move", {"date", "time", "force", "reason", "format", "help", NULL}},
    {"cancel", {"help", NULL}},
    {"attend",
     {"depth-mm", "device", "practitioner", "notes", "force", "reason", "format", "help", NULL}},
    {"no-show", {"help", NULL}},
};

static int run_booking(int argc, char **argv, const clg_cli_globals *globals)
{
    clg_cli_flag flags[] = {
        {.name = "date", .takes_value = true},
        {.name = "time", .takes_value = true},
        {.name = "depth-mm", .takes_value = true},
        {.name = "device", .takes_value = true},
        {.name = "practitioner", .takes_value = true},
        {.name = "notes", .takes_value = true},
        {.name = "force"},
        {.name = "reason", .takes_value = true},
        {.name = "format", .takes_value = true},
        {.name = "help"},
        {.name = NULL},
    };
    clg_cli_args args;
    int status = clg_cli_begin("booking", usage, argc, argv, flags, 2, formats, &args);
    if (status != CLG_CLI_GO_ON)
        return status;
    const action_flags *action = NULL;
    for (size_t i = 0; args.count >= 1 && i < sizeof allowed / sizeof allowed[0]; i++)
        if (strcmp(args.positionals[0], allowed[i].action) == 0)
            action = &allowed[i];
    if (action == NULL || args.count != 2)
        return clg_cli_usage_error("booking", "use 'booking move ID --date DATE [--time HH:MM]', "
                                              "'booking cancel ID', 'booking attend ID' or "
                                              "'booking no-show ID'");
    for (clg_cli_flag *flag = flags; flag->name != NULL; flag++) {
        int i = 0;
        while (action->flags[i] != NULL && strcmp(action->flags[i], flag->name) != 0)
            i++;
        if (flag->given && action->flags[i] == NULL) {
            char name[32];
            snprintf(name, sizeof name, "--%s", flag->name);
            return clg_cli_fail_text(CLG_EXIT_USAGE, name, "is not for 'booking %s'",
                                     action->action);
        }
    }
    int64_t id;
    if ((status = clg_cli_parse_id("booking ID", args.positionals[1], &id)) != CLG_EXIT_OK)
        return status;
    clg_records records;
    if ((status = clg_cli_records_open(globals, &records)) != CLG_EXIT_OK)
        return status;
    bool json = strcmp(args.format, "json") == 0;
    clg_error err;
    if (strcmp(action->action, "move") == 0) {
        status = move(&records, id, flags, json);
    } else if (strcmp(action->action, "attend") == 0) {
        status = attend(&records, id, flags, json);
    } else if (strcmp(action->action, "cancel") == 0) {
        if (clg_records_booking_cancel(&records, id, &err) != CLG_OK)
            status = clg_cli_fail(&err);
    } else if (clg_records_booking_no_show(&records, id, &err) != CLG_OK) {
        status = clg_cli_fail(&err);
    }
    clg_cli_records_close(&records);
    return status;
}

const clg_cli_command clg_cli_booking_command = {
    .name = "booking",
    .summary = "move, cancel, attend or no-show a booking",
    .usage = usage,
    .run = run_booking,
};

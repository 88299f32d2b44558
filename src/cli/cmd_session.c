/*
 * `collagenda session record | book | cancel | amend | void`: a session
 * done, or booked ahead, checked against the safety floor and the course's
 * window before anything is written (docs/records.md#records-and-safety); a booking called
 * off; and a recorded session corrected (corrections_cli.c).
 */
#include <stdlib.h>
#include <string.h>

#include "cli/corrections_cli.h"
#include "cli/records_cli.h"
#include "service/bookings.h"

static const char usage[] =
    "usage: collagenda session record --course ID --date YYYY-MM-DD\n"
    "         [--modality traditional|rf|roller] [--areas A,B] [--depth-mm X]\n"
    "         [--device D] [--practitioner P] [--notes TEXT]\n"
    "         [--laxity-grade 0..4] [--gais 1..5] [--screening X,Y]\n"
    "         [--force --reason TEXT] [--format text|json]\n"
    "       collagenda session book --course ID --date YYYY-MM-DD [--time HH:MM]\n"
    "         [--force --reason TEXT] [--format text|json]\n"
    "       collagenda session cancel --booking ID\n"
    "       collagenda session amend ID [--date YYYY-MM-DD] [--depth-mm X]\n"
    "         [--laxity-grade 0..4] [--gais 1..5] [--notes TEXT] [--force]\n"
    "         --reason TEXT [--format text|json]\n"
    "       collagenda session void ID --reason TEXT [--format text|json]\n"
    "\n"
    "Global options, before the command: --db PATH, --clinic NAME.\n"
    "\n"
    "Records a session and prints its id. Modality and areas default to the course's.\n"
    "A session sooner than the protocol's interval floor after (or before) another\n"
    "session of the same client on an overlapping area, or on a course whose\n"
    "screening is blocked, is refused with exit status 3 and nothing is written,\n"
    "unless --force --reason TEXT is given (the reason is stored and audited).\n"
    "A session before its window opens is recorded as early, after it closes as\n"
    "late (the rest of the course re-flows from its date); both print a warning.\n"
    "A session is recorded once it has taken place: a date after today (the clinic's,\n"
    "in its time zone) or before the course's start is refused (exit 2); book ahead.\n"
    "--laxity-grade is the Alexiades-Armenakas grade 0 to 4 in half steps; --gais\n"
    "the Global Aesthetic Improvement Scale 1 to 5.\n"
    "\n"
    "book books the course's next session (once all are booked, its maintenance\n"
    "visit) and prints the booking's id: on --date,\n"
    "at --time in the clinic's time zone (see 'clinic set'), or all day without\n"
    "--time; a time the clocks skip when they go forward is refused (exit 2), one\n"
    "they pass twice when they go back is the first. It is judged like a session\n"
    "recorded on that date, the course's earlier bookings counted as done and the\n"
    "client's bookings in every course counted for the interval floor: refused\n"
    "(exit 3) or forced the same way.\n"
    "Recording a session settles the booking it was for. cancel calls a booking off;\n"
    "'collagenda booking' moves one, marks it attended or no-show.\n"
    "\n"
    "amend corrects a recorded session (its id is in 'course show'); the old values\n"
    "stay in the audit log with the reason. A new date is judged like a new record,\n"
    "as if the session had not been recorded: too soon is refused (exit 3) unless\n"
    "--force is given too, and the session stays between the sessions before and\n"
    "after it. An empty value clears a field (--notes ''). void marks a session as\n"
    "entered in error: it is kept with the reason but counts nowhere (the course,\n"
    "the floor, exports, due), and the course's later sessions move up a number.\n"
    "Both re-flow the course; with --format json they print the session, its\n"
    "warning and where the course stands.\n";

static const char *const formats[] = {"text", "json", NULL};

static const char *value(clg_cli_flag *flags, const char *name)
{
    clg_cli_flag *flag = clg_cli_flag_find(flags, name);
    return flag->given ? flag->value : NULL;
}

/* A comma list flag through the assessment's own parser, named as typed. */
static int parse_set(const char *flag, clg_vocabulary_id vocabulary, const char *text,
                     uint32_t *out)
{
    clg_error err;
    if (clg_word_set_parse(vocabulary, flag, text, out, &err) != CLG_OK)
        return clg_cli_fail(&err);
    return CLG_EXIT_OK;
}

/* Reads every flag into input; returns CLG_EXIT_OK or the status already reported. */
static int read_input(clg_cli_flag *flags, clg_session_input *input)
{
    clg_error err;
    const char *text;
    memset(input, 0, sizeof *input);
    input->laxity_halves = -1;
    if ((text = value(flags, "date")) == NULL)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--date", "is required (YYYY-MM-DD)");
    if (clg_date_parse(text, "--date", &input->date, &err) != CLG_OK)
        return clg_cli_fail(&err);
    if ((text = value(flags, "modality")) != NULL) {
        int modality;
        if (clg_vocabulary_parse(CLG_VOCAB_MODALITY, "--modality", text, strlen(text), &modality,
                                 &err) != CLG_OK)
            return clg_cli_fail(&err);
        input->has_modality = true;
        input->modality = (clg_modality)modality;
    }
    int status;
    if ((text = value(flags, "areas")) != NULL &&
        (status = parse_set("--areas", CLG_VOCAB_AREA, text, &input->areas)) != CLG_EXIT_OK)
        return status;
    if ((text = value(flags, "screening")) != NULL &&
        (status = parse_set("--screening", CLG_VOCAB_SCREENING, text, &input->screening)) !=
            CLG_EXIT_OK)
        return status;
    if ((text = value(flags, "depth-mm")) != NULL &&
        clg_depth_parse("--depth-mm", text, &input->depth_hundredths, &err) != CLG_OK)
        return clg_cli_fail(&err);
    if ((text = value(flags, "laxity-grade")) != NULL &&
        clg_laxity_grade_parse("--laxity-grade", text, &input->laxity_halves, &err) != CLG_OK)
        return clg_cli_fail(&err);
    if ((text = value(flags, "gais")) != NULL &&
        clg_gais_parse("--gais", text, &input->gais, &err) != CLG_OK)
        return clg_cli_fail(&err);
    input->device = value(flags, "device");
    input->practitioner = value(flags, "practitioner");
    input->notes = value(flags, "notes");
    return clg_cli_read_override(flags, &input->forced, &input->reason);
}

/* --course ID into *course_id; returns CLG_EXIT_OK or the status already reported. */
static int read_course(clg_cli_flag *flags, int64_t *course_id)
{
    const char *text = value(flags, "course");
    if (text == NULL)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--course", "is required (a course id)");
    return clg_cli_parse_id("--course", text, course_id);
}

/* Warnings go to stderr so that stdout stays the id alone. */
static void print_verdict(const clg_session_verdict *verdict)
{
    if (verdict->forced)
        fprintf(stderr, "collagenda: session: warning: override recorded: %s\n", verdict->refusal);
    if (verdict->warning[0])
        fprintf(stderr, "collagenda: session: warning: %s\n", verdict->warning);
}

static int record(clg_cli_flag *flags, const clg_cli_globals *globals, bool json)
{
    int64_t course_id = 0;
    int exit_status = read_course(flags, &course_id);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    clg_session_input input;
    if ((exit_status = read_input(flags, &input)) != CLG_EXIT_OK)
        return exit_status;

    clg_records records;
    if ((exit_status = clg_cli_records_open(globals, &records)) != CLG_EXIT_OK)
        return exit_status;
    clg_session_result result;
    clg_error err;
    if (clg_records_session_record(&records, course_id, &input, &result, &err) != CLG_OK) {
        exit_status = clg_cli_fail_refusal(&err);
    } else {
        print_verdict(&result.verdict);
        exit_status = clg_cli_print_id(result.id, json);
    }
    clg_cli_records_close(&records);
    return exit_status;
}

/* The flags record has and book has not: named, so a typo of intent is not silently dropped. */
static const char *const record_only[] = {"modality",     "areas", "depth-mm",     "device",
                                          "practitioner", "notes", "laxity-grade", "gais",
                                          "screening",    NULL};

static int book(clg_cli_flag *flags, const clg_cli_globals *globals, bool json)
{
    for (int i = 0; record_only[i] != NULL; i++)
        if (clg_cli_flag_find(flags, record_only[i])->given) {
            char flag[32];
            snprintf(flag, sizeof flag, "--%s", record_only[i]);
            return clg_cli_fail_text(CLG_EXIT_USAGE, flag,
                                     "is for 'session record'; a booking takes --course, "
                                     "--date, --time and --force --reason");
        }
    int64_t course_id = 0;
    int exit_status = read_course(flags, &course_id);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
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
    if ((exit_status = clg_cli_read_override(flags, &input.forced, &input.reason)) != CLG_EXIT_OK)
        return exit_status;

    clg_records records;
    if ((exit_status = clg_cli_records_open(globals, &records)) != CLG_EXIT_OK)
        return exit_status;
    clg_booking_result result;
    if (clg_records_booking_add(&records, course_id, &input, &result, &err) != CLG_OK) {
        exit_status = clg_cli_fail_refusal(&err);
    } else {
        print_verdict(&result.verdict);
        exit_status = clg_cli_print_id(result.id, json);
    }
    clg_cli_records_close(&records);
    return exit_status;
}

static int cancel(clg_cli_flag *flags, const clg_cli_globals *globals)
{
    const char *text = value(flags, "booking");
    if (text == NULL)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--booking", "is required (a booking id)");
    int64_t booking_id;
    int exit_status = clg_cli_parse_id("--booking", text, &booking_id);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    clg_records records;
    if ((exit_status = clg_cli_records_open(globals, &records)) != CLG_EXIT_OK)
        return exit_status;
    clg_error err;
    if (clg_records_booking_cancel(&records, booking_id, &err) != CLG_OK)
        exit_status = clg_cli_fail(&err);
    clg_cli_records_close(&records);
    return exit_status;
}

/* The flags each correction takes; any other is refused by name. */
static const char *const amend_flags[] = {"date",  "depth-mm", "laxity-grade", "gais", "notes",
                                          "force", "reason",   "format",       "help", NULL};
static const char *const void_flags[] = {"reason", "format", "help", NULL};

static int corrections(clg_cli_flag *flags, const clg_cli_args *args,
                       const clg_cli_globals *globals)
{
    bool amend = strcmp(args->positionals[0], "amend") == 0;
    const char *const *allowed = amend ? amend_flags : void_flags;
    for (clg_cli_flag *flag = flags; flag->name != NULL; flag++) {
        int i = 0;
        while (allowed[i] != NULL && strcmp(allowed[i], flag->name) != 0)
            i++;
        if (flag->given && allowed[i] == NULL) {
            char name[32];
            snprintf(name, sizeof name, "--%s", flag->name);
            return clg_cli_fail_text(CLG_EXIT_USAGE, name, "is not for 'session %s'",
                                     args->positionals[0]);
        }
    }
    if (args->count != 2)
        return clg_cli_usage_error("session", amend ? "'session amend' needs the session's ID"
                                                    : "'session void' needs the session's ID");
    bool json = strcmp(args->format, "json") == 0;
    if (amend)
        return clg_cli_session_amend(args->positionals[1], flags, globals, json);
    return clg_cli_session_void(args->positionals[1], flags, globals, json);
}

static int run_session(int argc, char **argv, const clg_cli_globals *globals)
{
    clg_cli_flag flags[] = {
        {.name = "course", .takes_value = true},
        {.name = "date", .takes_value = true},
        {.name = "modality", .takes_value = true},
        {.name = "areas", .takes_value = true},
        {.name = "depth-mm", .takes_value = true},
        {.name = "device", .takes_value = true},
        {.name = "practitioner", .takes_value = true},
        {.name = "notes", .takes_value = true},
        {.name = "laxity-grade", .takes_value = true},
        {.name = "gais", .takes_value = true},
        {.name = "screening", .takes_value = true},
        {.name = "force"},
        {.name = "reason", .takes_value = true},
        {.name = "format", .takes_value = true},
        {.name = "time", .takes_value = true},
        {.name = "booking", .takes_value = true},
        {.name = "help"},
        {.name = NULL},
    };
    clg_cli_args args;
    int status = clg_cli_begin("session", usage, argc, argv, flags, 2, formats, &args);
    if (status != CLG_CLI_GO_ON)
        return status;
    if (args.count >= 1 &&
        (strcmp(args.positionals[0], "amend") == 0 || strcmp(args.positionals[0], "void") == 0))
        return corrections(flags, &args, globals);
    const char *action = args.count == 1 ? args.positionals[0] : "";
    bool json = strcmp(args.format, "json") == 0;
    bool recording = strcmp(action, "record") == 0, booking = strcmp(action, "book") == 0;
    if (!booking && clg_cli_flag_find(flags, "time")->given)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--time",
                                 "is for 'session book'; a recorded session keeps its day");
    if (strcmp(action, "cancel") != 0 && clg_cli_flag_find(flags, "booking")->given)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--booking", "is for 'session cancel'");
    if (recording)
        return record(flags, globals, json);
    if (booking)
        return book(flags, globals, json);
    if (strcmp(action, "cancel") == 0)
        return cancel(flags, globals);
    return clg_cli_usage_error("session", "use 'session record --course ID --date DATE ...', "
                                          "'session book --course ID --date DATE [--time HH:MM]', "
                                          "'session cancel --booking ID', "
                                          "'session amend ID ... --reason TEXT' "
                                          "or 'session void ID --reason TEXT'");
}

const clg_cli_command clg_cli_session_command = {
    .name = "session",
    .summary = "record, book, amend or void a session, checked against the safety floor",
    .usage = usage,
    .run = run_session,
};

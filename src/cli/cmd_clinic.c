/*
 * `collagenda clinic show | set`: the clinic the CLI acts for, and its time
 * zone, in which booked session times are local times (calendar exports
 * carry it as a VTIMEZONE, FHIR as UTC offsets).
 */
#include <string.h>

#include "cli/records_cli.h"
#include "base/json_writer.h"
#include "service/bookings.h"
#include "service/clinic.h"

static const char usage[] =
    "usage: collagenda [--db PATH] [--clinic NAME] clinic show [--format text|json]\n"
    "       collagenda [--db PATH] [--clinic NAME] clinic set --time-zone ZONE\n"
    "\n"
    "show  prints the clinic's name and time zone (UTC until one is set).\n"
    "set   sets the time zone booked session times are local to: an IANA name\n"
    "      such as Europe/Berlin, America/New_York or UTC. Audited.\n";

static const char *const formats[] = {"text", "json", NULL};

static int show(const clg_cli_globals *globals, bool json)
{
    clg_records records;
    int exit_status = clg_cli_records_open(globals, &records);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    char time_zone[CLG_TIME_ZONE_SIZE];
    clg_error err;
    if (clg_records_clinic_time_zone(&records, time_zone, &err) != CLG_OK) {
        clg_cli_records_close(&records);
        return clg_cli_fail(&err);
    }
    clg_cli_records_close(&records);
    const char *zone = time_zone[0] ? time_zone : "UTC";
    const char *name = globals->clinic_name ? globals->clinic_name : CLG_CLI_DEFAULT_CLINIC;
    clg_buffer out = CLG_BUFFER_INIT;
    if (json) {
        clg_json_writer w;
        clg_json_writer_init(&w, &out, true);
        clg_json_begin_object(&w);
        clg_json_member_string(&w, "name", name);
        clg_json_member_string(&w, "time_zone", zone);
        clg_json_end_object(&w);
        clg_buffer_puts(&out, "\n");
    } else {
        clg_buffer_printf(&out, "Clinic: %s\nTime zone: %s\n", name, zone);
    }
    exit_status = clg_cli_write_stdout(&out);
    clg_buffer_free(&out);
    return exit_status;
}

static int set(const clg_cli_globals *globals, const clg_cli_flag *time_zone)
{
    if (!time_zone->given)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--time-zone",
                                 "is required (an IANA name such as Europe/Berlin)");
    clg_records records;
    int exit_status = clg_cli_records_open(globals, &records);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    clg_error err;
    if (clg_records_clinic_set_time_zone(&records, "--time-zone", time_zone->value, &err) != CLG_OK)
        exit_status = clg_cli_fail(&err);
    clg_cli_records_close(&records);
    return exit_status;
}

static int run_clinic(int argc, char **argv, const clg_cli_globals *globals)
{
    clg_cli_flag flags[] = {
        {.name = "time-zone", .takes_value = true},
        {.name = "format", .takes_value = true},
        {.name = "help"},
        {.name = NULL},
    };
    clg_cli_args args;
    int status = clg_cli_begin("clinic", usage, argc, argv, flags, 1, formats, &args);
    if (status != CLG_CLI_GO_ON)
        return status;
    const char *action = args.count == 1 ? args.positionals[0] : "";
    clg_cli_flag *time_zone = clg_cli_flag_find(flags, "time-zone");
    if (strcmp(action, "show") == 0 && !time_zone->given)
        return show(globals, strcmp(args.format, "json") == 0);
    if (strcmp(action, "set") == 0)
        return set(globals, time_zone);
    if (strcmp(action, "show") == 0)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--time-zone", "is for 'clinic set'");
    return clg_cli_usage_error("clinic", "use 'clinic show' or 'clinic set --time-zone ZONE'");
}

const clg_cli_command clg_cli_clinic_command = {
    .name = "clinic",
    .summary = "show the clinic, or set its time zone",
    .usage = usage,
    .run = run_clinic,
};

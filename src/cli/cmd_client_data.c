/*
 * `collagenda client export ID` and `client erase ID --reason TEXT`: the
 * client's data (docs/records.md#the-clients-data). cmd_client.c hands
 * these two over; they keep their own flags. The command line acts as the
 * database's owner, so erasing needs no admin role here (it does over HTTP).
 */
#include <string.h>

#include "cli/client_data.h"
#include "cli/records_cli.h"
#include "model/record_json.h"
#include "render/client_export.h"
#include "service/client_data.h"

static const char *const export_formats[] = {"json", NULL};
static const char *const erase_formats[] = {"text", "json", NULL};

static int export_client(int64_t id, const clg_cli_globals *globals)
{
    clg_records records;
    int exit_status = clg_cli_records_open(globals, &records);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    clg_buffer out = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &out, true);
    clg_client_export_json document;
    clg_client_export_visitor visitor =
        clg_render_client_export_json_begin(&document, &writer, records.today);
    clg_error err;
    if (clg_records_client_export(&records, id, "json", &visitor, &err) != CLG_OK) {
        exit_status = clg_cli_fail(&err);
    } else {
        clg_render_client_export_json_end(&document);
        clg_buffer_puts(&out, "\n");
        exit_status = clg_cli_write_stdout(&out);
    }
    clg_buffer_free(&out);
    clg_cli_records_close(&records);
    return exit_status;
}

static int erase_client(int64_t id, const char *reason, bool json, const clg_cli_globals *globals)
{
    clg_records records;
    int exit_status = clg_cli_records_open(globals, &records);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    clg_client_row erased;
    clg_error err;
    if (clg_records_client_erase(&records, id, reason, &erased, &err) != CLG_OK) {
        exit_status = clg_cli_fail(&err);
    } else if (json) {
        clg_buffer out = CLG_BUFFER_INIT;
        clg_json_writer writer;
        clg_json_writer_init(&writer, &out, true);
        clg_client_json_value(&erased, &writer);
        clg_buffer_puts(&out, "\n");
        exit_status = clg_cli_write_stdout(&out);
        clg_buffer_free(&out);
    }
    clg_store_row_free(erased.storage);
    clg_cli_records_close(&records);
    return exit_status;
}

int clg_cli_client_data(int argc, char **argv, const char *usage, const clg_cli_globals *globals)
{
    bool erase = strcmp(argv[1], "erase") == 0;
    clg_cli_flag flags[] = {
        {.name = "reason", .takes_value = true},
        {.name = "format", .takes_value = true},
        {.name = "help"},
        {.name = NULL},
    };
    clg_cli_args args;
    int status = clg_cli_begin("client", usage, argc, argv, flags, 2,
                               erase ? erase_formats : export_formats, &args);
    if (status != CLG_CLI_GO_ON)
        return status;
    if (args.count != 2)
        return clg_cli_usage_error("client", erase ? "'client erase' needs exactly one ID"
                                                   : "'client export' needs exactly one ID");
    int64_t id;
    if ((status = clg_cli_parse_id("client", args.positionals[1], &id)) != CLG_EXIT_OK)
        return status;
    clg_cli_flag *reason = clg_cli_flag_find(flags, "reason");
    if (!erase) {
        if (reason->given)
            return clg_cli_usage_error("client", "--reason is for 'client erase'");
        return export_client(id, globals);
    }
    if (!reason->given)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--reason",
                                 "is required: say why the client is erased (without saying who)");
    return erase_client(id, reason->value, strcmp(args.format, "json") == 0, globals);
}

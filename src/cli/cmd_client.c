/*
 * `collagenda client add | list | show | edit | merge | export | erase`: the
 * clinic's client records; edit and merge are corrections
 * (corrections_cli.c), export and erase the client's data (client_data.c).
 */
#include <stdlib.h>
#include <string.h>

#include "cli/client_data.h"
#include "cli/corrections_cli.h"
#include "cli/records_cli.h"
#include "render/records.h"
#include "service/reads.h"
#include "service/records.h"

static const char usage[] =
    "usage: collagenda client add --name NAME [--email E]\n"
    "         [--phone P] [--birth-date YYYY-MM-DD] [--skin-type I..VI]\n"
    "         [--allow-duplicate] [--format text|json]\n"
    "       collagenda client list [--format text|json]\n"
    "       collagenda client show ID [--format text|json]\n"
    "       collagenda client edit ID [--name NAME] [--email E] [--phone P]\n"
    "         [--birth-date YYYY-MM-DD] [--skin-type I..VI] [--allow-duplicate]\n"
    "         [--format text|json]\n"
    "       collagenda client merge KEEP OTHER --reason TEXT [--format text|json]\n"
    "       collagenda client export ID [--format json]\n"
    "       collagenda client erase ID --reason TEXT [--format text|json]\n"
    "\n"
    "Global options, before the command: --db PATH, --clinic NAME.\n"
    "\n"
    "add   records a client and prints the new id ({\"id\": N} with --format json).\n"
    "      An e-mail (in any case) or phone (ignoring spaces, dashes, dots and\n"
    "      brackets) that another client already has is refused (exit 2, naming\n"
    "      that client's id) unless --allow-duplicate.\n"
    "list  every client of the clinic; JSON is an array of {\"id\", \"name\", \"email\",\n"
    "      \"phone\", \"birth_date\", \"skin_type\"}. Merged clients are left out.\n"
    "show  one client with their courses.\n"
    "export everything held about the client, for a right-of-access request: the\n"
    "      client, courses (with the stored request and plan), sessions, bookings,\n"
    "      calendar feeds (never their secret) and the audit entries about them.\n"
    "erase replaces the client's name with \"erased client ID\" and removes their\n"
    "      e-mail, phone, birth date, skin type and session notes; courses and\n"
    "      sessions stay, without identity; the calendar feed is revoked. The\n"
    "      reason is kept in the audit log and may not repeat the name, e-mail\n"
    "      or phone.\n"
    "edit  changes the details given, with the checks of add (the duplicate check\n"
    "      too); an empty value clears an optional one. Audited with before and after.\n"
    "merge moves OTHER's courses, sessions and bookings to KEEP (the same person\n"
    "      entered twice) and leaves OTHER as a merged record pointing to KEEP; OTHER's\n"
    "      calendar feed is revoked. Audited on both with the reason.\n";

static const char *const formats[] = {"text", "json", NULL};

static const char *flag_value(clg_cli_flag *flags, const char *name)
{
    clg_cli_flag *flag = clg_cli_flag_find(flags, name);
    return flag->given ? flag->value : NULL;
}

static int add(clg_cli_flag *flags, const clg_cli_globals *globals, bool json)
{
    clg_client_row client = {0};
    clg_error err;
    client.name = flag_value(flags, "name");
    if (client.name == NULL)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--name", "is required");
    client.email = flag_value(flags, "email");
    client.phone = flag_value(flags, "phone");
    /* An empty optional value means "not given", as in the CSV import. */
    if (client.email && client.email[0] == '\0')
        client.email = NULL;
    if (client.phone && client.phone[0] == '\0')
        client.phone = NULL;
    const char *skin = flag_value(flags, "skin-type");
    if (skin && clg_skin_type_parse("--skin-type", skin, &client.skin_type, &err) != CLG_OK)
        return clg_cli_fail(&err);
    if (clg_records_client_check(&client, &err) != CLG_OK)
        return clg_cli_fail(&err);

    clg_records records;
    int exit_status = clg_cli_records_open(globals, &records);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    /* Not after the clinic's today, which needs the clinic. */
    const char *birth = flag_value(flags, "birth-date");
    int64_t id;
    client.has_birth_date = birth != NULL;
    int64_t existing = 0;
    if (birth && clg_birth_date_parse("--birth-date", birth, records.today, &client.birth_date,
                                      &err) != CLG_OK)
        exit_status = clg_cli_fail(&err);
    else if (clg_records_client_add(&records, &client,
                                    clg_cli_flag_find(flags, "allow-duplicate")->given, &id,
                                    &existing, &err) != CLG_OK)
        exit_status = clg_cli_fail_duplicate(&err, existing);
    else
        exit_status = clg_cli_print_id(id, json);
    clg_cli_records_close(&records);
    return exit_status;
}

typedef struct list_context {
    clg_buffer *out;
    clg_json_writer *writer; /* NULL for text */
} list_context;

static int list_one(void *context, const clg_client_row *row)
{
    list_context *c = context;
    if (c->writer)
        clg_client_json_value(row, c->writer);
    else
        clg_render_client_list_line(row, c->out);
    return 0;
}

static int list(const clg_cli_globals *globals, bool json)
{
    clg_records records;
    int exit_status = clg_cli_records_open(globals, &records);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    clg_buffer out = CLG_BUFFER_INIT;
    clg_json_writer writer;
    list_context context = {&out, json ? &writer : NULL};
    if (json) {
        clg_json_writer_init(&writer, &out, true);
        clg_json_begin_array(&writer);
    } else {
        clg_render_client_list_header(&out);
    }
    clg_error err;
    if (clg_records_client_list(&records, list_one, &context, &err) != CLG_OK) {
        exit_status = clg_cli_fail(&err);
    } else {
        if (json) {
            clg_json_end_array(&writer);
            clg_buffer_puts(&out, "\n");
        }
        exit_status = clg_cli_write_stdout(&out);
    }
    clg_buffer_free(&out);
    clg_cli_records_close(&records);
    return exit_status;
}

static int course_one(void *context, const clg_course_row *row)
{
    list_context *c = context;
    if (c->writer)
        clg_course_summary_json_value(row, c->writer);
    else
        clg_render_course_summary_line(row, c->out);
    return 0;
}

static int show(const char *id_text, const clg_cli_globals *globals, bool json)
{
    int64_t id;
    int exit_status = clg_cli_parse_id("client", id_text, &id);
    if (exit_status != CLG_EXIT_OK)
        return exit_status;
    clg_records records;
    if ((exit_status = clg_cli_records_open(globals, &records)) != CLG_EXIT_OK)
        return exit_status;
    clg_client_view view;
    clg_buffer out = CLG_BUFFER_INIT;
    clg_json_writer writer;
    list_context context = {&out, json ? &writer : NULL};
    clg_error err;
    clg_status status = clg_records_client_show(&records, id, &view, &err);
    if (status != CLG_OK) {
        exit_status = clg_cli_fail(&err);
    } else {
        if (json) {
            clg_json_writer_init(&writer, &out, true);
            /* The client object of `client show`, with its courses. */
            clg_json_begin_object(&writer);
            clg_client_json_members(&view.client, &writer);
            clg_json_key(&writer, "courses");
            clg_json_begin_array(&writer);
        } else {
            clg_render_client_text(&view.client, &out);
            clg_buffer_puts(&out, "Courses:\n");
        }
        for (int i = 0; i < view.course_count; i++)
            course_one(&context, &view.courses[i]);
        if (json) {
            clg_json_end_array(&writer);
            clg_json_end_object(&writer);
            clg_buffer_puts(&out, "\n");
        }
        exit_status = clg_cli_write_stdout(&out);
    }
    clg_records_client_view_free(&view);
    clg_buffer_free(&out);
    clg_cli_records_close(&records);
    return exit_status;
}

static int run_client(int argc, char **argv, const clg_cli_globals *globals)
{
    if (argc > 1 && (strcmp(argv[1], "export") == 0 || strcmp(argv[1], "erase") == 0))
        return clg_cli_client_data(argc, argv, usage, globals);
    clg_cli_flag flags[] = {
        {.name = "name", .takes_value = true},
        {.name = "email", .takes_value = true},
        {.name = "phone", .takes_value = true},
        {.name = "birth-date", .takes_value = true},
        {.name = "skin-type", .takes_value = true},
        {.name = "format", .takes_value = true},
        {.name = "help"},
        {.name = "allow-duplicate"},
        {.name = "reason", .takes_value = true},
        {.name = NULL},
    };
    clg_cli_args args;
    int status = clg_cli_begin("client", usage, argc, argv, flags, 3, formats, &args);
    if (status != CLG_CLI_GO_ON)
        return status;
    const char *format = args.format;
    bool json = strcmp(format, "json") == 0;
    const char *action = args.count > 0 ? args.positionals[0] : "";
    bool add_flags = false;
    for (int i = 0; i < 5; i++)
        add_flags |= flags[i].given;
    bool editing = strcmp(action, "edit") == 0, merging = strcmp(action, "merge") == 0;
    if (clg_cli_flag_find(flags, "reason")->given && !merging)
        return clg_cli_usage_error("client", "--reason is for 'client merge'");
    if (clg_cli_flag_find(flags, "allow-duplicate")->given && !editing &&
        strcmp(action, "add") != 0)
        return clg_cli_usage_error("client",
                                   "--allow-duplicate is for 'client add' and 'client edit'");
    if (editing && args.count == 2)
        return clg_cli_client_edit(args.positionals[1], flags, globals, json);
    if (editing)
        return clg_cli_usage_error("client", "'client edit' needs exactly one ID");
    if (merging && !add_flags && args.count == 3)
        return clg_cli_client_merge(args.positionals[1], args.positionals[2], flags, globals, json);
    if (merging && !add_flags)
        return clg_cli_usage_error("client", "'client merge' needs the client to KEEP and the "
                                             "OTHER one merged into it");
    if (strcmp(action, "add") == 0 && args.count == 1)
        return add(flags, globals, json);
    if (add_flags && strcmp(action, "add") != 0)
        return clg_cli_usage_error("client", "--name, --email, --phone, --birth-date and "
                                             "--skin-type are for 'client add' and 'client edit'");
    if (strcmp(action, "list") == 0 && args.count == 1)
        return list(globals, json);
    if (strcmp(action, "show") == 0 && args.count == 2)
        return show(args.positionals[1], globals, json);
    if (strcmp(action, "show") == 0)
        return clg_cli_usage_error("client", "'client show' needs exactly one ID");
    return clg_cli_usage_error(
        "client",
        "use 'client add', 'client list', 'client show ID', "
        "'client edit ID', 'client merge KEEP OTHER', 'client export ID' or 'client erase ID'");
}

const clg_cli_command clg_cli_client_command = {
    .name = "client",
    .summary = "add, list, show, edit, merge, export and erase clients",
    .usage = usage,
    .run = run_client,
};

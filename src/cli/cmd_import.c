/*
 * `collagenda import clients FILE.csv`: a clinic's client list from a
 * spreadsheet (RFC 4180 CSV, UTF-8). Every row is checked before anything
 * is written, and the rows are added in one transaction: a bad row (named
 * by its line number) leaves the database untouched.
 */
#include <stdlib.h>
#include <string.h>

#include "cli/corrections_cli.h"
#include "cli/records_cli.h"
#include "base/csv.h"
#include "base/json_writer.h"

static const char usage[] =
    "usage: collagenda import clients FILE.csv [--allow-duplicate] [--format text|json]\n"
    "\n"
    "Global options, before the command: --db PATH, --clinic NAME.\n"
    "\n"
    "The first row names the columns: name (required), email, phone, birth_date\n"
    "(YYYY-MM-DD), skin_type (I..VI), in any order; an id column (as written by\n"
    "`export clients`) is ignored. All rows are added, or none. Prints the new ids,\n"
    "one per line ({\"ids\": [...]} with --format json). A row whose e-mail or phone\n"
    "is already on file (or on an earlier row) is refused like 'client add' refuses\n"
    "it, naming its line and the client who has it, unless --allow-duplicate.\n";

static const char *const formats[] = {"text", "json", NULL};

enum column {
    COLUMN_NAME,
    COLUMN_EMAIL,
    COLUMN_PHONE,
    COLUMN_BIRTH_DATE,
    COLUMN_SKIN_TYPE,
    COLUMN_ID,
    COLUMN_COUNT
};
static const char *const column_names[COLUMN_COUNT] = {"name",       "email",     "phone",
                                                       "birth_date", "skin_type", "id"};

typedef struct import_rows {
    clg_csv_record *records;
    clg_client_row *clients;
    int count;
    int capacity;
} import_rows;

static void rows_free(import_rows *rows)
{
    for (int i = 0; i < rows->count; i++)
        clg_csv_record_free(&rows->records[i]);
    free(rows->records);
    free(rows->clients);
}

static clg_status line_error(clg_error *err, long line)
{
    char prefix[32];
    snprintf(prefix, sizeof prefix, "line %ld", line);
    clg_error_prefix_field(err, prefix);
    return err->status;
}

/* Maps header fields to columns: index[column] is the field, or -1. */
static clg_status read_header(const clg_csv_record *header, int index[COLUMN_COUNT], clg_error *err)
{
    for (int c = 0; c < COLUMN_COUNT; c++)
        index[c] = -1;
    for (int f = 0; f < header->count; f++) {
        int c = 0;
        while (c < COLUMN_COUNT && strcmp(header->fields[f], column_names[c]) != 0)
            c++;
        if (c == COLUMN_COUNT)
            return clg_error_set(err, CLG_ERR_INVALID, "line 1",
                                 "unknown column '%.60s'; allowed: name, email, phone, "
                                 "birth_date, skin_type (and id, which is ignored)",
                                 header->fields[f]);
        if (index[c] >= 0)
            return clg_error_set(err, CLG_ERR_INVALID, "line 1", "column '%s' appears twice",
                                 column_names[c]);
        index[c] = f;
    }
    if (index[COLUMN_NAME] < 0)
        return clg_error_set(err, CLG_ERR_INVALID, "line 1",
                             "the header row has no 'name' column; expected "
                             "name,email,phone,birth_date,skin_type");
    return CLG_OK;
}

static const char *optional(const clg_csv_record *record, int field)
{
    if (field < 0 || record->fields[field][0] == '\0')
        return NULL;
    return record->fields[field];
}

static clg_status read_client(const clg_csv_record *record, const int index[COLUMN_COUNT],
                              int header_count, clg_date today, clg_client_row *client,
                              clg_error *err)
{
    memset(client, 0, sizeof *client);
    if (record->count != header_count)
        return clg_error_set(err, CLG_ERR_INVALID, "", "has %d field%s, the header has %d",
                             record->count, record->count == 1 ? "" : "s", header_count);
    client->name = record->fields[index[COLUMN_NAME]];
    client->email = optional(record, index[COLUMN_EMAIL]);
    client->phone = optional(record, index[COLUMN_PHONE]);
    const char *birth = optional(record, index[COLUMN_BIRTH_DATE]);
    if (birth) {
        clg_status status =
            clg_birth_date_parse("birth_date", birth, today, &client->birth_date, err);
        if (status != CLG_OK)
            return status;
        client->has_birth_date = true;
    }
    const char *skin = optional(record, index[COLUMN_SKIN_TYPE]);
    if (skin) {
        clg_status status = clg_skin_type_parse("skin_type", skin, &client->skin_type, err);
        if (status != CLG_OK)
            return status;
    }
    return clg_records_client_check(client, err);
}

/* Reads and checks every row of text into rows; nothing is written here. */
static clg_status read_rows(const char *text, size_t length, clg_date today, import_rows *rows,
                            clg_error *err)
{
    clg_csv_reader reader;
    clg_csv_reader_init(&reader, text, length);
    if (!clg_text_is_clean_utf8(text, length)) {
        /* Find the line so the clinic can fix its file. */
        long line = 1;
        size_t good = 0;
        for (size_t end = 0; end <= length; end++) {
            if (end == length || text[end] == '\n') {
                if (!clg_text_is_clean_utf8(text + good, end - good))
                    break;
                line++;
                good = end + 1;
            }
        }
        return clg_error_set(err, CLG_ERR_INVALID, "",
                             "line %ld: not UTF-8 text (or holds a "
                             "control character); save the file as UTF-8 CSV",
                             line);
    }
    clg_csv_record header = {0};
    clg_status status = clg_csv_next(&reader, &header, err);
    int index[COLUMN_COUNT];
    if (status == CLG_OK && header.count == 0)
        status = clg_error_set(err, CLG_ERR_INVALID, "",
                               "the file is empty; expected a header "
                               "row name,email,phone,birth_date,skin_type");
    if (status == CLG_OK)
        status = read_header(&header, index, err);
    int header_count = header.count;
    clg_csv_record_free(&header);
    while (status == CLG_OK) {
        if (rows->count == rows->capacity) {
            int capacity = rows->capacity ? rows->capacity * 2 : 64;
            clg_csv_record *records = realloc(rows->records, sizeof *records * (size_t)capacity);
            if (records)
                rows->records = records;
            clg_client_row *clients = realloc(rows->clients, sizeof *clients * (size_t)capacity);
            if (clients)
                rows->clients = clients;
            if (records == NULL || clients == NULL)
                return clg_error_set(err, CLG_ERR_IO, "import", "out of memory");
            rows->capacity = capacity;
        }
        clg_csv_record *record = &rows->records[rows->count];
        memset(record, 0, sizeof *record);
        status = clg_csv_next(&reader, record, err);
        if (status != CLG_OK || record->count == 0) {
            clg_csv_record_free(record);
            break;
        }
        rows->count++;
        status =
            read_client(record, index, header_count, today, &rows->clients[rows->count - 1], err);
        if (status != CLG_OK)
            return line_error(err, record->line);
    }
    if (status == CLG_OK && rows->count == 0)
        status = clg_error_set(err, CLG_ERR_INVALID, "", "the file has a header but no clients");
    return status;
}

static int print_ids(const int64_t *ids, int count, bool json)
{
    clg_buffer out = CLG_BUFFER_INIT;
    if (json) {
        clg_json_writer w;
        clg_json_writer_init(&w, &out, false);
        clg_json_begin_object(&w);
        clg_json_key(&w, "ids");
        clg_json_begin_array(&w);
        for (int i = 0; i < count; i++)
            clg_json_int(&w, (long)ids[i]);
        clg_json_end_array(&w);
        clg_json_end_object(&w);
        clg_buffer_puts(&out, "\n");
    } else {
        for (int i = 0; i < count; i++)
            clg_buffer_printf(&out, "%lld\n", (long long)ids[i]);
    }
    int status = clg_cli_write_stdout(&out);
    clg_buffer_free(&out);
    return status;
}

static int import_clients(const char *path, const clg_cli_globals *globals, bool allow_duplicate,
                          bool json)
{
    int failed = -1;
    char *text;
    size_t length;
    clg_error err;
    if (clg_cli_read_file(path, &text, &length, &err) != CLG_OK)
        return clg_cli_fail(&err);
    import_rows rows = {0};
    int64_t *ids = NULL;
    int exit_status;
    /* Opened first: a birth date may not be after the clinic's today. */
    clg_records records;
    if ((exit_status = clg_cli_records_open(globals, &records)) != CLG_EXIT_OK)
        goto out;
    if (read_rows(text, length, records.today, &rows, &err) != CLG_OK) {
        clg_error_prefix_field(&err, path);
        exit_status = clg_cli_fail(&err);
    } else if ((ids = malloc(sizeof *ids * (size_t)rows.count)) == NULL)
        exit_status = clg_cli_fail_text(CLG_EXIT_FAILURE, "import", "out of memory");
    else if (clg_records_clients_import(&records, rows.clients, rows.count, allow_duplicate, ids,
                                        &failed, &err) != CLG_OK) {
        /* A row refused as a duplicate is named by its line, as a bad row is. */
        if (failed >= 0) {
            line_error(&err, rows.records[failed].line);
            clg_error_prefix_field(&err, path);
        }
        exit_status = clg_cli_fail_duplicate(&err, failed >= 0 && err.status == CLG_ERR_INVALID);
    } else
        exit_status = print_ids(ids, rows.count, json);
    clg_cli_records_close(&records);
out:
    free(ids);
    rows_free(&rows);
    free(text);
    return exit_status;
}

static int run_import(int argc, char **argv, const clg_cli_globals *globals)
{
    clg_cli_flag flags[] = {
        {.name = "format", .takes_value = true},
        {.name = "allow-duplicate"},
        {.name = "help"},
        {.name = NULL},
    };
    clg_cli_args args;
    int status = clg_cli_begin("import", usage, argc, argv, flags, 2, formats, &args);
    if (status != CLG_CLI_GO_ON)
        return status;
    const char *format = args.format;
    if (args.count == 2 && strcmp(args.positionals[0], "clients") == 0)
        return import_clients(args.positionals[1], globals,
                              clg_cli_flag_find(flags, "allow-duplicate")->given,
                              strcmp(format, "json") == 0);
    return clg_cli_usage_error("import", "use 'import clients FILE.csv'");
}

const clg_cli_command clg_cli_import_command = {
    .name = "import",
    .summary = "import clients from a CSV file, all or nothing",
    .usage = usage,
    .run = run_import,
};

/*
 * `collagenda cds-client add | list | remove`: the CDS Hooks clients that
 * may call the clinic's CDS service with a signed JWT
 * (docs/interop.md#cds-hooks). The admin registers each client's issuer
 * with its public key(s) from a file the client's vendor hands over; keys
 * are registered, never fetched from a jku URL.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "base/json_writer.h"
#include "cli/records_cli.h"
#include "service/cds_clients.h"

static const char usage[] =
    "usage: collagenda [--db PATH] [--clinic NAME] cds-client add ISSUER --jwk-file FILE\n"
    "       collagenda [--db PATH] [--clinic NAME] cds-client add ISSUER --jwks-file FILE\n"
    "       collagenda [--db PATH] [--clinic NAME] cds-client list [--format text|json]\n"
    "       collagenda [--db PATH] [--clinic NAME] cds-client remove ISSUER\n"
    "\n"
    "add     registers a CDS Hooks client for the clinic: ISSUER is the iss of its JWTs,\n"
    "        FILE ('-' for stdin) its public key as a JSON Web Key (--jwk-file) or a\n"
    "        JWK Set {\"keys\": [...]} (--jwks-file); EC P-384 (ES384) or RSA of 2048\n"
    "        bits or more (RS384), each with a kid. A private key is refused.\n"
    "list    the clinic's CDS clients: issuer, key ids, when registered.\n"
    "remove  removes a CDS client; its JWTs are refused from then on.\n";

static const char *const formats[] = {"text", "json", NULL};

static int add(const clg_records *records, const char *issuer, clg_cli_flag *flags)
{
    clg_cli_flag *jwk = clg_cli_flag_find(flags, "jwk-file");
    clg_cli_flag *jwks = clg_cli_flag_find(flags, "jwks-file");
    if (jwk->given == jwks->given)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--jwk-file",
                                 "give the client's public key: --jwk-file FILE or --jwks-file "
                                 "FILE (one of them)");
    const char *path = jwk->given ? jwk->value : jwks->value;
    char *text = NULL;
    size_t length;
    clg_error err;
    if (clg_cli_read_file(path, &text, &length, &err) != CLG_OK)
        return clg_cli_fail(&err);
    int64_t id;
    int keys;
    int status;
    if (strlen(text) != length) {
        status = clg_cli_fail_text(CLG_EXIT_USAGE, path, "holds a NUL byte; it is not JSON");
    } else if (clg_records_cds_client_add(records, issuer, text, &id, &keys, &err) != CLG_OK) {
        if (strncmp(err.field, "keys", 4) == 0)
            clg_error_prefix_field(&err, path);
        status = clg_cli_fail(&err);
    } else {
        status = clg_cli_print_id(id, false);
    }
    free(text);
    return status;
}

typedef struct listing {
    clg_buffer out;
    clg_json_writer w;
    bool json;
} listing;

static int list_one(void *context, const clg_cds_client_row *row)
{
    listing *l = context;
    json_t *keys = json_loads(row->keys_json, 0, NULL);
    const json_t *array = json_object_get(keys, "keys");
    size_t i;
    const json_t *key;
    if (l->json) {
        clg_json_begin_object(&l->w);
        clg_json_member_int(&l->w, "id", row->id);
        clg_json_member_string(&l->w, "issuer", row->issuer);
        clg_json_key(&l->w, "kids");
        clg_json_begin_array(&l->w);
        json_array_foreach(array, i, key)
        {
            clg_json_string(&l->w, json_string_value(json_object_get(key, "kid")));
        }
        clg_json_end_array(&l->w);
        clg_json_member_string(&l->w, "created_at", row->created_at);
        clg_json_end_object(&l->w);
    } else {
        clg_buffer_printf(&l->out, "%s\t", row->issuer);
        json_array_foreach(array, i, key)
        {
            clg_buffer_printf(&l->out, "%s%s", i ? "," : "",
                              json_string_value(json_object_get(key, "kid")));
        }
        clg_buffer_printf(&l->out, "\t%s\n", row->created_at);
    }
    json_decref(keys);
    return 0;
}

static int list(const clg_records *records, bool json)
{
    listing l = {.out = CLG_BUFFER_INIT, .json = json};
    clg_json_writer_init(&l.w, &l.out, true);
    if (json)
        clg_json_begin_array(&l.w);
    clg_error err;
    int status;
    if (clg_records_cds_client_list(records, list_one, &l, &err) != CLG_OK) {
        status = clg_cli_fail(&err);
    } else {
        if (json) {
            clg_json_end_array(&l.w);
            clg_buffer_puts(&l.out, "\n");
        }
        status = clg_cli_write_stdout(&l.out);
    }
    clg_buffer_free(&l.out);
    return status;
}

static int run_cds_client(int argc, char **argv, const clg_cli_globals *globals)
{
    clg_cli_flag flags[] = {
        {.name = "jwk-file", .takes_value = true},
        {.name = "jwks-file", .takes_value = true},
        {.name = "format", .takes_value = true},
        {.name = "help"},
        {.name = NULL},
    };
    clg_cli_args args;
    int status = clg_cli_begin("cds-client", usage, argc, argv, flags, 2, formats, &args);
    if (status != CLG_CLI_GO_ON)
        return status;
    const char *action = args.count > 0 ? args.positionals[0] : "";
    bool adding = strcmp(action, "add") == 0, removing = strcmp(action, "remove") == 0;
    bool listing_ = strcmp(action, "list") == 0;
    if (!((adding || removing) && args.count == 2) && !(listing_ && args.count == 1))
        return clg_cli_usage_error("cds-client", "use 'cds-client add ISSUER --jwk-file FILE', "
                                                 "'cds-client list' or 'cds-client remove ISSUER'");
    if (!adding && (clg_cli_flag_find(flags, "jwk-file")->given ||
                    clg_cli_flag_find(flags, "jwks-file")->given))
        return clg_cli_usage_error("cds-client", "--jwk-file and --jwks-file go with 'add'");
    clg_records records;
    if ((status = clg_cli_records_open(globals, &records)) != CLG_EXIT_OK)
        return status;
    clg_error err;
    if (adding)
        status = add(&records, args.positionals[1], flags);
    else if (listing_)
        status = list(&records, strcmp(args.format, "json") == 0);
    else if (clg_records_cds_client_remove(&records, args.positionals[1], &err) != CLG_OK)
        status = clg_cli_fail(&err);
    clg_cli_records_close(&records);
    return status;
}

const clg_cli_command clg_cli_cds_client_command = {
    .name = "cds-client",
    .summary = "register, list or remove the CDS Hooks clients that may call the server",
    .usage = usage,
    .run = run_cds_client,
};

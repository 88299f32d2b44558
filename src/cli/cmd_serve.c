/*
 * `collagenda serve`: the JSON API, the staff web app and the public
 * calculator on one port, over the same database the CLI uses.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/credentials.h"
#include "cli/records_cli.h"
#include "http/server.h"
#include "http/tls.h"

static const char usage[] =
    "usage: collagenda [--db PATH] serve [--listen ADDR:PORT] [--protocol FILE]\n"
    "                  [--public-url URL] [--tls-cert FILE --tls-key FILE]\n"
    "                  [--trust-proxy ADDR[,ADDR...]]\n"
    "\n"
    "Serves the JSON API (/api/v1/...), the staff app (/), the public calculator\n"
    "(/calculator), /healthz and /metrics. Default --listen 127.0.0.1:8080; port 0\n"
    "picks a free port. Prints 'listening on http://ADDR:PORT' when ready; SIGTERM\n"
    "or SIGINT stop accepting, let requests in flight finish, and exit 0.\n"
    "--tls-cert/--tls-key: serve HTTPS with this PEM certificate (chain) and key;\n"
    "answers then carry Strict-Transport-Security and the login cookie is Secure.\n"
    "--trust-proxy: the reverse proxies (numeric addresses) whose X-Forwarded-For\n"
    "and X-Forwarded-Proto are believed; from any other peer they are ignored.\n"
    "Limits: 1 MiB per body, 64 KiB of request head, 64 query arguments, 1024\n"
    "connections, 64 per client address, 10 s to send a request's head, 15 s idle.\n"
    "--public-url is the base URL clients call (https://clinic.example): a CDS\n"
    "Hooks client's JWT must name it and the service's path in its aud. Without\n"
    "it, the request's Host header stands in.\n";

/* --public-url: http(s)://authority[/prefix], without query or fragment; a final '/' is dropped. */
static int parse_public_url(const char *text, char *out, size_t size)
{
    size_t length = strlen(text);
    bool scheme = strncmp(text, "https://", 8) == 0 || strncmp(text, "http://", 7) == 0;
    while (length > 0 && text[length - 1] == '/')
        length--;
    const char *authority = scheme ? strstr(text, "://") + 3 : text;
    if (!scheme || length >= size || length > 200 || (size_t)(authority - text) >= length ||
        strpbrk(text, "?# \t\r\n") != NULL)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--public-url",
                                 "'%.80s' is not a base URL such as https://clinic.example", text);
    memcpy(out, text, length);
    out[length] = '\0';
    return CLG_EXIT_OK;
}

/* Reads the PEM file --NAME names; exit 2 naming the flag when it cannot. */
static int read_pem(const char *name, const char *path, char **text)
{
    size_t length;
    clg_error err;
    char what[32];
    snprintf(what, sizeof what, "--%s", name);
    if (clg_cli_read_file(path, text, &length, &err) != CLG_OK) {
        char detail[sizeof err.field + sizeof err.message + 4];
        return clg_cli_fail_text(CLG_EXIT_USAGE, what, "%s",
                                 clg_error_text(&err, detail, sizeof detail));
    }
    return CLG_EXIT_OK;
}

/* HTTPS: both flags or neither; the files read and checked (exit 2 naming the flag). */
static int take_tls(clg_cli_flag *flags, clg_server_config *config, char **certificate, char **key)
{
    clg_cli_flag *cert_flag = clg_cli_flag_find(flags, "tls-cert");
    clg_cli_flag *key_flag = clg_cli_flag_find(flags, "tls-key");
    if (!cert_flag->given && !key_flag->given)
        return CLG_EXIT_OK;
    if (!cert_flag->given || !key_flag->given)
        return clg_cli_fail_text(CLG_EXIT_USAGE, cert_flag->given ? "--tls-key" : "--tls-cert",
                                 "is required with %s",
                                 cert_flag->given ? "--tls-cert" : "--tls-key");
    int status = read_pem("tls-cert", cert_flag->value, certificate);
    if (status == CLG_EXIT_OK)
        status = read_pem("tls-key", key_flag->value, key);
    clg_error err;
    if (status == CLG_EXIT_OK && clg_tls_check(*certificate, *key, &err) != CLG_OK)
        status = clg_cli_fail(&err);
    config->tls_certificate = *certificate;
    config->tls_key = *key;
    return status;
}

/* --trust-proxy ADDR[,ADDR...] into config (exit 2 naming the flag for a bad address). */
static int take_proxies(clg_cli_flag *flag, clg_server_config *config)
{
    if (!flag->given)
        return CLG_EXIT_OK;
    char list[1024];
    snprintf(list, sizeof list, "%s", flag->value);
    char *save = NULL;
    clg_error err;
    for (char *item = strtok_r(list, ", ", &save); item; item = strtok_r(NULL, ", ", &save))
        if (clg_proxy_list_add(&config->trusted_proxies, item, "--trust-proxy", &err) != CLG_OK)
            return clg_cli_fail(&err);
    if (config->trusted_proxies.count == 0)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--trust-proxy", "names no address");
    return CLG_EXIT_OK;
}

/* Splits "ADDR:PORT" (or "[v6]:PORT") into config; reports a bad value. */
static int parse_listen(const char *text, char *address, size_t size, clg_server_config *config)
{
    const char *colon = strrchr(text, ':');
    if (colon == NULL || colon == text || colon[1] == '\0')
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--listen",
                                 "'%.80s' is not ADDR:PORT, for example 127.0.0.1:8080", text);
    const char *start = text;
    size_t length = (size_t)(colon - text);
    if (text[0] == '[' && colon[-1] == ']') {
        start = text + 1;
        length -= 2;
    }
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (*end != '\0' || port < 0 || port > 65535 || length == 0 || length >= size)
        return clg_cli_fail_text(CLG_EXIT_USAGE, "--listen",
                                 "'%.80s' is not ADDR:PORT with a port from 0 to 65535", text);
    memcpy(address, start, length);
    address[length] = '\0';
    config->listen_address = address;
    config->port = (uint16_t)port;
    return CLG_EXIT_OK;
}

static int serve(clg_cli_flag *flags, const clg_cli_globals *globals, clg_server_config *config);

static int run_serve(int argc, char **argv, const clg_cli_globals *globals)
{
    clg_cli_flag flags[] = {
        {.name = "listen", .takes_value = true},
        {.name = "protocol", .takes_value = true},
        {.name = "public-url", .takes_value = true},
        {.name = "tls-cert", .takes_value = true},
        {.name = "tls-key", .takes_value = true},
        {.name = "trust-proxy", .takes_value = true},
        {.name = "help"},
        {.name = NULL},
    };
    clg_cli_args args;
    int status = clg_cli_begin("serve", usage, argc, argv, flags, 0, NULL, &args);
    if (status != CLG_CLI_GO_ON)
        return status;
    clg_server_config config;
    clg_server_config_defaults(&config);
    char address[64];
    clg_cli_flag *listen = clg_cli_flag_find(flags, "listen");
    if (listen->given &&
        (status = parse_listen(listen->value, address, sizeof address, &config)) != CLG_EXIT_OK)
        return status;
    char public_url[256];
    clg_cli_flag *public = clg_cli_flag_find(flags, "public-url");
    if (public->given) {
        if ((status = parse_public_url(public->value, public_url, sizeof public_url)) !=
            CLG_EXIT_OK)
            return status;
        config.public_url = public_url;
    }
    if ((status = take_proxies(clg_cli_flag_find(flags, "trust-proxy"), &config)) != CLG_EXIT_OK)
        return status;
    char *certificate = NULL, *key = NULL;
    status = take_tls(flags, &config, &certificate, &key);
    if (status == CLG_EXIT_OK)
        status = serve(flags, globals, &config);
    if (key)
        sodium_memzero(key, strlen(key));
    free(certificate);
    free(key);
    return status;
}

/* Opens the records and the protocol, and serves until a stop signal. */
static int serve(clg_cli_flag *flags, const clg_cli_globals *globals, clg_server_config *config)
{
    int status;

    clg_error err;
    clg_protocol *protocol;
    if (clg_credentials_init(&err) != CLG_OK ||
        clg_cli_load_protocol(clg_cli_flag_find(flags, "protocol")->value, &protocol, &err) !=
            CLG_OK)
        return clg_cli_fail(&err);
    clg_records records;
    if ((status = clg_cli_records_open(globals, &records)) != CLG_EXIT_OK) {
        clg_protocol_free(protocol);
        return status;
    }
    /* Opening the records here creates the database, its schema and the default clinic. */
    char path[4096];
    clg_cli_database_path(globals, path, sizeof path);
    config->protocol = protocol;
    config->database = path;
    config->public_clinic = records.clinic;
    status = clg_server_run(config, &err) == CLG_OK ? CLG_EXIT_OK : clg_cli_fail(&err);
    clg_cli_records_close(&records);
    clg_protocol_free(protocol);
    return status;
}

const clg_cli_command clg_cli_serve_command = {
    .name = "serve",
    .summary = "serve the JSON API, the staff app and the public calculator",
    .usage = usage,
    .run = run_serve,
};

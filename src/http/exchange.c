/* Reading requests and writing responses for route handlers; see http.h. */
#include <microhttpd.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "http/http.h"
#include "http/routes.h"
#include "base/json_writer.h"
#include "collagenda/text.h"

void clg_http_add_header(clg_http_exchange *exchange, const char *name, const char *value)
{
    if (exchange->extra_header_count == 4)
        return;
    char(*header)[160] = exchange->extra_headers[exchange->extra_header_count++];
    snprintf(header[0], sizeof header[0], "%s", name);
    snprintf(header[1], sizeof header[1], "%s", value);
}

void clg_http_respond_text(clg_http_exchange *exchange, int status, const char *content_type,
                           const char *text, size_t length)
{
    exchange->status = status;
    exchange->content_type = content_type;
    clg_buffer_reset(&exchange->response);
    clg_buffer_append(&exchange->response, text, length);
}

void clg_http_respond_json(clg_http_exchange *exchange, int status, const clg_buffer *json)
{
    clg_http_respond_text(exchange, status, "application/json", json->data ? json->data : "",
                          json->length);
}

static const char *status_title(int status)
{
    switch (status) {
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 409:
        return "Conflict";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 429:
        return "Too Many Requests";
    case 503:
        return "Service Unavailable";
    case 507:
        return "Insufficient Storage";
    default:
        return status >= 500 ? "Internal Server Error" : "Error";
    }
}

void clg_http_problem(clg_http_exchange *exchange, int status, const char *field,
                      const char *detail)
{
    /* Every detail sent is valid UTF-8, whoever wrote it (see clg_utf8_drop_broken). */
    char clean_field[128], clean_detail[1024];
    if (field) {
        snprintf(clean_field, sizeof clean_field, "%s", field);
        field = clg_utf8_drop_broken(clean_field);
    }
    if (detail) {
        snprintf(clean_detail, sizeof clean_detail, "%s", detail);
        detail = clg_utf8_drop_broken(clean_detail);
    }
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &body, false);
    clg_json_begin_object(&writer);
    clg_json_member_string(&writer, "type", "about:blank");
    clg_json_member_string(&writer, "title", status_title(status));
    clg_json_member_int(&writer, "status", status);
    if (detail)
        clg_json_member_string(&writer, "detail", detail);
    if (field && field[0])
        clg_json_member_string(&writer, "field", field);
    clg_json_end_object(&writer);
    clg_http_respond_text(exchange, status, "application/problem+json", body.data, body.length);
    clg_buffer_free(&body);
}

/*
 * What the server's log names: the matched route's pattern, never the path
 * itself, since a path may hold a secret (a calendar feed's, a portal's or
 * an opt-out link's token).
 */
static const char *logged_path(const clg_http_exchange *exchange)
{
    return exchange->route_index >= 0 ? clg_routes[exchange->route_index].pattern : "-";
}

void clg_http_problem_from_error(clg_http_exchange *exchange, const clg_error *err)
{
    int status;
    switch (err->status) {
    case CLG_ERR_INVALID:
        status = 400;
        break;
    case CLG_ERR_NOT_FOUND:
        status = 404;
        break;
    case CLG_ERR_REFUSED:
        status = 409;
        break;
    case CLG_ERR_FORBIDDEN:
        status = 403;
        break;
    case CLG_ERR_UNAVAILABLE:
        status = 503;
        break;
    case CLG_ERR_FULL:
        status = 507; /* RFC 4918: the server cannot store what the request needs */
        break;
    default:
        status = 500;
        break;
    }
    char detail[sizeof err->field + sizeof err->message + 4];
    clg_error_text(err, detail, sizeof detail);
    /*
     * A full disk's text is the store's own, written to name no file and no
     * SQL (sqlite_statement.c, pg_statement.c): the caller learns that
     * nothing was saved and why.
     */
    if (err->status == CLG_ERR_FULL) {
        fprintf(stderr, "collagenda serve: %s %s: %d: %s\n", exchange->method_text,
                logged_path(exchange), status, detail);
        clg_http_problem(exchange, status, NULL, err->message);
        return;
    }
    /*
     * An outage's text (and a database constraint's, which the service's own
     * checks should have caught) names the database file and its SQL: that
     * is for the operator, in the server's log, not for the caller.
     */
    if (status >= 500 || strcmp(err->field, "database") == 0) {
        fprintf(stderr, "collagenda serve: %s %s: %d: %s\n", exchange->method_text,
                logged_path(exchange), status, detail);
        clg_http_problem(exchange, status, NULL,
                         status >= 500 ? "the server could not complete the request; the "
                                         "server's log says why"
                                       : "the request conflicts with the stored records");
        return;
    }
    clg_http_problem(exchange, status, err->field, detail);
}

/*
 * Whether a Content-Type names JSON: "application/json", in any case (media
 * types are case-insensitive), alone or followed by parameters
 * ("; charset=utf-8"). "application/jsonp" and the like are not JSON. A
 * request without a Content-Type is read as JSON too: a browser cannot send
 * a cross-site body without one, and integrators' `curl --data` often omit it.
 */
static bool is_json_media_type(const char *type)
{
    static const char json[] = "application/json";
    if (strncasecmp(type, json, sizeof json - 1) != 0)
        return false;
    char after = type[sizeof json - 1];
    return after == '\0' || after == ';' || after == ' ' || after == '\t';
}

json_t *clg_http_body_object(clg_http_exchange *exchange)
{
    const char *type = clg_http_header(exchange, MHD_HTTP_HEADER_CONTENT_TYPE);
    if (type && !is_json_media_type(type)) {
        clg_http_problem(exchange, 415, "Content-Type", "send the body as application/json");
        return NULL;
    }
    json_error_t error;
    json_t *object =
        json_loadb(exchange->body, exchange->body_length, JSON_REJECT_DUPLICATES, &error);
    if (object == NULL) {
        char detail[300];
        snprintf(detail, sizeof detail, "the body is not valid JSON (line %d, column %d): %s",
                 error.line, error.column, error.text);
        clg_http_problem(exchange, 400, "body", detail);
        return NULL;
    }
    if (!json_is_object(object)) {
        json_decref(object);
        clg_http_problem(exchange, 400, "body", "the body must be a JSON object");
        return NULL;
    }
    return object;
}

const char *clg_http_query(clg_http_exchange *exchange, const char *name)
{
    return MHD_lookup_connection_value(exchange->connection, MHD_GET_ARGUMENT_KIND, name);
}

const char *clg_http_header(clg_http_exchange *exchange, const char *name)
{
    return MHD_lookup_connection_value(exchange->connection, MHD_HEADER_KIND, name);
}

const char *clg_http_cookie(clg_http_exchange *exchange, const char *name)
{
    return MHD_lookup_connection_value(exchange->connection, MHD_COOKIE_KIND, name);
}

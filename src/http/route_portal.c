/*
 * The client portal over HTTP (docs/records.md#client-portal, service/portal.h).
 *
 * Staff: POST /api/v1/clients/{id}/portal answers the new link once (201
 * {"url"}), DELETE revokes it, GET lists the client's links without their
 * secrets.
 *
 * The client, without a login: GET /portal/{token} is the page
 * (web/portal.html), which reads GET /portal/{token}/api and
 * /portal/{token}/slots and books with POST /portal/{token}/bookings, moves
 * with PATCH and cancels with DELETE /portal/{token}/bookings/{id}. The
 * token in the path is the only credential (no cookie), so:
 *  - an unknown, malformed or revoked token, or a client merged or erased,
 *    is the very 404 of a path that names nothing;
 *  - every answer says Referrer-Policy: no-referrer (and, as every answer of
 *    the server, Cache-Control: no-store), so the link leaks neither into
 *    another site's logs nor into a shared cache;
 *  - the access log, the metrics and the server's error lines name the
 *    route's pattern, never the path that holds the token;
 *  - a change (POST, PATCH, DELETE) must be JSON (a cross-site form cannot
 *    send that without the browser asking first, which this server never
 *    allows) and, when the browser names an Origin, come from the page's own.
 * Everything is found from the link's client, and each booking goes through
 * the one booking service, judged as every other channel's.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/json_writer.h"
#include "http/answers.h"
#include "http/body.h"
#include "http/records_context.h"
#include "http/routes.h"
#include "http/server.h"
#include "model/record_json.h"
#include "service/portal.h"

/* ---- staff ---- */

void clg_route_portal_create(clg_http_exchange *exchange)
{
    clg_records records = clg_route_caller_records(exchange);
    char token[CLG_SECRET_TEXT_SIZE], path[CLG_PORTAL_PATH_SIZE];
    clg_error err;
    if (clg_records_portal_create(&records, exchange->params[0], token, &err) != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    clg_portal_path(token, path);
    memset(token, 0, sizeof token);
    clg_route_answer_secret_link(exchange, path);
}

void clg_route_portal_revoke(clg_http_exchange *exchange)
{
    clg_records records = clg_route_caller_records(exchange);
    clg_error err;
    if (clg_records_portal_revoke(&records, exchange->params[0], &err) != CLG_OK)
        clg_http_problem_from_error(exchange, &err);
    else
        clg_http_respond_text(exchange, 204, NULL, "", 0);
}

static int write_link(void *context, const clg_portal_row *row)
{
    clg_portal_link_json_value(row, context);
    return 0;
}

void clg_route_portal_list(clg_http_exchange *exchange)
{
    clg_records records = clg_route_caller_records(exchange);
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &body, false);
    clg_json_begin_object(&writer);
    clg_json_key(&writer, "links");
    clg_json_begin_array(&writer);
    clg_error err;
    if (clg_records_portal_list(&records, exchange->params[0], write_link, &writer, &err) !=
        CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
    } else {
        clg_json_end_array(&writer);
        clg_json_end_object(&writer);
        clg_route_answer_document(exchange, &body);
    }
    clg_buffer_free(&body);
}

/* ---- the client's page ---- */

/*
 * The link's client, or false after answering the 404 every unknown path
 * gets. Whatever happens next, the logs see the route's pattern only
 * (exchange.c's logged_path).
 */
static bool open_portal(clg_http_exchange *exchange, clg_portal_row *link, clg_records *records,
                        char who[CLG_PORTAL_WHO_SIZE])
{
    /* The page's asset carries the policy already (route_web.c); every other answer here too. */
    if (exchange->route_index >= 0 &&
        clg_routes[exchange->route_index].handle != clg_route_portal_page)
        clg_http_add_header(exchange, "Referrer-Policy", "no-referrer");
    clg_error err;
    clg_status status = clg_records_portal_find(exchange->store, exchange->token, link, &err);
    if (status == CLG_ERR_NOT_FOUND) {
        clg_http_problem(exchange, 404, NULL, "no such resource");
        return false;
    }
    if (status != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
        return false;
    }
    clg_route_records_init(exchange, link->clinic_id, clg_portal_who(link->client_id, who),
                           records);
    records->may_override_block = false; /* nothing is forced from the client's side */
    return true;
}

/* Whether origin is base's scheme and authority ("https://clinic.example" of base + any path). */
static bool origin_of(const char *origin, const char *base)
{
    const char *authority = strstr(base, "://");
    if (authority == NULL)
        return false;
    const char *path = strchr(authority + 3, '/');
    size_t length = path ? (size_t)(path - base) : strlen(base);
    return strlen(origin) == length && strncasecmp(origin, base, length) == 0;
}

/*
 * Whether Origin (when the browser sent one) is this server: as the request
 * reached it (the Host header, any scheme), or as `serve --public-url` names
 * it to the world (behind a proxy that changes the Host).
 */
static bool same_origin(clg_http_exchange *exchange)
{
    const char *origin = clg_http_header(exchange, "Origin");
    if (origin == NULL)
        return true; /* not a browser's cross-site request: those always name their origin */
    const char *public_url = exchange->server ? exchange->server->config.public_url : NULL;
    if (public_url != NULL && origin_of(origin, public_url))
        return true;
    const char *host = clg_http_header(exchange, "Host");
    const char *rest = NULL;
    if (strncasecmp(origin, "https://", 8) == 0)
        rest = origin + 8;
    else if (strncasecmp(origin, "http://", 7) == 0)
        rest = origin + 7;
    return rest != NULL && host != NULL && strcasecmp(rest, host) == 0;
}

/* A change's guard: JSON only, from the page's own origin. Answers itself when refusing. */
static bool change_allowed(clg_http_exchange *exchange, bool has_body)
{
    if (!same_origin(exchange)) {
        clg_http_problem(exchange, 403, "Origin",
                         "a change to a portal booking must come from the portal's own page");
        return false;
    }
    const char *type = clg_http_header(exchange, "Content-Type");
    if (has_body && type == NULL) {
        clg_http_problem(exchange, 415, "Content-Type", "send the body as application/json");
        return false;
    }
    return true;
}

void clg_route_portal_page(clg_http_exchange *exchange)
{
    clg_portal_row link;
    clg_records records;
    char who[CLG_PORTAL_WHO_SIZE];
    if (open_portal(exchange, &link, &records, who))
        clg_route_web_page(exchange, "/portal.html");
}

static void member_date_or_null(clg_json_writer *w, const char *key, clg_date date, bool has)
{
    if (has) {
        clg_json_member_date(w, key, (int)date);
    } else {
        clg_json_key(w, key);
        clg_json_null(w);
    }
}

static void member_text(clg_json_writer *w, const char *key, const char *text)
{
    clg_json_member_string(w, key, text[0] ? text : NULL);
}

static void write_booking(clg_json_writer *w, const clg_booking_row *booking)
{
    char time[CLG_TIME_TEXT_SIZE];
    clg_json_begin_object(w);
    clg_json_member_int(w, "id", (long)booking->id);
    clg_json_member_date(w, "date", (int)booking->date);
    clg_json_member_string(w, "time",
                           booking->start_minute >= 0 ? clg_time_format(booking->start_minute, time)
                                                      : NULL);
    clg_json_end_object(w);
}

static void write_next(clg_json_writer *w, const clg_portal_page *page)
{
    const clg_course_next *next = &page->view.progress.next;
    clg_json_key(w, "next");
    if (next->kind == CLG_NEXT_NONE) {
        clg_json_null(w);
        return;
    }
    clg_date from = next->earliest > page->today ? next->earliest : page->today + 1;
    clg_json_begin_object(w);
    clg_json_member_string(w, "kind", clg_next_kind_name(next->kind));
    clg_json_member_int(w, "number", next->number);
    clg_json_member_date(w, "earliest", (int)next->earliest);
    clg_json_member_date(w, "ideal", (int)next->date);
    clg_json_member_date(w, "latest", (int)next->latest);
    member_date_or_null(w, "bookable_from", from, from <= next->latest);
    clg_json_end_object(w);
}

static void write_course(clg_json_writer *w, const clg_portal_page *page)
{
    clg_json_key(w, "course");
    if (!page->has_course) {
        clg_json_null(w);
        return;
    }
    const clg_course_view *view = &page->view;
    clg_json_begin_object(w);
    clg_json_member_string(w, "status", clg_course_status_name(view->progress.status));
    clg_json_member_int(w, "sessions_planned", view->plan->sessions.recommended);
    clg_json_member_int(w, "sessions_done", view->progress.recorded);
    clg_json_member_int(w, "session_minutes", view->plan->session_minutes);
    member_date_or_null(w, "last_session", view->progress.last_date, view->progress.recorded > 0);
    write_next(w, page);
    clg_json_key(w, "booking");
    if (page->next_booking)
        write_booking(w, page->next_booking);
    else
        clg_json_null(w);
    clg_json_end_object(w);
}

static void write_page(clg_json_writer *w, const clg_portal_page *page)
{
    clg_json_begin_object(w);
    clg_json_key(w, "clinic");
    clg_json_begin_object(w);
    member_text(w, "name", page->clinic.name);
    member_text(w, "phone", page->clinic.phone);
    member_text(w, "email", page->clinic.email);
    member_text(w, "address", page->clinic.address);
    clg_json_end_object(w);
    member_text(w, "first_name", page->first_name);
    clg_json_member_date(w, "today", (int)page->today);
    clg_json_key(w, "booking_open");
    clg_json_bool(w, page->booking_open);
    write_course(w, page);
    /* The protocol's aftercare, when it has any: the same words the plan shows staff. */
    clg_json_key(w, "aftercare");
    clg_json_begin_array(w);
    for (int i = 0; page->has_course && i < page->view.protocol->aftercare_count; i++)
        clg_json_string(w, page->view.protocol->aftercare[i].text);
    clg_json_end_array(w);
    clg_json_end_object(w);
}

void clg_route_portal_api(clg_http_exchange *exchange)
{
    clg_portal_row link;
    clg_records records;
    char who[CLG_PORTAL_WHO_SIZE];
    if (!open_portal(exchange, &link, &records, who))
        return;
    clg_portal_page page;
    clg_error err;
    if (clg_records_portal_page(&records, link.client_id, &page, &err) != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &body, false);
    write_page(&writer, &page);
    clg_records_portal_page_free(&page);
    clg_route_answer_document(exchange, &body);
    clg_buffer_free(&body);
}

/* The free times, grouped by day as the page lists them. */
typedef struct slot_writer {
    clg_json_writer *writer;
    clg_date day; /* the day whose times are open in the array, 0 for none yet */
    int minutes;
} slot_writer;

static int write_slot(void *context, const clg_portal_slot *slot)
{
    slot_writer *s = context;
    char time[CLG_TIME_TEXT_SIZE];
    if (slot->date != s->day) {
        if (s->day != 0) {
            clg_json_end_array(s->writer);
            clg_json_end_object(s->writer);
        }
        clg_json_begin_object(s->writer);
        clg_json_member_date(s->writer, "date", (int)slot->date);
        clg_json_key(s->writer, "times");
        clg_json_begin_array(s->writer);
        s->day = slot->date;
    }
    s->minutes = slot->minutes;
    clg_json_string(s->writer, clg_time_format(slot->start_minute, time));
    return 0;
}

static clg_status query_date(clg_http_exchange *exchange, const char *name, clg_date fallback,
                             clg_date *out, clg_error *err)
{
    const char *text = clg_http_query(exchange, name);
    *out = fallback;
    return text ? clg_date_parse(text, name, out, err) : CLG_OK;
}

void clg_route_portal_slots(clg_http_exchange *exchange)
{
    clg_portal_row link;
    clg_records records;
    char who[CLG_PORTAL_WHO_SIZE];
    if (!open_portal(exchange, &link, &records, who))
        return;
    clg_date from, to;
    clg_error err;
    clg_status status = query_date(exchange, "from", records.today + 1, &from, &err);
    if (status == CLG_OK)
        status = query_date(exchange, "to", from + CLG_PORTAL_MAX_SLOT_DAYS - 1, &to, &err);
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &body, false);
    clg_json_begin_object(&writer);
    clg_json_key(&writer, "days");
    clg_json_begin_array(&writer);
    slot_writer slots = {&writer, 0, 0};
    if (status == CLG_OK)
        status =
            clg_records_portal_slots(&records, link.client_id, from, to, write_slot, &slots, &err);
    if (status != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
    } else {
        if (slots.day != 0) {
            clg_json_end_array(&writer);
            clg_json_end_object(&writer);
        }
        clg_json_end_array(&writer);
        clg_json_member_int(&writer, "step_minutes", CLG_PORTAL_SLOT_STEP_MINUTES);
        clg_json_end_object(&writer);
        clg_route_answer_document(exchange, &body);
    }
    clg_buffer_free(&body);
}

/* {"date", "time"} and nothing else: the client's side forces nothing. */
static clg_status read_time(clg_http_exchange *exchange, clg_date *date, int *minute,
                            clg_error *err)
{
    static const char *const keys[] = {"date", "time", NULL};
    json_t *object = clg_http_body_object(exchange);
    if (object == NULL)
        return CLG_ERR_INVALID; /* answered */
    const char *date_text, *time_text;
    clg_status status;
    if ((status = clg_body_check_keys(object, keys, err)) == CLG_OK &&
        (status = clg_body_string(object, "date", true, &date_text, err)) == CLG_OK &&
        (status = clg_date_parse(date_text, "date", date, err)) == CLG_OK &&
        (status = clg_body_string(object, "time", true, &time_text, err)) == CLG_OK)
        status = clg_time_parse(time_text, "time", minute, err);
    json_decref(object);
    if (status != CLG_OK)
        clg_http_problem_from_error(exchange, err);
    return status;
}

static void answer_booked(clg_http_exchange *exchange, int http_status,
                          const clg_booking_result *result, clg_date date, int minute)
{
    clg_booking_row row = {.id = result->id, .date = date, .start_minute = minute};
    clg_buffer body = CLG_BUFFER_INIT;
    clg_json_writer writer;
    clg_json_writer_init(&writer, &body, false);
    clg_json_begin_object(&writer);
    clg_json_key(&writer, "booking");
    write_booking(&writer, &row);
    clg_json_member_int(&writer, "number", result->verdict.number);
    clg_json_end_object(&writer);
    clg_buffer_puts(&body, "\n");
    clg_http_respond_json(exchange, http_status, &body);
    clg_buffer_free(&body);
}

/* Books the next visit, or moves the booking the path names (moving). */
static void place_next_visit(clg_http_exchange *exchange, bool moving)
{
    clg_portal_row link;
    clg_records records;
    char who[CLG_PORTAL_WHO_SIZE];
    if (!open_portal(exchange, &link, &records, who) || !change_allowed(exchange, true))
        return;
    clg_date date;
    int minute;
    clg_error err;
    if (read_time(exchange, &date, &minute, &err) != CLG_OK)
        return;
    clg_booking_result result;
    clg_status status =
        moving ? clg_records_portal_move(&records, link.client_id, exchange->params[0], date,
                                         minute, &result, &err)
               : clg_records_portal_book(&records, link.client_id, date, minute, &result, &err);
    if (status != CLG_OK)
        clg_route_answer_refusal(exchange, &err);
    else
        answer_booked(exchange, moving ? 200 : 201, &result, date, minute);
}

void clg_route_portal_book(clg_http_exchange *exchange)
{
    place_next_visit(exchange, false);
}

void clg_route_portal_move(clg_http_exchange *exchange)
{
    place_next_visit(exchange, true);
}

void clg_route_portal_cancel(clg_http_exchange *exchange)
{
    clg_portal_row link;
    clg_records records;
    char who[CLG_PORTAL_WHO_SIZE];
    if (!open_portal(exchange, &link, &records, who) || !change_allowed(exchange, false))
        return;
    clg_error err;
    if (clg_records_portal_cancel(&records, link.client_id, exchange->params[0], &err) != CLG_OK)
        clg_http_problem_from_error(exchange, &err);
    else
        clg_http_respond_text(exchange, 204, NULL, "", 0);
}

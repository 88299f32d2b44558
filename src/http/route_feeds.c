/*
 * A client's calendar feed over HTTP (docs/records.md#http-api, issue "exports"): staff
 * create (POST, which revokes the old one) and revoke (DELETE) the secret
 * URL; GET /feeds/{token}.ics answers it without a login, as calendar apps
 * that subscribe to a URL cannot log in. The token is the only key, so an
 * unknown, malformed or revoked one is the same 404, and the access log
 * names the route pattern, never the token.
 *
 * Fetches are not audited: calendar apps poll every few hours, and the
 * entries would bury the log; creating and revoking the URL are.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "http/answers.h"
#include "http/records_context.h"
#include "http/routes.h"
#include "render/course_export.h"
#include "service/feeds.h"
#include "service/reads.h"

void clg_route_feed_create(clg_http_exchange *exchange)
{
    clg_records records = clg_route_caller_records(exchange);
    char token[CLG_SECRET_TEXT_SIZE], path[CLG_FEED_PATH_SIZE];
    clg_error err;
    if (clg_records_feed_create(&records, exchange->params[0], token, &err) != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    clg_feed_path(token, path);
    memset(token, 0, sizeof token);
    clg_route_answer_secret_link(exchange, path);
}

void clg_route_feed_revoke(clg_http_exchange *exchange)
{
    clg_records records = clg_route_caller_records(exchange);
    clg_error err;
    if (clg_records_feed_revoke(&records, exchange->params[0], &err) != CLG_OK)
        clg_http_problem_from_error(exchange, &err);
    else
        clg_http_respond_text(exchange, 204, NULL, "", 0);
}

/* The ids of the client's courses, in order; the visitor grows the list. */
typedef struct course_ids {
    int64_t *ids;
    int count;
    bool failed;
} course_ids;

static int collect_course(void *context, const clg_course_row *row)
{
    course_ids *list = context;
    int64_t *grown = realloc(list->ids, (size_t)(list->count + 1) * sizeof *grown);
    if (grown == NULL) {
        list->failed = true;
        return 1;
    }
    list->ids = grown;
    list->ids[list->count++] = row->id;
    return 0;
}

static clg_status list_courses(const clg_records *records, int64_t client_id, course_ids *list,
                               clg_error *err)
{
    clg_status status = clg_records_course_list(records, client_id, collect_course, list, err);
    if (status == CLG_OK && list->failed)
        status = clg_error_set(err, CLG_ERR_IO, "feed", "out of memory");
    return status;
}

/*
 * Every course of the client in one calendar: each course keeps its own
 * UIDs ("course-7-session-2@collagenda"), so events move rather than double
 * when a course is re-flowed, and a course's events in the feed and in its
 * own .ics file are the same events.
 */
void clg_route_feed_calendar(clg_http_exchange *exchange)
{
    clg_feed_row feed;
    clg_error err;
    if (clg_records_feed_find(exchange->store, exchange->token, &feed, &err) != CLG_OK) {
        clg_http_problem_from_error(exchange, &err);
        return;
    }
    clg_records records;
    clg_route_records_init(exchange, feed.clinic_id, "calendar feed", &records);
    course_ids list = {NULL, 0, false};
    clg_course_view *views = NULL;
    clg_course_export *exports = NULL;
    clg_export_course *courses = NULL;
    clg_buffer body = CLG_BUFFER_INIT;
    int loaded = 0, dated = 0;
    clg_status status = list_courses(&records, feed.client_id, &list, &err);
    if (status == CLG_OK) {
        size_t slots = (size_t)list.count + 1; /* a client without courses still has a calendar */
        views = calloc(slots, sizeof *views);
        exports = calloc(slots, sizeof *exports);
        courses = calloc(slots, sizeof *courses);
        if (views == NULL || exports == NULL || courses == NULL) {
            clg_error_set(&err, CLG_ERR_IO, "feed", "out of memory");
            status = CLG_ERR_IO;
        }
    }
    long long now = (long long)time(NULL);
    for (; status == CLG_OK && loaded < list.count; loaded++) {
        status = clg_records_course_load(&records, list.ids[loaded], &views[loaded], &err);
        if (status != CLG_OK) {
            clg_records_course_view_free(&views[loaded]);
            break;
        }
        /*
         * A course whose screening is blocked (started by an admin's override)
         * has no dates to give the client's calendar (docs/protocol.md#screening); the
         * client's other courses still do.
         */
        if (clg_plan_check_dated_export(views[loaded].plan, NULL) != CLG_OK)
            continue;
        clg_course_export_init(&exports[dated], &views[loaded], feed.clinic_name, now,
                               records.today);
        courses[dated] = (clg_export_course){views[loaded].plan, &exports[dated].context};
        dated++;
    }
    if (status == CLG_OK)
        status = clg_render_courses_ics(courses, dated, &body, &err);
    if (status == CLG_OK)
        clg_http_respond_text(exchange, 200, "text/calendar; charset=utf-8", body.data,
                              body.length);
    else
        clg_http_problem_from_error(exchange, &err);
    for (int i = 0; i < loaded; i++)
        clg_records_course_view_free(&views[i]);
    free(views);
    free(exports);
    free(courses);
    free(list.ids);
    clg_buffer_free(&body);
    clg_store_row_free(feed.storage);
}

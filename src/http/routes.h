/* Route handlers, one file per resource; the table is in routes.c. */
#ifndef CLG_HTTP_ROUTES_H
#define CLG_HTTP_ROUTES_H

#include "http/router.h"

/* route_public.c */
void clg_route_plan(clg_http_exchange *exchange);
void clg_route_protocol(clg_http_exchange *exchange);
void clg_route_protocol_fhir(clg_http_exchange *exchange);
void clg_route_healthz(clg_http_exchange *exchange);
void clg_route_metrics(clg_http_exchange *exchange);

/* route_account.c */
void clg_route_login(clg_http_exchange *exchange);
void clg_route_logout(clg_http_exchange *exchange);
void clg_route_me(clg_http_exchange *exchange);
void clg_route_users_list(clg_http_exchange *exchange);
void clg_route_users_add(clg_http_exchange *exchange);

/* route_records.c */
void clg_route_clients_list(clg_http_exchange *exchange);
void clg_route_clients_add(clg_http_exchange *exchange);
void clg_route_client_show(clg_http_exchange *exchange);
void clg_route_courses_start(clg_http_exchange *exchange);
void clg_route_course_show(clg_http_exchange *exchange);
void clg_route_course_replan(clg_http_exchange *exchange);
void clg_route_session_record(clg_http_exchange *exchange);
/* A failed record or booking as problem+json; a safety refusal (409) is also counted. */
void clg_route_answer_refusal(clg_http_exchange *exchange, const clg_error *err);
/*
 * Opens the 201 answer of a session recorded or booked: {"id", "number",
 * "timing", "forced", "warning"}: the caller adds members and closes it.
 */
struct clg_json_writer;
struct clg_session_verdict;
void clg_route_begin_verdict(struct clg_json_writer *writer, int64_t id,
                             const struct clg_session_verdict *verdict);
void clg_route_due(clg_http_exchange *exchange);
void clg_route_due_csv(clg_http_exchange *exchange);

/* route_bookings.c */
void clg_route_booking_add(clg_http_exchange *exchange);
void clg_route_booking_cancel(clg_http_exchange *exchange);
void clg_route_clinic_show(clg_http_exchange *exchange);
void clg_route_clinic_update(clg_http_exchange *exchange);

/* route_exports.c */
void clg_route_course_ics(clg_http_exchange *exchange);
void clg_route_course_fhir(clg_http_exchange *exchange);
void clg_route_course_svg(clg_http_exchange *exchange);
/* The records context of a request: the caller's clinic (or clinic), the caller, today. */
struct clg_records;
void clg_route_records_init(clg_http_exchange *exchange, int64_t clinic, const char *who,
                            struct clg_records *records);
/* The same for the logged-in caller's own clinic. */
struct clg_records clg_route_caller_records(clg_http_exchange *exchange);

/* route_feeds.c */
void clg_route_feed_create(clg_http_exchange *exchange);
void clg_route_feed_revoke(clg_http_exchange *exchange);
void clg_route_feed_calendar(clg_http_exchange *exchange);

/* route_cds.c: CDS Hooks 2.0 */
void clg_route_cds_discovery(clg_http_exchange *exchange);
void clg_route_cds_session_safety(clg_http_exchange *exchange);

/* route_web.c */
void clg_route_web_app(clg_http_exchange *exchange);
void clg_route_web_calculator(clg_http_exchange *exchange);
/* Serves GET /static/FILE when FILE is an embedded asset; false when it is not. */
bool clg_route_web_static(clg_http_exchange *exchange);

#endif

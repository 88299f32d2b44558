/*
 * The route handlers, one file per noun named like the command line's own
 * (route_clients.c does over HTTP what cli/cmd_client.c does, and so on),
 * so that a change to one noun finds both doors side by side; the table
 * that maps method and path to a handler is routes.c. The handlers share
 * records_context.h and answers.h, and leave output formats to render/.
 */
#ifndef CLG_HTTP_ROUTES_H
#define CLG_HTTP_ROUTES_H

#include "http/router.h"

/* route_plan.c (cli/cmd_plan.c) */
void clg_route_plan(clg_http_exchange *exchange);

/* route_protocol.c (cli/cmd_protocol.c) */
void clg_route_protocol(clg_http_exchange *exchange);
void clg_route_protocol_fhir(clg_http_exchange *exchange);

/* route_monitoring.c (no command) */
void clg_route_healthz(clg_http_exchange *exchange);
void clg_route_metrics(clg_http_exchange *exchange);

/* route_login.c (a cookie session; cli/cmd_token.c makes bearer tokens) */
void clg_route_login(clg_http_exchange *exchange);
void clg_route_logout(clg_http_exchange *exchange);
void clg_route_me(clg_http_exchange *exchange);

/* route_users.c (cli/cmd_user.c) */
void clg_route_users_list(clg_http_exchange *exchange);
void clg_route_users_add(clg_http_exchange *exchange);
void clg_route_user_change(clg_http_exchange *exchange);
void clg_route_user_password(clg_http_exchange *exchange);

/* route_tokens.c (cli/cmd_token.c) */
void clg_route_tokens_list(clg_http_exchange *exchange);
void clg_route_tokens_create(clg_http_exchange *exchange);
void clg_route_token_revoke(clg_http_exchange *exchange);

/* route_clients.c (cli/cmd_client.c) */
void clg_route_clients_list(clg_http_exchange *exchange);
void clg_route_clients_add(clg_http_exchange *exchange);
void clg_route_client_show(clg_http_exchange *exchange);

/* route_client_data.c (cli/cmd_client_data.c) */
void clg_route_client_export(clg_http_exchange *exchange);
void clg_route_client_erase(clg_http_exchange *exchange);

/* route_audit.c (cli/cmd_audit.c) */
void clg_route_audit(clg_http_exchange *exchange);
void clg_route_audit_csv(clg_http_exchange *exchange);

/* route_courses.c (cli/cmd_course.c) */
void clg_route_courses_start(clg_http_exchange *exchange);
void clg_route_course_show(clg_http_exchange *exchange);
void clg_route_course_replan(clg_http_exchange *exchange);

/* route_course_life.c (cli/cmd_course.c complete, discontinue, reopen) */
void clg_route_course_complete(clg_http_exchange *exchange);
void clg_route_course_discontinue(clg_http_exchange *exchange);
void clg_route_course_reopen(clg_http_exchange *exchange);

/* route_sessions.c (cli/cmd_session.c record) */
void clg_route_session_record(clg_http_exchange *exchange);

/* route_corrections.c (cli/corrections_cli.c: session amend | void, client edit | merge) */
void clg_route_session_amend(clg_http_exchange *exchange);
void clg_route_session_void(clg_http_exchange *exchange);
void clg_route_client_edit(clg_http_exchange *exchange);
void clg_route_client_merge(clg_http_exchange *exchange);
/* A client refused as a duplicate: 409 with "field" and the "existing" client's id. */
void clg_route_answer_duplicate(clg_http_exchange *exchange, const clg_error *err,
                                int64_t existing);

/* route_due.c (cli/cmd_due.c) */
void clg_route_due(clg_http_exchange *exchange);
void clg_route_due_csv(clg_http_exchange *exchange);
/* route_diary.c (cli/cmd_diary.c) */
void clg_route_diary(clg_http_exchange *exchange);
void clg_route_diary_csv(clg_http_exchange *exchange);
void clg_route_diary_ics(clg_http_exchange *exchange);

/* route_bookings.c (cli/cmd_session.c book, cancel) */
void clg_route_booking_add(clg_http_exchange *exchange);
void clg_route_booking_cancel(clg_http_exchange *exchange);

/* route_booking_life.c (cli/cmd_booking.c move, attend, no-show) */
void clg_route_booking_move(clg_http_exchange *exchange);
void clg_route_booking_attend(clg_http_exchange *exchange);
void clg_route_booking_no_show(clg_http_exchange *exchange);

/* route_clinic.c (cli/cmd_clinic.c) */
void clg_route_clinic_show(clg_http_exchange *exchange);
void clg_route_clinic_update(clg_http_exchange *exchange);

/* route_exports.c (cli/cmd_course.c show --format ics|fhir|svg) */
void clg_route_course_ics(clg_http_exchange *exchange);
void clg_route_course_fhir(clg_http_exchange *exchange);
void clg_route_course_svg(clg_http_exchange *exchange);

/* route_feeds.c (cli/cmd_feed.c) */
void clg_route_feed_create(clg_http_exchange *exchange);
void clg_route_feed_revoke(clg_http_exchange *exchange);
void clg_route_feed_calendar(clg_http_exchange *exchange);

/* route_requests.c (cli/cmd_requests.c; the public receive has no command) */
void clg_route_request_receive(clg_http_exchange *exchange);
void clg_route_requests_list(clg_http_exchange *exchange);
void clg_route_request_show(clg_http_exchange *exchange);
void clg_route_request_close(clg_http_exchange *exchange);
void clg_route_request_delete(clg_http_exchange *exchange);
/* route_messages.c (cli/cmd_messages.c, cmd_clinic.c's mail flags) */
void clg_route_client_messages(clg_http_exchange *exchange);
void clg_route_client_reminders(clg_http_exchange *exchange);
void clg_route_clinic_mail_show(clg_http_exchange *exchange);
void clg_route_clinic_mail_update(clg_http_exchange *exchange);
void clg_route_opt_out_page(clg_http_exchange *exchange);
void clg_route_opt_out(clg_http_exchange *exchange);

/* route_cds.c: CDS Hooks 2.0 (no command) */
void clg_route_cds_discovery(clg_http_exchange *exchange);
void clg_route_cds_session_safety(clg_http_exchange *exchange);

/* route_web.c (no command) */
void clg_route_web_app(clg_http_exchange *exchange);
void clg_route_web_calculator(clg_http_exchange *exchange);
/* Serves GET /static/FILE when FILE is an embedded asset; false when it is not. */
bool clg_route_web_static(clg_http_exchange *exchange);
/* Serves the embedded page asset ("/portal.html") under the no-referrer policy. */
void clg_route_web_page(clg_http_exchange *exchange, const char *asset);

/* route_portal.c (cli/cmd_portal.c; the client's page without a login) */
void clg_route_portal_create(clg_http_exchange *exchange);
void clg_route_portal_revoke(clg_http_exchange *exchange);
void clg_route_portal_list(clg_http_exchange *exchange);
void clg_route_portal_page(clg_http_exchange *exchange);
void clg_route_portal_api(clg_http_exchange *exchange);
void clg_route_portal_slots(clg_http_exchange *exchange);
void clg_route_portal_book(clg_http_exchange *exchange);
void clg_route_portal_move(clg_http_exchange *exchange);
void clg_route_portal_cancel(clg_http_exchange *exchange);

#endif

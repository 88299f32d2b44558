/*
 * The route table (docs/records.md#http-api). Order matters only for the metrics labels.
 */
#include "http/routes.h"

const clg_route clg_routes[] = {
    {CLG_HTTP_POST, "/api/v1/plan", clg_route_plan, CLG_ROUTE_PUBLIC, false},
    {CLG_HTTP_GET, "/api/v1/protocol", clg_route_protocol, CLG_ROUTE_PUBLIC, false},
    {CLG_HTTP_GET, "/api/v1/protocol/fhir", clg_route_protocol_fhir, CLG_ROUTE_PUBLIC, false},
    {CLG_HTTP_GET, "/healthz", clg_route_healthz, CLG_ROUTE_PUBLIC, false},
    {CLG_HTTP_GET, "/metrics", clg_route_metrics, CLG_ROUTE_PUBLIC, false},
    {CLG_HTTP_POST, "/api/v1/login", clg_route_login, CLG_ROUTE_PUBLIC, true},
    {CLG_HTTP_POST, "/api/v1/logout", clg_route_logout, CLG_ROUTE_PUBLIC, true},
    {CLG_HTTP_GET, "/api/v1/me", clg_route_me, CLG_ROUTE_STAFF, true},
    {CLG_HTTP_GET, "/api/v1/users", clg_route_users_list, CLG_ROUTE_ADMIN, true},
    {CLG_HTTP_POST, "/api/v1/users", clg_route_users_add, CLG_ROUTE_ADMIN, true},
    {CLG_HTTP_GET, "/api/v1/clients", clg_route_clients_list, CLG_ROUTE_STAFF, true},
    {CLG_HTTP_POST, "/api/v1/clients", clg_route_clients_add, CLG_ROUTE_STAFF, true},
    {CLG_HTTP_GET, "/api/v1/clients/{id}", clg_route_client_show, CLG_ROUTE_STAFF, true},
    {CLG_HTTP_POST, "/api/v1/courses", clg_route_courses_start, CLG_ROUTE_STAFF, true},
    {CLG_HTTP_GET, "/api/v1/courses/{id}", clg_route_course_show, CLG_ROUTE_STAFF, true},
    {CLG_HTTP_POST, "/api/v1/courses/{id}/sessions", clg_route_session_record, CLG_ROUTE_STAFF,
     true},
    {CLG_HTTP_POST, "/api/v1/courses/{id}/bookings", clg_route_booking_add, CLG_ROUTE_STAFF, true},
    {CLG_HTTP_POST, "/api/v1/courses/{id}/replan", clg_route_course_replan, CLG_ROUTE_STAFF, true},
    {CLG_HTTP_DELETE, "/api/v1/bookings/{id}", clg_route_booking_cancel, CLG_ROUTE_STAFF, true},
    {CLG_HTTP_GET, "/api/v1/clinic", clg_route_clinic_show, CLG_ROUTE_STAFF, true},
    {CLG_HTTP_PUT, "/api/v1/clinic", clg_route_clinic_update, CLG_ROUTE_ADMIN, true},
    {CLG_HTTP_GET, "/api/v1/due", clg_route_due, CLG_ROUTE_STAFF, true},
    {CLG_HTTP_GET, "/api/v1/due.csv", clg_route_due_csv, CLG_ROUTE_STAFF, true},
    {CLG_HTTP_GET, "/api/v1/courses/{id}.ics", clg_route_course_ics, CLG_ROUTE_STAFF, true},
    {CLG_HTTP_GET, "/api/v1/courses/{id}/fhir", clg_route_course_fhir, CLG_ROUTE_STAFF, true},
    {CLG_HTTP_GET, "/api/v1/courses/{id}/timeline.svg", clg_route_course_svg, CLG_ROUTE_STAFF,
     true},
    {CLG_HTTP_POST, "/api/v1/clients/{id}/feed", clg_route_feed_create, CLG_ROUTE_STAFF, true},
    {CLG_HTTP_DELETE, "/api/v1/clients/{id}/feed", clg_route_feed_revoke, CLG_ROUTE_STAFF, true},
    {CLG_HTTP_GET, "/feeds/{token}.ics", clg_route_feed_calendar, CLG_ROUTE_PUBLIC, true},
    {CLG_HTTP_PATCH, "/api/v1/sessions/{id}", clg_route_session_amend, CLG_ROUTE_STAFF, true},
    {CLG_HTTP_POST, "/api/v1/sessions/{id}/void", clg_route_session_void, CLG_ROUTE_STAFF, true},
    {CLG_HTTP_PATCH, "/api/v1/clients/{id}", clg_route_client_edit, CLG_ROUTE_STAFF, true},
    {CLG_HTTP_POST, "/api/v1/clients/{id}/merge", clg_route_client_merge, CLG_ROUTE_STAFF, true},
    {CLG_HTTP_GET, "/cds-services", clg_route_cds_discovery, CLG_ROUTE_PUBLIC, false},
    {CLG_HTTP_POST, "/cds-services/collagenda-session-safety", clg_route_cds_session_safety,
     CLG_ROUTE_STAFF, true},
    {CLG_HTTP_GET, "/", clg_route_web_app, CLG_ROUTE_PUBLIC, false},
    {CLG_HTTP_GET, "/calculator", clg_route_web_calculator, CLG_ROUTE_PUBLIC, false},
};

const int clg_route_count = sizeof clg_routes / sizeof clg_routes[0];

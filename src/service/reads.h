/*
 * Reading a client's records out: showing a client or a course, exporting
 * a course (iCalendar, FHIR, SVG) or the clinic's tables. Every such read
 * is audited with who read what and how, from every door alike, in the
 * same transaction as the read itself (a read that cannot be audited is
 * not answered). Calendar feeds are the exception: apps poll them every
 * few hours, so they use clg_records_course_load, which audits nothing.
 */
#ifndef CLG_SERVICE_READS_H
#define CLG_SERVICE_READS_H

#include "service/records.h"

/* Visits the clinic's clients by id (a read transaction; lists are not audited). */
clg_status clg_records_client_list(const clg_records *records, clg_client_visitor visit,
                                   void *context, clg_error *err);

/* Visits a client's courses by id; an unknown client has none. */
clg_status clg_records_course_list(const clg_records *records, int64_t client_id,
                                   clg_course_visitor visit, void *context, clg_error *err);

/* A client with their courses (by id), for `client show`. Owned; see _free. */
typedef struct clg_client_view {
    clg_client_row client;
    int course_count;
    clg_course_row *courses;
} clg_client_view;

/* Loads the client and their courses, audited as "client.read". */
clg_status clg_records_client_show(const clg_records *records, int64_t id, clg_client_view *view,
                                   clg_error *err);
void clg_records_client_view_free(clg_client_view *view);

/* Loads the course (clg_records_course_load), audited as "course.read". */
clg_status clg_records_course_show(const clg_records *records, int64_t id, clg_course_view *view,
                                   clg_error *err);

/*
 * Renders one course's export: called with the loaded view, it writes the
 * document where its context says (a buffer the door sends afterwards)
 * and returns CLG_OK, or the reason the course cannot be exported.
 */
typedef clg_status (*clg_course_renderer)(void *context, const clg_course_view *view,
                                          clg_error *err);

/*
 * Exports a course: loads it, has render write it, and audits the export
 * as "course.export" with the format's name ("ics", "fhir", "svg"), all in
 * one transaction. An export that render refuses is not audited as one.
 */
clg_status clg_records_course_export(const clg_records *records, int64_t id, const char *format,
                                     clg_course_renderer render, void *context, clg_error *err);

/* Which table `export` takes out. */
typedef enum clg_export_table {
    CLG_EXPORT_CLIENTS,
    CLG_EXPORT_COURSES,
    CLG_EXPORT_SESSIONS,
} clg_export_table;

/*
 * The visitor for table's rows: exactly one member is called, the one of
 * the table asked for; rows are borrowed for the call.
 */
typedef struct clg_export_visitor {
    clg_client_visitor client;
    clg_course_visitor course;
    clg_session_visitor session;
    void *context;
} clg_export_visitor;

/*
 * Visits every row of the clinic's table, audited as "records.export" with
 * the table's and the format's names, all in one transaction.
 */
clg_status clg_records_table_export(const clg_records *records, clg_export_table table,
                                    const char *format, const clg_export_visitor *visitor,
                                    clg_error *err);

#endif

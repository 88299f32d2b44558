/*
 * What the service's workflow files share with each other: loading and
 * judging a course, settling bookings, and the audit entries of refusals
 * and overrides. Not for callers outside src/service.
 */
#ifndef CLG_SERVICE_RECORDS_INTERNAL_H
#define CLG_SERVICE_RECORDS_INTERNAL_H

#include "service/records.h"

/* A proposed session judged against its course and its client's other sessions. */
typedef struct clg_records_judgement {
    clg_course_view view; /* re-flowed around the bookings too when judged as a booking */
    clg_session_fact *facts;
    int fact_count;
    clg_session_proposal proposal; /* its client_sessions borrow facts */
    clg_session_verdict verdict;
} clg_records_judgement;

/*
 * Judges input for course_id inside the caller's transaction: the one place
 * the safety rules are asked, when a session is recorded, booked, or only
 * checked. booking: the course's bookings count as sessions already done on
 * their dates, and the client's bookings in every course as sessions for
 * the interval floor. Dates no session can have are CLG_ERR_INVALID
 * naming "date" before any rule is asked (docs/records.md#dates): after
 * records->today unless booked, before the course's start, or carrying the
 * course past 9999-12-31. Returns that, clg_session_evaluate()'s answer or
 * the failure to load; free *judgement whatever the result.
 */
clg_status clg_records_judge(const clg_records *records, int64_t course_id,
                             const clg_session_input *input, bool booking,
                             clg_records_judgement *judgement, clg_error *err);
void clg_records_judgement_free(clg_records_judgement *judgement);

/*
 * Records input for course_id inside the caller's write transaction: judged,
 * stored, the bookings it was for settled, the course re-flowed, audited.
 * A refusal is returned for the caller to roll back and audit.
 */
clg_status clg_records_session_write(const clg_records *records, int64_t course_id,
                                     const clg_session_input *input, clg_session_result *result,
                                     clg_error *err);

/*
 * A session recorded on date settles the course's bookings (in view) dated
 * on or before it, or else its earliest booking: the visit it was booked
 * for. Each is deleted and audited as "booking.settle" naming session_id.
 */
clg_status clg_records_bookings_settle(const clg_records *records, const clg_course_view *view,
                                       clg_date date, int64_t session_id, clg_error *err);

/*
 * The course's bookings (in view) dated on or after from are cancelled,
 * each audited as "booking.cancel" with why as its reason, for a course
 * the clinic closes (course_life.c). Their ids go to ids (room for
 * max_ids; any more are cancelled all the same), *count how many.
 */
clg_status clg_records_bookings_cancel_from(const clg_records *records, const clg_course_view *view,
                                            clg_date from, const char *why, int64_t *ids,
                                            int max_ids, int *count, clg_error *err);

/* --force needs a --reason that is clean text. */
clg_status clg_records_check_reason(bool forced, const char *reason, clg_error *err);

/* The audit entry of an override, inside the caller's write transaction. */
clg_status clg_records_audit_override(const clg_records *records, const char *entity, int64_t id,
                                      const char *refusal, const char *reason, clg_error *err);

/*
 * A refusal writes nothing of what was asked, but it is not silent: it gets
 * an audit entry of its own, in its own transaction, after the refused one
 * was rolled back.
 */
clg_status clg_records_audit_refusal(const clg_records *records, const char *entity, int64_t id,
                                     clg_date date, const char *refusal, clg_error *err);

/* ---- clients (clients.c) ---- */

/*
 * Inside the caller's transaction: CLG_ERR_INVALID naming "email" or
 * "phone" when another client than except (0: none) already has client's
 * e-mail or phone, checking those of fields (CLG_CLIENT_FIELD_EMAIL,
 * CLG_CLIENT_FIELD_PHONE of corrections.h); *existing (when not NULL) is
 * then that client's id.
 */
clg_status clg_records_client_duplicate_check(const clg_records *records,
                                              const clg_client_row *client, unsigned fields,
                                              int64_t except, int64_t *existing, clg_error *err);

/*
 * CLG_OK when client takes new records and edits; CLG_ERR_INVALID naming
 * field when it is a record merged into another (only that one does) or an
 * erased client (whose identity must not come back) (client_corrections.c).
 */
clg_status clg_records_client_writable(const clg_client_row *client, const char *field,
                                       clg_error *err);

/*
 * A reason kept in the audit log for good when a person's data is erased
 * must say why without saying who: CLG_ERR_INVALID naming "reason" when it
 * repeats the name, e-mail or phone (each may be NULL) as a whole word
 * (client_data.c).
 */
clg_status clg_records_reason_names_nobody(const char *reason, const char *name, const char *email,
                                           const char *phone, clg_error *err);

/* ---- courses (courses.c) ---- */

/*
 * Stores protocol under (name, version) inside the caller's write
 * transaction, audited as "protocol.store", or checks that the document
 * already stored under them is the same (CLG_ERR_INVALID naming "protocol"
 * otherwise: a changed protocol needs a new version).
 */
clg_status clg_records_protocol_ensure(const clg_records *records, const clg_protocol *protocol,
                                       clg_error *err);

/* ---- loading a course (course_view.c) ---- */

/* Loads course id into *view inside the caller's transaction; free it whatever the result. */
clg_status clg_records_view_load(const clg_records *records, int64_t id, clg_course_view *view,
                                 clg_error *err);

/*
 * Computes the course's plan afresh from request and re-flows it around the
 * sessions done on dates (count of them); stored is the course's stored
 * status (a closed course stays closed).
 */
clg_status clg_records_progress_compute(const clg_plan_request *request,
                                        const clg_protocol *protocol, const clg_date *dates,
                                        int count, clg_course_status stored, clg_plan *plan,
                                        clg_course_progress *progress, clg_error *err);

/* What a course's plan is re-flowed around (clg_records_reflow). */
typedef struct clg_reflow {
    int sessions;  /* the view's first `sessions` sessions, done on their dates */
    bool bookings; /* then the view's bookings, as if done on their dates */
    bool has_extra;
    clg_date extra; /* then one more session on this date, when has_extra */
} clg_reflow;

/*
 * The course of view planned afresh under protocol (its own stored request)
 * and re-flowed around what names, into plan (which may be view->plan) and
 * progress; stored is the course's stored status (a closed course stays
 * closed). One place that gathers the dates every re-flow needs.
 */
clg_status clg_records_reflow(const clg_course_view *view, const clg_protocol *protocol,
                              const clg_reflow *what, clg_course_status stored, clg_plan *plan,
                              clg_course_progress *progress, clg_error *err);

/* The view's plan and progress re-flowed as if its bookings had been done on their dates. */
clg_status clg_records_progress_with_bookings(clg_course_view *view, clg_error *err);

/* ---- judging (judge.c) ---- */

/* A session's free-text fields and override, checked before anything is read. */
clg_status clg_records_session_input_check(const clg_session_input *input, clg_error *err);

#endif

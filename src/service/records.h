/*
 * The records workflows of docs/records.md#records-and-safety, shared by every door (CLI, server):
 * each one is a single store transaction that reads what it must, asks the
 * core whether the write is allowed, writes, keeps the course's
 * denormalised next due date in step, and appends to the audit log.
 * Nothing here knows which backend answers, and no clinical rule lives
 * here: the rules are the core's (course.h) and the numbers the protocol's.
 */
#ifndef CLG_SERVICE_RECORDS_H
#define CLG_SERVICE_RECORDS_H

#include <stdbool.h>
#include <stdint.h>

#include "collagenda/collagenda.h"
#include "model/course_view.h"
#include "store/store.h"

/* Who acts, for which clinic, on which day: the context of one command or request. */
typedef struct clg_records {
    clg_store *store;
    int64_t clinic;
    const char *who; /* the audit log's "who" */
    /*
     * The clinic's today (service/today.h: clg_records_today_set), which
     * the date rules measure by: no session after it, and the defaults of
     * `due` and `course start`.
     */
    clg_date today;
    /*
     * Whether the caller may force a blocked screening (docs/protocol.md#screening): an
     * admin, or the CLI, which acts as the database's owner. Staff may
     * force a too-soon or caution case, never a block.
     */
    bool may_override_block;
} clg_records;

/*
 * Checks a client's fields (name required; e-mail, phone as their checks
 * say; skin type 0..6), naming them as the API does ("skin_type"). Birth
 * dates are checked where they are parsed.
 */
clg_status clg_records_client_check(const clg_client_row *client, clg_error *err);

/*
 * Adds one client (checked) and audits it; *id is the new id. A client
 * whose e-mail (any case) or phone (ignoring spaces, dashes, dots and
 * brackets) another of the clinic's clients already has is CLG_ERR_INVALID
 * naming the field, with *existing (when not NULL) that client's id, unless
 * allow_duplicate (docs/records.md#corrections).
 */
clg_status clg_records_client_add(const clg_records *records, const clg_client_row *client,
                                  bool allow_duplicate, int64_t *id, int64_t *existing,
                                  clg_error *err);

/*
 * Adds every client in one transaction, all or nothing; the clients must
 * already have passed clg_records_client_check. ids (count entries) gets
 * the new ids. Unless allow_duplicate, a client whose e-mail or phone is
 * already on file (or on an earlier row) is refused as by
 * clg_records_client_add; *failed is then its index, else -1.
 */
clg_status clg_records_clients_import(const clg_records *records, const clg_client_row *clients,
                                      int count, bool allow_duplicate, int64_t *ids, int *failed,
                                      clg_error *err);

/*
 * Starts a course for client_id on request (which must have a start date)
 * under protocol. A fact the request leaves out is the client's stored one
 * (the skin type), so every door plans and screens alike. A start that
 * would carry the course's dates past 9999-12-31 is CLG_ERR_INVALID naming
 * "start". The protocol document is stored by (name, version); a
 * different document under a stored name and version is refused, so a
 * course is always re-planned with the protocol it started under. A
 * blocked screening is CLG_ERR_REFUSED unless forced (then reason is
 * stored and audited), and CLG_ERR_FORBIDDEN when forced by a caller who
 * may not override a block.
 */
clg_status clg_records_course_start(const clg_records *records, int64_t client_id,
                                    const clg_plan_request *request, const clg_protocol *protocol,
                                    bool forced, const char *reason, int64_t *id, clg_error *err);

clg_status clg_records_course_load(const clg_records *records, int64_t id, clg_course_view *view,
                                   clg_error *err);
void clg_records_course_view_free(clg_course_view *view);

/* Re-plans a stored course request (JSON text) into *request. */
clg_status clg_records_request_parse(const char *request_json, clg_plan_request *request,
                                     clg_error *err);

/* What a practitioner records; unset optional fields are 0 / NULL / -1 as in clg_session_row. */
typedef struct clg_session_input {
    clg_date date;
    bool has_modality;
    clg_modality modality; /* defaults to the plan's */
    uint32_t areas;        /* 0: the course's areas */
    int depth_hundredths;
    const char *device;
    const char *practitioner;
    const char *notes;
    uint32_t screening;
    int laxity_halves;
    int gais;
    bool forced;
    const char *reason; /* required when forced */
    /*
     * The session this input corrects (docs/records.md#corrections), 0 for a new one: the
     * judge then sees the course and the client as if it had never been recorded.
     */
    int64_t amends;
    /*
     * The booking this input moves (service/bookings.h), 0 for none: the judge then sees the
     * course and the client as if it had never been booked.
     */
    int64_t moves;
} clg_session_input;

typedef struct clg_session_result {
    int64_t id;
    clg_session_verdict verdict;
    clg_course_progress progress; /* the course after the session */
} clg_session_result;

/*
 * Records a session (docs/records.md#records-and-safety). CLG_ERR_REFUSED (nothing written) for a
 * session too soon or blocked, unless input->forced; CLG_ERR_NOT_FOUND for
 * an unknown course; CLG_ERR_INVALID for bad input. On success the course's
 * status and next due date are updated in the same transaction.
 */
clg_status clg_records_session_record(const clg_records *records, int64_t course_id,
                                      const clg_session_input *input, clg_session_result *result,
                                      clg_error *err);

/*
 * The dry run of clg_records_session_record, or with booking of
 * clg_records_booking_add (for CDS Hooks' appointment-book, which asks
 * before booking: the course's bookings count as done and the client's
 * bookings as sessions for the floor): judges input for course_id by the
 * very same rules, in a read-only transaction, and writes nothing.
 * input->forced and reason are ignored.
 * CLG_OK once judged, whether or not recording would be refused:
 * verdict->too_soon, blocked, refusal, timing and warning say how it went.
 * CLG_ERR_INVALID for a session that could not be recorded at all (a closed
 * course, a date before the course's last session), CLG_ERR_NOT_FOUND for an
 * unknown course.
 */
clg_status clg_records_session_check(const clg_records *records, int64_t course_id,
                                     const clg_session_input *input, bool booking,
                                     clg_session_verdict *verdict, clg_error *err);

/*
 * The client's newest open course (active or maintenance) into *course_id,
 * 0 when the client has none. CLG_ERR_NOT_FOUND for an unknown client.
 */
clg_status clg_records_open_course(const clg_records *records, int64_t client_id,
                                   int64_t *course_id, clg_error *err);

/* What re-planning a course did: the protocol it followed, and whether that changed. */
typedef struct clg_course_replan_result {
    bool changed; /* false: the course already followed this protocol; nothing written */
    char previous_name[CLG_PROTOCOL_NAME_MAX_BYTES + 1];
    char previous_version[CLG_PROTOCOL_NAME_MAX_BYTES + 1];
    clg_course_progress progress; /* the course under the protocol it now follows */
} clg_course_replan_result;

/*
 * Re-plans course id on demand under protocol (the current one): a stored
 * course otherwise keeps the protocol version it was planned with. The
 * course's assessment, start and recorded sessions stay; its plan, status
 * and next due date are those protocol's. One transaction, audited as
 * "course.replan" naming the protocol before and after. A course already
 * under that name and version changes nothing (result->changed false).
 * CLG_ERR_INVALID for a closed course; CLG_ERR_REFUSED when the new
 * protocol would block the screening of a course that was never forced.
 */
clg_status clg_records_course_replan(const clg_records *records, int64_t id,
                                     const clg_protocol *protocol,
                                     clg_course_replan_result *result, clg_error *err);

#endif

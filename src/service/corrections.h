/*
 * Corrections (docs/records.md#corrections): a mistake in the records is
 * fixed in the open. Each workflow is one audited transaction whose entry
 * holds the record before and after, with the reason given; nothing is
 * deleted. A session's new date goes through the same judge as a session
 * recorded today (service/judge.c, the core's clg_session_evaluate), and the
 * course is re-flowed and its next due date written back, as `due` reads it.
 */
#ifndef CLG_SERVICE_CORRECTIONS_H
#define CLG_SERVICE_CORRECTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "service/records.h"

/* What `session amend` changes; a field not given (has_* false) stays as recorded. */
typedef struct clg_session_amendment {
    bool has_date;
    clg_date date;
    bool has_depth;
    int depth_hundredths; /* 0 clears it */
    bool has_laxity_grade;
    int laxity_halves; /* -1 clears it */
    bool has_gais;
    int gais; /* 0 clears it */
    bool has_notes;
    const char *notes; /* NULL clears them */
    /* A new date the judge refuses is stored only when forced; reason then says why too. */
    bool forced;
    const char *reason; /* required: why the record is corrected */
} clg_session_amendment;

/* A session after its correction, and where its course stands. Owned: see _free. */
typedef struct clg_session_correction {
    clg_session_row session;      /* as stored now */
    clg_session_verdict verdict;  /* the judgement of a new date (zeroes when it kept its date) */
    clg_course_progress progress; /* the course after the correction */
} clg_session_correction;

void clg_records_session_correction_free(clg_session_correction *correction);

/*
 * Amends session id. A new date is judged as if the session had never been
 * recorded (its course as it stood before it, every other session of its
 * client for the floor): too soon or blocked is CLG_ERR_REFUSED (nothing
 * written but a safety.refused entry) unless forced with the reason, and a
 * date that would put it before the course's previous session or after its
 * next one (or a booking of the course) is CLG_ERR_INVALID. The session's
 * early, late and override marks become the new judgement's. The course
 * re-flows; audited as "session.amend" with the session and the course's
 * progress before and after, the reason, and "safety.override" when forced.
 * CLG_ERR_NOT_FOUND for an unknown (or another clinic's) session,
 * CLG_ERR_INVALID for a voided one, a missing reason, or nothing to change.
 */
clg_status clg_records_session_amend(const clg_records *records, int64_t id,
                                     const clg_session_amendment *amendment,
                                     clg_session_correction *result, clg_error *err);

/*
 * Voids session id as entered in error: it stays stored with reason but no
 * longer counts (not in its course, not for the floor, not in exports or
 * `due`); the course's later sessions move up a number and the course
 * re-flows. Audited as "session.void". A voided session cannot be voided
 * again (CLG_ERR_INVALID naming it); CLG_ERR_NOT_FOUND for an unknown one.
 */
clg_status clg_records_session_void(const clg_records *records, int64_t id, const char *reason,
                                    clg_session_correction *result, clg_error *err);

/* Which fields of a client `client edit` changes. */
enum {
    CLG_CLIENT_FIELD_NAME = 1u << 0,
    CLG_CLIENT_FIELD_EMAIL = 1u << 1,
    CLG_CLIENT_FIELD_PHONE = 1u << 2,
    CLG_CLIENT_FIELD_BIRTH_DATE = 1u << 3,
    CLG_CLIENT_FIELD_SKIN_TYPE = 1u << 4,
};

typedef struct clg_client_edit {
    unsigned fields;       /* CLG_CLIENT_FIELD_* bits: the fields to change */
    clg_client_row values; /* their new values; NULL, no birth date or skin type 0 clear them */
    bool allow_duplicate;  /* keep an e-mail or phone another client already has */
} clg_client_edit;

/* A client after an edit (owned: clg_store_row_free(client.storage)). */
typedef struct clg_client_edit_result {
    clg_client_row client; /* as stored now */
    int64_t existing;      /* on a duplicate refused: the client who has it, else 0 */
} clg_client_edit_result;

/*
 * Edits client id with the same checks as adding one, audited as
 * "client.edit" with before and after. An e-mail or phone that another of
 * the clinic's clients already has is CLG_ERR_INVALID naming the field,
 * with result->existing that client's id, unless allow_duplicate. A merged
 * record cannot be edited (CLG_ERR_INVALID naming the client it went to).
 */
clg_status clg_records_client_edit(const clg_records *records, int64_t id,
                                   const clg_client_edit *edit, clg_client_edit_result *result,
                                   clg_error *err);

/* What a merge moved. */
typedef struct clg_client_merge_result {
    int courses;
    int sessions; /* the live ones; voided sessions move with their course too */
    int bookings;
    bool feed_revoked; /* the other client's calendar feed, which would now be empty */
} clg_client_merge_result;

/*
 * Merges client other into client keep (the same person entered twice):
 * every course, session and booking of other moves to keep, other's
 * calendar feed is revoked, and other stays only as a merged record pointing
 * into keep (left out of the client list). keep's details stay as they
 * are. From then on the judge sees both clients' sessions as one client's.
 * Audited as "client.merge" on both clients, with the reason. A merge of a
 * client into itself, or of or into a merged record, is CLG_ERR_INVALID.
 */
clg_status clg_records_client_merge(const clg_records *records, int64_t keep, int64_t other,
                                    const char *reason, clg_client_merge_result *result,
                                    clg_error *err);

/*
 * The reason a correction needs (field "reason"): given, not blank, clean
 * text. what says what it is for ("a void").
 */
clg_status clg_records_correction_reason_check(const char *reason, const char *what,
                                               clg_error *err);

#endif

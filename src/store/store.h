/*
 * Persistence behind one interface (docs/design.md#floors, layer 2).
 *
 * A clg_store is an opaque handle holding a backend's vtable and its
 * private state; callers only use the clg_store_* wrappers (here, in
 * accounts.h, feeds.h, portals.h, cds_clients.h and login_throttle.h), so the PostgreSQL backend sits
 * beside the SQLite one without their knowing. clg_store_open() picks the backend
 * from the location: a `postgresql://` (or `postgres://`) URI names
 * PostgreSQL, anything else is a SQLite database file.
 *
 * The vtable is grouped by entity, one table of functions per entity, and
 * a backend implements it file for file: sqlite.c holds what the backend
 * is (open, close, transactions, backup) and assembles clg_store_ops from
 * the tables that sqlite_clinics.c, sqlite_clients.c, sqlite_protocols.c,
 * sqlite_courses.c (with `due`, a query over the courses), sqlite_sessions.c,
 * sqlite_bookings.c, sqlite_accounts.c (users, tokens, logins),
 * sqlite_feeds.c, sqlite_requests.c (consultation requests, their own
 * header store/requests.h), sqlite_audit.c, sqlite_diary.c (the bookings by day)
 * and sqlite_cds_clients.c each export; the PostgreSQL backend is pg.c
 * with pg_clinics.c ... pg_cds_clients.c beside them (pg_internal.h).
 * Every function takes the backend's private state
 * (impl) first.
 *
 * Rules every backend keeps:
 *  - every query is scoped by clinic id: a row of another clinic behaves
 *    exactly like a row that does not exist (CLG_ERR_NOT_FOUND);
 *  - writes happen inside clg_store_begin(store, true) ... commit, and a
 *    write transaction takes the write lock at once (SQLite: BEGIN
 *    IMMEDIATE) so that concurrent writers queue instead of deadlocking;
 *  - only prepared statements with bound parameters;
 *  - rows carry values (enums, bit masks, clg_date), never the words a
 *    backend stores them as: mapping them is the backend's job;
 *  - every row records when it was written, in UTC to the millisecond;
 *  - the audit log is append-only, enforced by the database itself.
 *
 * Rows returned by a *_get function own their text in row->storage, freed
 * by clg_store_row_free(row->storage). Rows passed to a visitor are
 * borrowed and valid only during the call; a visitor must not call the
 * store's list function it is visiting again (one cursor per query). A
 * visitor returns 0 to go on, anything else to stop (the list function then
 * returns CLG_OK).
 */
#ifndef CLG_STORE_H
#define CLG_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "collagenda/collagenda.h"
#include "model/model.h"

typedef struct clg_store clg_store;

typedef int (*clg_client_visitor)(void *context, const clg_client_row *row);
typedef int (*clg_course_visitor)(void *context, const clg_course_row *row);
typedef int (*clg_session_visitor)(void *context, const clg_session_row *row);
typedef int (*clg_due_visitor)(void *context, const clg_due_row *row);
typedef int (*clg_booking_visitor)(void *context, const clg_booking_row *row);
typedef int (*clg_user_visitor)(void *context, const clg_user_row *row);
typedef int (*clg_token_visitor)(void *context, const clg_token_row *row);
typedef int (*clg_feed_visitor)(void *context, const clg_feed_row *row);
typedef int (*clg_portal_visitor)(void *context, const clg_portal_row *row);
typedef int (*clg_audit_visitor)(void *context, const clg_audit_row *row);
typedef int (*clg_diary_visitor)(void *context, const clg_diary_row *row);
typedef int (*clg_cds_client_visitor)(void *context, const clg_cds_client_row *row);

/* ---- the backend's vtable: what each wrapper below forwards to ---- */

typedef struct clg_store_clinic_ops {
    clg_status (*find)(void *impl, const char *name, int64_t *id, clg_error *err);
    clg_status (*insert)(void *impl, const char *name, int64_t *id, clg_error *err);
    clg_status (*time_zone_get)(void *impl, int64_t clinic, char time_zone[CLG_TIME_ZONE_SIZE],
                                clg_error *err);
    clg_status (*time_zone_set)(void *impl, int64_t clinic, const char *time_zone, clg_error *err);
    clg_status (*settings_get)(void *impl, int64_t clinic, clg_clinic_settings *settings,
                               clg_error *err);
    clg_status (*settings_set)(void *impl, int64_t clinic, const clg_clinic_settings *settings,
                               clg_error *err);
    /* Every clinic's name, by name; visit returns nonzero to stop. */
    clg_status (*list)(void *impl, int (*visit)(void *context, const char *name), void *context,
                       clg_error *err);
} clg_store_clinic_ops;

typedef struct clg_store_client_ops {
    clg_status (*insert)(void *impl, int64_t clinic, const clg_client_row *row, int64_t *id,
                         clg_error *err);
    clg_status (*get)(void *impl, int64_t clinic, int64_t id, clg_client_row *row, clg_error *err);
    clg_status (*list)(void *impl, int64_t clinic, clg_client_visitor visit, void *context,
                       clg_error *err);
    clg_status (*erase)(void *impl, int64_t clinic, int64_t id, const char *tombstone,
                        clg_error *err);
    /* Corrections (docs/records.md#corrections): see the clg_store_client_* wrappers below. */
    clg_status (*update)(void *impl, int64_t clinic, const clg_client_row *row, clg_error *err);
    clg_status (*find_contact)(void *impl, int64_t clinic, const char *email, const char *phone,
                               int64_t except, clg_client_row *row, clg_error *err);
    clg_status (*merge)(void *impl, int64_t clinic, int64_t keep, int64_t other, clg_error *err);
} clg_store_client_ops;

typedef struct clg_store_protocol_ops {
    clg_status (*get)(void *impl, int64_t clinic, const char *name, const char *version,
                      char **document, clg_error *err);
    clg_status (*insert)(void *impl, int64_t clinic, const char *name, const char *version,
                         const char *document, clg_error *err);
} clg_store_protocol_ops;

typedef struct clg_store_course_ops {
    clg_status (*insert)(void *impl, int64_t clinic, const clg_course_row *row, int64_t *id,
                         clg_error *err);
    clg_status (*get)(void *impl, int64_t clinic, int64_t id, clg_course_row *row, clg_error *err);
    clg_status (*list)(void *impl, int64_t clinic, int64_t client_id, clg_course_visitor visit,
                       void *context, clg_error *err);
    clg_status (*set_progress)(void *impl, int64_t clinic, int64_t id, clg_course_status status,
                               clg_next_kind kind, clg_date next_date, clg_error *err);
    clg_status (*set_plan)(void *impl, int64_t clinic, int64_t id, const char *protocol_name,
                           const char *protocol_version, const char *plan_json, clg_error *err);
    clg_status (*due_list)(void *impl, int64_t clinic, clg_date through, clg_due_visitor visit,
                           void *context, clg_error *err);
} clg_store_course_ops;

typedef struct clg_store_session_ops {
    clg_status (*insert)(void *impl, int64_t clinic, const clg_session_row *row, int64_t *id,
                         clg_error *err);
    clg_status (*list)(void *impl, int64_t clinic, int64_t course_id, int64_t client_id,
                       clg_session_visitor visit, void *context, clg_error *err);
    clg_status (*clear_notes)(void *impl, int64_t clinic, int64_t client_id, int *cleared,
                              clg_error *err);
    /* Corrections (docs/records.md#corrections): see the clg_store_session_* wrappers below. */
    clg_status (*get)(void *impl, int64_t clinic, int64_t id, clg_session_row *row, clg_error *err);
    clg_status (*update)(void *impl, int64_t clinic, const clg_session_row *row, clg_error *err);
    clg_status (*list_void)(void *impl, int64_t clinic, int64_t course_id,
                            clg_session_visitor visit, void *context, clg_error *err);
} clg_store_session_ops;

typedef struct clg_store_booking_ops {
    clg_status (*insert)(void *impl, int64_t clinic, const clg_booking_row *row, int64_t *id,
                         clg_error *err);
    clg_status (*get)(void *impl, int64_t clinic, int64_t id, clg_booking_row *row, clg_error *err);
    clg_status (*list)(void *impl, int64_t clinic, int64_t course_id, int64_t client_id,
                       clg_booking_visitor visit, void *context, clg_error *err);
    clg_status (*update)(void *impl, int64_t clinic, const clg_booking_row *row, clg_error *err);
    clg_status (*delete)(void *impl, int64_t clinic, int64_t id, clg_error *err);
} clg_store_booking_ops;

/* Staff accounts: see store/accounts.h for what each one does. */
typedef struct clg_store_account_ops {
    clg_status (*user_insert)(void *impl, int64_t clinic, const char *email, clg_user_role role,
                              const char *password_hash, int64_t *id, clg_error *err);
    clg_status (*user_find)(void *impl, const char *email, clg_user_row *row, clg_error *err);
    clg_status (*user_list)(void *impl, int64_t clinic, clg_user_visitor visit, void *context,
                            clg_error *err);
    clg_status (*token_insert)(void *impl, int64_t user_id, const char *token_hash,
                               const char *label, int64_t expires_at, int64_t *id, clg_error *err);
    clg_status (*token_find)(void *impl, const char *token_hash, clg_user_row *user,
                             clg_error *err);
    clg_status (*login_insert)(void *impl, int64_t user_id, const char *session_hash,
                               const char *csrf_token, int64_t expires_at, clg_error *err);
    clg_status (*login_find)(void *impl, const char *session_hash, int64_t now, clg_user_row *user,
                             char csrf_token[65], clg_error *err);
    clg_status (*login_delete)(void *impl, const char *session_hash, clg_error *err);
    /* Staff management (store/accounts.h); clinic 0 is any clinic. */
    clg_status (*user_get)(void *impl, int64_t clinic, int64_t id, clg_user_row *row,
                           clg_error *err);
    clg_status (*user_update)(void *impl, int64_t id, clg_user_role role, bool disabled,
                              clg_error *err);
    clg_status (*user_set_password)(void *impl, int64_t id, const char *password_hash,
                                    clg_error *err);
    clg_status (*admin_count)(void *impl, int64_t clinic, int *count, clg_error *err);
    clg_status (*token_get)(void *impl, int64_t clinic, int64_t id, clg_token_row *row,
                            clg_error *err);
    clg_status (*token_list)(void *impl, int64_t clinic, int64_t user_id, clg_token_visitor visit,
                             void *context, clg_error *err);
    clg_status (*token_revoke)(void *impl, int64_t id, int64_t user_id, int *revoked,
                               clg_error *err);
    clg_status (*logins_end)(void *impl, int64_t user_id, const char *keep_session_hash, int *ended,
                             clg_error *err);
} clg_store_account_ops;

/* Calendar feeds: see store/feeds.h. */
typedef struct clg_store_feed_ops {
    clg_status (*insert)(void *impl, int64_t clinic, int64_t client_id, const char *token_hash,
                         int64_t *id, clg_error *err);
    clg_status (*revoke)(void *impl, int64_t clinic, int64_t client_id, int *revoked,
                         clg_error *err);
    clg_status (*find)(void *impl, const char *token_hash, clg_feed_row *row, clg_error *err);
    clg_status (*list)(void *impl, int64_t clinic, int64_t client_id, clg_feed_visitor visit,
                       void *context, clg_error *err);
} clg_store_feed_ops;

/* Client portal links: see store/portals.h. */
typedef struct clg_store_portal_ops {
    clg_status (*insert)(void *impl, int64_t clinic, int64_t client_id, const char *token_hash,
                         int64_t *id, clg_error *err);
    clg_status (*revoke)(void *impl, int64_t clinic, int64_t client_id, int *revoked,
                         clg_error *err);
    clg_status (*find)(void *impl, const char *token_hash, clg_portal_row *row, clg_error *err);
    clg_status (*list)(void *impl, int64_t clinic, int64_t client_id, clg_portal_visitor visit,
                       void *context, clg_error *err);
} clg_store_portal_ops;

typedef struct clg_store_audit_ops {
    clg_status (*append)(void *impl, int64_t clinic, const clg_audit_entry *entry, clg_error *err);
    clg_status (*list)(void *impl, int64_t clinic, const clg_audit_filter *filter,
                       clg_audit_visitor visit, void *context, clg_error *err);
} clg_store_audit_ops;

/* The diary: bookings by day, one index range (clinic, date, start). */
typedef struct clg_store_diary_ops {
    clg_status (*list)(void *impl, int64_t clinic, clg_date from, clg_date through,
                       clg_diary_visitor visit, void *context, clg_error *err);
} clg_store_diary_ops;

/* CDS Hooks clients and the JWT ids they have used: see store/cds_clients.h. */
typedef struct clg_store_cds_client_ops {
    clg_status (*insert)(void *impl, int64_t clinic, const char *issuer, const char *keys_json,
                         int64_t *id, clg_error *err);
    clg_status (*find)(void *impl, const char *issuer, clg_cds_client_row *row, clg_error *err);
    clg_status (*list)(void *impl, int64_t clinic, clg_cds_client_visitor visit, void *context,
                       clg_error *err);
    clg_status (*remove)(void *impl, int64_t clinic, const char *issuer, int64_t *id,
                         clg_error *err);
    clg_status (*remember_token)(void *impl, const char *issuer, const char *jti,
                                 int64_t expires_at, int64_t now, bool *fresh, clg_error *err);
} clg_store_cds_client_ops;

/* The failed-login throttle's counts: see store/login_throttle.h. */
struct clg_login_count;
typedef struct clg_store_login_count_ops {
    clg_status (*prune)(void *impl, int64_t forget_before, int64_t now, clg_error *err);
    clg_status (*read)(void *impl, const char *kind, const char *key, struct clg_login_count *count,
                       bool *found, clg_error *err);
    clg_status (*write)(void *impl, const char *kind, const char *key,
                        const struct clg_login_count *count, clg_error *err);
    clg_status (*forget)(void *impl, const char *kind, const char *key, clg_error *err);
    clg_status (*size)(void *impl, int64_t *rows, clg_error *err);
    clg_status (*evict)(void *impl, int64_t now, bool *freed, clg_error *err);
} clg_store_login_count_ops;
struct clg_store_request_ops; /* store/requests.h */

typedef struct clg_store_ops {
    const char *backend; /* "sqlite" or "postgresql" */
    /* The backend itself: impl is its private state. */
    void (*close)(void *impl);
    clg_status (*begin)(void *impl, bool write, clg_error *err);
    clg_status (*commit)(void *impl, clg_error *err);
    void (*rollback)(void *impl);
    clg_status (*backup)(void *impl, const char *path, clg_error *err);
    /* The entities, one table each, every one required. */
    const clg_store_clinic_ops *clinics;
    const clg_store_client_ops *clients;
    const clg_store_protocol_ops *protocols;
    const clg_store_course_ops *courses;
    const clg_store_session_ops *sessions;
    const clg_store_booking_ops *bookings;
    const clg_store_account_ops *accounts;
    const clg_store_feed_ops *feeds;
    const clg_store_audit_ops *audit;
    const clg_store_diary_ops *diary;
    const clg_store_cds_client_ops *cds_clients;
    const clg_store_login_count_ops *login_counts;
    const struct clg_store_request_ops *requests;
    const clg_store_portal_ops *portals;
    const struct clg_store_message_ops *messages; /* store/messages.h */
} clg_store_ops;

struct clg_store {
    const clg_store_ops *ops;
    void *impl;
};

/*
 * Opens (creating when needed, with its folder, mode 0600) the database at
 * location and brings its schema up to date: a postgresql:// (or
 * postgres://) URI is a PostgreSQL database, anything else a SQLite file.
 * *out is the caller's, released with clg_store_close().
 */
clg_status clg_store_open(const char *location, clg_store **out, clg_error *err);
void clg_store_close(clg_store *store);

/* Releases the text of a row returned by a *_get function. */
void clg_store_row_free(char *storage);

/* write: take the write lock now (every transaction that writes must). */
clg_status clg_store_begin(clg_store *store, bool write, clg_error *err);
clg_status clg_store_commit(clg_store *store, clg_error *err);
void clg_store_rollback(clg_store *store);
/*
 * Ends the transaction a workflow began: commits when status is CLG_OK
 * (returning the commit's own status), rolls back otherwise and returns
 * status unchanged, its err untouched.
 */
clg_status clg_store_finish(clg_store *store, clg_status status, clg_error *err);

/*
 * The clinic's id. A database with no clinic yet creates this one (audited
 * as who): the first use of a fresh database. Otherwise a name that is not
 * a clinic is CLG_ERR_NOT_FOUND naming field and listing the clinics.
 */
clg_status clg_store_clinic_ensure(clg_store *store, const char *name, const char *who, int64_t *id,
                                   clg_error *err);
/* The clinic named name; CLG_ERR_NOT_FOUND naming "clinic" when there is none. */
clg_status clg_store_clinic_find(clg_store *store, const char *name, int64_t *id, clg_error *err);
/* Adds a clinic (audited as who); CLG_ERR_INVALID naming "name" when it exists. */
clg_status clg_store_clinic_add(clg_store *store, const char *name, const char *who, int64_t *id,
                                clg_error *err);
/* The clinic's settings, its name included. */
clg_status clg_store_clinic_settings_get(clg_store *store, int64_t clinic,
                                         clg_clinic_settings *settings, clg_error *err);
/* Stores them (name and time zone included); they must already have been checked. */
clg_status clg_store_clinic_settings_set(clg_store *store, int64_t clinic,
                                         const clg_clinic_settings *settings, clg_error *err);

/* The clinic's IANA time zone, "" when none is set (UTC). */
clg_status clg_store_clinic_time_zone_get(clg_store *store, int64_t clinic,
                                          char time_zone[CLG_TIME_ZONE_SIZE], clg_error *err);
/* Sets it (NULL: back to UTC); the name must already have been checked. */
clg_status clg_store_clinic_time_zone_set(clg_store *store, int64_t clinic, const char *time_zone,
                                          clg_error *err);

clg_status clg_store_client_insert(clg_store *store, int64_t clinic, const clg_client_row *row,
                                   int64_t *id, clg_error *err);
clg_status clg_store_client_get(clg_store *store, int64_t clinic, int64_t id, clg_client_row *row,
                                clg_error *err);
/* The clinic's clients by id; a record merged into another client is left out. */
clg_status clg_store_client_list(clg_store *store, int64_t clinic, clg_client_visitor visit,
                                 void *context, clg_error *err);
/*
 * Erases the client's identity: the name becomes tombstone, e-mail, phone,
 * birth date and skin type NULL, erased_at now. CLG_ERR_NOT_FOUND naming
 * "client" when the clinic has no such client still unerased.
 */
clg_status clg_store_client_erase(clg_store *store, int64_t clinic, int64_t id,
                                  const char *tombstone, clg_error *err);
/* Writes back a client's name, e-mail, phone, birth date and skin type (row->id names it). */
clg_status clg_store_client_update(clg_store *store, int64_t clinic, const clg_client_row *row,
                                   clg_error *err);
/*
 * The clinic's first client other than except, and not a merged record, with
 * the same e-mail (ignoring case) when email is given, or else the same
 * phone (ignoring spaces, dashes, dots and brackets): owned in *row.
 * CLG_ERR_NOT_FOUND, err untouched, when there is none.
 */
clg_status clg_store_client_find_contact(clg_store *store, int64_t clinic, const char *email,
                                         const char *phone, int64_t except, clg_client_row *row,
                                         clg_error *err);
/*
 * Moves every course, session (voided ones too) and booking of client
 * other to client keep, and marks other as merged into keep.
 */
clg_status clg_store_client_merge(clg_store *store, int64_t clinic, int64_t keep, int64_t other,
                                  clg_error *err);

clg_status clg_store_protocol_get(clg_store *store, int64_t clinic, const char *name,
                                  const char *version, char **document, clg_error *err);
clg_status clg_store_protocol_insert(clg_store *store, int64_t clinic, const char *name,
                                     const char *version, const char *document, clg_error *err);

clg_status clg_store_course_insert(clg_store *store, int64_t clinic, const clg_course_row *row,
                                   int64_t *id, clg_error *err);
clg_status clg_store_course_get(clg_store *store, int64_t clinic, int64_t id, clg_course_row *row,
                                clg_error *err);
/* client_id 0 lists every course of the clinic. */
clg_status clg_store_course_list(clg_store *store, int64_t clinic, int64_t client_id,
                                 clg_course_visitor visit, void *context, clg_error *err);
/* The denormalised status and next due date behind `due`'s index. */
clg_status clg_store_course_set_progress(clg_store *store, int64_t clinic, int64_t id,
                                         clg_course_status status, clg_next_kind kind,
                                         clg_date next_date, clg_error *err);
/* A course re-planned: the protocol it now follows (stored first) and its plan under it. */
clg_status clg_store_course_set_plan(clg_store *store, int64_t clinic, int64_t id,
                                     const char *protocol_name, const char *protocol_version,
                                     const char *plan_json, clg_error *err);

clg_status clg_store_session_insert(clg_store *store, int64_t clinic, const clg_session_row *row,
                                    int64_t *id, clg_error *err);
/*
 * The live sessions: a course's by number, a client's by date, else the
 * clinic's by course and number; course_id / client_id 0 mean any. Voided
 * sessions are never listed here: they count for nothing.
 */
clg_status clg_store_session_list(clg_store *store, int64_t clinic, int64_t course_id,
                                  int64_t client_id, clg_session_visitor visit, void *context,
                                  clg_error *err);
/* Sets the notes of every session of the client to NULL; *cleared is how many had some. */
clg_status clg_store_session_clear_notes(clg_store *store, int64_t clinic, int64_t client_id,
                                         int *cleared, clg_error *err);
/* One session, live or voided; CLG_ERR_NOT_FOUND naming "session" when the clinic has none. */
clg_status clg_store_session_get(clg_store *store, int64_t clinic, int64_t id, clg_session_row *row,
                                 clg_error *err);
/*
 * Writes back what a correction changes of session row->id: its number,
 * date, needle depth, grades, notes, early and late marks, override and
 * void_reason. The other fields are what was done and stay.
 */
clg_status clg_store_session_update(clg_store *store, int64_t clinic, const clg_session_row *row,
                                    clg_error *err);
/* The course's voided sessions, by number then id. */
clg_status clg_store_session_list_void(clg_store *store, int64_t clinic, int64_t course_id,
                                       clg_session_visitor visit, void *context, clg_error *err);

clg_status clg_store_booking_insert(clg_store *store, int64_t clinic, const clg_booking_row *row,
                                    int64_t *id, clg_error *err);
clg_status clg_store_booking_get(clg_store *store, int64_t clinic, int64_t id, clg_booking_row *row,
                                 clg_error *err);
/* Bookings by date, then time (all-day first), then id; course_id / client_id 0 mean any. */
clg_status clg_store_booking_list(clg_store *store, int64_t clinic, int64_t course_id,
                                  int64_t client_id, clg_booking_visitor visit, void *context,
                                  clg_error *err);
/*
 * Rewrites the booking row->id's date, time, force and status;
 * CLG_ERR_NOT_FOUND naming "booking" when the clinic has no such booking.
 */
clg_status clg_store_booking_update(clg_store *store, int64_t clinic, const clg_booking_row *row,
                                    clg_error *err);
/* CLG_ERR_NOT_FOUND naming "booking" when the clinic has no such booking. */
clg_status clg_store_booking_delete(clg_store *store, int64_t clinic, int64_t id, clg_error *err);

/*
 * The clinic's bookings from from through through (both included) in time
 * order: by date, all-day bookings first, then by start time and id.
 */
clg_status clg_store_diary_list(clg_store *store, int64_t clinic, clg_date from, clg_date through,
                                clg_diary_visitor visit, void *context, clg_error *err);

/* Courses whose next item is due on or before through, soonest first. */
clg_status clg_store_due_list(clg_store *store, int64_t clinic, clg_date through,
                              clg_due_visitor visit, void *context, clg_error *err);

clg_status clg_store_audit_append(clg_store *store, int64_t clinic, const clg_audit_entry *entry,
                                  clg_error *err);
/* The clinic's entries that pass filter, in the order they were written (oldest first). */
clg_status clg_store_audit_list(clg_store *store, int64_t clinic, const clg_audit_filter *filter,
                                clg_audit_visitor visit, void *context, clg_error *err);

/* A consistent copy of the whole database at path, safe while others write. */
clg_status clg_store_backup(clg_store *store, const char *path, clg_error *err);

/*
 * Schema versions, one numbering for both backends (the migrations of
 * sqlite_schema.c and pg_schema.c): the database's, the newest this binary
 * knows, and how many migrations opening it would apply. Opening a store
 * applies them; a database newer than the binary is refused (CLG_ERR_IO).
 */
typedef struct clg_store_schema {
    int version; /* 0: a new database */
    int latest;
    int pending;
} clg_store_schema;

/* Reads location's schema version, changing nothing (a SQLite file that is not there: 0). */
clg_status clg_store_schema_read(const char *location, clg_store_schema *schema, clg_error *err);

/* Called by clg_store_copy for each table once its rows are copied and counted on both sides. */
typedef void (*clg_store_copy_report)(void *context, const char *table, long long rows);

/*
 * Copies a whole SQLite database (brought up to date first) into an empty
 * PostgreSQL one: every table, ids and the audit log included, in one
 * transaction; each identity is set past the largest id copied, and the
 * row counts of every table are compared on both sides before the commit.
 * A target that already holds a clinic is CLG_ERR_INVALID naming "to".
 */
clg_status clg_store_copy(const char *from, const char *to, clg_store_copy_report report,
                          void *context, clg_error *err);

/* Backends. */
clg_status clg_store_sqlite_open(const char *path, clg_store **out, clg_error *err);
/* A postgresql:// location (any libpq connection string); brings its schema up to date. */
clg_status clg_store_pg_open(const char *location, clg_store **out, clg_error *err);
clg_status clg_store_sqlite_schema(const char *path, clg_store_schema *schema, clg_error *err);
clg_status clg_store_pg_schema(const char *location, clg_store_schema *schema, clg_error *err);

#endif

/*
 * Persistence behind one interface (SPEC §2, layer 2).
 *
 * A clg_store is an opaque handle holding a backend's vtable and its
 * private state; callers only use the clg_store_* wrappers below, so a
 * PostgreSQL backend can be added beside the SQLite one without touching
 * them. clg_store_open() picks the backend from the location: a
 * `postgresql://` (or `postgres://`) URI names PostgreSQL, anything else is
 * a SQLite database file.
 *
 * Rules every backend keeps:
 *  - every query is scoped by clinic id: a row of another clinic behaves
 *    exactly like a row that does not exist (CLG_ERR_NOT_FOUND);
 *  - writes happen inside clg_store_begin(store, true) ... commit, and a
 *    write transaction takes the write lock at once (SQLite: BEGIN
 *    IMMEDIATE) so that concurrent writers queue instead of deadlocking;
 *  - only prepared statements with bound parameters;
 *  - the audit log is append-only, enforced by the database itself.
 *
 * Rows returned by a *_get function own their text in row->storage, freed
 * by clg_store_row_free(row->storage). Rows passed to a visitor are
 * borrowed and valid only during the call. A visitor returns 0 to go on,
 * anything else to stop (the list function then returns CLG_OK).
 */
#ifndef CLG_STORE_H
#define CLG_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "collagenda/collagenda.h"

typedef struct clg_store clg_store;
struct clg_user_row;
struct clg_feed_row;

typedef struct clg_client_row {
    int64_t id;
    const char *name;
    const char *email; /* NULL when not given */
    const char *phone; /* NULL when not given */
    bool has_birth_date;
    clg_date birth_date;
    int skin_type; /* 0 unknown, 1..6 */
    char *storage;
} clg_client_row;

typedef struct clg_course_row {
    int64_t id;
    int64_t client_id;
    const char *protocol_name;
    const char *protocol_version;
    const char *request_json; /* the assessment with start and open days */
    const char *plan_json;    /* the plan as computed when the course started */
    clg_date start;
    clg_course_status status;
    clg_next_kind next_kind;
    clg_date next_date; /* meaningful when next_kind != CLG_NEXT_NONE */
    bool forced;
    const char *force_reason; /* NULL unless forced */
    char *storage;
} clg_course_row;

typedef struct clg_session_row {
    int64_t id;
    int64_t course_id;
    int64_t client_id;
    int number;
    clg_date date;
    const char *modality; /* "traditional", "rf", "roller" */
    const char *areas;    /* "face,neck" */
    int depth_hundredths; /* needle depth in 1/100 mm; 0 when not recorded */
    const char *device;   /* NULL when not recorded, as the next three */
    const char *practitioner;
    const char *notes;
    const char *screening; /* "" or "isotretinoin,herpes-history" */
    int laxity_halves;     /* Alexiades-Armenakas grade x2; -1 when not graded */
    int gais;              /* 1..5; 0 when not graded */
    bool early;
    bool late;
    bool forced;
    const char *force_reason; /* NULL unless forced */
    char *storage;
} clg_session_row;

/* A session booked ahead: deleted when cancelled or settled by a recorded session. */
typedef struct clg_booking_row {
    int64_t id;
    int64_t course_id;
    int64_t client_id;
    clg_date date;
    int start_minute;  /* minutes after the clinic's local midnight; -1 all day */
    const char *areas; /* the course's areas when booked: "face,neck" */
    bool forced;
    const char *force_reason; /* NULL unless forced */
    char *storage;
} clg_booking_row;

/* An IANA zone name ("Europe/Berlin") and its NUL; the longest in tzdata is 32 bytes. */
#define CLG_TIME_ZONE_SIZE 64

typedef struct clg_due_row {
    int64_t course_id;
    int64_t client_id;
    const char *name;
    clg_next_kind kind;
    clg_date due;
} clg_due_row;

typedef struct clg_audit_entry {
    const char *who;
    const char *action; /* "client.add", "course.start", "session.record", ... */
    const char *entity; /* "client", "course", "session", "clinic" */
    int64_t entity_id;
    const char *before; /* JSON, or NULL */
    const char *after;  /* JSON, or NULL */
    const char *reason; /* the reason given for a forced override, or NULL */
} clg_audit_entry;

typedef int (*clg_client_visitor)(void *context, const clg_client_row *row);
typedef int (*clg_course_visitor)(void *context, const clg_course_row *row);
typedef int (*clg_session_visitor)(void *context, const clg_session_row *row);
typedef int (*clg_due_visitor)(void *context, const clg_due_row *row);
typedef int (*clg_booking_visitor)(void *context, const clg_booking_row *row);

/* What a backend provides; impl is its private state. */
typedef struct clg_store_ops {
    const char *backend;
    void (*close)(void *impl);
    clg_status (*begin)(void *impl, bool write, clg_error *err);
    clg_status (*commit)(void *impl, clg_error *err);
    void (*rollback)(void *impl);

    clg_status (*clinic_find)(void *impl, const char *name, int64_t *id, clg_error *err);
    clg_status (*clinic_insert)(void *impl, const char *name, int64_t *id, clg_error *err);
    clg_status (*clinic_time_zone_get)(void *impl, int64_t clinic,
                                       char time_zone[CLG_TIME_ZONE_SIZE], clg_error *err);
    clg_status (*clinic_time_zone_set)(void *impl, int64_t clinic, const char *time_zone,
                                       clg_error *err);

    clg_status (*client_insert)(void *impl, int64_t clinic, const clg_client_row *row, int64_t *id,
                                clg_error *err);
    clg_status (*client_get)(void *impl, int64_t clinic, int64_t id, clg_client_row *row,
                             clg_error *err);
    clg_status (*client_list)(void *impl, int64_t clinic, clg_client_visitor visit, void *context,
                              clg_error *err);

    clg_status (*protocol_get)(void *impl, int64_t clinic, const char *name, const char *version,
                               char **document, clg_error *err);
    clg_status (*protocol_insert)(void *impl, int64_t clinic, const char *name, const char *version,
                                  const char *document, clg_error *err);

    clg_status (*course_insert)(void *impl, int64_t clinic, const clg_course_row *row, int64_t *id,
                                clg_error *err);
    clg_status (*course_get)(void *impl, int64_t clinic, int64_t id, clg_course_row *row,
                             clg_error *err);
    clg_status (*course_list)(void *impl, int64_t clinic, int64_t client_id,
                              clg_course_visitor visit, void *context, clg_error *err);
    clg_status (*course_set_progress)(void *impl, int64_t clinic, int64_t id,
                                      clg_course_status status, clg_next_kind kind,
                                      clg_date next_date, clg_error *err);
    clg_status (*course_set_plan)(void *impl, int64_t clinic, int64_t id,
                                  const char *protocol_name, const char *protocol_version,
                                  const char *plan_json, clg_error *err);

    clg_status (*session_insert)(void *impl, int64_t clinic, const clg_session_row *row,
                                 int64_t *id, clg_error *err);
    clg_status (*session_list)(void *impl, int64_t clinic, int64_t course_id, int64_t client_id,
                               clg_session_visitor visit, void *context, clg_error *err);

    clg_status (*booking_insert)(void *impl, int64_t clinic, const clg_booking_row *row,
                                 int64_t *id, clg_error *err);
    clg_status (*booking_get)(void *impl, int64_t clinic, int64_t id, clg_booking_row *row,
                              clg_error *err);
    clg_status (*booking_list)(void *impl, int64_t clinic, int64_t course_id, int64_t client_id,
                               clg_booking_visitor visit, void *context, clg_error *err);
    clg_status (*booking_delete)(void *impl, int64_t clinic, int64_t id, clg_error *err);

    clg_status (*due_list)(void *impl, int64_t clinic, clg_date through, clg_due_visitor visit,
                           void *context, clg_error *err);

    clg_status (*audit_append)(void *impl, int64_t clinic, const clg_audit_entry *entry,
                               clg_error *err);

    clg_status (*backup)(void *impl, const char *path, clg_error *err);

    /* Staff accounts: see store/accounts.h for what each one does. */
    clg_status (*user_insert)(void *impl, int64_t clinic, const char *email, const char *role,
                              const char *password_hash, int64_t *id, clg_error *err);
    clg_status (*user_find)(void *impl, const char *email, struct clg_user_row *row,
                            clg_error *err);
    clg_status (*user_list)(void *impl, int64_t clinic,
                            int (*visit)(void *context, const struct clg_user_row *row),
                            void *context, clg_error *err);
    clg_status (*token_insert)(void *impl, int64_t user_id, const char *token_hash,
                               const char *label, int64_t *id, clg_error *err);
    clg_status (*token_find)(void *impl, const char *token_hash, struct clg_user_row *user,
                             clg_error *err);
    clg_status (*login_insert)(void *impl, int64_t user_id, const char *session_hash,
                               const char *csrf_token, int64_t expires_at, clg_error *err);
    clg_status (*login_find)(void *impl, const char *session_hash, int64_t now,
                             struct clg_user_row *user, char csrf_token[65], clg_error *err);
    clg_status (*login_delete)(void *impl, const char *session_hash, clg_error *err);

    /* Calendar feeds: see store/feeds.h. */
    clg_status (*feed_insert)(void *impl, int64_t clinic, int64_t client_id, const char *token_hash,
                              int64_t *id, clg_error *err);
    clg_status (*feed_revoke)(void *impl, int64_t clinic, int64_t client_id, int *revoked,
                              clg_error *err);
    clg_status (*feed_find)(void *impl, const char *token_hash, struct clg_feed_row *row,
                            clg_error *err);
} clg_store_ops;

struct clg_store {
    const clg_store_ops *ops;
    void *impl;
};

/*
 * Opens (creating when needed, with its folder, mode 0600) the database at
 * location and brings its schema up to date. A postgresql:// URI is
 * CLG_ERR_IO naming the backend that is not built in. *out is the caller's,
 * released with clg_store_close().
 */
clg_status clg_store_open(const char *location, clg_store **out, clg_error *err);
void clg_store_close(clg_store *store);

/* Releases the text of a row returned by a *_get function. */
void clg_store_row_free(char *storage);

/* write: take the write lock now (every transaction that writes must). */
clg_status clg_store_begin(clg_store *store, bool write, clg_error *err);
clg_status clg_store_commit(clg_store *store, clg_error *err);
void clg_store_rollback(clg_store *store);

/* The clinic's id, created (and audited as who) on first use. */
clg_status clg_store_clinic_ensure(clg_store *store, const char *name, const char *who, int64_t *id,
                                   clg_error *err);

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
clg_status clg_store_client_list(clg_store *store, int64_t clinic, clg_client_visitor visit,
                                 void *context, clg_error *err);

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
/* Sessions by date then number; course_id / client_id 0 mean any. */
clg_status clg_store_session_list(clg_store *store, int64_t clinic, int64_t course_id,
                                  int64_t client_id, clg_session_visitor visit, void *context,
                                  clg_error *err);

clg_status clg_store_booking_insert(clg_store *store, int64_t clinic, const clg_booking_row *row,
                                    int64_t *id, clg_error *err);
clg_status clg_store_booking_get(clg_store *store, int64_t clinic, int64_t id, clg_booking_row *row,
                                 clg_error *err);
/* Bookings by date, then time (all-day first), then id; course_id / client_id 0 mean any. */
clg_status clg_store_booking_list(clg_store *store, int64_t clinic, int64_t course_id,
                                  int64_t client_id, clg_booking_visitor visit, void *context,
                                  clg_error *err);
/* CLG_ERR_NOT_FOUND naming "booking" when the clinic has no such booking. */
clg_status clg_store_booking_delete(clg_store *store, int64_t clinic, int64_t id, clg_error *err);

/* Courses whose next item is due on or before through, soonest first. */
clg_status clg_store_due_list(clg_store *store, int64_t clinic, clg_date through,
                              clg_due_visitor visit, void *context, clg_error *err);

clg_status clg_store_audit_append(clg_store *store, int64_t clinic, const clg_audit_entry *entry,
                                  clg_error *err);

/* A consistent copy of the whole database at path, safe while others write. */
clg_status clg_store_backup(clg_store *store, const char *path, clg_error *err);

/* Backends. */
clg_status clg_store_sqlite_open(const char *path, clg_store **out, clg_error *err);

#endif

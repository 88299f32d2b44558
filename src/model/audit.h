/*
 * The append-only audit log: an entry as a workflow appends it, and as the
 * audit reader finds it again.
 */
#ifndef CLG_MODEL_AUDIT_H
#define CLG_MODEL_AUDIT_H

#include <stdbool.h>
#include <stdint.h>

/* One entry to append: who did what to which record, with the record before and after as JSON. */
typedef struct clg_audit_entry {
    const char *who;
    const char *action; /* "client.add", "course.start", "session.record", ... */
    const char *entity; /* "client", "course", "session", "clinic" */
    int64_t entity_id;
    const char *before; /* JSON, or NULL */
    const char *after;  /* JSON, or NULL */
    const char *reason; /* the reason given for a forced override, or NULL */
    /*
     * The client the entry is about, 0 to let the store find it from the
     * entity (a client, or the client of a course, session or booking).
     * Given where the record is already gone: a cancelled booking.
     */
    int64_t client_id;
} clg_audit_entry;

/* One entry as the log holds it; text borrowed from the store for a visitor's call. */
typedef struct clg_audit_row {
    int64_t id;
    const char *at; /* UTC, "2027-01-04T09:30:00.123Z" */
    const char *who;
    const char *action;
    const char *entity;
    int64_t entity_id; /* 0 when the entry names no record */
    /*
     * The client it is about: the one stored with it, else (entries older
     * than the column) the client of the record it names today; 0 for none.
     */
    int64_t client_id;
    bool client_erased; /* that client has since been erased */
    const char *before; /* JSON text, or NULL */
    const char *after;  /* JSON text, or NULL */
    const char *reason;
} clg_audit_row;

/* Which entries the audit reader asks the store for; every member optional (0 / NULL). */
typedef struct clg_audit_filter {
    int64_t client_id;  /* entries about this client (clg_audit_row.client_id) */
    const char *since;  /* entries at or after this UTC timestamp, same form as `at` */
    const char *action; /* this action ("session.record"), or every action of a noun ("session") */
} clg_audit_filter;

#endif

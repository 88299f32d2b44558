/*
 * One entry of the append-only audit log: who did what to which record,
 * with the record before and after as JSON.
 */
#ifndef CLG_MODEL_AUDIT_H
#define CLG_MODEL_AUDIT_H

#include <stdint.h>

typedef struct clg_audit_entry {
    const char *who;
    const char *action; /* "client.add", "course.start", "session.record", ... */
    const char *entity; /* "client", "course", "session", "clinic" */
    int64_t entity_id;
    const char *before; /* JSON, or NULL */
    const char *after;  /* JSON, or NULL */
    const char *reason; /* the reason given for a forced override, or NULL */
} clg_audit_entry;

#endif

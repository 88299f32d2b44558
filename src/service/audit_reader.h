/*
 * Reading the audit log back (docs/records.md#audit-reader): `audit` on
 * the command line, GET /api/v1/audit for admins, and the staff app's
 * audit screen. Every door goes through clg_records_audit_list, so the
 * filters mean the same everywhere, the personal data of erased clients is
 * masked everywhere (docs/records.md#erasure-and-the-audit-log), and every
 * reading of the log is itself audited ("audit.read").
 */
#ifndef CLG_SERVICE_AUDIT_READER_H
#define CLG_SERVICE_AUDIT_READER_H

#include <stdbool.h>
#include <stdint.h>

#include "service/records.h"

/* What the reader is asked for; every filter optional. */
typedef struct clg_audit_query {
    int64_t client_id; /* 0: entries about any client or none */
    bool has_since;
    clg_date since; /* from the start of this day in the clinic's time zone */
    const char
        *action; /* NULL: every action; else an action ("session.record") or a noun ("session") */
    const char
        *format; /* how the entries are read out ("text", "json", "csv"), for the audit entry */
} clg_audit_query;

/*
 * The actions the program writes, NULL-terminated, for the error that
 * names them and for docs/records.md#audit-log (scripts/check-audit-actions.sh
 * checks that every action written in src/ is listed).
 */
extern const char *const clg_audit_actions[];

/*
 * Visits the clinic's entries that pass query, in the order they were
 * written (oldest first). An erased client's personal data is masked in
 * the before and after a visitor sees. The reading is audited as
 * "audit.read" (about the client when query names one) in the same
 * transaction. CLG_ERR_INVALID naming "action" for an action neither the
 * program writes nor the log holds, CLG_ERR_NOT_FOUND naming "client" for a
 * client the clinic does not have.
 */
clg_status clg_records_audit_list(const clg_records *records, const clg_audit_query *query,
                                  clg_audit_visitor visit, void *context, clg_error *err);

/*
 * The entries about one client for the client's own export, masked as
 * above, inside the caller's transaction and not audited apart (the export
 * is).
 */
clg_status clg_records_audit_of_client(const clg_records *records, int64_t client_id,
                                       clg_audit_visitor visit, void *context, clg_error *err);

#endif

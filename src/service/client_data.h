/*
 * The client's data (docs/records.md#the-clients-data): everything held
 * about one client, read out for a right-of-access request, and the
 * erasure that replaces their identity with a tombstone while the clinical
 * rows stay. Both are one transaction each and audited, whichever door
 * asks (`client export | erase`, GET /api/v1/clients/{id}/export, POST
 * /api/v1/clients/{id}/erase).
 */
#ifndef CLG_SERVICE_CLIENT_DATA_H
#define CLG_SERVICE_CLIENT_DATA_H

#include <stdint.h>

#include "service/records.h"
#include "store/messages.h"

#define CLG_TOMBSTONE_SIZE 48

/* An erased client's name: "erased client 7". Returns out. */
const char *clg_records_client_tombstone(int64_t id, char out[CLG_TOMBSTONE_SIZE]);

/* The parts of an export, in the order they come. */
typedef enum clg_client_export_part {
    CLG_CLIENT_EXPORT_COURSES,
    CLG_CLIENT_EXPORT_SESSIONS,
    CLG_CLIENT_EXPORT_BOOKINGS,
    CLG_CLIENT_EXPORT_FEEDS,
    CLG_CLIENT_EXPORT_PORTALS,
    CLG_CLIENT_EXPORT_MESSAGES,
    CLG_CLIENT_EXPORT_AUDIT,
} clg_client_export_part;

/*
 * What an export is written with (the render floor's JSON writer is one):
 * first the client, then each part announced by part (even when it turns
 * out empty) and followed by its rows, borrowed for the call.
 */
typedef struct clg_client_export_visitor {
    /* The client row as held (erased_at set once erased); the clinic's zone for booked times. */
    void (*client)(void *context, const clg_client_row *client, const char *time_zone);
    void (*part)(void *context, clg_client_export_part part);
    clg_course_visitor course;   /* with the stored request and plan */
    clg_session_visitor session; /* every session, in date order */
    clg_booking_visitor booking; /* the bookings still open */
    clg_feed_visitor feed;       /* every calendar feed, live or revoked; never its secret */
    clg_portal_visitor portal;   /* every portal link, live or revoked; never its secret */
    clg_message_visitor message; /* every reminder and recall recorded for the client */
    clg_audit_visitor audit;     /* the audit entries about the client, masked once erased */
    void *context;
} clg_client_export_visitor;

/*
 * Exports everything held about client id through visitor, audited as
 * "client.export" with format, in one transaction. CLG_ERR_NOT_FOUND naming
 * "client" for a client the clinic does not have.
 */
clg_status clg_records_client_export(const clg_records *records, int64_t id, const char *format,
                                     const clg_client_export_visitor *visitor, clg_error *err);

/*
 * Erases client id (docs/records.md#erasing-a-client): name replaced by
 * the tombstone, e-mail, phone, birth date and skin type removed, the notes
 * of their sessions removed, their live calendar feed and portal link
 * revoked; courses,
 * sessions and bookings kept. One transaction, audited as "client.erase"
 * with reason, which is required and may not repeat the client's name,
 * e-mail or phone (CLG_ERR_INVALID naming "reason"). A client already
 * erased is CLG_ERR_INVALID naming "client"; an unknown one
 * CLG_ERR_NOT_FOUND. *erased (owned, clg_store_row_free its storage) is
 * the client as now held.
 */
clg_status clg_records_client_erase(const clg_records *records, int64_t id, const char *reason,
                                    clg_client_row *erased, clg_error *err);

#endif

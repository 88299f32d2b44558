/*
 * A client's portal (docs/records.md#client-portal): a secret, revocable
 * link ("/portal/<token>") to a page where the client sees their course and
 * books, moves or cancels its next visit. Like a calendar feed
 * (service/feeds.h), the link is shown once and only the token's SHA-256 is
 * stored; a client has at most one live link, and creating a new one
 * revokes the old. Creating and revoking are audited.
 *
 * Everything the page does is found from the link's client: the course is
 * the client's open course, and a booking is acted on only when it is that
 * client's (checked in the booking's own transaction, bookings.h), so
 * another client's booking cannot be reached by any id. Bookings go through
 * the one booking service (bookings.h, by_client): the same judge, floor,
 * hours and chairs as every other channel, plus the client's own limits
 * (only the next visit, inside its safe window, from tomorrow, never
 * forced). The records' who is the client ("client:7 via portal").
 */
#ifndef CLG_SERVICE_PORTAL_H
#define CLG_SERVICE_PORTAL_H

#include <stdint.h>

#include "base/credentials.h"
#include "service/bookings.h"
#include "service/records.h"
#include "store/portals.h"
#include "store/store.h"

#define CLG_PORTAL_PATH_SIZE 80 /* "/portal/" + 64 hex + NUL */
#define CLG_PORTAL_WHO_SIZE 48  /* "client:<id> via portal" */
/* The most days one question for free times may span (two months). */
enum { CLG_PORTAL_MAX_SLOT_DAYS = 62, CLG_PORTAL_SLOT_STEP_MINUTES = 30 };

/* The link's URL path for token: "/portal/<token>". Returns out. */
const char *clg_portal_path(const char *token, char out[CLG_PORTAL_PATH_SIZE]);

/* The audit log's who for the client acting through the portal. Returns out. */
const char *clg_portal_who(int64_t client_id, char out[CLG_PORTAL_WHO_SIZE]);

/*
 * Creates a portal link for client_id (revoking the client's old one) in one
 * audited transaction ("portal.create", and "portal.revoke" for the old);
 * token receives the new secret, shown once and never stored.
 * CLG_ERR_NOT_FOUND naming "client" for a client the clinic does not have;
 * CLG_ERR_INVALID for a merged or erased client.
 */
clg_status clg_records_portal_create(const clg_records *records, int64_t client_id,
                                     char token[CLG_SECRET_TEXT_SIZE], clg_error *err);

/*
 * Revokes the client's live link, audited "portal.revoke".
 * CLG_ERR_NOT_FOUND naming "client" for an unknown client, naming "portal"
 * when the client has no live link.
 */
clg_status clg_records_portal_revoke(const clg_records *records, int64_t client_id, clg_error *err);

/* Every link the client has had (when created, whether and when revoked), oldest first. */
clg_status clg_records_portal_list(const clg_records *records, int64_t client_id,
                                   clg_portal_visitor visit, void *context, clg_error *err);

/*
 * The live link whose secret is token, for a client who is still on file
 * (not merged, not erased). Anything else, a malformed or revoked token
 * included, is CLG_ERR_NOT_FOUND naming "portal", with no hint of which.
 */
clg_status clg_records_portal_find(clg_store *store, const char *token, clg_portal_row *row,
                                   clg_error *err);

/* What the client's page shows. */
typedef struct clg_portal_page {
    clg_clinic_settings clinic;
    char first_name[CLG_NAME_MAX_BYTES + 1];
    clg_date today;                      /* the clinic's today */
    bool booking_open;                   /* the clinic has set its hours: times can be offered */
    bool has_course;                     /* the client has an open course; view is loaded */
    clg_course_view view;                /* the course: progress.next is the visit to book */
    const clg_booking_row *next_booking; /* in view: the next visit's booking, NULL when none */
} clg_portal_page;

clg_status clg_records_portal_page(const clg_records *records, int64_t client_id,
                                   clg_portal_page *page, clg_error *err);
void clg_records_portal_page_free(clg_portal_page *page);

/* One free time for the next visit. */
typedef struct clg_portal_slot {
    clg_date date;
    int start_minute;
    int minutes; /* the session's length */
} clg_portal_slot;
typedef int (*clg_portal_slot_visitor)(void *context, const clg_portal_slot *slot);

/*
 * Visits the times from..through (at most CLG_PORTAL_MAX_SLOT_DAYS days,
 * else CLG_ERR_INVALID naming "to") at which the client's next visit could
 * be booked now: days from tomorrow inside the visit's safe window that the
 * judge allows, on the clinic's open days, every
 * CLG_PORTAL_SLOT_STEP_MINUTES from opening while the session ends by
 * closing, with a chair free for the whole session (the client's own
 * booking holds none against its move) and not in a clock change's gap.
 * No hours set, or no open course: nothing is visited.
 */
clg_status clg_records_portal_slots(const clg_records *records, int64_t client_id, clg_date from,
                                    clg_date through, clg_portal_slot_visitor visit, void *context,
                                    clg_error *err);

/*
 * Books the client's next visit at date and start_minute through
 * clg_records_booking_add (by_client). CLG_ERR_INVALID naming "course" when
 * the client has no open course.
 */
clg_status clg_records_portal_book(const clg_records *records, int64_t client_id, clg_date date,
                                   int start_minute, clg_booking_result *result, clg_error *err);

/* Moves the client's next visit's booking (booking_id: anything else is not found). */
clg_status clg_records_portal_move(const clg_records *records, int64_t client_id,
                                   int64_t booking_id, clg_date date, int start_minute,
                                   clg_booking_result *result, clg_error *err);

/* Cancels the client's next visit's booking (booking_id: anything else is not found). */
clg_status clg_records_portal_cancel(const clg_records *records, int64_t client_id,
                                     int64_t booking_id, clg_error *err);

#endif

/*
 * A client's secret link, whatever it opens: the calendar feed (feeds.c)
 * and the portal (portal.c) live the same life. A new link's token is
 * shown once and only its hash kept; a client has at most one live link of
 * a kind, so making one revokes the last; each change is one write
 * transaction with its audit entries (NOUN.create, NOUN.revoke). Internal
 * to the service floor.
 */
#ifndef CLG_SERVICE_CLIENT_LINKS_H
#define CLG_SERVICE_CLIENT_LINKS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/credentials.h"
#include "service/records.h"

typedef struct clg_client_link_kind {
    const char *noun;  /* "feed", "portal": the audit actions', the error field, the JSON key */
    const char *words; /* "calendar feed", "portal link": how errors name it */
    clg_status (*insert)(clg_store *store, int64_t clinic, int64_t client_id,
                         const char *token_hash, int64_t *id, clg_error *err);
    clg_status (*revoke)(clg_store *store, int64_t clinic, int64_t client_id, int *revoked,
                         clg_error *err);
} clg_client_link_kind;

/*
 * The client must be the clinic's (another clinic's is simply not found);
 * a new link also needs a client who is neither merged into another nor
 * erased. Inside the caller's transaction.
 */
clg_status clg_client_link_check_client(const clg_records *r, int64_t client_id, bool creating,
                                        clg_error *err);

/* A new link for the client, revoking the live one; the token is written to token[]. */
clg_status clg_client_link_create(const clg_records *r, const clg_client_link_kind *kind,
                                  int64_t client_id, char token[CLG_SECRET_TEXT_SIZE],
                                  clg_error *err);

/* Revokes the client's live link; CLG_ERR_NOT_FOUND naming the noun when there is none. */
clg_status clg_client_link_revoke(const clg_records *r, const clg_client_link_kind *kind,
                                  int64_t client_id, clg_error *err);

#endif

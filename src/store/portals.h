/*
 * Client portal links in the store: only the token's SHA-256 is kept, a
 * client has at most one live link. The workflows (create, revoke, find by
 * token) are the service's (service/portal.h).
 */
#ifndef CLG_STORE_PORTALS_H
#define CLG_STORE_PORTALS_H

#include <stdint.h>

#include "store/store.h"

/* The backend's operations, inside the caller's transaction. */
clg_status clg_store_portal_insert(clg_store *store, int64_t clinic, int64_t client_id,
                                   const char *token_hash, int64_t *id, clg_error *err);
/* Revokes the client's live link, if any; *revoked is how many were (0 or 1). */
clg_status clg_store_portal_revoke(clg_store *store, int64_t clinic, int64_t client_id,
                                   int *revoked, clg_error *err);
/* The live link with this token hash (any clinic); CLG_ERR_NOT_FOUND when none. */
clg_status clg_store_portal_find(clg_store *store, const char *token_hash, clg_portal_row *row,
                                 clg_error *err);
/* Every link the client has had, live or revoked, oldest first. */
clg_status clg_store_portal_list(clg_store *store, int64_t clinic, int64_t client_id,
                                 clg_portal_visitor visit, void *context, clg_error *err);

#endif

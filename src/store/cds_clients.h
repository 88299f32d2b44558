/*
 * CDS Hooks clients in the store (docs/interop.md#cds-hooks): each
 * registered issuer belongs to one clinic and holds its public JWK Set;
 * beside them, the JWT ids (jti) each issuer has used, kept until the
 * token expires so that a token is taken once. The workflows (register,
 * remove, authenticate) are the service's (service/cds_clients.h).
 */
#ifndef CLG_STORE_CDS_CLIENTS_H
#define CLG_STORE_CDS_CLIENTS_H

#include <stdbool.h>
#include <stdint.h>

#include "store/store.h"

/* Registers issuer for clinic, inside the caller's write transaction. */
clg_status clg_store_cds_client_insert(clg_store *store, int64_t clinic, const char *issuer,
                                       const char *keys_json, int64_t *id, clg_error *err);
/* The client registered as issuer, whichever clinic has it; CLG_ERR_NOT_FOUND when none. */
clg_status clg_store_cds_client_find(clg_store *store, const char *issuer, clg_cds_client_row *row,
                                     clg_error *err);
/* The clinic's clients by issuer. */
clg_status clg_store_cds_client_list(clg_store *store, int64_t clinic, clg_cds_client_visitor visit,
                                     void *context, clg_error *err);
/* Removes the clinic's client issuer; *id is the removed row's, 0 when there was none. */
clg_status clg_store_cds_client_remove(clg_store *store, int64_t clinic, const char *issuer,
                                       int64_t *id, clg_error *err);
/*
 * Records that issuer used jti in a token valid until expires_at, inside
 * the caller's write transaction, forgetting ids whose tokens expired
 * before now. *fresh is false when the id was already recorded: a replay.
 */
clg_status clg_store_cds_token_remember(clg_store *store, const char *issuer, const char *jti,
                                        int64_t expires_at, int64_t now, bool *fresh,
                                        clg_error *err);

#endif

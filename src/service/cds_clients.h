/*
 * CDS Hooks clients (docs/interop.md#cds-hooks): the clinic's admin
 * registers a client's issuer with its public keys (a JWK or a JWK Set),
 * lists and removes them, every change audited; the server authenticates
 * a CDS request's signed JWT against them. Keys are registered, never
 * fetched: a jku in a token is not followed.
 */
#ifndef CLG_SERVICE_CDS_CLIENTS_H
#define CLG_SERVICE_CDS_CLIENTS_H

#include <stdint.h>

#include "service/records.h"
#include "store/cds_clients.h"
#include "store/store.h"

/* An issuer's length in bytes at most (it is the audit log's "who" of its requests). */
#define CLG_CDS_ISSUER_MAX_BYTES 250

/*
 * Registers issuer (the iss its JWTs carry: clean text without spaces, at
 * most CLG_CDS_ISSUER_MAX_BYTES) for the records' clinic, with the public
 * keys in keys_text: one JWK, or a JWK Set {"keys": [...]}, each key
 * checked by clg_jwk_check() with a kid unique in the set. Only the keys'
 * public members are stored. Audited as "cds_client.add" with the issuer
 * and the kids. CLG_ERR_INVALID naming the field for bad input, or
 * "issuer" when it is registered already (in any clinic).
 */
clg_status clg_records_cds_client_add(const clg_records *records, const char *issuer,
                                      const char *keys_text, int64_t *id, int *key_count,
                                      clg_error *err);

/* Removes the clinic's client issuer, audited as "cds_client.remove"; CLG_ERR_NOT_FOUND naming
 * "issuer". */
clg_status clg_records_cds_client_remove(const clg_records *records, const char *issuer,
                                         clg_error *err);

/* The clinic's registered clients, by issuer. */
clg_status clg_records_cds_client_list(const clg_records *records, clg_cds_client_visitor visit,
                                       void *context, clg_error *err);

/* Who a verified CDS request comes from. */
typedef struct clg_cds_caller {
    int64_t clinic_id;
    char clinic_name[401];
    char issuer[CLG_CDS_ISSUER_MAX_BYTES + 1];
} clg_cds_caller;

/*
 * Authenticates a CDS request's bearer JWT: parsed (base/jwt.h), its iss a
 * registered client, its kid one of that client's keys, its signature
 * valid, its claims valid at now for one of audiences (the URLs this
 * service answers at, NULL-terminated), its jti not seen before from this
 * issuer (then remembered until the token expires). CLG_ERR_INVALID with a
 * message saying which check failed (for a 401); CLG_ERR_IO when the store
 * fails.
 */
clg_status clg_cds_authenticate(clg_store *store, const char *token, const char *const *audiences,
                                int64_t now, clg_cds_caller *caller, clg_error *err);

#endif

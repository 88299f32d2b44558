/*
 * A CDS Hooks client the clinic's admin registered (`collagenda cds-client
 * add`, docs/interop.md#cds-hooks): its issuer (the iss of its JWTs) and
 * the public keys (a JWK Set) its JWTs are signed with. A client acts for
 * the one clinic that registered it.
 */
#ifndef CLG_MODEL_CDS_CLIENT_H
#define CLG_MODEL_CDS_CLIENT_H

#include <stdint.h>

typedef struct clg_cds_client_row {
    int64_t id;
    int64_t clinic_id;
    const char *issuer;
    const char *keys_json;   /* {"keys": [...]}: public members only */
    const char *clinic_name; /* filled by the store's find by issuer only */
    const char *created_at;  /* UTC, "2027-01-04T09:30:00.123Z" */
    char *storage;           /* owns the texts of a found row; clg_store_row_free() */
} clg_cds_client_row;

#endif

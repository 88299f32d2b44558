/*
 * A client's portal link (docs/records.md#client-portal): found by its
 * token's hash, which is all the store keeps of the secret.
 */
#ifndef CLG_MODEL_PORTAL_H
#define CLG_MODEL_PORTAL_H

#include <stdbool.h>
#include <stdint.h>

typedef struct clg_portal_row {
    int64_t id;
    int64_t clinic_id;
    int64_t client_id;
    /* Filled by the store's list of a client's links only (NULL / false otherwise); borrowed. */
    const char *created_at; /* UTC, "2027-01-04T09:30:00.123Z" */
    const char *revoked_at; /* UTC; NULL while the link is live */
    bool revoked;
} clg_portal_row;

#endif

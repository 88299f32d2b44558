/*
 * A client's live calendar feed as found by its token's hash (the token
 * itself is never stored).
 */
#ifndef CLG_MODEL_FEED_H
#define CLG_MODEL_FEED_H

#include <stdbool.h>
#include <stdint.h>

typedef struct clg_feed_row {
    int64_t id;
    int64_t clinic_id;
    int64_t client_id;
    const char *clinic_name;
    /* Filled by the store's list of a client's feeds only (NULL / false otherwise). */
    const char *created_at; /* UTC, "2027-01-04T09:30:00.123Z" */
    bool revoked;
    char *storage; /* owns clinic_name; clg_store_row_free() */
} clg_feed_row;

#endif

/*
 * A client's live calendar feed as found by its token's hash (the token
 * itself is never stored).
 */
#ifndef CLG_MODEL_FEED_H
#define CLG_MODEL_FEED_H

#include <stdint.h>

typedef struct clg_feed_row {
    int64_t id;
    int64_t clinic_id;
    int64_t client_id;
    const char *clinic_name;
    char *storage; /* owns clinic_name; clg_store_row_free() */
} clg_feed_row;

#endif

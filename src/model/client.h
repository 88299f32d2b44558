/*
 * A client of the clinic as the records keep it. Rows returned by a store
 * *_get function own their text in row->storage (clg_model_row_free);
 * rows passed to a visitor are borrowed for the call.
 */
#ifndef CLG_MODEL_CLIENT_H
#define CLG_MODEL_CLIENT_H

#include <stdbool.h>
#include <stdint.h>

#include "collagenda/collagenda.h"

typedef struct clg_client_row {
    int64_t id;
    const char *name;
    const char *email; /* NULL when not given */
    const char *phone; /* NULL when not given */
    bool has_birth_date;
    clg_date birth_date;
    int skin_type; /* 0 unknown, 1..6 */
    /*
     * When the client was erased (UTC, "2027-01-04T09:30:00.123Z"), NULL
     * while they are not: an erased client's name is a tombstone and the
     * rest of their identity is gone (docs/records.md#the-clients-data).
     */
    const char *erased_at;
    /* The client this one was merged into (docs/records.md#corrections); 0 when not merged. */
    int64_t merged_into;
    char *storage;
} clg_client_row;

#endif

/*
 * A session as recorded: what was done on which day, with the outcome
 * grades and, when the safety judge was overridden, why. Words of a
 * vocabulary are held as their enum and bit masks, like the assessment's;
 * only a backend turns them into text.
 */
#ifndef CLG_MODEL_SESSION_H
#define CLG_MODEL_SESSION_H

#include <stdbool.h>
#include <stdint.h>

#include "collagenda/collagenda.h"

typedef struct clg_session_row {
    int64_t id;
    int64_t course_id;
    int64_t client_id;
    int number;
    clg_date date;
    clg_modality modality; /* the one used: never CLG_MODALITY_AUTO */
    uint32_t areas;        /* bit per clg_area; never empty */
    int depth_hundredths;  /* needle depth in 1/100 mm; 0 when not recorded */
    const char *device;    /* NULL when not recorded, as the next two */
    const char *practitioner;
    const char *notes;
    uint32_t screening;    /* bit per clg_screening_code; 0 when none was found */
    int laxity_halves;     /* Alexiades-Armenakas grade x2; -1 when not graded */
    int gais;              /* 1..5; 0 when not graded */
    bool early;
    bool late;
    bool forced;
    const char *force_reason; /* NULL unless forced */
    /*
     * Why the session was voided as entered in error (docs/records.md#corrections);
     * NULL for a live session. A voided one no longer counts anywhere.
     */
    const char *void_reason;
    char *storage;
} clg_session_row;

#endif

/*
 * A session as recorded: what was done on which day, with the outcome
 * grades and, when the safety judge was overridden, why.
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
    const char *modality; /* "traditional", "rf", "roller" */
    const char *areas;    /* "face,neck" */
    int depth_hundredths; /* needle depth in 1/100 mm; 0 when not recorded */
    const char *device;   /* NULL when not recorded, as the next three */
    const char *practitioner;
    const char *notes;
    const char *screening; /* "" or "isotretinoin,herpes-history" */
    int laxity_halves;     /* Alexiades-Armenakas grade x2; -1 when not graded */
    int gais;              /* 1..5; 0 when not graded */
    bool early;
    bool late;
    bool forced;
    const char *force_reason; /* NULL unless forced */
    char *storage;
} clg_session_row;

#endif

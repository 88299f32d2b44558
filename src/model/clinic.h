/*
 * What the records keep of a clinic beyond its name: its settings
 * (docs/records.md#clinic-settings).
 */
#ifndef CLG_MODEL_CLINIC_H
#define CLG_MODEL_CLINIC_H

#include <stdint.h>

#include "collagenda/records.h"

/* An IANA zone name ("Europe/Berlin") and its NUL; the longest in tzdata is 32 bytes. */
#define CLG_TIME_ZONE_SIZE 64

/*
 * A clinic's settings, each text "" when not set. open_days is a bit per
 * weekday (Monday bit 0), 0 meaning every day; opens/closes are minutes
 * after midnight (local, in time_zone), both -1 when the hours are not set;
 * chairs is how many sessions can run at once, 0 when not set.
 */
typedef struct clg_clinic_settings {
    char name[CLG_NAME_MAX_BYTES + 1];
    char address[CLG_NAME_MAX_BYTES + 1];
    char phone[CLG_PHONE_MAX_BYTES + 1];
    char email[CLG_EMAIL_MAX_BYTES + 1];
    char time_zone[CLG_TIME_ZONE_SIZE]; /* "" for UTC */
    uint8_t open_days;
    int opens;
    int closes;
    int chairs;
} clg_clinic_settings;

#endif

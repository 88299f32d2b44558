/*
 * What the records keep of a clinic beyond its name.
 */
#ifndef CLG_MODEL_CLINIC_H
#define CLG_MODEL_CLINIC_H

/* An IANA zone name ("Europe/Berlin") and its NUL; the longest in tzdata is 32 bytes. */
#define CLG_TIME_ZONE_SIZE 64

#endif

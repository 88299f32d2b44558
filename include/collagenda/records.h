/*
 * The words of a clinic's records: client details and session outcomes.
 *
 * These are the checks every door (CLI flags, CSV import, the JSON API)
 * applies before anything is written, so that a bad value is refused with
 * the same words whichever way it came in. Pure functions, no I/O.
 */
#ifndef COLLAGENDA_RECORDS_H
#define COLLAGENDA_RECORDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "collagenda/date.h"
#include "collagenda/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Limits of the record format (bytes), not clinical numbers. */
#define CLG_NAME_MAX_BYTES 400
#define CLG_EMAIL_MAX_BYTES 254
#define CLG_PHONE_MAX_BYTES 40
#define CLG_TEXT_MAX_BYTES 10000

/*
 * Well-formed UTF-8 of characters every export can carry: no NUL or other
 * C0 control but tab, CR and LF, no DEL, no noncharacter such as U+FFFE
 * (see text.h).
 */
bool clg_text_is_clean_utf8(const char *text, size_t length);

/*
 * A free-text field (name, notes, device, practitioner...): clean UTF-8 of
 * at most max_bytes. required: an empty (or all-blank) value is refused.
 */
clg_status clg_text_check(const char *field, const char *text, size_t max_bytes, bool required,
                          clg_error *err);

/* An e-mail address: one '@' with text on both sides, no spaces. Empty is allowed. */
clg_status clg_email_check(const char *field, const char *text, clg_error *err);

/* A phone number: digits, spaces and + - ( ) . only, with at least one digit. Empty is allowed. */
clg_status clg_phone_check(const char *field, const char *text, clg_error *err);

/*
 * A record id: a positive whole number, 1 to 9223372036854775807 (INT64_MAX),
 * plain decimal digits only ("12"; not "+12", " 12", "1e3" or "012x"). A
 * longer number is refused naming the range, never wrapped.
 */
clg_status clg_id_parse(const char *field, const char *text, int64_t *id, clg_error *err);

/* A birth date (YYYY-MM-DD), not after today. */
clg_status clg_birth_date_parse(const char *field, const char *text, clg_date today,
                                clg_date *out, clg_error *err);

/* Fitzpatrick "I".."VI" into 1..6. */
clg_status clg_skin_type_parse(const char *field, const char *text, int *out, clg_error *err);

/*
 * Laxity grade on the Alexiades-Armenakas scale: 0 to 4 in half steps
 * ("0", "1.5", "4", "2.0"). *halves is the grade times two (0..8).
 */
clg_status clg_laxity_grade_parse(const char *field, const char *text, int *halves,
                                  clg_error *err);

/* Writes a grade in halves as "1.5" or "2"; returns out (at least 4 bytes). */
const char *clg_laxity_grade_format(int halves, char *out, size_t size);

/* Global Aesthetic Improvement Scale: a whole number 1 to 5. */
clg_status clg_gais_parse(const char *field, const char *text, int *out, clg_error *err);

/*
 * Needle depth in millimetres: a positive decimal with at most two places
 * ("0.5", "1.25"); *hundredths is the depth in hundredths of a millimetre.
 */
clg_status clg_depth_parse(const char *field, const char *text, int *hundredths,
                           clg_error *err);

/* Writes hundredths of a millimetre as "1.25", "0.5" or "2"; returns out. */
const char *clg_depth_format(int hundredths, char *out, size_t size);

#ifdef __cplusplus
}
#endif
#endif

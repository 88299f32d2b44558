/*
 * CDS Hooks 2.0 cards (https://cds-hooks.hl7.org/2.0/, docs/interop.md#formats): the answer
 * {"cards": [...]} of the session safety service to the appointment-book
 * hook, written from the safety check of each proposed appointment date.
 * Every card gets a new random UUID, so that a CDS client can refer to it
 * in feedback.
 */
#ifndef CLG_RENDER_CDS_CARDS_H
#define CLG_RENDER_CDS_CARDS_H

#include <stdint.h>

#include "base/json_writer.h"
#include "collagenda/course.h"
#include "collagenda/error.h"

/* The safety check of one proposed appointment date. */
typedef struct clg_cds_check {
    clg_date date;
    /* CLG_OK: judged, as verdict says; CLG_ERR_INVALID: it cannot be booked at all, as why says. */
    clg_status status;
    clg_session_verdict verdict;
    clg_error why;
} clg_cds_check;

/*
 * The cards for the checks of course_id, in order: too soon and blocked by
 * screening are critical (a date both blocked and too soon gets one card
 * for each, blocked first), before the window opens or after it closed is
 * a warning unless the date is already too soon, a date that cannot be
 * booked at all is a warning, and a date on time gets no card.
 */
void clg_render_cds_course_cards(int64_t course_id, const clg_cds_check *checks, int count,
                                 clg_json_writer *w);

/*
 * The cards for a client without an open course: one info card saying so
 * when any appointment was proposed, none when no appointment was.
 */
void clg_render_cds_no_course_cards(int appointments, clg_json_writer *w);

#endif

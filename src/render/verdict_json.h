/*
 * The safety verdict on a session recorded or booked (docs/records.md#records-and-safety) as JSON:
 * the answer of POST /api/v1/courses/{id}/sessions and /bookings, and for any door that wants to
 * print the same. A refused session has no verdict document: it is an error, which each door
 * answers in its own way.
 */
#ifndef CLG_RENDER_VERDICT_JSON_H
#define CLG_RENDER_VERDICT_JSON_H

#include <stdint.h>

#include "base/json_writer.h"
#include "collagenda/course.h"

/*
 * A booking's answer: {"id", "number", "timing", "forced", "warning"}, id
 * being the booking's; "warning" is null when there is none.
 */
void clg_render_booked_session_json_value(int64_t id, const clg_session_verdict *verdict,
                                          clg_json_writer *w);

/*
 * A recorded session's answer: the same members (id the session's), then
 * where the course stands after it: "status" and "next".
 */
void clg_render_recorded_session_json_value(int64_t id, const clg_session_verdict *verdict,
                                            const clg_course_progress *progress,
                                            clg_json_writer *w);

#endif

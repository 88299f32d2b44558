/*
 * The answer to completing, discontinuing or reopening a course
 * (service/course_life.h), the same on both doors: `course complete |
 * discontinue | reopen ID` and POST /api/v1/courses/{id}/complete |
 * discontinue | reopen.
 */
#ifndef CLG_RENDER_COURSE_LIFE_H
#define CLG_RENDER_COURSE_LIFE_H

#include <stdint.h>

#include "base/buffer.h"
#include "base/json_writer.h"
#include "service/course_life.h"

/*
 * {"id", "action", "status", "previous_status", "next" (as in the course's
 * JSON, null when closed), "bookings_cancelled": [ids]}.
 */
void clg_render_course_life_json_value(int64_t id, clg_course_life_action action,
                                       const clg_course_life_result *result, clg_json_writer *w);

/* "course 3 discontinued (was active); bookings cancelled: 4, 5" and a line end. */
void clg_render_course_life_text(int64_t id, clg_course_life_action action,
                                 const clg_course_life_result *result, clg_buffer *out);

#endif

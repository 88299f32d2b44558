/*
 * The answers of the corrections (docs/records.md#corrections) as JSON, for
 * `--format json` on the command line and the HTTP API alike.
 */
#ifndef CLG_RENDER_CORRECTION_JSON_H
#define CLG_RENDER_CORRECTION_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include "base/json_writer.h"
#include "collagenda/course.h"
#include "model/session.h"

/*
 * A session amended or voided: {"session": the session as stored now,
 * "warning": the new date's early or late warning or null, "status" and
 * "next": where its course stands after the correction}.
 */
void clg_render_session_correction_json_value(const clg_session_row *session, const char *warning,
                                              const clg_course_progress *progress,
                                              clg_json_writer *w);

/*
 * A merge: {"client": keep, "merged": other, "moved": {"courses",
 * "sessions", "bookings"} (how many of each moved), "feed_revoked"}.
 */
void clg_render_client_merge_json_value(int64_t keep, int64_t other, int courses, int sessions,
                                        int bookings, bool feed_revoked, clg_json_writer *w);

#endif

/*
 * The records' canonical JSON values (see record_json.c): used for the
 * audit log's before/after, and by the JSON renderer inside its documents.
 */
#ifndef CLG_MODEL_RECORD_JSON_H
#define CLG_MODEL_RECORD_JSON_H

#include "base/json_writer.h"
#include "collagenda/collagenda.h"
#include "model/model.h"

void clg_client_json_value(const clg_client_row *client, clg_json_writer *w);
/* The client's members only, inside an object the caller opened (client show adds "courses"). */
void clg_client_json_members(const clg_client_row *client, clg_json_writer *w);
/* id, status, start, protocol and the stored next item of a course. */
void clg_course_summary_json_value(const clg_course_row *course, clg_json_writer *w);
void clg_session_json_value(const clg_session_row *session, clg_json_writer *w);
/*
 * A booking: number is the session it is booked for (0 leaves it out),
 * kind "session" or "maintenance" (NULL leaves it out), the time local to
 * time_zone ("" or NULL: UTC).
 */
void clg_booking_json_value(const clg_booking_row *booking, int number, const char *kind,
                            const char *time_zone, clg_json_writer *w);
/* {"kind", "number", "date", "earliest", "latest"} or null. */
void clg_next_json_value(const clg_course_next *next, clg_json_writer *w);
/* An export row of `export courses`: the course with its assessment spelled out. */
void clg_course_export_json_value(const clg_course_row *course, const clg_plan_request *request,
                                  clg_json_writer *w);

/*
 * A client's portal link as staff and the client's export see it: {"id",
 * "created_at", "revoked_at" (null while live), "live"}; never a secret,
 * which the store does not have.
 */
void clg_portal_link_json_value(const clg_portal_row *link, clg_json_writer *w);

#endif

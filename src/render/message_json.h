/*
 * A client's messages (docs/records.md#reminders) as JSON and text, as
 * `collagenda messages` and GET /api/v1/clients/{id}/messages show them.
 */
#ifndef CLG_RENDER_MESSAGE_JSON_H
#define CLG_RENDER_MESSAGE_JSON_H

#include "base/buffer.h"
#include "base/json_writer.h"
#include "model/message.h"

/*
 * {"id", "kind", "booking" or "course", "day", "status", "recorded_at",
 *  "sent_at", "error"}: status "recorded" for one not confirmed; sent_at
 * and error null when absent.
 */
void clg_render_message_json(const clg_message_row *row, clg_json_writer *w);

/* "message 5: reminder of booking 12 on 2027-01-05: sent 2027-01-04T12:00:00.000Z" and so on. */
void clg_render_message_text(const clg_message_row *row, clg_buffer *out);

#endif

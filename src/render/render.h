/*
 * Output renderers shared by the CLI and the server: one file per format.
 * Each appends to a caller-owned clg_buffer and cannot fail (memory
 * exhaustion aborts in the buffer).
 */
#ifndef CLG_RENDER_H
#define CLG_RENDER_H

#include <stdbool.h>

#include "collagenda/plan.h"
#include "base/buffer.h"
#include "base/json_writer.h"
#include "model/plan_json.h"

/* A modality in people's words: "traditional microneedling", "RF microneedling", "at-home roller".
 */
const char *clg_modality_title(clg_modality modality);

/* The plan for people: blocks and warnings first, schedule table, reasons, evidence line. */
void clg_render_plan_text(const clg_plan *plan, clg_buffer *out);

#endif

/*
 * Output renderers shared by the CLI and the server: one file per format.
 * Each appends to a caller-owned clg_buffer and cannot fail (memory
 * exhaustion aborts in the buffer).
 */
#ifndef CLG_RENDER_H
#define CLG_RENDER_H

#include <stdbool.h>

#include "collagenda/plan.h"
#include "render/buffer.h"
#include "render/json_writer.h"

/* The SPEC §4 plan document. pretty: indented for people, else one line. */
void clg_render_plan_json(const clg_plan *plan, clg_buffer *out, bool pretty);

/* The plan as a member value inside a larger JSON document being written. */
void clg_render_plan_json_value(const clg_plan *plan, clg_json_writer *writer);

/* key: [the members of set, in the vocabulary's order]. */
void clg_render_word_set(clg_json_writer *writer, const char *key, uint32_t set,
                         clg_vocabulary_id vocabulary);

/*
 * The members every assessment object has, in the API's order: laxity,
 * goal, areas, risks, concerns, modality. Callers add the optional ones
 * (screening, skin_type) by their own rule.
 */
void clg_render_assessment_members(const clg_assessment *assessment, clg_json_writer *writer);

/*
 * A plan request in the API's field names, as clg_plan_request_from_json
 * reads it back (a course's stored request). canonical: every key present
 * (skin_type "unknown", start null, open_days [] for every day alike), so
 * that one request always gives one text, for ids built from its hash;
 * otherwise skin_type, start and open_days only when given.
 */
void clg_render_request_json_value(const clg_plan_request *request, bool canonical,
                                   clg_json_writer *writer);

/* A modality in people's words: "traditional microneedling", "RF microneedling", "at-home roller".
 */
const char *clg_modality_title(clg_modality modality);

/* The plan for people: blocks and warnings first, schedule table, reasons, evidence line. */
void clg_render_plan_text(const clg_plan *plan, clg_buffer *out);

#endif

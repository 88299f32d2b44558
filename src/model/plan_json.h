/*
 * The plan and the assessment as JSON: the plan document of the JSON
 * contract (docs/design.md, "The plan"), and the request a course keeps.
 * They live in model, below the service, because they are the data's own
 * form: the store keeps a course's request and first plan in it, the audit
 * log quotes it, and every door prints it. Like every writer they append to
 * a caller-owned buffer and cannot fail.
 */
#ifndef CLG_MODEL_PLAN_JSON_H
#define CLG_MODEL_PLAN_JSON_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buffer.h"
#include "base/json_writer.h"
#include "collagenda/collagenda.h"

/* The plan document (docs/design.md#plan-json). pretty: indented for people, else one line. */
void clg_plan_json(const clg_plan *plan, clg_buffer *out, bool pretty);

/* The plan as a member value inside a larger JSON document being written. */
void clg_plan_json_value(const clg_plan *plan, clg_json_writer *writer);

/* key: [the members of set, in the vocabulary's order]. */
void clg_word_set_json(clg_json_writer *writer, const char *key, uint32_t set,
                       clg_vocabulary_id vocabulary);

/*
 * The members every assessment object has, in the API's order: laxity,
 * goal, areas, risks, concerns, modality. Callers add the optional ones
 * (screening, skin_type) by their own rule.
 */
void clg_assessment_json_members(const clg_assessment *assessment, clg_json_writer *writer);

/*
 * A plan request in the API's field names, as clg_plan_request_from_json
 * reads it back (a course's stored request). canonical: every key present
 * (skin_type "unknown", start null, open_days [] for every day alike), so
 * that one request always gives one text, for ids built from its hash;
 * otherwise skin_type, start and open_days only when given.
 */
void clg_request_json_value(const clg_plan_request *request, bool canonical,
                            clg_json_writer *writer);

#endif

/*
 * Fuzz harness: a protocol file (`protocol load FILE`, docs/protocol.md)
 * through the parser; a protocol it accepts is written back as JSON and as a
 * FHIR PlanDefinition, and plans a few fixed assessments, rendered as JSON
 * and text: a protocol the parser lets through must not break the planner.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "collagenda/request_json.h"
#include "model/plan_json.h"
#include "render/export.h"
#include "render/render.h"

static const char *const assessments[] = {
    "{\"laxity\": \"mild\"}",
    ("{\"laxity\": \"moderate\", \"areas\": [\"face\", \"neck\"], \"goal\": \"transformation\", "
     "\"skin_type\": \"V\", \"start\": \"2027-01-04\", \"open_days\": [\"mon\", \"thu\"]}"),
    "{\"laxity\": \"severe\", \"modality\": \"rf\", \"risks\": [\"isotretinoin\", \"smoking\"]}",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    clg_protocol *protocol = NULL;
    clg_error err;
    if (clg_protocol_parse((const char *)data, size, &protocol, &err) != CLG_OK)
        return 0;
    char *json = clg_protocol_to_json(protocol);
    free(json);
    clg_buffer out = CLG_BUFFER_INIT;
    clg_render_protocol_fhir(protocol, &out, true);
    for (size_t i = 0; i < sizeof assessments / sizeof assessments[0]; i++) {
        json_t *object = json_loads(assessments[i], 0, NULL);
        clg_plan_request request;
        clg_plan plan;
        if (object && clg_plan_request_from_json(object, NULL, &request, &err) == CLG_OK &&
            clg_plan_compute(protocol, &request, &plan, &err) == CLG_OK) {
            clg_plan_json(&plan, &out, false);
            clg_render_plan_text(&plan, &out);
            clg_export_context context;
            clg_export_context_init(&context, "plan-fuzz");
            (void)clg_render_plan_svg(&plan, &context, &out, &err);
        }
        json_decref(object);
    }
    clg_buffer_free(&out);
    clg_protocol_free(protocol);
    return 0;
}

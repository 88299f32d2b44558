/*
 * A session done (docs/records.md#records-and-safety, docs/records.md#http-api), as `collagenda
 * session record` (cli/cmd_session.c): POST /api/v1/courses/{id}/sessions. The safety check refuses
 * a session too soon or blocked by screening (409) unless it is forced with a reason; the answer is
 * the verdict and where the course stands after it (render/verdict_json.c). Booking ahead is
 * route_bookings.c.
 */
#include <string.h>

#include "collagenda/records.h"
#include "http/answers.h"
#include "http/body.h"
#include "http/records_context.h"
#include "http/routes.h"
#include "service/records.h"

static clg_status read_session_input(const json_t *object, clg_session_input *input, clg_error *err)
{
    static const char *const keys[] = {
        "date", "modality",  "areas", "depth_mm", "device", "practitioner", "notes", "laxity_grade",
        "gais", "screening", "force", "reason",   NULL};
    const char *date, *modality, *areas, *screening, *depth, *grade, *gais;
    char areas_text[256], screening_text[512], depth_text[32], grade_text[32], gais_text[32];
    int modality_index;
    clg_status status;
    memset(input, 0, sizeof *input);
    input->laxity_halves = -1;
    if ((status = clg_body_check_keys(object, keys, err)) != CLG_OK ||
        (status = clg_body_string(object, "date", true, &date, err)) != CLG_OK ||
        (status = clg_date_parse(date, "date", &input->date, err)) != CLG_OK ||
        (status = clg_body_string(object, "modality", false, &modality, err)) != CLG_OK ||
        (status = clg_body_word_list(object, "areas", areas_text, sizeof areas_text, &areas,
                                     err)) != CLG_OK ||
        (status = clg_body_word_list(object, "screening", screening_text, sizeof screening_text,
                                     &screening, err)) != CLG_OK ||
        (status = clg_body_number_text(object, "depth_mm", depth_text, &depth, err)) != CLG_OK ||
        (status = clg_body_number_text(object, "laxity_grade", grade_text, &grade, err)) !=
            CLG_OK ||
        (status = clg_body_number_text(object, "gais", gais_text, &gais, err)) != CLG_OK ||
        (status = clg_body_string(object, "device", false, &input->device, err)) != CLG_OK ||
        (status = clg_body_string(object, "practitioner", false, &input->practitioner, err)) !=
            CLG_OK ||
        (status = clg_body_string(object, "notes", false, &input->notes, err)) != CLG_OK ||
        (status = clg_body_override(object, &input->forced, &input->reason, err)) != CLG_OK)
        return status;
    if (modality) {
        if ((status = clg_vocabulary_parse(CLG_VOCAB_MODALITY, "modality", modality,
                                           strlen(modality), &modality_index, err)) != CLG_OK)
            return status;
        input->has_modality = true;
        input->modality = (clg_modality)modality_index;
    }
    if (areas &&
        (status = clg_word_set_parse(CLG_VOCAB_AREA, "areas", areas, &input->areas, err)) != CLG_OK)
        return status;
    if (screening && (status = clg_word_set_parse(CLG_VOCAB_SCREENING, "screening", screening,
                                                  &input->screening, err)) != CLG_OK)
        return status;
    if (depth &&
        (status = clg_depth_parse("depth_mm", depth, &input->depth_hundredths, err)) != CLG_OK)
        return status;
    if (grade && (status = clg_laxity_grade_parse("laxity_grade", grade, &input->laxity_halves,
                                                  err)) != CLG_OK)
        return status;
    if (gais && (status = clg_gais_parse("gais", gais, &input->gais, err)) != CLG_OK)
        return status;
    return CLG_OK;
}

void clg_route_session_record(clg_http_exchange *exchange)
{
    json_t *object = clg_http_body_object(exchange);
    if (object == NULL)
        return;
    clg_records records = clg_route_caller_records(exchange);
    clg_session_input input;
    clg_session_result result;
    clg_error err;
    clg_status status = read_session_input(object, &input, &err);
    if (status == CLG_OK)
        status = clg_records_session_record(&records, exchange->params[0], &input, &result, &err);
    json_decref(object);
    if (status != CLG_OK) {
        clg_route_answer_refusal(exchange, &err);
        return;
    }
    clg_route_answer_recorded_session(exchange, &result);
}

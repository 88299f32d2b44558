/* The plan and the assessment as JSON; see plan_json.h. */
#include "model/plan_json.h"

void clg_word_set_json(clg_json_writer *w, const char *key, uint32_t set,
                       clg_vocabulary_id vocabulary)
{
    const clg_vocabulary *words = clg_vocabulary_get(vocabulary);
    clg_json_key(w, key);
    clg_json_begin_array(w);
    for (int member = 0; member < words->count; member++)
        if ((set >> member) & 1u)
            clg_json_string(w, words->names[member]);
    clg_json_end_array(w);
}

void clg_assessment_json_members(const clg_assessment *a, clg_json_writer *w)
{
    clg_json_member_string(w, "laxity", clg_laxity_name(a->laxity));
    clg_json_member_string(w, "goal", clg_goal_name(a->goal));
    clg_word_set_json(w, "areas", a->areas, CLG_VOCAB_AREA);
    clg_word_set_json(w, "risks", a->risks, CLG_VOCAB_RISK);
    clg_word_set_json(w, "concerns", a->concerns, CLG_VOCAB_CONCERN);
    clg_json_member_string(w, "modality", clg_modality_name(a->modality));
}

void clg_request_json_value(const clg_plan_request *request, bool canonical, clg_json_writer *w)
{
    const clg_assessment *a = &request->assessment;
    clg_json_begin_object(w);
    clg_assessment_json_members(a, w);
    clg_word_set_json(w, "screening", a->screening, CLG_VOCAB_SCREENING);
    if (canonical || a->skin_type != CLG_SKIN_TYPE_UNKNOWN)
        clg_json_member_string(w, "skin_type", clg_skin_type_name(a->skin_type));
    if (request->has_start)
        clg_json_member_date(w, "start", request->start);
    else if (canonical)
        clg_json_member_string(w, "start", NULL);
    if (canonical) {
        /* The schedule treats "every day" and "no open days given" alike; so does the text. */
        uint32_t open_days = request->open_days & CLG_ALL_WEEKDAYS;
        clg_word_set_json(w, "open_days", open_days == CLG_ALL_WEEKDAYS ? 0 : open_days,
                          CLG_VOCAB_WEEKDAY);
    } else if (request->open_days != 0) {
        clg_word_set_json(w, "open_days", request->open_days, CLG_VOCAB_WEEKDAY);
    }
    clg_json_end_object(w);
}

static void write_assessment(clg_json_writer *w, const clg_assessment *a)
{
    clg_json_key(w, "assessment");
    clg_json_begin_object(w);
    clg_assessment_json_members(a, w);
    /* Optional inputs are echoed only when given, so the §4 example holds as is. */
    if (a->screening)
        clg_word_set_json(w, "screening", a->screening, CLG_VOCAB_SCREENING);
    if (a->skin_type != CLG_SKIN_TYPE_UNKNOWN)
        clg_json_member_string(w, "skin_type", clg_skin_type_name(a->skin_type));
    clg_json_end_object(w);
}

static void write_range_members(clg_json_writer *w, clg_range_recommended range)
{
    clg_json_member_int(w, "min", range.min);
    clg_json_member_int(w, "max", range.max);
    clg_json_member_int(w, "recommended", range.recommended);
}

static void write_range(clg_json_writer *w, const char *key, clg_range_recommended range)
{
    clg_json_key(w, key);
    clg_json_begin_object(w);
    write_range_members(w, range);
    clg_json_end_object(w);
}

/* The interval with its course kind's floor (rule 5), which the plan never goes below. */
static void write_interval(clg_json_writer *w, const clg_plan *plan)
{
    clg_json_key(w, "interval_days");
    clg_json_begin_object(w);
    write_range_members(w, plan->interval_days);
    clg_json_member_int(w, "floor", plan->interval_floor_days);
    clg_json_end_object(w);
}

static void write_screening(clg_json_writer *w, const clg_plan *plan)
{
    clg_json_key(w, "screening");
    clg_json_begin_object(w);
    clg_json_member_string(w, "status", clg_screening_level_name(plan->screening_status));
    clg_json_key(w, "findings");
    clg_json_begin_array(w);
    for (int i = 0; i < plan->finding_count; i++) {
        const clg_finding *finding = &plan->findings[i];
        clg_json_begin_object(w);
        clg_json_member_string(w, "code", finding->code);
        clg_json_member_string(w, "level", clg_screening_level_name(finding->level));
        clg_json_member_string(w, "message", finding->message);
        clg_json_member_string(w, "source", finding->source);
        clg_json_end_object(w);
    }
    clg_json_end_array(w);
    clg_json_end_object(w);
}

static void write_schedule(clg_json_writer *w, const clg_plan *plan)
{
    clg_json_key(w, "schedule");
    clg_json_begin_array(w);
    for (int i = 0; i < plan->schedule_count; i++) {
        const clg_scheduled_session *session = &plan->schedule[i];
        clg_json_begin_object(w);
        clg_json_member_int(w, "number", session->number);
        clg_json_member_date(w, "date", session->date);
        clg_json_member_date(w, "earliest", session->earliest);
        clg_json_member_date(w, "latest", session->latest);
        clg_json_end_object(w);
    }
    clg_json_end_array(w);
    clg_json_key(w, "maintenance");
    clg_json_begin_array(w);
    if (plan->schedule_count > 0) {
        clg_json_begin_object(w);
        clg_json_member_date(w, "date", plan->maintenance_date);
        clg_json_end_object(w);
    }
    clg_json_end_array(w);
}

static void write_reasons(clg_json_writer *w, const clg_plan *plan)
{
    char effect[CLG_REASON_TEXT_SIZE];
    clg_json_key(w, "reasons");
    clg_json_begin_array(w);
    for (int i = 0; i < plan->reason_count; i++) {
        const clg_reason *reason = &plan->reasons[i];
        clg_json_begin_object(w);
        clg_json_member_string(w, "rule", clg_rule_name(reason->rule));
        clg_json_member_string(w, "source", reason->source);
        clg_json_member_string(w, "effect", clg_reason_describe(reason, effect, sizeof effect));
        clg_json_end_object(w);
    }
    clg_json_end_array(w);
}

void clg_plan_json_value(const clg_plan *plan, clg_json_writer *w)
{
    const clg_protocol *protocol = plan->protocol;
    clg_json_begin_object(w);
    clg_json_key(w, "protocol");
    clg_json_begin_object(w);
    clg_json_member_string(w, "name", protocol->name);
    clg_json_member_string(w, "version", protocol->version);
    clg_json_end_object(w);
    write_assessment(w, &plan->request.assessment);
    clg_json_member_string(w, "course", clg_course_kind_name(plan->course));
    clg_json_member_string(w, "modality", clg_modality_name(plan->modality));
    write_range(w, "sessions", plan->sessions);
    write_interval(w, plan);
    write_range(w, "maintenance_months", plan->maintenance_months);
    clg_json_member_int(w, "session_minutes", plan->session_minutes);
    write_screening(w, plan);
    /* With a start, always both arrays: empty for a blocked plan, which has no dates
     * (docs/protocol.md#screening).
     */
    if (plan->request.has_start)
        write_schedule(w, plan);
    write_reasons(w, plan);
    clg_json_key(w, "warnings");
    clg_json_begin_array(w);
    for (int i = 0; i < plan->warning_count; i++) {
        clg_json_begin_object(w);
        clg_json_member_string(w, "code", plan->warnings[i].code);
        clg_json_member_string(w, "message", plan->warnings[i].message);
        clg_json_end_object(w);
    }
    clg_json_end_array(w);
    clg_json_key(w, "aftercare");
    clg_json_begin_array(w);
    for (int i = 0; i < protocol->aftercare_count; i++)
        clg_json_string(w, protocol->aftercare[i].text);
    clg_json_end_array(w);
    clg_json_end_object(w);
}

void clg_plan_json(const clg_plan *plan, clg_buffer *out, bool pretty)
{
    clg_json_writer writer;
    clg_json_writer_init(&writer, out, pretty);
    clg_plan_json_value(plan, &writer);
}

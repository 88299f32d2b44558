/*
 * The protocol as a FHIR R4 PlanDefinition (docs/interop.md#formats), so another system can
 * read the rules a plan came from: one action per rule of docs/protocol.md#rules (in the
 * order they are applied), with sub-actions where a rule has one line per
 * laxity, aftercare item or screening finding, and every action documented
 * by the source it rests on. Each source is also a relatedArtifact citation.
 * All numbers are read from the protocol: a clinic's own file exports its own.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "render/export_visits.h"
#include "base/json_writer.h"

typedef struct protocol_writer {
    clg_json_writer json;
    const clg_protocol *protocol;
} protocol_writer;

/* "none, mild" from a bit set over a vocabulary (offset: bit of the vocabulary's first word). */
static const char *set_words(uint32_t set, clg_vocabulary_id id, int offset, char *out, size_t size)
{
    const clg_vocabulary *words = clg_vocabulary_get(id);
    size_t used = 0;
    out[0] = '\0';
    for (int member = 0; member < words->count && used < size; member++) {
        if (!((set >> (member + offset)) & 1u))
            continue;
        int written =
            snprintf(out + used, size - used, "%s%s", used ? ", " : "", words->names[member]);
        if (written > 0)
            used += (size_t)written;
    }
    return out;
}

static void write_citation(protocol_writer *p, const char *tag)
{
    const clg_source *source = clg_protocol_find_source(p->protocol, tag);
    clg_json_writer *w = &p->json;
    clg_json_begin_object(w);
    clg_json_member_string(w, "type", "citation");
    clg_json_member_string(w, "label", tag);
    /* The protocol validates every tag on load; an unknown one would be shown as is. */
    clg_json_member_string(w, "display", source ? source->title : tag);
    clg_json_end_object(w);
}

/* The sources an action rests on: its own first, then others' readings, each tag once. */
typedef struct action_sources {
    int count;
    const char *tags[CLG_MAX_SEE_ALSO + 3];
} action_sources;

static void add_source(action_sources *sources, const char *tag)
{
    if (tag == NULL || sources->count == (int)(sizeof sources->tags / sizeof sources->tags[0]))
        return;
    for (int i = 0; i < sources->count; i++)
        if (strcmp(sources->tags[i], tag) == 0)
            return;
    sources->tags[sources->count++] = tag;
}

static void add_see_also(action_sources *sources, const clg_see_also *see_also)
{
    for (int i = 0; i < see_also->count; i++)
        add_source(sources, see_also->items[i].source);
}

/* " (reading [D]; reading [F])" after a description, for a rule's other readings. */
static void append_readings(char *text, size_t size, const clg_see_also *see_also)
{
    for (int i = 0; i < see_also->count; i++) {
        size_t used = strlen(text);
        if (used >= size)
            return;
        snprintf(text + used, size - used, "%s%s [%s]%s", i == 0 ? " (" : "; ",
                 see_also->items[i].says, see_also->items[i].source,
                 i == see_also->count - 1 ? ")" : "");
    }
}

/* Opens an action documented by several sources; sub-actions may follow before end_action(). */
static void begin_action_cited(protocol_writer *p, const char *id, const char *title,
                               const char *description, const action_sources *sources)
{
    clg_json_writer *w = &p->json;
    clg_json_begin_object(w);
    clg_json_member_string(w, "id", id);
    clg_json_member_string(w, "title", title);
    clg_json_member_string(w, "description", description);
    if (sources->count > 0) {
        clg_json_key(w, "documentation");
        clg_json_begin_array(w);
        for (int i = 0; i < sources->count; i++)
            write_citation(p, sources->tags[i]);
        clg_json_end_array(w);
    }
}

/* Opens an action; the caller may add sub-actions before end_action(). */
static void begin_action(protocol_writer *p, const char *id, const char *title,
                         const char *description, const char *source)
{
    action_sources sources = {0};
    add_source(&sources, source);
    begin_action_cited(p, id, title, description, &sources);
}

static void end_action(protocol_writer *p)
{
    clg_json_end_object(&p->json);
}

static void action(protocol_writer *p, const char *id, const char *title, const char *description,
                   const char *source)
{
    begin_action(p, id, title, description, source);
    end_action(p);
}

/* An action on one source and the other readings of the same rule. */
static void action_with_readings(protocol_writer *p, const char *id, const char *title,
                                 char *description, size_t size, const char *source,
                                 const clg_see_also *see_also)
{
    action_sources sources = {0};
    add_source(&sources, source);
    add_see_also(&sources, see_also);
    append_readings(description, size, see_also);
    begin_action_cited(p, id, title, description, &sources);
    end_action(p);
}

static void begin_sub_actions(protocol_writer *p)
{
    clg_json_key(&p->json, "action");
    clg_json_begin_array(&p->json);
}

static void end_sub_actions(protocol_writer *p)
{
    clg_json_end_array(&p->json);
}

static void write_base_course(protocol_writer *p)
{
    const clg_protocol *protocol = p->protocol;
    char text[512], id[48];
    begin_action(p, "base-course", "Base course by laxity",
                 "The number of sessions starts from the client's skin laxity.", NULL);
    begin_sub_actions(p);
    for (int laxity = 0; laxity < CLG_LAXITY_COUNT; laxity++) {
        const clg_base_course_rule *rule = &protocol->base_course[laxity];
        const char *name = clg_laxity_name((clg_laxity)laxity);
        int used = snprintf(text, sizeof text, "Laxity %s: %d-%d sessions", name,
                            rule->sessions.min, rule->sessions.max);
        if (rule->note)
            snprintf(text + used, sizeof text - (size_t)used, " (%s)", rule->note);
        snprintf(id, sizeof id, "base-course-%s", name);
        action_with_readings(p, id, name, text, sizeof text, rule->source, &rule->see_also);
    }
    end_sub_actions(p);
    end_action(p);
    snprintf(text, sizeof text, "Sessions %d-%d days apart", protocol->interval_days.min,
             protocol->interval_days.max);
    action_with_readings(p, "interval", "Interval between sessions", text, sizeof text,
                         protocol->interval_source, &protocol->interval_see_also);
}

/* Rule 5: one sub-action per course kind's floor, the whole documented by why there is one. */
static void write_floors(protocol_writer *p)
{
    const clg_protocol *protocol = p->protocol;
    char text[640];
    int used = snprintf(text, sizeof text,
                        "No plan spaces sessions less than its course kind's floor apart, and a "
                        "session sooner than that after the previous one is refused");
    if (protocol->floor_why.source)
        snprintf(text + used, sizeof text - (size_t)used, ": %s [%s].", protocol->floor_why.says,
                 protocol->floor_why.source);
    else
        snprintf(text + used, sizeof text - (size_t)used, ".");
    begin_action(p, "interval-floor", "Interval floor", text, protocol->floor_why.source);
    begin_sub_actions(p);
    snprintf(text, sizeof text, "Standard course: at least %d days between sessions.",
             protocol->standard_floor.days);
    action(p, "interval-floor-standard", "Standard course", text, protocol->standard_floor.source);
    snprintf(text, sizeof text, "Intensive course: at least %d days between sessions.",
             protocol->intensive_floor.days);
    action(p, "interval-floor-intensive", "Intensive course", text,
           protocol->intensive_floor.source);
    end_sub_actions(p);
    end_action(p);
}

static void write_course_rules(protocol_writer *p)
{
    const clg_protocol *protocol = p->protocol;
    char text[512], words[256], id[48];

    snprintf(text, sizeof text,
             "When every treated area is one of: %s, each end of the range moves by %+d "
             "session(s), never below %d",
             set_words(protocol->small_areas, CLG_VOCAB_AREA, 0, words, sizeof words),
             protocol->small_area_sessions_delta, protocol->small_area_sessions_floor);
    action_with_readings(p, "small-area", "Small treatment area", text, sizeof text,
                         protocol->small_area_source, &protocol->small_area_see_also);

    for (int goal = 0; goal < CLG_GOAL_COUNT; goal++) {
        const clg_goal_rule *rule = &protocol->goals[goal];
        if (!rule->present)
            continue;
        snprintf(text, sizeof text, "Goal %s: at least %d-%d sessions",
                 clg_goal_name((clg_goal)goal), rule->sessions_at_least.min,
                 rule->sessions_at_least.max);
        snprintf(id, sizeof id, "goal-%s", clg_goal_name((clg_goal)goal));
        action_with_readings(p, id, "Treatment goal", text, sizeof text, rule->source,
                             &rule->see_also);
    }

    char laxities[128];
    snprintf(text, sizeof text,
             "Load counts 1 for each treated area among: %s%s%s. A load of %d, or any load for "
             "a laxity never treated intensively, adds %d session(s) at each end of the range",
             set_words(protocol->difficulty_extra_areas, CLG_VOCAB_AREA, 0, words, sizeof words),
             protocol->difficulty_counts_risks ? "; each risk" : "",
             protocol->difficulty_counts_concerns ? "; each concern" : "", protocol->light_load,
             protocol->light_load_sessions_delta);
    action_with_readings(p, "difficulty-load", "Difficulty load", text, sizeof text,
                         protocol->difficulty_source, &protocol->difficulty_see_also);

    snprintf(
        text, sizeof text,
        "A difficulty load of %d or more with laxity %s: the intensive course, at least "
        "%d-%d sessions, %d-%d days apart",
        protocol->intensive_load,
        set_words(protocol->intensive_laxities, CLG_VOCAB_LAXITY, 0, laxities, sizeof laxities),
        protocol->intensive_sessions_at_least.min, protocol->intensive_sessions_at_least.max,
        protocol->intensive_interval_days.min, protocol->intensive_interval_days.max);
    action_with_readings(p, "intensive-course", "Intensive course", text, sizeof text,
                         protocol->intensive_source, &protocol->intensive_see_also);

    write_floors(p);
}

/* "6 months for laxity severe or after an intensive course"; true once a rule takes every case. */
static bool describe_maintenance_rule(const clg_maintenance_rule *rule, char *text, size_t size)
{
    const uint32_t every_laxity = (1u << CLG_LAXITY_COUNT) - 1;
    char laxities[128];
    size_t used = strlen(text);
    if (used >= size)
        return true;
    bool takes_every_case = rule->laxities == every_laxity && !rule->only_without_load;
    if (takes_every_case) {
        snprintf(text + used, size - used, "%s%d months otherwise", used ? "; " : "", rule->months);
        return true;
    }
    snprintf(text + used, size - used, "%s%d months for laxity %s%s%s", used ? "; " : "",
             rule->months,
             set_words(rule->laxities, CLG_VOCAB_LAXITY, 0, laxities, sizeof laxities),
             rule->when_intensive ? " or after an intensive course" : "",
             rule->only_without_load ? " with no difficulty load" : "");
    return false;
}

static void write_maintenance_and_modality(protocol_writer *p)
{
    const clg_protocol *protocol = p->protocol;
    char text[768], rules[512] = "", light[128], heavy[128], other[128];

    const clg_maintenance_rule *in_order[] = {&protocol->maintenance_sooner,
                                              &protocol->maintenance_usual,
                                              &protocol->maintenance_otherwise};
    action_sources sources = {0};
    add_source(&sources, protocol->maintenance_source);
    for (size_t i = 0; i < sizeof in_order / sizeof in_order[0]; i++) {
        add_source(&sources, in_order[i]->source);
        if (describe_maintenance_rule(in_order[i], rules, sizeof rules))
            break;
    }
    snprintf(text, sizeof text, "After the course, a maintenance visit every %d-%d months: %s.",
             protocol->maintenance_months.min, protocol->maintenance_months.max, rules);
    begin_action_cited(p, "maintenance", "Maintenance", text, &sources);
    end_action(p);

    int used = snprintf(
        text, sizeof text,
        "Traditional microneedling for laxity %s; RF microneedling for laxity %s",
        set_words(protocol->modality_traditional_laxities, CLG_VOCAB_LAXITY, 0, light,
                  sizeof light),
        set_words(protocol->modality_rf_laxities, CLG_VOCAB_LAXITY, 0, heavy, sizeof heavy));
    if (protocol->modality_rf_goals)
        used += snprintf(
            text + used, sizeof text - (size_t)used, " or goal %s",
            set_words(protocol->modality_rf_goals, CLG_VOCAB_GOAL, 0, other, sizeof other));
    used += snprintf(text + used, sizeof text - (size_t)used,
                     ". An at-home roller only when asked for");
    if (protocol->roller_warning.present && used < (int)sizeof text)
        used += snprintf(text + used, sizeof text - (size_t)used, ", with the warning: %s",
                         protocol->roller_warning.message);
    /* The warning is a sentence of its own; do not end it twice. */
    if (used > 0 && used < (int)sizeof text - 1 && text[used - 1] != '.')
        snprintf(text + used, sizeof text - (size_t)used, ".");
    action(p, "modality", "Modality", text, protocol->modality_source);

    snprintf(text, sizeof text, "%d minutes for the first area, %d more for each further area.",
             protocol->session_minutes_first_area, protocol->session_minutes_each_further_area);
    sources = (action_sources){0};
    add_source(&sources, protocol->session_minutes_source);
    add_source(&sources, protocol->session_minutes_further_area_source);
    begin_action_cited(p, "session-length", "Session length", text, &sources);
    end_action(p);
}

static void write_aftercare(protocol_writer *p)
{
    const clg_protocol *protocol = p->protocol;
    char id[32];
    begin_action(p, "aftercare", "Aftercare", "What the client does between sessions.", NULL);
    begin_sub_actions(p);
    for (int i = 0; i < protocol->aftercare_count; i++) {
        snprintf(id, sizeof id, "aftercare-%d", i + 1);
        action(p, id, "Aftercare", protocol->aftercare[i].text, protocol->aftercare[i].source);
    }
    end_sub_actions(p);
    end_action(p);
}

static void write_screening(protocol_writer *p)
{
    const clg_protocol *protocol = p->protocol;
    char text[640], id[64], types[64];
    begin_action(p, "screening", "Screening",
                 "Contraindications found before a course: a blocked finding stops booking, a "
                 "caution is shown to the practitioner.",
                 NULL);
    begin_sub_actions(p);
    for (int code = 0; code < CLG_SCREEN_COUNT; code++) {
        const clg_screening_rule *rule = &protocol->screening[code];
        const char *name = clg_screening_code_name((clg_screening_code)code);
        int used = snprintf(text, sizeof text, "%s", clg_screening_level_name(rule->level));
        if (rule->level_rf != rule->level)
            used += snprintf(text + used, sizeof text - (size_t)used, " (%s for RF)",
                             clg_screening_level_name(rule->level_rf));
        if (used < (int)sizeof text)
            snprintf(text + used, sizeof text - (size_t)used, ": %s", rule->message);
        snprintf(id, sizeof id, "screening-%s", name);
        action(p, id, name, text, rule->source);
    }
    if (protocol->skin_type_code) {
        char title[96];
        snprintf(title, sizeof title, "Fitzpatrick skin type %s",
                 set_words(protocol->skin_type_caution_types, CLG_VOCAB_SKIN_TYPE, 1, types,
                           sizeof types));
        snprintf(text, sizeof text, "%s: %s", clg_screening_level_name(protocol->skin_type_level),
                 protocol->skin_type_message);
        snprintf(id, sizeof id, "screening-%s", protocol->skin_type_code);
        action(p, id, title, text, protocol->skin_type_source);
    }
    end_sub_actions(p);
    end_action(p);
}

/* FHIR's computer name (pdf-0: [A-Z][A-Za-z0-9_]*): "collagenda-default" -> "CollagendaDefault". */
static void computer_name(const char *name, char *out, size_t size)
{
    size_t used = 0;
    bool word_start = true;
    for (const char *c = name; *c && used + 1 < size; c++) {
        if (!isalnum((unsigned char)*c)) {
            word_start = true;
            continue;
        }
        if (used == 0 && !isalpha((unsigned char)*c))
            out[used++] = 'P'; /* a name must open with a capital letter */
        if (used + 1 < size) {
            out[used] = *c;
            if (word_start)
                out[used] = (char)toupper((unsigned char)*c);
            used++;
        }
        word_start = false;
    }
    if (used == 0)
        out[used++] = 'P';
    out[used] = '\0';
}

void clg_render_protocol_fhir(const clg_protocol *protocol, clg_buffer *out, bool pretty)
{
    protocol_writer p = {.protocol = protocol};
    clg_json_writer *w = &p.json;
    char text[512];
    clg_json_writer_init(w, out, pretty);
    clg_json_begin_object(w);
    clg_json_member_string(w, "resourceType", "PlanDefinition");
    clg_export_fhir_id(protocol->name, CLG_FHIR_ID_MAX, text);
    clg_json_member_string(w, "id", text);
    clg_json_member_string(w, "version", protocol->version);
    computer_name(protocol->name, text, sizeof text);
    clg_json_member_string(w, "name", text);
    clg_json_member_string(w, "title", protocol->title ? protocol->title : protocol->name);
    clg_json_key(w, "type");
    clg_json_begin_object(w);
    clg_json_key(w, "coding");
    clg_json_begin_array(w);
    clg_json_begin_object(w);
    clg_json_member_string(w, "system",
                           "http://terminology.hl7.org/CodeSystem/plan-definition-type");
    clg_json_member_string(w, "code", "clinical-protocol");
    clg_json_member_string(w, "display", "Clinical Protocol");
    clg_json_end_object(w);
    clg_json_end_array(w);
    clg_json_end_object(w);
    clg_json_member_string(w, "status", "active");
    snprintf(text, sizeof text,
             "How many microneedling (collagen induction therapy) sessions a skin-tightening "
             "course has, how far apart, and when to come back, from an assessment. %s",
             protocol->evidence_note);
    clg_json_member_string(w, "description", text);

    clg_json_key(w, "relatedArtifact");
    clg_json_begin_array(w);
    for (int i = 0; i < protocol->source_count; i++) {
        const clg_source *source = &protocol->sources[i];
        clg_json_begin_object(w);
        clg_json_member_string(w, "type", "citation");
        clg_json_member_string(w, "label", source->tag);
        clg_json_member_string(w, "display", source->title);
        snprintf(text, sizeof text, "%s (%s)", source->title, clg_source_kind_name(source->kind));
        clg_json_member_string(w, "citation", text);
        clg_json_end_object(w);
    }
    clg_json_end_array(w);

    clg_json_key(w, "action");
    clg_json_begin_array(w);
    write_base_course(&p);
    write_course_rules(&p);
    write_maintenance_and_modality(&p);
    write_aftercare(&p);
    write_screening(&p);
    clg_json_end_array(w);
    clg_json_end_object(w);
}

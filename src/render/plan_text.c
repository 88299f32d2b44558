/*
 * The plan for people (the default `plan` output). Order matters: a blocked
 * screening comes first, then warnings, so nobody reads a schedule without
 * seeing why it must not be booked (docs/protocol.md#screening).
 */
#include "render/render.h"

const char *clg_modality_title(clg_modality modality)
{
    switch (modality) {
    case CLG_MODALITY_RF:
        return "RF microneedling";
    case CLG_MODALITY_ROLLER:
        return "at-home roller";
    default:
        return "traditional microneedling";
    }
}

static void write_range_line(clg_buffer *out, const char *label, clg_range_recommended range,
                             const char *unit)
{
    clg_buffer_printf(out, "%-13s %d %s", label, range.recommended, unit);
    if (range.min != range.max)
        clg_buffer_printf(out, " (range %d-%d)", range.min, range.max);
    clg_buffer_puts(out, "\n");
}

static void write_findings(clg_buffer *out, const clg_plan *plan, clg_screening_level level)
{
    for (int i = 0; i < plan->finding_count; i++) {
        const clg_finding *finding = &plan->findings[i];
        if (finding->level != level)
            continue;
        clg_buffer_printf(out, "  %s %s: %s [%s]\n",
                          level == CLG_SCREENING_BLOCKED ? "BLOCKED" : "caution", finding->code,
                          finding->message, finding->source);
    }
}

static void write_schedule(clg_buffer *out, const clg_plan *plan)
{
    static const char *const weekday_titles[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    char date[CLG_DATE_TEXT_SIZE], earliest[CLG_DATE_TEXT_SIZE], latest[CLG_DATE_TEXT_SIZE];
    clg_buffer_puts(out, "\nSchedule\n   #  date            window\n");
    for (int i = 0; i < plan->schedule_count; i++) {
        const clg_scheduled_session *session = &plan->schedule[i];
        clg_date_format(session->date, date);
        clg_buffer_printf(out, "  %2d  %s %s  ", session->number, date,
                          weekday_titles[clg_date_weekday(session->date)]);
        if (session->earliest == session->latest)
            clg_buffer_puts(out, "(start)\n");
        else
            clg_buffer_printf(out, "%s .. %s\n", clg_date_format(session->earliest, earliest),
                              clg_date_format(session->latest, latest));
    }
    clg_date_format(plan->maintenance_date, date);
    clg_buffer_printf(out, "   M  %s %s  first maintenance visit\n", date,
                      weekday_titles[clg_date_weekday(plan->maintenance_date)]);
}

void clg_render_plan_text(const clg_plan *plan, clg_buffer *out)
{
    const clg_protocol *protocol = plan->protocol;
    char effect[CLG_REASON_TEXT_SIZE];

    if (plan->screening_status == CLG_SCREENING_BLOCKED) {
        clg_buffer_puts(out, "SCREENING BLOCKED: do not start this course.\n");
        write_findings(out, plan, CLG_SCREENING_BLOCKED);
        clg_buffer_puts(out, "\n");
    }
    if (plan->warning_count > 0) {
        clg_buffer_puts(out, "Warnings\n");
        for (int i = 0; i < plan->warning_count; i++)
            clg_buffer_printf(out, "  ! %s: %s\n", plan->warnings[i].code,
                              plan->warnings[i].message);
        clg_buffer_puts(out, "\n");
    }

    clg_buffer_printf(out, "Plan (protocol %s, version %s)\n", protocol->name, protocol->version);
    clg_buffer_printf(out, "%-13s %s, %s\n", "Course:", clg_course_kind_name(plan->course),
                      clg_modality_title(plan->modality));
    write_range_line(out, "Sessions:", plan->sessions, "sessions");
    clg_buffer_printf(out, "%-13s every %d days", "Interval:", plan->interval_days.recommended);
    if (plan->interval_days.recommended % 7 == 0)
        clg_buffer_printf(out, " (%d weeks)", plan->interval_days.recommended / 7);
    clg_buffer_printf(out, ", window %d-%d days, never less than %d days\n",
                      plan->interval_days.min, plan->interval_days.max, plan->interval_floor_days);
    clg_buffer_printf(out, "%-13s every %d months (range %d-%d) after the course\n",
                      "Maintenance:", plan->maintenance_months.recommended,
                      plan->maintenance_months.min, plan->maintenance_months.max);
    clg_buffer_printf(out, "%-13s %d minutes\n", "Session:", plan->session_minutes);
    clg_buffer_printf(out, "%-13s %s\n",
                      "Screening:", clg_screening_level_name(plan->screening_status));
    write_findings(out, plan, CLG_SCREENING_CAUTION);

    if (plan->schedule_count > 0)
        write_schedule(out, plan);
    else if (plan->request.has_start && plan->screening_status == CLG_SCREENING_BLOCKED)
        clg_buffer_puts(out, "\nSchedule\n  none: a blocked plan has no dates\n");

    clg_buffer_puts(out, "\nWhy\n");
    for (int i = 0; i < plan->reason_count; i++) {
        const clg_reason *reason = &plan->reasons[i];
        clg_buffer_printf(out, "  - %s [%s]: %s\n", clg_rule_name(reason->rule), reason->source,
                          clg_reason_describe(reason, effect, sizeof effect));
    }

    if (protocol->aftercare_count > 0) {
        clg_buffer_puts(out, "\nAftercare\n");
        for (int i = 0; i < protocol->aftercare_count; i++)
            clg_buffer_printf(out, "  - %s [%s]\n", protocol->aftercare[i].text,
                              protocol->aftercare[i].source);
    }

    /* Only the sources this plan cites: a list of every source would claim more than it uses. */
    const clg_source *cited[CLG_MAX_SOURCES_CITED];
    int cited_count = clg_plan_cited_sources(plan, cited, CLG_MAX_SOURCES_CITED);
    clg_buffer_puts(out, "\nSources\n");
    for (int i = 0; i < cited_count; i++)
        clg_buffer_printf(out, "  [%s] %s (%s)\n", cited[i]->tag, cited[i]->title,
                          clg_source_kind_name(cited[i]->kind));
    clg_buffer_printf(out, "\n%s\n", protocol->evidence_note);
}

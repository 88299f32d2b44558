/*
 * The course as an SVG timeline (docs/interop.md#formats) for the README, the staff app and
 * a printed handout: safe windows as bands, sessions as numbered marks
 * (hollow planned, light booked, solid done), the first maintenance visit, a
 * "today" line, and under it the laxity grade of each graded session on the
 * same date axis, so a change in grade lines up with the session it followed.
 *
 * The maintenance visit comes months after the course; drawn to scale the
 * sessions would crowd into a corner, so the axis is broken between the two
 * (drawn dashed, labelled with the months it skips) whenever that gap is
 * long compared with the course.
 *
 * Self-contained on purpose: no scripts, no external fonts or images; every
 * piece of text is XML-escaped; coordinates are printed with one decimal so
 * the same inputs give the same bytes.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "render/export_visits.h"

/* Layout, in SVG user units (the viewBox is WIDTH wide). */
#define WIDTH 800.0
#define AXIS_LEFT 56.0
#define AXIS_RIGHT 772.0
#define COURSE_SHARE 0.74 /* of the axis, for the course when the axis is broken */
#define GAP_WIDTH 64.0
#define TITLE_Y 26.0
#define SUBTITLE_Y 46.0
#define DATE_ROW_Y 82.0
#define DATE_ROW_STEP 14.0
#define LANE_TOP 90.0
#define LANE_HEIGHT 36.0
#define AXIS_Y 140.0
#define MONTH_LABEL_Y 156.0
#define TODAY_LABEL_Y 172.0
#define LEGEND_Y 194.0
#define HEIGHT_TIMELINE 212.0
#define CHART_TITLE_Y 232.0
#define TITLE_MAX_CHARACTERS 72     /* at 16 units, bold, inside the axis width */
#define SUBTITLE_MAX_CHARACTERS 104 /* at 12 units */
#define PLOT_TOP 254.0
#define PLOT_STEP 28.0 /* per laxity grade */
#define HEIGHT_WITH_CHART 390.0
#define DATE_LABEL_WIDTH 68.0 /* "2027-01-04" at 11 units, with room to breathe */
#define MARK_RADIUS 9.0

/* Laxity grades run 0 (none) to 4 (severe) on the Alexiades-Armenakas scale. */
#define LAXITY_GRADE_MAX 4

#define COLOR_TEXT "#0f172a"
#define COLOR_MUTED "#475569"
#define COLOR_AXIS "#64748b"
#define COLOR_GRID "#e2e8f0"
#define COLOR_WINDOW "#dbeafe"
#define COLOR_WINDOW_EDGE "#93c5fd"
#define COLOR_SESSION "#1d4ed8"
#define COLOR_BOOKED "#93c5fd"
#define COLOR_MAINTENANCE "#7c3aed"
#define COLOR_TODAY "#dc2626"
#define COLOR_GRADE "#0f766e"

typedef struct axis {
    bool broken;
    double start;        /* first day shown */
    double course_end;   /* last day of the course piece (broken axis) */
    double resume;       /* first day of the maintenance piece (broken axis) */
    double end;          /* last day shown */
    double course_right; /* x where the course piece ends */
    double resume_left;  /* x where the maintenance piece starts */
} axis;

/* The grade the records keep in halves, as the chart draws it: 2.5, not 5. */
static double laxity_grade(const clg_visit *visit)
{
    return visit->laxity_halves / 2.0;
}

static double x_of(const axis *a, double day)
{
    if (!a->broken)
        return AXIS_LEFT + (day - a->start) / (a->end - a->start) * (AXIS_RIGHT - AXIS_LEFT);
    if (day <= a->course_end)
        return AXIS_LEFT +
               (day - a->start) / (a->course_end - a->start) * (a->course_right - AXIS_LEFT);
    if (day < a->resume)
        return a->course_right + (day - a->course_end) / (a->resume - a->course_end) *
                                     (a->resume_left - a->course_right);
    return a->resume_left +
           (day - a->resume) / (a->end - a->resume) * (AXIS_RIGHT - a->resume_left);
}

static bool in_gap(const axis *a, double day)
{
    return a->broken && day > a->course_end && day < a->resume;
}

static void build_axis(const clg_visit_list *list, axis *a)
{
    double first = list->visits[0].date, last = first;
    for (int i = 0; i < list->count; i++) {
        const clg_visit *visit = &list->visits[i];
        double from = visit->has_window ? fmin(visit->earliest, visit->date) : visit->date;
        double to = visit->has_window ? fmax(visit->latest, visit->date) : visit->date;
        first = fmin(first, from);
        last = fmax(last, to + 1);
    }
    double pad = fmax(4.0, (last - first) * 0.04);
    memset(a, 0, sizeof *a);
    a->start = first - pad;
    a->end = last + pad;
    if (!list->has_maintenance)
        return;
    /* The maintenance piece shows a month around the visit. */
    double resume = list->maintenance - 15.0, end = list->maintenance + 16.0;
    if (resume - a->end > (a->end - a->start) * 0.25) {
        a->broken = true;
        a->course_end = a->end;
        a->resume = resume;
        a->course_right = AXIS_LEFT + (AXIS_RIGHT - AXIS_LEFT) * COURSE_SHARE;
        a->resume_left = a->course_right + GAP_WIDTH;
    }
    a->end = fmax(a->end, end);
}

/*
 * Cuts text (UTF-8) to at most max_characters code points, ending it with an
 * ellipsis when cut, so a long client or clinic name cannot run off the picture.
 */
static void shorten(char *text, size_t size, int max_characters)
{
    int characters = 0;
    size_t cut = 0;
    for (size_t i = 0; text[i]; i++) {
        if (((unsigned char)text[i] & 0xC0) == 0x80)
            continue; /* a continuation byte belongs to the character before */
        if (characters == max_characters - 1)
            cut = i;
        characters++;
    }
    if (characters > max_characters && cut + 4 <= size)
        memcpy(text + cut, "\xE2\x80\xA6", 4); /* U+2026 and the NUL */
}

/* <text x y attributes>escaped text</text> */
static void text_at(clg_buffer *out, double x, double y, const char *attributes, const char *text)
{
    clg_buffer_printf(out, "<text x=\"%.1f\" y=\"%.1f\" %s>", x, y, attributes);
    clg_buffer_put_markup(out, text);
    clg_buffer_puts(out, "</text>\n");
}

static void write_header(clg_buffer *out, const clg_plan *plan, const clg_export_context *context,
                         const clg_visit_list *list, double height)
{
    char text[512], first[CLG_DATE_TEXT_SIZE], last[CLG_DATE_TEXT_SIZE],
        maintenance[CLG_DATE_TEXT_SIZE];
    clg_buffer_printf(out,
                      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                      "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-labelledby=\"clg-title "
                      "clg-desc\" font-family=\"system-ui, sans-serif\" font-size=\"11\" "
                      "fill=\"" COLOR_TEXT "\">\n",
                      WIDTH, height, WIDTH, height);
    if (context->client_name)
        snprintf(text, sizeof text, "Microneedling course for %s", context->client_name);
    else
        snprintf(text, sizeof text, "Microneedling course plan");
    clg_buffer_puts(out, "<title id=\"clg-title\">");
    clg_buffer_put_markup(out, text);
    clg_buffer_puts(out, "</title>\n<desc id=\"clg-desc\">");
    int used = snprintf(text, sizeof text, "%d sessions of %s, every %d days (%d-%d).", list->total,
                        clg_modality_title(plan->modality), plan->interval_days.recommended,
                        plan->interval_days.min, plan->interval_days.max);
    if (list->count > 0)
        used += snprintf(text + used, sizeof text - (size_t)used, " Dated sessions from %s to %s.",
                         clg_date_format(list->visits[0].date, first),
                         clg_date_format(list->visits[list->count - 1].date, last));
    if (list->has_maintenance && used < (int)sizeof text)
        snprintf(text + used, sizeof text - (size_t)used, " First maintenance visit %s.",
                 clg_date_format(list->maintenance, maintenance));
    clg_buffer_put_markup(out, text);
    clg_buffer_puts(out, "</desc>\n");
    clg_buffer_printf(out, "<rect width=\"%.0f\" height=\"%.0f\" fill=\"#ffffff\"/>\n", WIDTH,
                      height);

    if (context->client_name)
        snprintf(text, sizeof text, "Microneedling course for %s", context->client_name);
    else
        snprintf(text, sizeof text, "Microneedling course plan");
    shorten(text, sizeof text, TITLE_MAX_CHARACTERS);
    text_at(out, AXIS_LEFT, TITLE_Y, "font-size=\"16\" font-weight=\"bold\"", text);
    used = snprintf(text, sizeof text, "%d sessions, every %d days (window %d-%d) \xC2\xB7 %s",
                    list->total, plan->interval_days.recommended, plan->interval_days.min,
                    plan->interval_days.max, clg_modality_title(plan->modality));
    if (context->clinic_name && used < (int)sizeof text)
        snprintf(text + used, sizeof text - (size_t)used, " \xC2\xB7 %s", context->clinic_name);
    shorten(text, sizeof text, SUBTITLE_MAX_CHARACTERS);
    text_at(out, AXIS_LEFT, SUBTITLE_Y, "font-size=\"12\" fill=\"" COLOR_MUTED "\"", text);
}

static void write_axis(clg_buffer *out, const axis *a, const clg_plan *plan)
{
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    clg_buffer_puts(out, "<g stroke=\"" COLOR_AXIS "\" stroke-width=\"1\">\n");
    if (a->broken) {
        clg_buffer_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
                          AXIS_LEFT, AXIS_Y, a->course_right, AXIS_Y);
        clg_buffer_printf(out,
                          "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                          "stroke-dasharray=\"3 3\"/>\n",
                          a->course_right, AXIS_Y, a->resume_left, AXIS_Y);
        clg_buffer_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
                          a->resume_left, AXIS_Y, AXIS_RIGHT, AXIS_Y);
        for (int side = 0; side < 2; side++) {
            double x = side ? a->resume_left : a->course_right;
            clg_buffer_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
                              x - 3, AXIS_Y + 5, x + 3, AXIS_Y - 5);
        }
    } else {
        clg_buffer_printf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>\n",
                          AXIS_LEFT, AXIS_Y, AXIS_RIGHT, AXIS_Y);
    }

    /* A tick on the first of each month, labelled while the labels fit. */
    int year, month, day;
    clg_date_to_civil((clg_date)ceil(a->start), &year, &month, &day);
    if (day != 1 && ++month > 12)
        month = 1, year++;
    double last_label_x = -1e9;
    bool labelled_any = false;
    clg_buffer_puts(out, "</g>\n<g fill=\"" COLOR_MUTED "\" font-size=\"10\" "
                         "text-anchor=\"middle\">\n");
    for (clg_date first; clg_date_from_civil(year, month, 1, &first) && first <= a->end;) {
        if (!in_gap(a, first)) {
            double x = x_of(a, first);
            clg_buffer_printf(out,
                              "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
                              "stroke=\"" COLOR_AXIS "\"/>\n",
                              x, AXIS_Y, x, AXIS_Y + 4);
            /* Keep clear of the gap's own label; name the year again after the gap. */
            bool near_gap = a->broken && fabs(x - (a->course_right + a->resume_left) / 2) < 56;
            bool after_gap = a->broken && first >= a->resume && last_label_x < a->resume_left;
            if (x - last_label_x >= 48 && !near_gap) {
                char label[16];
                if (!labelled_any || month == 1 || after_gap)
                    snprintf(label, sizeof label, "%s %d", months[month - 1], year);
                else
                    snprintf(label, sizeof label, "%s", months[month - 1]);
                text_at(out, x, MONTH_LABEL_Y, "", label);
                last_label_x = x;
                labelled_any = true;
            }
        }
        if (++month > 12)
            month = 1, year++;
    }
    if (a->broken) {
        char label[32];
        snprintf(label, sizeof label, "%d months", plan->maintenance_months.recommended);
        text_at(out, (a->course_right + a->resume_left) / 2, MONTH_LABEL_Y, "font-style=\"italic\"",
                label);
    }
    clg_buffer_puts(out, "</g>\n");
}

static double mark_radius(const axis *a, const clg_visit_list *list)
{
    double closest = 1e9;
    for (int i = 1; i < list->count; i++)
        closest = fmin(closest, fabs(x_of(a, list->visits[i].date + 0.5) -
                                     x_of(a, list->visits[i - 1].date + 0.5)));
    return fmax(3.0, fmin(MARK_RADIUS, closest / 2 - 1));
}

static void write_windows(clg_buffer *out, const axis *a, const clg_visit_list *list)
{
    clg_buffer_puts(out, "<g fill=\"" COLOR_WINDOW "\" stroke=\"" COLOR_WINDOW_EDGE "\">\n");
    for (int i = 0; i < list->count; i++) {
        const clg_visit *visit = &list->visits[i];
        if (!visit->has_window || visit->earliest == visit->latest)
            continue;
        double left = x_of(a, visit->earliest), right = x_of(a, visit->latest + 1);
        clg_buffer_printf(out,
                          "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" rx=\"4\"/>\n",
                          left, LANE_TOP, right - left, LANE_HEIGHT);
    }
    clg_buffer_puts(out, "</g>\n");
}

/* Places date labels in up to two rows, skipping one that would overlap its row. */
typedef struct label_rows {
    double last_x[2];
} label_rows;

static void date_label(clg_buffer *out, label_rows *rows, double x, clg_date date,
                       const char *color)
{
    int row = x - rows->last_x[0] >= DATE_LABEL_WIDTH ? 0 : 1;
    if (x - rows->last_x[row] < DATE_LABEL_WIDTH)
        return;
    rows->last_x[row] = x;
    char text[CLG_DATE_TEXT_SIZE], attributes[64];
    snprintf(attributes, sizeof attributes, "text-anchor=\"middle\" fill=\"%s\"", color);
    text_at(out, x, DATE_ROW_Y - row * DATE_ROW_STEP, attributes, clg_date_format(date, text));
}

static void write_sessions(clg_buffer *out, const axis *a, const clg_visit_list *list,
                           label_rows *rows)
{
    static const char *const state_words[] = {"planned for", "booked for", "done on"};
    static const char *const fills[] = {"#ffffff", COLOR_BOOKED, COLOR_SESSION};
    static const char *const number_colors[] = {COLOR_SESSION, COLOR_TEXT, "#ffffff"};
    double radius = mark_radius(a, list), y = LANE_TOP + LANE_HEIGHT / 2;
    for (int i = 0; i < list->count; i++) {
        const clg_visit *visit = &list->visits[i];
        char summary[96], tip[320], date[CLG_DATE_TEXT_SIZE], earliest[CLG_DATE_TEXT_SIZE],
            latest[CLG_DATE_TEXT_SIZE];
        double x = x_of(a, visit->date + 0.5);
        int used = snprintf(tip, sizeof tip, "%s: %s %s",
                            clg_visit_summary(list, visit, summary, sizeof summary),
                            state_words[visit->state], clg_date_format(visit->date, date));
        if (visit->has_window && visit->earliest != visit->latest)
            used += snprintf(tip + used, sizeof tip - (size_t)used, ", safe window %s to %s",
                             clg_date_format(visit->earliest, earliest),
                             clg_date_format(visit->latest, latest));
        if (visit->laxity_halves >= 0 && used < (int)sizeof tip)
            snprintf(tip + used, sizeof tip - (size_t)used, ", laxity grade %.1f",
                     laxity_grade(visit));
        clg_buffer_puts(out, "<g>\n<title>");
        clg_buffer_put_markup(out, tip);
        clg_buffer_printf(out,
                          "</title>\n<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\" "
                          "stroke=\"" COLOR_SESSION "\" stroke-width=\"2\"/>\n",
                          x, y, radius, fills[visit->state]);
        if (radius >= 7) {
            char number[16];
            snprintf(number, sizeof number, "%d", visit->number);
            char attributes[96];
            snprintf(attributes, sizeof attributes,
                     "text-anchor=\"middle\" font-size=\"10\" font-weight=\"bold\" fill=\"%s\"",
                     number_colors[visit->state]);
            text_at(out, x, y + 3.5, attributes, number);
        }
        clg_buffer_puts(out, "</g>\n");
        date_label(out, rows, x, visit->date, COLOR_TEXT);
    }
}

static void write_maintenance(clg_buffer *out, const axis *a, const clg_plan *plan,
                              const clg_visit_list *list, label_rows *rows)
{
    if (!list->has_maintenance)
        return;
    char tip[160], date[CLG_DATE_TEXT_SIZE];
    double x = x_of(a, list->maintenance + 0.5), y = LANE_TOP + LANE_HEIGHT / 2;
    snprintf(tip, sizeof tip, "First maintenance visit %s, %d months after the last session",
             clg_date_format(list->maintenance, date), plan->maintenance_months.recommended);
    clg_buffer_puts(out, "<g>\n<title>");
    clg_buffer_put_markup(out, tip);
    clg_buffer_printf(out,
                      "</title>\n<path d=\"M %.1f %.1f l 10 10 l -10 10 l -10 -10 z\" "
                      "fill=\"" COLOR_MAINTENANCE "\"/>\n</g>\n",
                      x, y - 10);
    date_label(out, rows, x, list->maintenance, COLOR_MAINTENANCE);
}

static void today_line(clg_buffer *out, double x, double top, double bottom)
{
    clg_buffer_printf(out,
                      "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" COLOR_TODAY
                      "\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>\n",
                      x, top, x, bottom);
}

/* The line crosses the lane and, when drawn, the chart; not the labels between them. */
static void write_today(clg_buffer *out, const axis *a, clg_date today, bool chart)
{
    double x = x_of(a, today + 0.5);
    today_line(out, x, LANE_TOP - 4, AXIS_Y);
    if (chart)
        today_line(out, x, PLOT_TOP - 6, PLOT_TOP + PLOT_STEP * LAXITY_GRADE_MAX);
    text_at(out, x, TODAY_LABEL_Y,
            "text-anchor=\"middle\" font-weight=\"bold\" fill=\"" COLOR_TODAY "\"", "today");
}

static void write_legend(clg_buffer *out, const clg_visit_list *list, bool today_shown, double y)
{
    bool present[3] = {false, false, false};
    for (int i = 0; i < list->count; i++)
        present[list->visits[i].state] = true;
    double x = AXIS_LEFT;
    clg_buffer_printf(out, "<g font-size=\"11\" fill=\"" COLOR_MUTED "\">\n");
    clg_buffer_printf(out,
                      "<rect x=\"%.1f\" y=\"%.1f\" width=\"18\" height=\"10\" rx=\"2\" "
                      "fill=\"" COLOR_WINDOW "\" stroke=\"" COLOR_WINDOW_EDGE "\"/>\n",
                      x, y - 9);
    text_at(out, x + 24, y, "", "safe window");
    x += 104;
    static const char *const names[] = {"planned", "booked", "done"};
    static const char *const fills[] = {"#ffffff", COLOR_BOOKED, COLOR_SESSION};
    for (int state = 0; state < 3; state++) {
        if (!present[state])
            continue;
        clg_buffer_printf(
            out,
            "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\" stroke=\"" COLOR_SESSION
            "\" stroke-width=\"2\"/>\n",
            x + 6, y - 4, fills[state]);
        text_at(out, x + 16, y, "", names[state]);
        x += 80;
    }
    if (list->has_maintenance) {
        clg_buffer_printf(out,
                          "<path d=\"M %.1f %.1f l 6 6 l -6 6 l -6 -6 z\" fill=\"" COLOR_MAINTENANCE
                          "\"/>\n",
                          x + 6, y - 10);
        text_at(out, x + 16, y, "", "maintenance");
        x += 100;
    }
    if (today_shown) {
        today_line(out, x + 6, y - 11, y + 1);
        text_at(out, x + 14, y, "", "today");
    }
    clg_buffer_puts(out, "</g>\n");
}

static bool has_grades(const clg_visit_list *list)
{
    for (int i = 0; i < list->count; i++)
        if (list->visits[i].laxity_halves >= 0)
            return true;
    return false;
}

static void write_laxity_chart(clg_buffer *out, const axis *a, const clg_visit_list *list)
{
    double bottom = PLOT_TOP + PLOT_STEP * LAXITY_GRADE_MAX;
    text_at(out, AXIS_LEFT, CHART_TITLE_Y, "font-size=\"12\" font-weight=\"bold\"",
            "Laxity grade after each session (0 none to 4 severe; lower is tighter)");
    clg_buffer_puts(out, "<g font-size=\"10\" fill=\"" COLOR_MUTED "\" text-anchor=\"end\">\n");
    for (int grade = 0; grade <= LAXITY_GRADE_MAX; grade++) {
        double y = bottom - grade * PLOT_STEP;
        char label[8];
        snprintf(label, sizeof label, "%d", grade);
        clg_buffer_printf(out,
                          "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>\n",
                          AXIS_LEFT, y, AXIS_RIGHT, y, grade == 0 ? COLOR_AXIS : COLOR_GRID);
        text_at(out, AXIS_LEFT - 8, y + 3.5, "", label);
    }
    clg_buffer_puts(out, "</g>\n");

    clg_buffer_puts(out, "<polyline fill=\"none\" stroke=\"" COLOR_GRADE
                         "\" stroke-width=\"2\" points=\"");
    bool first = true;
    for (int i = 0; i < list->count; i++) {
        const clg_visit *visit = &list->visits[i];
        if (visit->laxity_halves < 0)
            continue;
        clg_buffer_printf(out, "%s%.1f,%.1f", first ? "" : " ", x_of(a, visit->date + 0.5),
                          bottom - laxity_grade(visit) * PLOT_STEP);
        first = false;
    }
    clg_buffer_puts(out, "\"/>\n<g fill=\"" COLOR_GRADE "\" text-anchor=\"middle\">\n");
    for (int i = 0; i < list->count; i++) {
        const clg_visit *visit = &list->visits[i];
        if (visit->laxity_halves < 0)
            continue;
        double x = x_of(a, visit->date + 0.5), y = bottom - laxity_grade(visit) * PLOT_STEP;
        char label[16];
        snprintf(label, sizeof label, "%.1f", laxity_grade(visit));
        clg_buffer_printf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\"/>\n", x, y);
        text_at(out, x, y - 8, "font-size=\"10\"", label);
    }
    clg_buffer_puts(out, "</g>\n");
}

static void write_empty(clg_buffer *out, const clg_plan *plan, const clg_export_context *context,
                        const clg_visit_list *list)
{
    write_header(out, plan, context, list, 120);
    text_at(out, AXIS_LEFT, 84, "fill=\"" COLOR_MUTED "\"",
            "No dates yet: give the course a start date to see its timeline.");
    clg_buffer_puts(out, "</svg>\n");
}

clg_status clg_render_plan_svg(const clg_plan *plan, const clg_export_context *context,
                               clg_buffer *out, clg_error *err)
{
    clg_visit_list *list = malloc(sizeof *list);
    if (list == NULL)
        return clg_error_set(err, CLG_ERR_IO, "svg", "out of memory");
    clg_status status = clg_visits_build(plan, context, list, err);
    if (status != CLG_OK)
        goto out;
    if (list->count == 0) {
        write_empty(out, plan, context, list);
        goto out;
    }

    axis a;
    build_axis(list, &a);
    bool chart = has_grades(list);
    double height = chart ? HEIGHT_WITH_CHART : HEIGHT_TIMELINE;
    bool today_shown = context->today != 0 && context->today >= a.start &&
                       context->today <= a.end && !in_gap(&a, context->today);
    write_header(out, plan, context, list, height);
    write_windows(out, &a, list);
    write_axis(out, &a, plan);
    label_rows rows = {{-1e9, -1e9}};
    write_sessions(out, &a, list, &rows);
    write_maintenance(out, &a, plan, list, &rows);
    if (chart)
        write_laxity_chart(out, &a, list);
    if (today_shown)
        write_today(out, &a, context->today, chart);
    write_legend(out, list, today_shown, LEGEND_Y);
    clg_buffer_puts(out, "</svg>\n");
out:
    free(list);
    return status;
}

/*
 * The export formats (iCalendar, FHIR, SVG) as the commands offer them:
 * `plan --format ics|fhir|svg` now, `course show --format ...` later. Kept
 * out of each command so that every command writes the same bytes for the
 * same course and reads the clock the same way.
 */
#ifndef CLG_CLI_EXPORT_H
#define CLG_CLI_EXPORT_H

#include <stdbool.h>

#include "render/export.h"

/* True for "ics", "fhir" and "svg". */
bool clg_cli_is_export_format(const char *format);

/* True for the formats that only make sense with dates: "ics" and "svg". */
bool clg_cli_export_needs_dates(const char *format);

/*
 * Fills context->generated_at and context->today from the clock, or from
 * $SOURCE_DATE_EPOCH when it is set (reproducible output, as in
 * reproducible-builds.org), in which case today is that instant's UTC date.
 * Returns an exit status: a malformed SOURCE_DATE_EPOCH is a usage error.
 */
int clg_cli_export_clock(clg_export_context *context);

/* Renders plan in format (an export format) into out, as every command writes it. */
clg_status clg_cli_render_export(const clg_plan *plan, const char *format,
                                 const clg_export_context *context, clg_buffer *out,
                                 clg_error *err);

/* Renders plan in format (an export format) and writes it to stdout; returns an exit status. */
int clg_cli_write_export(const clg_plan *plan, const char *format,
                         const clg_export_context *context);

#endif

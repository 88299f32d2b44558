/*
 * The small HTML pages of the opt-out link (docs/records.md#reminders): the
 * question with its one button, and the answer. No script and no inline
 * style, so the server's Content-Security-Policy holds as it is.
 */
#ifndef CLG_RENDER_OPT_OUT_PAGE_H
#define CLG_RENDER_OPT_OUT_PAGE_H

#include <stdbool.h>

#include "base/buffer.h"

/* done false: "Stop reminders from CLINIC?" and a button that POSTs to the same URL. */
void clg_render_opt_out_page(const char *clinic_name, bool done, clg_buffer *out);

/* The page for a link that is no link (404). */
void clg_render_opt_out_unknown(clg_buffer *out);

#endif

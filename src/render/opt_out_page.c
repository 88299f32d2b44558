/* The opt-out link's pages; see opt_out_page.h. */
#include "render/opt_out_page.h"

static void head(clg_buffer *out, const char *title)
{
    clg_buffer_puts(out,
                    "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                    "<meta name=\"robots\" content=\"noindex\">\n<title>");
    clg_buffer_put_markup(out, title);
    clg_buffer_puts(out, "</title>\n</head>\n<body>\n<main>\n");
}

static void foot(clg_buffer *out)
{
    clg_buffer_puts(out, "</main>\n</body>\n</html>\n");
}

void clg_render_opt_out_page(const char *clinic_name, bool done, clg_buffer *out)
{
    if (done) {
        head(out, "Reminders stopped");
        clg_buffer_puts(out, "<h1>Reminders stopped</h1>\n<p>You will get no more reminders by "
                             "e-mail from ");
        clg_buffer_put_markup(out, clinic_name);
        clg_buffer_puts(out, ". To have them again, ask the clinic.</p>\n");
    } else {
        head(out, "Stop reminders");
        clg_buffer_puts(out, "<h1>Stop reminders?</h1>\n<p>");
        clg_buffer_put_markup(out, clinic_name);
        clg_buffer_puts(out, " sends you a reminder by e-mail the day before a booked visit, and "
                             "when a maintenance visit is due.</p>\n"
                             "<form method=\"post\">\n<button type=\"submit\">Stop my "
                             "reminders</button>\n</form>\n");
    }
    foot(out);
}

void clg_render_opt_out_unknown(clg_buffer *out)
{
    head(out, "Link not found");
    clg_buffer_puts(out, "<h1>Link not found</h1>\n<p>This opt-out link is not one we know. "
                         "Please ask the clinic.</p>\n");
    foot(out);
}

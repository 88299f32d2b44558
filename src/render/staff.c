/* Staff accounts as JSON and text; see staff.h. */
#include "render/staff.h"

#include <time.h>

enum { INSTANT_TEXT_SIZE = 24 };

/* Unix seconds as "2027-01-05T12:00:00Z"; "" when gmtime cannot say. */
static const char *instant_text(int64_t seconds, char out[INSTANT_TEXT_SIZE])
{
    time_t t = (time_t)seconds;
    struct tm tm;
    if (gmtime_r(&t, &tm) == NULL ||
        strftime(out, INSTANT_TEXT_SIZE, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        out[0] = '\0';
    return out;
}

/* Text for a table cell: control characters as spaces, so a row stays on its line. */
static void put_clean(clg_buffer *out, const char *text)
{
    for (const char *c = text ? text : "-"; *c; c++) {
        char ch = (unsigned char)*c < 0x20 ? ' ' : *c;
        clg_buffer_append(out, &ch, 1);
    }
}

void clg_render_user_json(clg_json_writer *w, const clg_user_row *user)
{
    clg_json_begin_object(w);
    clg_json_member_int(w, "id", user->id);
    clg_json_member_string(w, "email", user->email);
    clg_json_member_string(w, "role", clg_user_role_name(user->role));
    clg_json_key(w, "disabled");
    clg_json_bool(w, user->disabled);
    clg_json_member_string(w, "created_at", user->created_at);
    clg_json_end_object(w);
}

void clg_render_token_json(clg_json_writer *w, const clg_token_row *token, int64_t now)
{
    char expires[INSTANT_TEXT_SIZE];
    clg_json_begin_object(w);
    clg_json_member_int(w, "id", token->id);
    clg_json_member_int(w, "user", token->user_id);
    clg_json_member_string(w, "email", token->email);
    clg_json_member_string(w, "label", token->label);
    clg_json_member_string(w, "created_at", token->created_at);
    clg_json_member_string(w, "expires_at",
                           token->expires_at > 0 ? instant_text(token->expires_at, expires) : NULL);
    clg_json_member_string(w, "state", clg_token_state(token, now));
    clg_json_end_object(w);
}

void clg_render_token_issued_json(clg_json_writer *w, int64_t id, const char *secret,
                                  int64_t expires_at)
{
    char expires[INSTANT_TEXT_SIZE];
    clg_json_begin_object(w);
    clg_json_member_int(w, "id", id);
    clg_json_member_string(w, "token", secret);
    clg_json_member_string(w, "expires_at",
                           expires_at > 0 ? instant_text(expires_at, expires) : NULL);
    clg_json_end_object(w);
}

void clg_render_user_list_header(clg_buffer *out)
{
    clg_buffer_puts(out, "ID      ROLE   STATUS    E-MAIL\n");
}

void clg_render_user_line(const clg_user_row *user, clg_buffer *out)
{
    clg_buffer_printf(out, "%-7lld %-6s %-9s ", (long long)user->id, clg_user_role_name(user->role),
                      user->disabled ? "disabled" : "enabled");
    put_clean(out, user->email);
    clg_buffer_puts(out, "\n");
}

void clg_render_token_list_header(clg_buffer *out)
{
    clg_buffer_puts(out,
                    "ID      STATE    CREATED               EXPIRES               USER / LABEL\n");
}

void clg_render_token_line(const clg_token_row *token, int64_t now, clg_buffer *out)
{
    char expires[INSTANT_TEXT_SIZE];
    /* The creation stamp to the second: "2027-01-04T09:30:00" and "Z". */
    clg_buffer_printf(out, "%-7lld %-8s %.19sZ  %-21s ", (long long)token->id,
                      clg_token_state(token, now), token->created_at ? token->created_at : "-",
                      token->expires_at > 0 ? instant_text(token->expires_at, expires) : "never");
    put_clean(out, token->email);
    if (token->label) {
        clg_buffer_puts(out, " / ");
        put_clean(out, token->label);
    }
    clg_buffer_puts(out, "\n");
}

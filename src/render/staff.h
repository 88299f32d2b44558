/*
 * Staff accounts for people and programs (docs/records.md#staff-accounts):
 * users and bearer tokens as JSON (`user list`, `token list` with
 * --format json, GET /api/v1/users and /api/v1/tokens) and as text. Never a
 * password hash and never a token's secret or hash: the rows carry the
 * former, and a token's secret is not stored at all.
 */
#ifndef CLG_RENDER_STAFF_H
#define CLG_RENDER_STAFF_H

#include <stdint.h>

#include "base/buffer.h"
#include "base/json_writer.h"
#include "model/user.h"

/* {"id", "email", "role", "disabled", "created_at"} */
void clg_render_user_json(clg_json_writer *writer, const clg_user_row *user);

/*
 * {"id", "user", "email", "label", "created_at", "expires_at", "state"}:
 * expires_at as UTC text ("2027-01-05T12:00:00Z") or null for never;
 * state "live", "expired" or "revoked" at now (Unix seconds).
 */
void clg_render_token_json(clg_json_writer *writer, const clg_token_row *token, int64_t now);

/* {"id", "token", "expires_at"}: a token just made, its secret shown this once. */
void clg_render_token_issued_json(clg_json_writer *writer, int64_t id, const char *secret,
                                  int64_t expires_at);

/* Tables for the terminal: a header, then one line a row. */
void clg_render_user_list_header(clg_buffer *out);
void clg_render_user_line(const clg_user_row *user, clg_buffer *out);
void clg_render_token_list_header(clg_buffer *out);
void clg_render_token_line(const clg_token_row *token, int64_t now, clg_buffer *out);

#endif

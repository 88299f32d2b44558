/*
 * Staff management (docs/records.md#staff-accounts): listing users and
 * tokens, disabling and enabling a user, changing a role or a password,
 * revoking a token. One set of rules and one audit entry for every door:
 * the CLI acts as the database's owner (records->clinic 0: a user of any
 * clinic), the server's admin routes for the admin's clinic (another
 * clinic's user or token is CLG_ERR_NOT_FOUND).
 *
 * The rules: disabling a user ends their login sessions and revokes their
 * tokens in the same transaction, so the very next request with any of
 * them is refused; enabling does not bring those back. A new password ends
 * every other login session of the user. A clinic always keeps one enabled
 * admin: disabling or demoting the last one is CLG_ERR_REFUSED. A role or
 * a disabled flag is read from the store on every request, so a change
 * takes effect at once.
 */
#ifndef CLG_SERVICE_STAFF_H
#define CLG_SERVICE_STAFF_H

#include <stdbool.h>
#include <stdint.h>

#include "service/records.h"

/* The records' clinic's users by id (with their hashes: doors must not print those). */
clg_status clg_records_users_list(const clg_records *records, clg_user_visitor visit, void *context,
                                  clg_error *err);

/* The user with this e-mail in the records' clinic (any clinic for 0); row owns its text. */
clg_status clg_records_user_by_email(const clg_records *records, const char *email,
                                     clg_user_row *row, clg_error *err);

/* The records' clinic's tokens (any clinic for 0), of user_id only unless it is 0, by id. */
clg_status clg_records_tokens_list(const clg_records *records, int64_t user_id,
                                   clg_token_visitor visit, void *context, clg_error *err);

/* What a change to a user sets; what it leaves out stays as it is. */
typedef struct clg_user_change {
    bool set_disabled;
    bool disabled;
    const char *role; /* "admin" or "staff"; NULL: unchanged */
} clg_user_change;

/*
 * Changes user id as change says, audited as user.disable, user.enable
 * and user.role (one entry each, with the user before and after; a
 * disabling also says how many sessions ended and tokens were revoked).
 * A change that changes nothing writes nothing. An unknown role is
 * CLG_ERR_INVALID naming "role"; the clinic's last enabled admin disabled
 * or demoted is CLG_ERR_REFUSED naming "disabled" or "role".
 */
clg_status clg_records_user_change(const clg_records *records, int64_t id,
                                   const clg_user_change *change, clg_error *err);

/*
 * Sets user id's password (checked as `user add` checks one), audited as
 * user.password (never the password). With current not NULL the caller is
 * the user, who must give their present password (CLG_ERR_FORBIDDEN naming
 * "current_password" otherwise). Every login session of the user ends but
 * keep_session_hash's (NULL: all), the one the change was made from.
 * Bearer tokens are left alone: revoke them to end them.
 */
clg_status clg_records_user_password(const clg_records *records, int64_t id, const char *password,
                                     const char *current, const char *keep_session_hash,
                                     clg_error *err);

/*
 * Revokes token id, audited as token.revoke; revoking a revoked token
 * changes nothing and succeeds. CLG_ERR_NOT_FOUND naming "token" when the
 * records' clinic has no such token.
 */
clg_status clg_records_token_revoke(const clg_records *records, int64_t id, clg_error *err);

#endif

/*
 * Staff accounts in the store: users (argon2id password hashes), bearer
 * tokens and login sessions (SHA-256 hashes only; see
 * src/accounts/credentials.h). Users belong to exactly one clinic; an
 * e-mail address names one user across the whole database, so login needs
 * no clinic name.
 */
#ifndef CLG_STORE_ACCOUNTS_H
#define CLG_STORE_ACCOUNTS_H

#include <stdint.h>

#include "store/store.h"

/* Adds a user to clinic; an e-mail already in use is CLG_ERR_INVALID naming "email". */
clg_status clg_store_user_insert(clg_store *store, int64_t clinic, const char *email,
                                 clg_user_role role, const char *password_hash, int64_t *id,
                                 clg_error *err);

/* The user with this e-mail (any clinic); CLG_ERR_NOT_FOUND when there is none. */
clg_status clg_store_user_find(clg_store *store, const char *email, clg_user_row *row,
                               clg_error *err);

/* The clinic's users by id (password hashes included: callers must not print them). */
clg_status clg_store_user_list(clg_store *store, int64_t clinic, clg_user_visitor visit,
                               void *context, clg_error *err);

/* Stores a bearer token's hash for user, expiring at expires_at (Unix seconds; 0: never). */
clg_status clg_store_token_insert(clg_store *store, int64_t user_id, const char *token_hash,
                                  const char *label, int64_t expires_at, int64_t *id,
                                  clg_error *err);

/*
 * The user a live token hash belongs to: not revoked, not expired, and its
 * user not disabled; CLG_ERR_NOT_FOUND otherwise.
 */
clg_status clg_store_token_find(clg_store *store, const char *token_hash, clg_user_row *user,
                                clg_error *err);

/* Stores a login session (its id's hash, its CSRF token, its expiry in Unix seconds). */
clg_status clg_store_login_insert(clg_store *store, int64_t user_id, const char *session_hash,
                                  const char *csrf_token, int64_t expires_at, clg_error *err);

/*
 * The user and CSRF token of a login session alive at now, of a user not
 * disabled; CLG_ERR_NOT_FOUND otherwise.
 */
clg_status clg_store_login_find(clg_store *store, const char *session_hash, int64_t now,
                                clg_user_row *user, char csrf_token[65], clg_error *err);

/* Ends a login session (logout). Ending one that does not exist is not an error. */
clg_status clg_store_login_delete(clg_store *store, const char *session_hash, clg_error *err);

/*
 * Staff management (service/staff.h). clinic scopes a read as every query
 * is scoped (another clinic's row is CLG_ERR_NOT_FOUND); clinic 0 is any
 * clinic, for the CLI, which acts as the database's owner. The writes take
 * ids the caller has read in the same transaction.
 */

/* The user with this id; CLG_ERR_NOT_FOUND naming "user" when there is none. */
clg_status clg_store_user_get(clg_store *store, int64_t clinic, int64_t id, clg_user_row *row,
                              clg_error *err);

/* Sets a user's role and whether they are disabled. */
clg_status clg_store_user_update(clg_store *store, int64_t id, clg_user_role role, bool disabled,
                                 clg_error *err);

/* Replaces a user's password hash (argon2id). */
clg_status clg_store_user_set_password(clg_store *store, int64_t id, const char *password_hash,
                                       clg_error *err);

/* The number of the clinic's admins who are not disabled. */
clg_status clg_store_admin_count(clg_store *store, int64_t clinic, int *count, clg_error *err);

/* The token with this id (secret-free); CLG_ERR_NOT_FOUND naming "token" when there is none. */
clg_status clg_store_token_get(clg_store *store, int64_t clinic, int64_t id, clg_token_row *row,
                               clg_error *err);

/* The clinic's tokens (clinic 0: every clinic's), of user_id only unless it is 0, by id. */
clg_status clg_store_token_list(clg_store *store, int64_t clinic, int64_t user_id,
                                clg_token_visitor visit, void *context, clg_error *err);

/*
 * Revokes token id, or (id 0) every live token of user_id; *revoked is how
 * many were live until now. Revoking a revoked token changes nothing.
 */
clg_status clg_store_token_revoke(clg_store *store, int64_t id, int64_t user_id, int *revoked,
                                  clg_error *err);

/*
 * Ends every login session of user_id but the one whose hash is
 * keep_session_hash (NULL: all of them); *ended is how many ended.
 */
clg_status clg_store_logins_end(clg_store *store, int64_t user_id, const char *keep_session_hash,
                                int *ended, clg_error *err);

#endif

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

/* Stores a bearer token's hash for user. */
clg_status clg_store_token_insert(clg_store *store, int64_t user_id, const char *token_hash,
                                  const char *label, int64_t *id, clg_error *err);

/* The user a live token hash belongs to; CLG_ERR_NOT_FOUND otherwise. */
clg_status clg_store_token_find(clg_store *store, const char *token_hash, clg_user_row *user,
                                clg_error *err);

/* Stores a login session (its id's hash, its CSRF token, its expiry in Unix seconds). */
clg_status clg_store_login_insert(clg_store *store, int64_t user_id, const char *session_hash,
                                  const char *csrf_token, int64_t expires_at, clg_error *err);

/* The user and CSRF token of a login session alive at now; CLG_ERR_NOT_FOUND otherwise. */
clg_status clg_store_login_find(clg_store *store, const char *session_hash, int64_t now,
                                clg_user_row *user, char csrf_token[65], clg_error *err);

/* Ends a login session (logout). Ending one that does not exist is not an error. */
clg_status clg_store_login_delete(clg_store *store, const char *session_hash, clg_error *err);

#endif

/* The SQLite backend's staff-account functions (sqlite_accounts.c), for its ops table. */
#ifndef CLG_STORE_SQLITE_ACCOUNTS_H
#define CLG_STORE_SQLITE_ACCOUNTS_H

#include "store/accounts.h"

clg_status clg_sqlite_user_insert(void *impl, int64_t clinic, const char *email, clg_user_role role,
                                  const char *password_hash, int64_t *id, clg_error *err);
clg_status clg_sqlite_user_find(void *impl, const char *email, clg_user_row *row, clg_error *err);
clg_status clg_sqlite_user_list(void *impl, int64_t clinic, clg_user_visitor visit, void *context,
                                clg_error *err);
clg_status clg_sqlite_token_insert(void *impl, int64_t user_id, const char *token_hash,
                                   const char *label, int64_t *id, clg_error *err);
clg_status clg_sqlite_token_find(void *impl, const char *token_hash, clg_user_row *user,
                                 clg_error *err);
clg_status clg_sqlite_login_insert(void *impl, int64_t user_id, const char *session_hash,
                                   const char *csrf_token, int64_t expires_at, clg_error *err);
clg_status clg_sqlite_login_find(void *impl, const char *session_hash, int64_t now,
                                 clg_user_row *user, char csrf_token[65], clg_error *err);
clg_status clg_sqlite_login_delete(void *impl, const char *session_hash, clg_error *err);

#endif

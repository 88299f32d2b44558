/* Staff accounts through the store's backend; see accounts.h. */
#include "store/accounts.h"

clg_status clg_store_user_insert(clg_store *store, int64_t clinic, const char *email,
                                 clg_user_role role, const char *password_hash, int64_t *id,
                                 clg_error *err)
{
    return store->ops->accounts->user_insert(store->impl, clinic, email, role, password_hash, id,
                                             err);
}

clg_status clg_store_user_find(clg_store *store, const char *email, clg_user_row *row,
                               clg_error *err)
{
    return store->ops->accounts->user_find(store->impl, email, row, err);
}

clg_status clg_store_user_list(clg_store *store, int64_t clinic, clg_user_visitor visit,
                               void *context, clg_error *err)
{
    return store->ops->accounts->user_list(store->impl, clinic, visit, context, err);
}

clg_status clg_store_token_insert(clg_store *store, int64_t user_id, const char *token_hash,
                                  const char *label, int64_t expires_at, int64_t *id,
                                  clg_error *err)
{
    return store->ops->accounts->token_insert(store->impl, user_id, token_hash, label, expires_at,
                                              id, err);
}

clg_status clg_store_token_find(clg_store *store, const char *token_hash, clg_user_row *user,
                                clg_error *err)
{
    return store->ops->accounts->token_find(store->impl, token_hash, user, err);
}

clg_status clg_store_login_insert(clg_store *store, int64_t user_id, const char *session_hash,
                                  const char *csrf_token, int64_t expires_at, clg_error *err)
{
    return store->ops->accounts->login_insert(store->impl, user_id, session_hash, csrf_token,
                                              expires_at, err);
}

clg_status clg_store_login_find(clg_store *store, const char *session_hash, int64_t now,
                                clg_user_row *user, char csrf_token[65], clg_error *err)
{
    return store->ops->accounts->login_find(store->impl, session_hash, now, user, csrf_token, err);
}

clg_status clg_store_login_delete(clg_store *store, const char *session_hash, clg_error *err)
{
    return store->ops->accounts->login_delete(store->impl, session_hash, err);
}

clg_status clg_store_user_get(clg_store *store, int64_t clinic, int64_t id, clg_user_row *row,
                              clg_error *err)
{
    return store->ops->accounts->user_get(store->impl, clinic, id, row, err);
}

clg_status clg_store_user_update(clg_store *store, int64_t id, clg_user_role role, bool disabled,
                                 clg_error *err)
{
    return store->ops->accounts->user_update(store->impl, id, role, disabled, err);
}

clg_status clg_store_user_set_password(clg_store *store, int64_t id, const char *password_hash,
                                       clg_error *err)
{
    return store->ops->accounts->user_set_password(store->impl, id, password_hash, err);
}

clg_status clg_store_admin_count(clg_store *store, int64_t clinic, int *count, clg_error *err)
{
    return store->ops->accounts->admin_count(store->impl, clinic, count, err);
}

clg_status clg_store_token_get(clg_store *store, int64_t clinic, int64_t id, clg_token_row *row,
                               clg_error *err)
{
    return store->ops->accounts->token_get(store->impl, clinic, id, row, err);
}

clg_status clg_store_token_list(clg_store *store, int64_t clinic, int64_t user_id,
                                clg_token_visitor visit, void *context, clg_error *err)
{
    return store->ops->accounts->token_list(store->impl, clinic, user_id, visit, context, err);
}

clg_status clg_store_token_revoke(clg_store *store, int64_t id, int64_t user_id, int *revoked,
                                  clg_error *err)
{
    return store->ops->accounts->token_revoke(store->impl, id, user_id, revoked, err);
}

clg_status clg_store_logins_end(clg_store *store, int64_t user_id, const char *keep_session_hash,
                                int *ended, clg_error *err)
{
    return store->ops->accounts->logins_end(store->impl, user_id, keep_session_hash, ended, err);
}

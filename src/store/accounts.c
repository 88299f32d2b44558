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
                                  const char *label, int64_t *id, clg_error *err)
{
    return store->ops->accounts->token_insert(store->impl, user_id, token_hash, label, id, err);
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

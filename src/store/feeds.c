/* Calendar feeds through the store's backend; see feeds.h. */
#include "store/feeds.h"

clg_status clg_store_feed_insert(clg_store *store, int64_t clinic, int64_t client_id,
                                 const char *token_hash, int64_t *id, clg_error *err)
{
    return store->ops->feeds->insert(store->impl, clinic, client_id, token_hash, id, err);
}

clg_status clg_store_feed_revoke(clg_store *store, int64_t clinic, int64_t client_id, int *revoked,
                                 clg_error *err)
{
    return store->ops->feeds->revoke(store->impl, clinic, client_id, revoked, err);
}

clg_status clg_store_feed_find(clg_store *store, const char *token_hash, clg_feed_row *row,
                               clg_error *err)
{
    return store->ops->feeds->find(store->impl, token_hash, row, err);
}

clg_status clg_store_feed_list(clg_store *store, int64_t clinic, int64_t client_id,
                               clg_feed_visitor visit, void *context, clg_error *err)
{
    return store->ops->feeds->list(store->impl, clinic, client_id, visit, context, err);
}

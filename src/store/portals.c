/* Client portal links through the store's backend; see portals.h. */
#include "store/portals.h"

clg_status clg_store_portal_insert(clg_store *store, int64_t clinic, int64_t client_id,
                                   const char *token_hash, int64_t *id, clg_error *err)
{
    return store->ops->portals->insert(store->impl, clinic, client_id, token_hash, id, err);
}

clg_status clg_store_portal_revoke(clg_store *store, int64_t clinic, int64_t client_id,
                                   int *revoked, clg_error *err)
{
    return store->ops->portals->revoke(store->impl, clinic, client_id, revoked, err);
}

clg_status clg_store_portal_find(clg_store *store, const char *token_hash, clg_portal_row *row,
                                 clg_error *err)
{
    return store->ops->portals->find(store->impl, token_hash, row, err);
}

clg_status clg_store_portal_list(clg_store *store, int64_t clinic, int64_t client_id,
                                 clg_portal_visitor visit, void *context, clg_error *err)
{
    return store->ops->portals->list(store->impl, clinic, client_id, visit, context, err);
}

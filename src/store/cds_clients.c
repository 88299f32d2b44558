/* CDS Hooks clients through the store's backend; see cds_clients.h. */
#include "store/cds_clients.h"

clg_status clg_store_cds_client_insert(clg_store *store, int64_t clinic, const char *issuer,
                                       const char *keys_json, int64_t *id, clg_error *err)
{
    return store->ops->cds_clients->insert(store->impl, clinic, issuer, keys_json, id, err);
}

clg_status clg_store_cds_client_find(clg_store *store, const char *issuer, clg_cds_client_row *row,
                                     clg_error *err)
{
    return store->ops->cds_clients->find(store->impl, issuer, row, err);
}

clg_status clg_store_cds_client_list(clg_store *store, int64_t clinic, clg_cds_client_visitor visit,
                                     void *context, clg_error *err)
{
    return store->ops->cds_clients->list(store->impl, clinic, visit, context, err);
}

clg_status clg_store_cds_client_remove(clg_store *store, int64_t clinic, const char *issuer,
                                       int64_t *id, clg_error *err)
{
    return store->ops->cds_clients->remove(store->impl, clinic, issuer, id, err);
}

clg_status clg_store_cds_token_remember(clg_store *store, const char *issuer, const char *jti,
                                        int64_t expires_at, int64_t now, bool *fresh,
                                        clg_error *err)
{
    return store->ops->cds_clients->remember_token(store->impl, issuer, jti, expires_at, now, fresh,
                                                   err);
}

/* Consultation requests through the store's backend; see requests.h. */
#include "store/requests.h"

clg_status clg_store_request_insert(clg_store *store, int64_t clinic, const clg_request_row *row,
                                    const char *address_hash, int64_t *id, clg_error *err)
{
    return store->ops->requests->insert(store->impl, clinic, row, address_hash, id, err);
}

clg_status clg_store_request_count_since(clg_store *store, int64_t clinic, const char *address_hash,
                                         const char *since, int *count, char oldest[32],
                                         clg_error *err)
{
    return store->ops->requests->count_since(store->impl, clinic, address_hash, since, count,
                                             oldest, err);
}

clg_status clg_store_request_forget_addresses(clg_store *store, int64_t clinic, const char *before,
                                              clg_error *err)
{
    return store->ops->requests->forget_addresses(store->impl, clinic, before, err);
}

clg_status clg_store_request_get(clg_store *store, int64_t clinic, int64_t id, clg_request_row *row,
                                 clg_error *err)
{
    return store->ops->requests->get(store->impl, clinic, id, row, err);
}

clg_status clg_store_request_list(clg_store *store, int64_t clinic, clg_request_filter filter,
                                  clg_request_visitor visit, void *context, clg_error *err)
{
    return store->ops->requests->list(store->impl, clinic, filter, visit, context, err);
}

clg_status clg_store_request_close(clg_store *store, int64_t clinic, int64_t id, const char *who,
                                   const char *note, int64_t client_id, int64_t course_id,
                                   int *closed, clg_error *err)
{
    return store->ops->requests->close(store->impl, clinic, id, who, note, client_id, course_id,
                                       closed, err);
}

clg_status clg_store_request_erase_for_client(clg_store *store, int64_t clinic, int64_t client_id,
                                              int *erased, clg_error *err)
{
    return store->ops->requests->erase_for_client(store->impl, clinic, client_id, erased, err);
}

clg_status clg_store_request_erase(clg_store *store, int64_t clinic, int64_t id, int *erased,
                                   clg_error *err)
{
    return store->ops->requests->erase(store->impl, clinic, id, erased, err);
}

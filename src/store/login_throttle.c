/* The failed-login throttle's counts through the store's backend; see login_throttle.h. */
#include "store/login_throttle.h"

clg_status clg_store_login_counts_prune(clg_store *store, int64_t forget_before, int64_t now,
                                        clg_error *err)
{
    return store->ops->login_counts->prune(store->impl, forget_before, now, err);
}

clg_status clg_store_login_count_read(clg_store *store, const char *kind, const char *key,
                                      clg_login_count *count, bool *found, clg_error *err)
{
    return store->ops->login_counts->read(store->impl, kind, key, count, found, err);
}

clg_status clg_store_login_count_write(clg_store *store, const char *kind, const char *key,
                                       const clg_login_count *count, clg_error *err)
{
    return store->ops->login_counts->write(store->impl, kind, key, count, err);
}

clg_status clg_store_login_count_forget(clg_store *store, const char *kind, const char *key,
                                        clg_error *err)
{
    return store->ops->login_counts->forget(store->impl, kind, key, err);
}

clg_status clg_store_login_counts_size(clg_store *store, int64_t *rows, clg_error *err)
{
    return store->ops->login_counts->size(store->impl, rows, err);
}

clg_status clg_store_login_counts_evict(clg_store *store, int64_t now, bool *freed, clg_error *err)
{
    return store->ops->login_counts->evict(store->impl, now, freed, err);
}

/* Reminders by e-mail through the store's backend; see messages.h. */
#include "store/messages.h"

clg_status clg_store_mail_get(clg_store *store, int64_t clinic, clg_mail_settings *mail,
                              clg_error *err)
{
    return store->ops->messages->mail_get(store->impl, clinic, mail, err);
}

clg_status clg_store_mail_set(clg_store *store, int64_t clinic, const clg_mail_settings *mail,
                              clg_error *err)
{
    return store->ops->messages->mail_set(store->impl, clinic, mail, err);
}

clg_status clg_store_message_claim(clg_store *store, int64_t clinic, const clg_message_row *row,
                                   int64_t *id, clg_error *err)
{
    return store->ops->messages->claim(store->impl, clinic, row, id, err);
}

clg_status clg_store_message_find(clg_store *store, int64_t clinic, clg_message_kind kind,
                                  int64_t subject_id, clg_date day, clg_message_row *row,
                                  clg_error *err)
{
    return store->ops->messages->find(store->impl, clinic, kind, subject_id, day, row, err);
}

clg_status clg_store_message_finish(clg_store *store, int64_t clinic, int64_t id,
                                    clg_message_status status, const char *error, clg_error *err)
{
    return store->ops->messages->finish(store->impl, clinic, id, status, error, err);
}

clg_status clg_store_message_list(clg_store *store, int64_t clinic, int64_t client_id,
                                  clg_message_visitor visit, void *context, clg_error *err)
{
    return store->ops->messages->list(store->impl, clinic, client_id, visit, context, err);
}

clg_status clg_store_opt_out_token(clg_store *store, const char *token_hash, int64_t *clinic,
                                   int64_t *client_id, clg_error *err)
{
    return store->ops->messages->opt_out_token(store->impl, token_hash, clinic, client_id, err);
}

clg_status clg_store_opt_out_get(clg_store *store, int64_t clinic, int64_t client_id,
                                 bool *opted_out, char since[32], clg_error *err)
{
    return store->ops->messages->opt_out_get(store->impl, clinic, client_id, opted_out, since, err);
}

clg_status clg_store_opt_out_set(clg_store *store, int64_t clinic, int64_t client_id,
                                 bool opted_out, int *changed, clg_error *err)
{
    return store->ops->messages->opt_out_set(store->impl, clinic, client_id, opted_out, changed,
                                             err);
}

/*
 * Reminders by e-mail in the store (docs/records.md#reminders): the
 * clinic's mail settings, the messages recorded before they are sent (one
 * per clinic, kind, subject and day: the key that makes a message go out
 * at most once), and the clients who opted out. The workflows are the
 * service's (service/reminders.h, service/mail_settings.h).
 */
#ifndef CLG_STORE_MESSAGES_H
#define CLG_STORE_MESSAGES_H

#include <stdbool.h>
#include <stdint.h>

#include "model/message.h"
#include "store/store.h"

typedef int (*clg_message_visitor)(void *context, const clg_message_row *row);

/* The backend's table of functions (store.h's clg_store_ops.messages). */
typedef struct clg_store_message_ops {
    clg_status (*mail_get)(void *impl, int64_t clinic, clg_mail_settings *mail, clg_error *err);
    clg_status (*mail_set)(void *impl, int64_t clinic, const clg_mail_settings *mail,
                           clg_error *err);
    clg_status (*claim)(void *impl, int64_t clinic, const clg_message_row *row, int64_t *id,
                        clg_error *err);
    clg_status (*find)(void *impl, int64_t clinic, clg_message_kind kind, int64_t subject_id,
                       clg_date day, clg_message_row *row, clg_error *err);
    clg_status (*finish)(void *impl, int64_t clinic, int64_t id, clg_message_status status,
                         const char *error, clg_error *err);
    clg_status (*list)(void *impl, int64_t clinic, int64_t client_id, clg_message_visitor visit,
                       void *context, clg_error *err);
    clg_status (*opt_out_token)(void *impl, const char *token_hash, int64_t *clinic,
                                int64_t *client_id, clg_error *err);
    clg_status (*opt_out_get)(void *impl, int64_t clinic, int64_t client_id, bool *opted_out,
                              char since[32], clg_error *err);
    clg_status (*opt_out_set)(void *impl, int64_t clinic, int64_t client_id, bool opted_out,
                              int *changed, clg_error *err);
} clg_store_message_ops;

/* The clinic's mail settings; CLG_ERR_NOT_FOUND naming "smtp_url" when none are set. */
clg_status clg_store_mail_get(clg_store *store, int64_t clinic, clg_mail_settings *mail,
                              clg_error *err);
/* Stores the clinic's mail settings, replacing any ("" texts stored as NULL). */
clg_status clg_store_mail_set(clg_store *store, int64_t clinic, const clg_mail_settings *mail,
                              clg_error *err);

/*
 * Records row (client, kind, subject, day, opt_out_hash) as `recorded`,
 * or takes back a `failed` row of the same key as `recorded`: *id is the
 * row's id. When the key is already held by a row that is recorded or
 * sent, nothing changes and *id is 0: another run has the message.
 */
clg_status clg_store_message_claim(clg_store *store, int64_t clinic, const clg_message_row *row,
                                   int64_t *id, clg_error *err);
/* The message of this key (owned strings not needed: only ids, status); CLG_ERR_NOT_FOUND. */
clg_status clg_store_message_find(clg_store *store, int64_t clinic, clg_message_kind kind,
                                  int64_t subject_id, clg_date day, clg_message_row *row,
                                  clg_error *err);
/* Sets message id's status (sent: sent_at now) and error (NULL clears it). */
clg_status clg_store_message_finish(clg_store *store, int64_t clinic, int64_t id,
                                    clg_message_status status, const char *error, clg_error *err);
/* The client's messages, newest first. */
clg_status clg_store_message_list(clg_store *store, int64_t clinic, int64_t client_id,
                                  clg_message_visitor visit, void *context, clg_error *err);

/* The clinic and client of the message whose opt-out token hashes to token_hash; NOT_FOUND. */
clg_status clg_store_opt_out_token(clg_store *store, const char *token_hash, int64_t *clinic,
                                   int64_t *client_id, clg_error *err);
/* Whether the client opted out, and since when (UTC stamp, "" when not). */
clg_status clg_store_opt_out_get(clg_store *store, int64_t clinic, int64_t client_id,
                                 bool *opted_out, char since[32], clg_error *err);
/* Opts the client out (true) or back in; *changed is 1 when that changed anything. */
clg_status clg_store_opt_out_set(clg_store *store, int64_t clinic, int64_t client_id,
                                 bool opted_out, int *changed, clg_error *err);

#endif

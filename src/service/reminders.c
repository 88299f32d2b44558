/*
 * Reminders by e-mail; see reminders.h and docs/records.md#reminders.
 *
 * A run reads what is due in one read transaction, then takes each
 * message through three steps: record it (its own committed write
 * transaction, audited `message.record`), send it (no transaction open:
 * the relay may take seconds), and write down what the relay said
 * (`message.finish`). Only the first step decides whether a message goes
 * out, and it decides under the database's write lock.
 */
#include "service/reminders.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/json_writer.h"
#include "base/smtp.h"
#include "service/clinic.h"
#include "service/mail_settings.h"
#include "service/records_internal.h"

const char *clg_remind_outcome_word(clg_remind_outcome outcome)
{
    static const char *const words[CLG_REMIND_OUTCOMES] = {
        "sent",         "would send",           "failed",    "unconfirmed", "not confirmed",
        "already sent", "taken by another run", "no e-mail", "opted out"};
    return outcome < CLG_REMIND_OUTCOMES ? words[outcome] : "?";
}

/* ---- what is due ---- */

typedef struct item_list {
    clg_remind_item *items;
    int count, capacity;
    bool out_of_memory;
} item_list;

static clg_remind_item *item_add(item_list *list)
{
    if (list->count == list->capacity) {
        int capacity = list->capacity ? list->capacity * 2 : 16;
        clg_remind_item *grown = realloc(list->items, (size_t)capacity * sizeof *grown);
        if (grown == NULL) {
            list->out_of_memory = true;
            return NULL;
        }
        list->items = grown;
        list->capacity = capacity;
    }
    clg_remind_item *item = &list->items[list->count++];
    memset(item, 0, sizeof *item);
    return item;
}

static int visit_booking(void *context, const clg_diary_row *row)
{
    clg_remind_item *item = item_add(context);
    if (item == NULL)
        return 1;
    item->kind = CLG_MESSAGE_REMINDER;
    item->subject_id = row->booking_id;
    item->course_id = row->course_id;
    item->client_id = row->client_id;
    item->day = row->date;
    item->booking = *row;
    item->booking.phone = NULL;
    item->booking.name = NULL; /* set to item->name once the list stops moving */
    return 0;
}

/* A course whose maintenance falls due, not booked yet: a booked visit needs no recall. */
static int visit_due(void *context, const clg_due_row *row)
{
    if (row->kind != CLG_NEXT_MAINTENANCE || row->booked != 0)
        return 0;
    clg_remind_item *item = item_add(context);
    if (item == NULL)
        return 1;
    item->kind = CLG_MESSAGE_RECALL;
    item->subject_id = row->course_id;
    item->course_id = row->course_id;
    item->client_id = row->client_id;
    item->day = row->due;
    return 0;
}

/* The client's name, address and opt-out, and what an earlier run left of the message. */
static clg_status item_details(const clg_records *r, clg_remind_item *item, clg_error *err)
{
    clg_client_row client = {0};
    clg_status status = clg_store_client_get(r->store, r->clinic, item->client_id, &client, err);
    if (status != CLG_OK)
        return status;
    snprintf(item->name, sizeof item->name, "%s", client.name ? client.name : "");
    bool reachable = client.email && client.erased_at == NULL && client.merged_into == 0;
    snprintf(item->email, sizeof item->email, "%s", reachable ? client.email : "");
    clg_store_row_free(client.storage);
    char since[32];
    if ((status = clg_store_opt_out_get(r->store, r->clinic, item->client_id, &item->opted_out,
                                        since, err)) != CLG_OK)
        return status;
    clg_message_row earlier;
    status = clg_store_message_find(r->store, r->clinic, item->kind, item->subject_id, item->day,
                                    &earlier, err);
    if (status == CLG_OK) {
        item->has_earlier = true;
        item->earlier = earlier.status;
    }
    return status == CLG_ERR_NOT_FOUND ? CLG_OK : status;
}

static clg_status collect(const clg_records *r, clg_date on, item_list *list, clg_error *err)
{
    clg_status status = clg_store_begin(r->store, false, err);
    if (status != CLG_OK)
        return status;
    status = clg_store_diary_list(r->store, r->clinic, on + 1, on + 1, visit_booking, list, err);
    if (status == CLG_OK)
        status = clg_store_due_list(r->store, r->clinic, on, visit_due, list, err);
    if (status == CLG_OK && list->out_of_memory)
        status = clg_error_set(err, CLG_ERR_IO, "remind", "out of memory");
    for (int i = 0; status == CLG_OK && i < list->count; i++) {
        status = item_details(r, &list->items[i], err);
        list->items[i].booking.name = list->items[i].name;
    }
    clg_store_rollback(r->store); /* read only */
    return status;
}

/* ---- one message ---- */

static clg_status audit_message(const clg_records *r, const char *action,
                                const clg_remind_item *item, int64_t id,
                                const clg_message_status *status, const char *error, clg_error *err)
{
    clg_buffer after = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &after, false);
    clg_json_begin_object(&w);
    clg_json_member_int(&w, "message", id);
    clg_json_member_string(&w, "kind", clg_message_kind_word(item->kind));
    clg_json_member_int(&w, item->kind == CLG_MESSAGE_REMINDER ? "booking" : "course",
                        item->subject_id);
    clg_json_member_date(&w, "day", item->day);
    if (status == NULL) /* "email": the audit reader masks it once the client is erased */
        clg_json_member_string(&w, "email", item->email);
    else
        clg_json_member_string(&w, "status", clg_message_status_word(*status));
    if (error != NULL)
        clg_json_member_string(&w, "error", error);
    clg_json_end_object(&w);
    clg_audit_entry entry = {.who = r->who,
                             .action = action,
                             .entity = "client",
                             .entity_id = item->client_id,
                             .after = after.data};
    clg_status result = clg_store_audit_append(r->store, r->clinic, &entry, err);
    clg_buffer_free(&after);
    return result;
}

/*
 * Step 1: records the message (committed), unless the client opted out
 * meanwhile or another run holds its key. *id is 0 when it is not ours.
 */
static clg_status record(const clg_records *r, clg_remind_item *item, const char *token_hash,
                         int64_t *id, clg_error *err)
{
    *id = 0;
    clg_status status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK)
        return status;
    char since[32];
    status =
        clg_store_opt_out_get(r->store, r->clinic, item->client_id, &item->opted_out, since, err);
    if (status == CLG_OK && !item->opted_out) {
        clg_message_row row = {.client_id = item->client_id,
                               .kind = item->kind,
                               .subject_id = item->subject_id,
                               .day = item->day,
                               .opt_out_hash = token_hash};
        status = clg_store_message_claim(r->store, r->clinic, &row, id, err);
    }
    if (status == CLG_OK && *id != 0)
        status = audit_message(r, "message.record", item, *id, NULL, NULL, err);
    status = clg_store_finish(r->store, status, err);
    if (status != CLG_OK)
        *id = 0;
    return status;
}

/* Step 3: what the relay said. */
static clg_status finish(const clg_records *r, const clg_remind_item *item, int64_t id,
                         clg_message_status message_status, const char *error, clg_error *err)
{
    clg_status status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK)
        return status;
    status = clg_store_message_finish(r->store, r->clinic, id, message_status, error, err);
    if (status == CLG_OK)
        status = audit_message(r, "message.finish", item, id, &message_status, error, err);
    return clg_store_finish(r->store, status, err);
}

/* The domain of the sending address, for Message-ID. */
static const char *from_domain(const clg_mail_settings *mail)
{
    const char *at = strrchr(mail->mail_from, '@');
    return at && at[1] ? at + 1 : "collagenda.invalid";
}

typedef struct run_context {
    const clg_records *r;
    clg_remind_run *run;
    const clg_clinic_settings *clinic;
    const clg_mail_settings *mail;
} run_context;

static void report(run_context *c, const clg_remind_item *item, clg_remind_outcome outcome,
                   const char *detail)
{
    c->run->counts[outcome]++;
    if (c->run->report)
        c->run->report(c->run->context, item, outcome, detail);
}

/* What an earlier run's row means for this one. */
static clg_remind_outcome earlier_outcome(clg_message_status status)
{
    return status == CLG_MESSAGE_SENT ? CLG_REMIND_ALREADY_SENT : CLG_REMIND_NOT_CONFIRMED;
}

static clg_status send_one(run_context *c, clg_remind_item *item, clg_error *err)
{
    const clg_records *r = c->r;
    if (item->email[0] == '\0') {
        report(c, item, CLG_REMIND_NO_EMAIL, NULL);
        return CLG_OK;
    }
    if (item->opted_out) {
        report(c, item, CLG_REMIND_OPTED_OUT, NULL);
        return CLG_OK;
    }
    /* A failed message is certainly unsent: it goes again; any other row never does. */
    if (item->has_earlier && item->earlier != CLG_MESSAGE_FAILED) {
        report(c, item, earlier_outcome(item->earlier), NULL);
        return CLG_OK;
    }
    if (c->run->dry_run) {
        report(c, item, CLG_REMIND_WOULD_SEND, NULL);
        return CLG_OK;
    }
    char token[CLG_SECRET_TEXT_SIZE], hash[CLG_SECRET_HASH_TEXT_SIZE];
    clg_secret_new(token);
    clg_secret_hash(token, hash);
    int64_t id;
    clg_status status = record(r, item, hash, &id, err);
    if (status != CLG_OK)
        return status;
    if (id == 0) {
        if (item->opted_out) {
            report(c, item, CLG_REMIND_OPTED_OUT, NULL);
        } else {
            report(c, item, CLG_REMIND_TAKEN, NULL);
        }
        return CLG_OK;
    }

    char url[CLG_MAIL_URL_SIZE + 96], message_id[160];
    snprintf(url, sizeof url, "%s" CLG_OPT_OUT_PATH "%s", c->mail->public_url, token);
    snprintf(message_id, sizeof message_id, "<collagenda-%lld-%lld-%.16s@%s>", (long long)r->clinic,
             (long long)id, token + 48, from_domain(c->mail));
    clg_remind_letter letter = {.item = item,
                                .clinic = c->clinic,
                                .mail = c->mail,
                                .opt_out_url = url,
                                .message_id = message_id,
                                .now = (long long)time(NULL)};
    clg_buffer message = CLG_BUFFER_INIT;
    clg_error compose_err;
    char detail[sizeof compose_err.message + 64] = "";
    clg_smtp_result sent = CLG_SMTP_NOT_SENT;
    if (c->run->compose(c->run->context, &letter, &message, &compose_err) != CLG_OK) {
        snprintf(detail, sizeof detail, "could not write the message: %s", compose_err.message);
    } else {
        clg_smtp_relay relay = {.url = c->mail->smtp_url,
                                .user = c->mail->smtp_user,
                                .password = c->mail->smtp_password};
        sent = clg_smtp_send(&relay, c->mail->mail_from, item->email, message.data, message.length,
                             detail, sizeof detail);
    }
    clg_buffer_free(&message);
    memset(token, 0, sizeof token);
    clg_message_status final = sent == CLG_SMTP_SENT       ? CLG_MESSAGE_SENT
                               : sent == CLG_SMTP_NOT_SENT ? CLG_MESSAGE_FAILED
                                                           : CLG_MESSAGE_RECORDED;
    status = finish(r, item, id, final, sent == CLG_SMTP_SENT ? NULL : detail, err);
    report(c, item,
           sent == CLG_SMTP_SENT       ? CLG_REMIND_SENT
           : sent == CLG_SMTP_NOT_SENT ? CLG_REMIND_FAILED
                                       : CLG_REMIND_UNCONFIRMED,
           sent == CLG_SMTP_SENT ? NULL : detail);
    return status;
}

static clg_status mail_ready(const clg_records *r, clg_mail_settings *mail, clg_error *err)
{
    bool set;
    clg_status status = clg_records_mail_settings(r, mail, &set, err);
    if (status != CLG_OK)
        return status;
    if (!set)
        return clg_error_set(err, CLG_ERR_INVALID, "smtp_url",
                             "the clinic's mail is not set up; run `collagenda clinic set "
                             "--smtp-url smtp://HOST:PORT --mail-from ADDRESS --public-url URL`");
    if (mail->public_url[0] == '\0')
        return clg_error_set(err, CLG_ERR_INVALID, "public_url",
                             "the clinic has no public URL for the opt-out link in each message; "
                             "run `collagenda clinic set --public-url https://...`");
    return CLG_OK;
}

clg_status clg_records_remind(const clg_records *r, clg_remind_run *run, clg_error *err)
{
    memset(run->counts, 0, sizeof run->counts);
    clg_mail_settings mail;
    clg_clinic_settings clinic;
    item_list list = {0};
    clg_status status = mail_ready(r, &mail, err);
    if (status == CLG_OK)
        status = clg_records_clinic_settings(r, &clinic, err);
    if (status == CLG_OK && run->on >= CLG_DATE_LAST)
        status = clg_error_set(err, CLG_ERR_INVALID, "on", "the day after is past 9999-12-31");
    if (status == CLG_OK)
        status = collect(r, run->on, &list, err);
    run_context context = {r, run, &clinic, &mail};
    for (int i = 0; status == CLG_OK && i < list.count; i++)
        status = send_one(&context, &list.items[i], err);
    free(list.items);
    memset(&mail, 0, sizeof mail); /* the password */
    return status;
}

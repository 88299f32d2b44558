/*
 * Reminders by e-mail (docs/records.md#reminders): `collagenda remind`'s
 * workflow, the opt-out and what staff see.
 *
 * For the day `on`, a reminder goes to each client booked on the day after,
 * and a recall for each course whose maintenance visit falls due on or
 * before `on` (and is not booked), once per due day. Each message is
 * recorded in a committed transaction before it is sent, under a key
 * (clinic, kind, subject, day) that no second row can take: a second run
 * finds it and sends nothing, a concurrent run's record waits for the
 * first and then finds it taken, and a run that dies between recording and
 * sending leaves it `recorded`, which no later run sends again (at most
 * once; shown as "not confirmed"). A message the relay certainly did not
 * take is `failed`, and the next run may try it again.
 *
 * The service does not render: the caller composes each message (the
 * compose callback: render/reminder_mail.h) and is told each outcome (the
 * report callback). Sending is base/smtp.h's.
 */
#ifndef CLG_SERVICE_REMINDERS_H
#define CLG_SERVICE_REMINDERS_H

#include <stdbool.h>
#include <stdint.h>

#include "base/buffer.h"
#include "base/credentials.h"
#include "model/clinic.h"
#include "model/diary.h"
#include "model/message.h"
#include "service/records.h"
#include "store/messages.h"

typedef enum clg_remind_outcome {
    CLG_REMIND_SENT,          /* sent now */
    CLG_REMIND_WOULD_SEND,    /* --dry-run: would be sent */
    CLG_REMIND_FAILED,        /* the relay did not take it (a later run may try again) */
    CLG_REMIND_UNCONFIRMED,   /* sent out, no answer: maybe delivered, never sent again */
    CLG_REMIND_NOT_CONFIRMED, /* an earlier run recorded it and did not confirm it */
    CLG_REMIND_ALREADY_SENT,  /* an earlier run sent it */
    CLG_REMIND_TAKEN,         /* another run recorded it while this one ran */
    CLG_REMIND_NO_EMAIL,      /* the client has no e-mail address on file */
    CLG_REMIND_OPTED_OUT,     /* the client asked for no more reminders */
    CLG_REMIND_OUTCOMES
} clg_remind_outcome;

/* "sent", "would send", "failed", "not confirmed", ...: the words `remind` prints. */
const char *clg_remind_outcome_word(clg_remind_outcome outcome);

/* One message to consider: a booking's reminder or a course's recall. */
typedef struct clg_remind_item {
    clg_message_kind kind;
    int64_t subject_id; /* the booking, or the course */
    int64_t course_id;
    int64_t client_id;
    clg_date day; /* the booking's day, or the day maintenance falls due */
    /* A reminder's booking as the diary reads it: name points into name, phone is NULL. */
    clg_diary_row booking;
    char name[CLG_NAME_MAX_BYTES + 1];
    char email[CLG_EMAIL_MAX_BYTES + 1]; /* "" when none is on file */
    bool opted_out;
    clg_message_status earlier; /* when has_earlier: the status a run left */
    bool has_earlier;
} clg_remind_item;

/* What the compose callback needs to write one message. */
typedef struct clg_remind_letter {
    const clg_remind_item *item;
    const clg_clinic_settings *clinic;
    const clg_mail_settings *mail;
    const char *opt_out_url; /* PUBLIC_URL/opt-out/TOKEN */
    const char *message_id;  /* "<...@...>" */
    long long now;
} clg_remind_letter;

typedef clg_status (*clg_remind_compose)(void *context, const clg_remind_letter *letter,
                                         clg_buffer *out, clg_error *err);
/* detail: the relay's error for failed and unconfirmed ones, else NULL. */
typedef void (*clg_remind_report)(void *context, const clg_remind_item *item,
                                  clg_remind_outcome outcome, const char *detail);

typedef struct clg_remind_run {
    clg_date on;
    bool dry_run;
    clg_remind_compose compose;
    clg_remind_report report;
    void *context;
    int counts[CLG_REMIND_OUTCOMES]; /* filled by the run */
} clg_remind_run;

/*
 * Runs the reminders of run->on (see above), reporting each message. An
 * error is returned only for what stops the whole run: the clinic's mail is
 * not set up (CLG_ERR_INVALID naming smtp_url or public_url), or the
 * database failed; a message the relay refused is counted, not an error.
 */
clg_status clg_records_remind(const clg_records *records, clg_remind_run *run, clg_error *err);

/* ---- the opt-out link, and what staff see ---- */

#define CLG_OPT_OUT_PATH "/opt-out/"

/*
 * Opts out the client whose message carried token (64 hex characters),
 * audited `client.opt_out` as who; opting out twice is not an error.
 * Anything else is CLG_ERR_NOT_FOUND naming "token", whatever the case.
 * *clinic_name (may be NULL) gets the clinic's name for the page.
 */
clg_status clg_records_opt_out_by_token(clg_store *store, const char *token, const char *who,
                                        char clinic_name[CLG_NAME_MAX_BYTES + 1], clg_error *err);

/* Whether a token names a message at all (the page's GET): CLG_ERR_NOT_FOUND if not. */
clg_status clg_records_opt_out_check(clg_store *store, const char *token,
                                     char clinic_name[CLG_NAME_MAX_BYTES + 1], clg_error *err);

/*
 * Staff turn a client's reminders on or off, audited `client.reminders`
 * with the state before and after; CLG_ERR_NOT_FOUND naming "client".
 */
clg_status clg_records_reminders_set(const clg_records *records, int64_t client_id, bool on,
                                     clg_error *err);

/*
 * The client's messages, newest first, and whether they opted out (since:
 * when, UTC; "" when not). CLG_ERR_NOT_FOUND naming "client".
 */
clg_status clg_records_messages_list(const clg_records *records, int64_t client_id,
                                     clg_message_visitor visit, void *context, bool *opted_out,
                                     char since[32], clg_error *err);

#endif

/*
 * Reminders by e-mail (docs/records.md#reminders): how a clinic sends mail,
 * and each message the clinic recorded before sending it.
 */
#ifndef CLG_MODEL_MESSAGE_H
#define CLG_MODEL_MESSAGE_H

#include <stdbool.h>
#include <stdint.h>

#include "collagenda/collagenda.h"

/* Room for a URL setting (the SMTP relay's, the public one) and its NUL. */
#define CLG_MAIL_URL_SIZE 256
/* Room for the relay's user name or password and its NUL. */
#define CLG_MAIL_SECRET_SIZE 256

/*
 * How the clinic sends mail; each text "" when not set. The password is
 * kept in the clear because the relay needs it (docs/records.md#reminders).
 */
typedef struct clg_mail_settings {
    char smtp_url[CLG_MAIL_URL_SIZE]; /* smtp://host:port or smtps://host:port */
    char mail_from[CLG_EMAIL_MAX_BYTES + 1];
    char smtp_user[CLG_MAIL_SECRET_SIZE];
    char smtp_password[CLG_MAIL_SECRET_SIZE];
    char public_url[CLG_MAIL_URL_SIZE]; /* https://clinic.example, no trailing slash */
} clg_mail_settings;

typedef enum clg_message_kind {
    CLG_MESSAGE_REMINDER, /* the day before a booking; subject: the booking */
    CLG_MESSAGE_RECALL,   /* maintenance falls due; subject: the course */
} clg_message_kind;

typedef enum clg_message_status {
    CLG_MESSAGE_RECORDED, /* recorded, not (yet, or not knowingly) sent */
    CLG_MESSAGE_SENT,     /* the relay accepted it */
    CLG_MESSAGE_FAILED,   /* certainly not sent: the next run may try again */
} clg_message_status;

/* "reminder" / "recall"; "recorded" / "sent" / "failed": the words the records use. */
const char *clg_message_kind_word(clg_message_kind kind);
const char *clg_message_status_word(clg_message_status status);

typedef struct clg_message_row {
    int64_t id;
    int64_t client_id;
    clg_message_kind kind;
    int64_t subject_id; /* the booking (reminder) or the course (recall) */
    clg_date day;       /* the booking's day, or the maintenance's due day */
    clg_message_status status;
    const char *opt_out_hash; /* written only, never read back */
    const char *recorded_at;  /* UTC, "2027-01-04T09:30:00.123Z" */
    const char *sent_at;      /* NULL unless sent */
    const char *error;        /* NULL unless the sending failed */
} clg_message_row;

#endif

/*
 * A reminder or recall as an e-mail (RFC 5322, MIME): the words for the
 * client in text/plain and the visit's calendar attached as text/calendar
 * (METHOD:PUBLISH), with a one-click opt-out (RFC 8058). See
 * docs/records.md#reminders.
 */
#ifndef CLG_RENDER_REMINDER_MAIL_H
#define CLG_RENDER_REMINDER_MAIL_H

#include <stdint.h>

#include "base/buffer.h"
#include "model/clinic.h"
#include "model/diary.h"
#include "model/message.h"

typedef struct clg_reminder_mail {
    const clg_clinic_settings *clinic; /* name, address, phone, e-mail, zone */
    const char *from;                  /* the clinic's sending address */
    const char *to;
    const char *client_name;
    clg_message_kind kind;
    const clg_diary_row *booking; /* a reminder's booking (its phone is not shown) */
    clg_date due;                 /* a recall's due day */
    int64_t course_id;            /* a recall's course */
    const char *opt_out_url;      /* absolute: PUBLIC_URL/opt-out/TOKEN */
    const char *message_id;       /* "<...@...>" */
    long long now;                /* seconds since 1970: Date and DTSTAMP */
} clg_reminder_mail;

/* The subject line, unencoded: "Reminder: your visit to Praxis on Tuesday 5 January 2027". */
void clg_reminder_mail_subject(const clg_reminder_mail *mail, char *out, size_t size);

/* The whole message, CRLF lines, into out; fails only when libical cannot build the calendar. */
clg_status clg_render_reminder_mail(const clg_reminder_mail *mail, clg_buffer *out, clg_error *err);

#endif

/*
 * Sending one e-mail through an SMTP relay (libcurl): the small mail
 * transport reminders use (docs/design.md#base). It knows nothing of
 * clinics: it takes a relay, an envelope and the message's bytes, and says
 * whether the relay took the message, certainly did not, or whether that
 * cannot be known (the connection was lost after the whole message went
 * out), which the caller must not take as "not sent".
 */
#ifndef CLG_BASE_SMTP_H
#define CLG_BASE_SMTP_H

#include <stddef.h>

typedef struct clg_smtp_relay {
    const char *url;      /* smtp://host:port (STARTTLS when user is set) or smtps://host:port */
    const char *user;     /* NULL or "": no AUTH */
    const char *password; /* with user */
    long timeout_seconds; /* the whole exchange; 0 for 60 */
} clg_smtp_relay;

typedef enum clg_smtp_result {
    CLG_SMTP_SENT,     /* the relay accepted the message (250 after its end) */
    CLG_SMTP_NOT_SENT, /* certainly not delivered: refused, or cut before its end went out */
    CLG_SMTP_UNKNOWN,  /* the whole message went out, then no answer: maybe delivered */
} clg_smtp_result;

/*
 * Sends message (length bytes, CRLF lines, headers included) from the
 * envelope sender from to the one recipient to. error (error_size bytes)
 * says why when the result is not CLG_SMTP_SENT. A certificate is checked
 * against the system's authorities, or the file $CURL_CA_BUNDLE names.
 */
clg_smtp_result clg_smtp_send(const clg_smtp_relay *relay, const char *from, const char *to,
                              const char *message, size_t length, char *error, size_t error_size);

#endif

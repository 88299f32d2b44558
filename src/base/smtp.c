/*
 * One message through an SMTP relay with libcurl; see smtp.h. Whether a
 * failed exchange may have delivered the message is read from how far the
 * message's bytes got: libcurl ends the DATA with "." only after our read
 * callback has said "no more", so a failure before that cannot have left
 * a message the relay accepted (docs/records.md#reminders).
 */
#include "base/smtp.h"

#include <curl/curl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { DEFAULT_TIMEOUT_SECONDS = 60, CONNECT_TIMEOUT_SECONDS = 20 };

typedef struct upload {
    const char *data;
    size_t length;
    size_t sent;
    bool ended; /* the callback answered 0: libcurl then ends the DATA */
} upload;

static size_t read_message(char *buffer, size_t size, size_t count, void *context)
{
    upload *u = context;
    size_t room = size * count, left = u->length - u->sent;
    size_t n = left < room ? left : room;
    if (n == 0) {
        u->ended = true;
        return 0;
    }
    memcpy(buffer, u->data + u->sent, n);
    u->sent += n;
    return n;
}

/* Refusals that are answers from the relay (or no relay at all): nothing was delivered. */
static bool is_refusal(CURLcode code)
{
    switch (code) {
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_LOGIN_DENIED:
    case CURLE_AUTH_ERROR:
    case CURLE_USE_SSL_FAILED:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_WEIRD_SERVER_REPLY: /* a reply other than 250 to the message's end */
        return true;
    default:
        return false;
    }
}

static bool curl_ready(void)
{
    static bool done, ok;
    if (!done) {
        ok = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
        done = true;
    }
    return ok;
}

clg_smtp_result clg_smtp_send(const clg_smtp_relay *relay, const char *from, const char *to,
                              const char *message, size_t length, char *error, size_t error_size)
{
    char curl_error[CURL_ERROR_SIZE] = "";
    char envelope_from[300], envelope_to[300];
    snprintf(error, error_size, "%s", "");
    if (!curl_ready()) {
        snprintf(error, error_size, "libcurl could not start");
        return CLG_SMTP_NOT_SENT;
    }
    CURL *curl = curl_easy_init();
    struct curl_slist *recipients = NULL;
    if (curl == NULL) {
        snprintf(error, error_size, "out of memory");
        return CLG_SMTP_NOT_SENT;
    }
    snprintf(envelope_from, sizeof envelope_from, "<%s>", from);
    snprintf(envelope_to, sizeof envelope_to, "<%s>", to);
    recipients = curl_slist_append(NULL, envelope_to);
    upload body = {message, length, 0, false};
    bool authenticated = relay->user != NULL && relay->user[0] != '\0';
    long timeout = relay->timeout_seconds > 0 ? relay->timeout_seconds : DEFAULT_TIMEOUT_SECONDS;
    curl_easy_setopt(curl, CURLOPT_URL, relay->url);
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, envelope_from);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_message);
    curl_easy_setopt(curl, CURLOPT_READDATA, &body);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, (curl_off_t)length);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, (long)CONNECT_TIMEOUT_SECONDS);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, timeout);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, curl_error);
    /* A password never crosses the network in the clear: STARTTLS is required with AUTH. */
    curl_easy_setopt(curl, CURLOPT_USE_SSL,
                     authenticated ? (long)CURLUSESSL_ALL : (long)CURLUSESSL_TRY);
    if (authenticated) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, relay->user);
        curl_easy_setopt(curl, CURLOPT_PASSWORD, relay->password ? relay->password : "");
    }
    const char *ca_file = getenv("CURL_CA_BUNDLE");
    if (ca_file != NULL && ca_file[0] != '\0')
        curl_easy_setopt(curl, CURLOPT_CAINFO, ca_file);
    CURLcode code = recipients ? curl_easy_perform(curl) : CURLE_OUT_OF_MEMORY;
    clg_smtp_result result = CLG_SMTP_SENT;
    if (code != CURLE_OK) {
        snprintf(error, error_size, "%s", curl_error[0] ? curl_error : curl_easy_strerror(code));
        result = !body.ended || is_refusal(code) ? CLG_SMTP_NOT_SENT : CLG_SMTP_UNKNOWN;
    }
    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);
    return result;
}

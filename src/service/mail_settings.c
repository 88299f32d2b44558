/*
 * The clinic's mail settings; see mail_settings.h. The checks are here so
 * that `clinic set` and PUT /api/v1/clinic/mail refuse the same things in
 * the same words.
 */
#include "service/mail_settings.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/messages.h"

enum { PORT_MAX = 65535 };

static bool is_host_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-';
}

/*
 * After a scheme: a host name, a dotted address or a bracketed IPv6 one,
 * then an optional :port (1 to 65535); *end is where that stops.
 */
static bool host_and_port(const char *text, const char **end)
{
    const char *c = text;
    if (*c == '[') {
        for (c++; *c && *c != ']'; c++)
            if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'f') ||
                  (*c >= 'A' && *c <= 'F') || *c == ':' || *c == '.'))
                return false;
        if (*c++ != ']' || c - text < 4)
            return false;
    } else {
        while (is_host_char(*c))
            c++;
        if (c == text)
            return false;
    }
    if (*c == ':') {
        long port = 0;
        const char *digits = ++c;
        for (; *c >= '0' && *c <= '9' && port <= PORT_MAX; c++)
            port = port * 10 + (*c - '0');
        if (c == digits || port < 1 || port > PORT_MAX)
            return false;
    }
    *end = c;
    return true;
}

static clg_status smtp_url_check(const char *text, clg_error *err)
{
    const char *rest = NULL, *end = NULL;
    if (strncmp(text, "smtp://", 7) == 0)
        rest = text + 7;
    else if (strncmp(text, "smtps://", 8) == 0)
        rest = text + 8;
    if (rest == NULL || strlen(text) >= CLG_MAIL_URL_SIZE || !host_and_port(rest, &end) ||
        !(*end == '\0' || (*end == '/' && end[1] == '\0')))
        return clg_error_set(err, CLG_ERR_INVALID, "smtp_url",
                             "'%.100s' is not an SMTP relay; use smtp://HOST:PORT (STARTTLS, "
                             "required with a user) or smtps://HOST:PORT (TLS from the start), "
                             "without a user, password or path (the relay's user and "
                             "password are settings of their own)",
                             text);
    return CLG_OK;
}

static clg_status public_url_check(const char *text, clg_error *err)
{
    const char *rest = NULL, *end = NULL;
    if (strncmp(text, "https://", 8) == 0)
        rest = text + 8;
    else if (strncmp(text, "http://", 7) == 0)
        rest = text + 7;
    bool ok = rest != NULL && strlen(text) < CLG_MAIL_URL_SIZE - 80 && host_and_port(rest, &end);
    for (const char *c = end; ok && *c; c++) /* a path: no query, fragment, space or quote */
        ok = *c > 0x20 && *c < 0x7f && !strchr("?#\"'<>\\`", *c);
    if (ok && *end != '\0' && *end != '/')
        ok = false;
    if (!ok)
        return clg_error_set(err, CLG_ERR_INVALID, "public_url",
                             "'%.100s' is not the clinic's public address; use an address such "
                             "as https://clinic.example (where `collagenda serve` answers), "
                             "without a query",
                             text);
    return CLG_OK;
}

/* A relay's user or password: up to 255 bytes of clean text, no line breaks. */
static clg_status secret_check(const char *field, const char *text, clg_error *err)
{
    if (strlen(text) >= CLG_MAIL_SECRET_SIZE)
        return clg_error_set(err, CLG_ERR_INVALID, field, "is longer than %d bytes",
                             CLG_MAIL_SECRET_SIZE - 1);
    for (const unsigned char *c = (const unsigned char *)text; *c; c++)
        if (*c < 0x20 || *c == 0x7f)
            return clg_error_set(err, CLG_ERR_INVALID, field,
                                 "holds a control character (a line break?)");
    return CLG_OK;
}

static clg_status apply(const clg_mail_change *c, clg_mail_settings *m, clg_error *err)
{
    clg_status status = CLG_OK;
    if (c->smtp_url && (status = smtp_url_check(c->smtp_url, err)) == CLG_OK)
        snprintf(m->smtp_url, sizeof m->smtp_url, "%s", c->smtp_url);
    if (status == CLG_OK && c->mail_from) {
        if (c->mail_from[0] == '\0' || strlen(c->mail_from) > CLG_EMAIL_MAX_BYTES)
            status = clg_error_set(err, CLG_ERR_INVALID, "mail_from",
                                   "give the address reminders come from, such as "
                                   "desk@clinic.example");
        else if ((status = clg_email_check("mail_from", c->mail_from, err)) == CLG_OK)
            snprintf(m->mail_from, sizeof m->mail_from, "%s", c->mail_from);
    }
    if (status == CLG_OK && c->smtp_user &&
        (status = secret_check("smtp_user", c->smtp_user, err)) == CLG_OK) {
        snprintf(m->smtp_user, sizeof m->smtp_user, "%s", c->smtp_user);
        if (c->smtp_user[0] == '\0')
            m->smtp_password[0] = '\0';
    }
    if (status == CLG_OK && c->smtp_password &&
        (status = secret_check("smtp_password", c->smtp_password, err)) == CLG_OK)
        snprintf(m->smtp_password, sizeof m->smtp_password, "%s", c->smtp_password);
    if (status == CLG_OK && c->public_url && c->public_url[0] &&
        (status = public_url_check(c->public_url, err)) == CLG_OK) {
        snprintf(m->public_url, sizeof m->public_url, "%s", c->public_url);
        size_t length = strlen(m->public_url); /* links add "/opt-out/...": no trailing slash */
        while (length > 0 && m->public_url[length - 1] == '/')
            m->public_url[--length] = '\0';
    } else if (status == CLG_OK && c->public_url) {
        m->public_url[0] = '\0';
    }
    if (status != CLG_OK)
        return status;
    if (m->smtp_url[0] == '\0')
        return clg_error_set(err, CLG_ERR_INVALID, "smtp_url",
                             "the clinic has no SMTP relay yet; give one (smtp://HOST:PORT or "
                             "smtps://HOST:PORT)");
    if (m->mail_from[0] == '\0')
        return clg_error_set(err, CLG_ERR_INVALID, "mail_from",
                             "the clinic has no sending address yet; give the address reminders "
                             "come from");
    if (m->smtp_password[0] && !m->smtp_user[0])
        return clg_error_set(err, CLG_ERR_INVALID, "smtp_password",
                             "a password needs a user (smtp_user)");
    if (m->smtp_user[0] && !m->smtp_password[0])
        return clg_error_set(err, CLG_ERR_INVALID, "smtp_password",
                             "a user needs a password (smtp_password)");
    return CLG_OK;
}

static void member_or_null(clg_json_writer *w, const char *key, const char *value)
{
    clg_json_key(w, key);
    if (value[0])
        clg_json_string(w, value);
    else
        clg_json_null(w);
}

void clg_mail_settings_json_members(const clg_mail_settings *mail, clg_json_writer *w)
{
    member_or_null(w, "smtp_url", mail->smtp_url);
    member_or_null(w, "mail_from", mail->mail_from);
    member_or_null(w, "smtp_user", mail->smtp_user);
    clg_json_key(w, "smtp_password_set");
    clg_json_bool(w, mail->smtp_password[0] != '\0');
    member_or_null(w, "public_url", mail->public_url);
}

static char *settings_json(const clg_mail_settings *mail)
{
    clg_buffer out = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &out, false);
    clg_json_begin_object(&w);
    clg_mail_settings_json_members(mail, &w);
    clg_json_end_object(&w);
    return out.data;
}

clg_status clg_records_mail_settings(const clg_records *r, clg_mail_settings *mail, bool *set,
                                     clg_error *err)
{
    *set = false;
    clg_status status = clg_store_begin(r->store, false, err);
    if (status != CLG_OK)
        return status;
    status = clg_store_mail_get(r->store, r->clinic, mail, err);
    clg_store_rollback(r->store); /* read only */
    if (status == CLG_OK)
        *set = true;
    else if (status == CLG_ERR_NOT_FOUND)
        status = CLG_OK;
    return status;
}

clg_status clg_records_mail_update(const clg_records *r, const clg_mail_change *change,
                                   clg_mail_settings *after, clg_error *err)
{
    if (!change->smtp_url && !change->mail_from && !change->smtp_user && !change->smtp_password &&
        !change->public_url)
        return clg_error_set(err, CLG_ERR_INVALID, "settings",
                             "give at least one of smtp_url, mail_from, smtp_user, "
                             "smtp_password, public_url");
    clg_mail_settings old, new;
    char *before_json = NULL, *after_json = NULL;
    bool had = false;
    clg_status status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK)
        return status;
    status = clg_store_mail_get(r->store, r->clinic, &old, err);
    if (status == CLG_ERR_NOT_FOUND)
        status = CLG_OK; /* old is all "" */
    else if (status == CLG_OK)
        had = true;
    if (status != CLG_OK)
        goto out;
    new = old;
    if ((status = apply(change, &new, err)) != CLG_OK)
        goto out;
    if ((status = clg_store_mail_set(r->store, r->clinic, &new, err)) != CLG_OK)
        goto out;
    before_json = had ? settings_json(&old) : NULL;
    after_json = settings_json(&new);
    clg_audit_entry entry = {.who = r->who,
                             .action = "clinic.mail",
                             .entity = "clinic",
                             .entity_id = r->clinic,
                             .before = before_json,
                             .after = after_json};
    status = clg_store_audit_append(r->store, r->clinic, &entry, err);
out:
    status = clg_store_finish(r->store, status, err);
    if (status == CLG_OK && after != NULL)
        *after = new;
    free(before_json);
    free(after_json);
    return status;
}

/*
 * How the clinic sends reminders by e-mail (docs/records.md#reminders):
 * the SMTP relay, the From address, the relay's user and password, and the
 * public URL that links in mail start with. Kept beside the clinic's other
 * settings in the database; the password is written, never shown.
 */
#ifndef CLG_SERVICE_MAIL_SETTINGS_H
#define CLG_SERVICE_MAIL_SETTINGS_H

#include <stdbool.h>

#include "base/json_writer.h"
#include "model/message.h"
#include "service/records.h"

/*
 * A change, each setting NULL to leave it as it is. smtp_user "" clears
 * the user and the password; public_url "" clears it. The first change
 * must give smtp_url and mail_from.
 */
typedef struct clg_mail_change {
    const char *smtp_url;
    const char *mail_from;
    const char *smtp_user;
    const char *smtp_password;
    const char *public_url;
} clg_mail_change;

/*
 * Checks every given setting (an error names its field: smtp_url,
 * mail_from, smtp_user, smtp_password, public_url), stores them and audits
 * `clinic.mail` with the settings before and after, the password only as
 * whether one is set. *after (may be NULL) gets the new settings.
 */
clg_status clg_records_mail_update(const clg_records *records, const clg_mail_change *change,
                                   clg_mail_settings *after, clg_error *err);

/* The clinic's mail settings; *set false (all "") when there are none. */
clg_status clg_records_mail_settings(const clg_records *records, clg_mail_settings *mail, bool *set,
                                     clg_error *err);

/*
 * The settings as JSON members for people and the API: smtp_url,
 * mail_from, smtp_user and public_url (null when not set), and
 * smtp_password_set (true/false): the password itself never.
 */
void clg_mail_settings_json_members(const clg_mail_settings *mail, clg_json_writer *w);

#endif

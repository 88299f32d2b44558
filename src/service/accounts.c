/* Staff accounts; see accounts.h. */
#include "service/accounts.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/json_writer.h"
#include "store/accounts.h"

/* {"email", "role"}: what the audit log keeps of a new user. */
static char *account_json(const char *email, const char *role)
{
    clg_buffer out = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &out, false);
    clg_json_begin_object(&w);
    clg_json_member_string(&w, "email", email);
    clg_json_member_string(&w, "role", role);
    clg_json_end_object(&w);
    return out.data;
}

/* {"label", "expires_at"}: what the audit log keeps of a new token (never its secret). */
static char *token_json(const char *label, int64_t expires_at)
{
    clg_buffer out = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &out, false);
    clg_json_begin_object(&w);
    if (label != NULL)
        clg_json_member_string(&w, "label", label);
    if (expires_at > 0)
        clg_json_member_int(&w, "expires_at", expires_at);
    clg_json_end_object(&w);
    return out.data;
}

static clg_status check_user(const char *email, const char *password, clg_error *err)
{
    if (email == NULL || email[0] == '\0')
        return clg_error_set(err, CLG_ERR_INVALID, "email", "is required");
    clg_status status = clg_email_check("email", email, err);
    if (status != CLG_OK)
        return status;
    return clg_password_check(password ? password : "", err);
}

clg_status clg_records_user_add(const clg_records *r, const char *email, const char *role_word,
                                const char *password, int64_t *id, clg_error *err)
{
    char hash[CLG_PASSWORD_HASH_SIZE];
    clg_user_role role = CLG_ROLE_STAFF;
    clg_status status = check_user(email, password, err);
    if (status == CLG_OK && role_word != NULL && !clg_user_role_parse(role_word, &role))
        status = clg_error_set(err, CLG_ERR_INVALID, "role",
                               "'%.40s' is not allowed; use one of: admin, staff", role_word);
    if (status == CLG_OK)
        status = clg_credentials_init(err);
    if (status == CLG_OK)
        status = clg_password_hash(password, hash, err);
    if (status == CLG_OK)
        status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK)
        return status;
    char *after = NULL;
    status = clg_store_user_insert(r->store, r->clinic, email, role, hash, id, err);
    if (status == CLG_OK) {
        after = account_json(email, clg_user_role_name(role));
        clg_audit_entry entry = {.who = r->who,
                                 .action = "user.add",
                                 .entity = "user",
                                 .entity_id = *id,
                                 .after = after};
        status = clg_store_audit_append(r->store, r->clinic, &entry, err);
    }
    status = clg_store_finish(r->store, status, err);
    free(after);
    return status;
}

clg_status clg_records_token_create(const clg_records *r, const char *email, const char *label,
                                    int64_t expires_in_days, clg_token_issued *issued,
                                    clg_error *err)
{
    char hash[CLG_SECRET_HASH_TEXT_SIZE];
    *issued = (clg_token_issued){0};
    if (email == NULL || email[0] == '\0')
        return clg_error_set(err, CLG_ERR_INVALID, "email", "is required");
    bool expires = expires_in_days != CLG_TOKEN_NO_EXPIRY;
    if (expires && (expires_in_days < 1 || expires_in_days > CLG_TOKEN_MAX_DAYS))
        return clg_error_set(err, CLG_ERR_INVALID, "expires_in_days",
                             "%lld is not allowed; use a whole number of days from 1 to %d "
                             "(or none: the token does not expire)",
                             (long long)expires_in_days, CLG_TOKEN_MAX_DAYS);
    clg_status status = CLG_OK;
    if (label != NULL)
        status = clg_text_check("label", label, CLG_NAME_MAX_BYTES, false, err);
    if (status == CLG_OK)
        status = clg_credentials_init(err);
    if (status == CLG_OK)
        status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK)
        return status;
    char secret[CLG_SECRET_TEXT_SIZE];
    clg_secret_new(secret);
    clg_secret_hash(secret, hash);
    int64_t expires_at = expires ? (int64_t)time(NULL) + expires_in_days * 86400 : 0;
    clg_user_row user = {0};
    char *after = NULL;
    int64_t id = 0;
    status = clg_store_user_find(r->store, email, &user, err);
    if (status == CLG_OK && r->clinic != 0 && user.clinic_id != r->clinic)
        status = CLG_ERR_NOT_FOUND; /* another clinic's user is no user of this one */
    if (status == CLG_ERR_NOT_FOUND)
        clg_error_set(err, status, "email", "no user has the address '%.80s'", email);
    if (status == CLG_OK && user.disabled)
        status =
            clg_error_set(err, CLG_ERR_INVALID, "email",
                          "%.80s is disabled; enable the user before giving them a token", email);
    if (status == CLG_OK)
        status = clg_store_token_insert(r->store, user.id, hash, label, expires_at, &id, err);
    if (status == CLG_OK) {
        after = token_json(label, expires_at);
        clg_audit_entry entry = {.who = r->who,
                                 .action = "token.create",
                                 .entity = "user",
                                 .entity_id = user.id,
                                 .after = after};
        status = clg_store_audit_append(r->store, user.clinic_id, &entry, err);
    }
    status = clg_store_finish(r->store, status, err);
    if (status == CLG_OK) {
        issued->id = id;
        issued->expires_at = expires_at;
        memcpy(issued->secret, secret, CLG_SECRET_TEXT_SIZE);
    }
    clg_store_row_free(user.storage);
    free(after);
    return status;
}

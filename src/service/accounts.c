/* Staff accounts; see accounts.h. */
#include "service/accounts.h"

#include <stdlib.h>
#include <string.h>

#include "base/json_writer.h"
#include "store/accounts.h"

/* {"email", "role"} or {"label"}: what the audit log keeps of an account change. */
static char *account_json(const char *email, const char *role, const char *label)
{
    clg_buffer out = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &out, false);
    clg_json_begin_object(&w);
    if (email != NULL)
        clg_json_member_string(&w, "email", email);
    if (role != NULL)
        clg_json_member_string(&w, "role", role);
    if (label != NULL)
        clg_json_member_string(&w, "label", label);
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
        after = account_json(email, clg_user_role_name(role), NULL);
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
                                    char token[CLG_SECRET_TEXT_SIZE], clg_error *err)
{
    char hash[CLG_SECRET_HASH_TEXT_SIZE];
    memset(token, 0, CLG_SECRET_TEXT_SIZE);
    if (email == NULL || email[0] == '\0')
        return clg_error_set(err, CLG_ERR_INVALID, "email", "is required");
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
    clg_user_row user = {0};
    char *after = NULL;
    int64_t id = 0;
    if (clg_store_user_find(r->store, email, &user, err) != CLG_OK)
        status = clg_error_set(err, CLG_ERR_NOT_FOUND, "email", "no user has the address '%.80s'",
                               email);
    if (status == CLG_OK)
        status = clg_store_token_insert(r->store, user.id, hash, label, &id, err);
    if (status == CLG_OK) {
        after = account_json(NULL, NULL, label);
        clg_audit_entry entry = {.who = r->who,
                                 .action = "token.create",
                                 .entity = "user",
                                 .entity_id = user.id,
                                 .after = after};
        status = clg_store_audit_append(r->store, user.clinic_id, &entry, err);
    }
    status = clg_store_finish(r->store, status, err);
    if (status == CLG_OK)
        memcpy(token, secret, CLG_SECRET_TEXT_SIZE);
    clg_store_row_free(user.storage);
    free(after);
    return status;
}

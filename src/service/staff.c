/* Staff management; see staff.h. */
#include "service/staff.h"

#include <stdlib.h>
#include <string.h>

#include "base/credentials.h"
#include "base/json_writer.h"
#include "store/accounts.h"

/* The user as the audit log keeps them: never a hash. */
static void user_members(clg_json_writer *w, const clg_user_row *user, clg_user_role role,
                         bool disabled)
{
    clg_json_member_string(w, "email", user->email);
    clg_json_member_string(w, "role", clg_user_role_name(role));
    clg_json_key(w, "disabled");
    clg_json_bool(w, disabled);
}

static char *user_json(const clg_user_row *user, clg_user_role role, bool disabled,
                       int logins_ended, int tokens_revoked)
{
    clg_buffer out = CLG_BUFFER_INIT;
    clg_json_writer w;
    clg_json_writer_init(&w, &out, false);
    clg_json_begin_object(&w);
    user_members(&w, user, role, disabled);
    if (logins_ended >= 0)
        clg_json_member_int(&w, "logins_ended", logins_ended);
    if (tokens_revoked >= 0)
        clg_json_member_int(&w, "tokens_revoked", tokens_revoked);
    clg_json_end_object(&w);
    return out.data;
}

static clg_status audit_user(const clg_records *r, const char *action, const clg_user_row *user,
                             char *before, char *after, clg_error *err)
{
    clg_audit_entry entry = {.who = r->who,
                             .action = action,
                             .entity = "user",
                             .entity_id = user->id,
                             .before = before,
                             .after = after};
    return clg_store_audit_append(r->store, user->clinic_id, &entry, err);
}

clg_status clg_records_users_list(const clg_records *r, clg_user_visitor visit, void *context,
                                  clg_error *err)
{
    return clg_store_user_list(r->store, r->clinic, visit, context, err);
}

clg_status clg_records_user_by_email(const clg_records *r, const char *email, clg_user_row *row,
                                     clg_error *err)
{
    *row = (clg_user_row){0};
    if (email == NULL || email[0] == '\0')
        return clg_error_set(err, CLG_ERR_INVALID, "email", "is required");
    clg_status status = clg_store_user_find(r->store, email, row, err);
    if (status == CLG_OK && r->clinic != 0 && row->clinic_id != r->clinic) {
        clg_store_row_free(row->storage);
        *row = (clg_user_row){0};
        status = CLG_ERR_NOT_FOUND;
    }
    if (status == CLG_ERR_NOT_FOUND)
        clg_error_set(err, status, "email", "no user has the address '%.80s'", email);
    return status;
}

clg_status clg_records_tokens_list(const clg_records *r, int64_t user_id, clg_token_visitor visit,
                                   void *context, clg_error *err)
{
    return clg_store_token_list(r->store, r->clinic, user_id, visit, context, err);
}

/*
 * The guard rail: a clinic keeps one admin who can log in. Refuses when
 * user is an enabled admin about to stop being one and no other is left.
 */
static clg_status keep_an_admin(const clg_records *r, const clg_user_row *user, clg_user_role role,
                                bool disabled, clg_error *err)
{
    bool was_admin = user->role == CLG_ROLE_ADMIN && !user->disabled;
    bool stays_admin = role == CLG_ROLE_ADMIN && !disabled;
    if (!was_admin || stays_admin)
        return CLG_OK;
    int admins = 0;
    clg_status status = clg_store_admin_count(r->store, user->clinic_id, &admins, err);
    if (status != CLG_OK || admins > 1)
        return status;
    return clg_error_set(err, CLG_ERR_REFUSED, disabled ? "disabled" : "role",
                         "%.80s is the clinic's last enabled admin; make another user an admin "
                         "first, so that someone can still manage the clinic",
                         user->email);
}

/* Ends every way in a disabled user had: their login sessions and their tokens. */
static clg_status shut_out(const clg_records *r, const clg_user_row *user, int *logins_ended,
                           int *tokens_revoked, clg_error *err)
{
    clg_status status = clg_store_logins_end(r->store, user->id, NULL, logins_ended, err);
    if (status == CLG_OK)
        status = clg_store_token_revoke(r->store, 0, user->id, tokens_revoked, err);
    return status;
}

/* Writes the change and its audit entries; inside the caller's transaction. */
static clg_status change_user(const clg_records *r, const clg_user_row *user, clg_user_role role,
                              bool disabled, clg_error *err)
{
    clg_status status = keep_an_admin(r, user, role, disabled, err);
    if (status == CLG_OK)
        status = clg_store_user_update(r->store, user->id, role, disabled, err);
    if (status == CLG_OK && role != user->role) {
        char *before = user_json(user, user->role, user->disabled, -1, -1);
        char *after = user_json(user, role, user->disabled, -1, -1);
        status = audit_user(r, "user.role", user, before, after, err);
        free(before);
        free(after);
    }
    if (status != CLG_OK || disabled == user->disabled)
        return status;
    int logins_ended = -1, tokens_revoked = -1;
    if (disabled)
        status = shut_out(r, user, &logins_ended, &tokens_revoked, err);
    if (status == CLG_OK) {
        char *before = user_json(user, role, user->disabled, -1, -1);
        char *after = user_json(user, role, disabled, logins_ended, tokens_revoked);
        status = audit_user(r, disabled ? "user.disable" : "user.enable", user, before, after, err);
        free(before);
        free(after);
    }
    return status;
}

clg_status clg_records_user_change(const clg_records *r, int64_t id, const clg_user_change *change,
                                   clg_error *err)
{
    clg_user_role role = CLG_ROLE_STAFF;
    if (change->role != NULL && !clg_user_role_parse(change->role, &role))
        return clg_error_set(err, CLG_ERR_INVALID, "role",
                             "'%.40s' is not allowed; use one of: admin, staff", change->role);
    clg_status status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK)
        return status;
    clg_user_row user = {0};
    status = clg_store_user_get(r->store, r->clinic, id, &user, err);
    if (status == CLG_OK) {
        if (change->role == NULL)
            role = user.role;
        bool disabled = change->set_disabled ? change->disabled : user.disabled;
        if (role != user.role || disabled != user.disabled)
            status = change_user(r, &user, role, disabled, err);
    }
    status = clg_store_finish(r->store, status, err);
    clg_store_row_free(user.storage);
    return status;
}

clg_status clg_records_user_password(const clg_records *r, int64_t id, const char *password,
                                     const char *current, const char *keep_session_hash,
                                     clg_error *err)
{
    char hash[CLG_PASSWORD_HASH_SIZE];
    clg_status status = clg_password_check(password ? password : "", err);
    if (status == CLG_OK)
        status = clg_credentials_init(err);
    /* Hashed before the transaction: argon2id takes a while, and the write lock waits for no one.
     */
    if (status == CLG_OK)
        status = clg_password_hash(password, hash, err);
    if (status == CLG_OK)
        status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK)
        return status;
    clg_user_row user = {0};
    int logins_ended = 0;
    status = clg_store_user_get(r->store, r->clinic, id, &user, err);
    if (status == CLG_OK && current != NULL && !clg_password_verify(user.password_hash, current))
        status = clg_error_set(err, CLG_ERR_FORBIDDEN, "current_password",
                               "is not your present password");
    if (status == CLG_OK)
        status = clg_store_user_set_password(r->store, user.id, hash, err);
    if (status == CLG_OK)
        status = clg_store_logins_end(r->store, user.id, keep_session_hash, &logins_ended, err);
    if (status == CLG_OK) {
        char *after = user_json(&user, user.role, user.disabled, logins_ended, -1);
        status = audit_user(r, "user.password", &user, NULL, after, err);
        free(after);
    }
    status = clg_store_finish(r->store, status, err);
    clg_store_row_free(user.storage);
    return status;
}

clg_status clg_records_token_revoke(const clg_records *r, int64_t id, clg_error *err)
{
    clg_status status = clg_store_begin(r->store, true, err);
    if (status != CLG_OK)
        return status;
    clg_token_row token = {0};
    int revoked = 0;
    status = clg_store_token_get(r->store, r->clinic, id, &token, err);
    if (status == CLG_OK && !token.revoked)
        status = clg_store_token_revoke(r->store, token.id, 0, &revoked, err);
    if (status == CLG_OK && revoked > 0) {
        clg_buffer out = CLG_BUFFER_INIT;
        clg_json_writer w;
        clg_json_writer_init(&w, &out, false);
        clg_json_begin_object(&w);
        clg_json_member_int(&w, "user", token.user_id);
        clg_json_member_string(&w, "email", token.email);
        if (token.label != NULL)
            clg_json_member_string(&w, "label", token.label);
        clg_json_end_object(&w);
        clg_audit_entry entry = {.who = r->who,
                                 .action = "token.revoke",
                                 .entity = "token",
                                 .entity_id = token.id,
                                 .after = out.data};
        status = clg_store_audit_append(r->store, token.clinic_id, &entry, err);
        clg_buffer_free(&out);
    }
    status = clg_store_finish(r->store, status, err);
    clg_store_row_free(token.storage);
    return status;
}

/*
 * A staff user as the store finds it: users belong to exactly one clinic;
 * an e-mail address names one user across the whole database, so login
 * needs no clinic name. Only hashes of secrets are ever held.
 */
#ifndef CLG_MODEL_USER_H
#define CLG_MODEL_USER_H

#include <stdbool.h>
#include <stdint.h>

/* What a user may do: staff use every records route; admins also manage users and the clinic. */
typedef enum clg_user_role { CLG_ROLE_STAFF, CLG_ROLE_ADMIN, CLG_ROLE_COUNT } clg_user_role;

/* "staff" or "admin": the word of the CLI, the API and the SQLite backend. */
const char *clg_user_role_name(clg_user_role role);

/* The role named by word into *role; false (and *role untouched) for any other word. */
bool clg_user_role_parse(const char *word, clg_user_role *role);

typedef struct clg_user_row {
    int64_t id;
    int64_t clinic_id;
    const char *clinic_name;
    const char *email;
    clg_user_role role;
    const char *password_hash;
    bool disabled;          /* may not log in; no token or session of theirs authenticates */
    const char *created_at; /* UTC, to the millisecond */
    char *storage;          /* owns the strings; clg_store_row_free() */
} clg_user_row;

/*
 * A bearer token as `token list` shows it: never its secret (the store
 * holds only its hash), but whose it is, when it was made and when it
 * expires (Unix seconds; 0: never), and whether it was revoked.
 */
typedef struct clg_token_row {
    int64_t id;
    int64_t user_id;
    int64_t clinic_id;
    const char *email; /* the user's */
    const char *label; /* NULL when none was given */
    const char *created_at;
    int64_t expires_at;
    bool revoked;
    char *storage; /* owns the strings; clg_store_row_free() */
} clg_token_row;

/* "revoked", "expired" or "live": what a token is at now (Unix seconds). */
const char *clg_token_state(const clg_token_row *token, int64_t now);

#endif

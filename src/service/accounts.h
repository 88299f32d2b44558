/*
 * Staff accounts: adding a user and creating a bearer token. One set of
 * checks and one audit entry for every door: the CLI acts as the
 * database's owner, the server's admin routes as the admin logged in.
 * Passwords are stored only as argon2id hashes and tokens only as SHA-256
 * hashes (base/credentials.h).
 */
#ifndef CLG_SERVICE_ACCOUNTS_H
#define CLG_SERVICE_ACCOUNTS_H

#include <stdint.h>

#include "base/credentials.h"
#include "service/records.h"

/*
 * Adds a user to the records' clinic: email (a valid address, unique in
 * the whole database), role "admin" or "staff" (NULL: staff), password (at
 * least CLG_PASSWORD_MIN_LENGTH characters). Audited as "user.add" with
 * the e-mail and role. CLG_ERR_INVALID naming the field for bad input or
 * an e-mail already in use; nothing is written then.
 */
clg_status clg_records_user_add(const clg_records *records, const char *email, const char *role,
                                const char *password, int64_t *id, clg_error *err);

/* The longest a bearer token may be made to last, in days (ten years); and "it never expires". */
enum { CLG_TOKEN_MAX_DAYS = 3650, CLG_TOKEN_NO_EXPIRY = -1 };

/* A token just made: its id, its expiry (Unix seconds; 0: never) and its secret, shown once. */
typedef struct clg_token_issued {
    int64_t id;
    int64_t expires_at;
    char secret[CLG_SECRET_TEXT_SIZE];
} clg_token_issued;

/*
 * Creates a bearer token for the user with that e-mail, in the records'
 * clinic (any clinic when records->clinic is 0: the CLI acts as the
 * database's owner), label optional, expiring expires_in_days days from
 * now (1 to CLG_TOKEN_MAX_DAYS, or CLG_TOKEN_NO_EXPIRY; "expires_in_days"
 * names any other value). The secret is never stored. Audited as "token.create" in the
 * user's clinic. CLG_ERR_NOT_FOUND naming "email" when no user has it;
 * a disabled user is CLG_ERR_INVALID naming "email".
 */
clg_status clg_records_token_create(const clg_records *records, const char *email,
                                    const char *label, int64_t expires_in_days,
                                    clg_token_issued *issued, clg_error *err);

#endif

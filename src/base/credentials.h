/*
 * Credentials: passwords hashed with argon2id, bearer tokens and session ids
 * drawn from the system's CSPRNG and stored only as SHA-256 (libsodium).
 * Shared by the CLI (`user add`, `token create`) and the server (login).
 */
#ifndef CLG_BASE_CREDENTIALS_H
#define CLG_BASE_CREDENTIALS_H

#include <stdbool.h>
#include <stddef.h>

#include "collagenda/error.h"

enum {
    CLG_PASSWORD_MIN_LENGTH = 12,
    CLG_PASSWORD_MAX_LENGTH = 1024,
    CLG_PASSWORD_HASH_SIZE = 128, /* crypto_pwhash_STRBYTES */
    CLG_SECRET_TEXT_SIZE = 65,    /* 32 random bytes as hex, and the NUL */
    CLG_SECRET_HASH_TEXT_SIZE = 65,
};

/* Initialises libsodium; call once before anything below. */
clg_status clg_credentials_init(clg_error *err);

/* Checks length rules; CLG_ERR_INVALID naming "password" when too short or long. */
clg_status clg_password_check(const char *password, clg_error *err);

/* argon2id hash (interactive limits) of password into out. */
clg_status clg_password_hash(const char *password, char out[CLG_PASSWORD_HASH_SIZE],
                             clg_error *err);

/* True when password matches hash (constant time in libsodium). */
bool clg_password_verify(const char *hash, const char *password);

/* A new random secret (token, session id, CSRF token) as 64 hex characters. */
void clg_secret_new(char out[CLG_SECRET_TEXT_SIZE]);

/* SHA-256 of secret, as 64 hex characters: what the store keeps. */
void clg_secret_hash(const char *secret, char out[CLG_SECRET_HASH_TEXT_SIZE]);

/*
 * The store's key for a secret presented in a link (a calendar feed's or a
 * client portal's URL): its SHA-256 as clg_secret_hash gives it, when text
 * has the form clg_secret_new makes (64 lowercase hex digits). Anything else
 * is false with out emptied, so a malformed link is looked up no more than
 * a forged one is found. Looking up by the hash, never the secret, also keeps
 * the database's comparison from timing the secret itself.
 */
bool clg_secret_link_hash(const char *text, char out[CLG_SECRET_HASH_TEXT_SIZE]);

/* Constant-time comparison of two NUL-terminated secrets. */
bool clg_secret_equal(const char *a, const char *b);

#endif

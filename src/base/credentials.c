/* Password hashing and random secrets with libsodium; see credentials.h. */
#include "base/credentials.h"

#include <sodium.h>
#include <string.h>

clg_status clg_credentials_init(clg_error *err)
{
    if (sodium_init() < 0)
        return clg_error_set(err, CLG_ERR_IO, "libsodium", "cannot initialise");
    return CLG_OK;
}

clg_status clg_password_check(const char *password, clg_error *err)
{
    size_t length = strlen(password);
    if (length < CLG_PASSWORD_MIN_LENGTH)
        return clg_error_set(err, CLG_ERR_INVALID, "password",
                             "must be at least %d characters long", CLG_PASSWORD_MIN_LENGTH);
    if (length > CLG_PASSWORD_MAX_LENGTH)
        return clg_error_set(err, CLG_ERR_INVALID, "password", "must be at most %d characters long",
                             CLG_PASSWORD_MAX_LENGTH);
    return CLG_OK;
}

clg_status clg_password_hash(const char *password, char out[CLG_PASSWORD_HASH_SIZE], clg_error *err)
{
    _Static_assert(CLG_PASSWORD_HASH_SIZE == crypto_pwhash_STRBYTES, "hash size");
    if (crypto_pwhash_str_alg(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return clg_error_set(err, CLG_ERR_IO, "password", "cannot hash: out of memory");
    return CLG_OK;
}

bool clg_password_verify(const char *hash, const char *password)
{
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void clg_secret_new(char out[CLG_SECRET_TEXT_SIZE])
{
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    sodium_bin2hex(out, CLG_SECRET_TEXT_SIZE, bytes, sizeof bytes);
    sodium_memzero(bytes, sizeof bytes);
}

void clg_secret_hash(const char *secret, char out[CLG_SECRET_HASH_TEXT_SIZE])
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, (const unsigned char *)secret, strlen(secret));
    sodium_bin2hex(out, CLG_SECRET_HASH_TEXT_SIZE, digest, sizeof digest);
}

bool clg_secret_link_hash(const char *text, char out[CLG_SECRET_HASH_TEXT_SIZE])
{
    out[0] = '\0';
    size_t length = 0;
    for (; text[length] && length < CLG_SECRET_TEXT_SIZE; length++) {
        char c = text[length];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    if (length != CLG_SECRET_TEXT_SIZE - 1 || text[length] != '\0')
        return false;
    clg_secret_hash(text, out);
    return true;
}

bool clg_secret_equal(const char *a, const char *b)
{
    size_t length = strlen(a);
    return length == strlen(b) && sodium_memcmp(a, b, length) == 0;
}

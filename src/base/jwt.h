/*
 * Signed JSON Web Tokens (RFC 7519, JWS compact form RFC 7515) as CDS
 * Hooks 2.0 clients send them (docs/interop.md#cds-hooks), and the public
 * JSON Web Keys (RFC 7517) that verify them.
 *
 * Only the asymmetric algorithms the CDS Hooks specification recommends
 * are taken: ES384 (ECDSA on P-384 with SHA-384) and RS384 (RSASSA-PKCS1
 * v1.5 with SHA-384). "none" and every HMAC are refused by name, as the
 * specification forbids them. Signatures are verified with GnuTLS.
 *
 * The three steps are separate so that each can be tested alone and the
 * caller (service/cds_auth.c) can look the key up in between:
 * clg_jwt_parse() reads the token without trusting it, clg_jwt_verify()
 * checks its signature against a registered key, clg_jwt_check_claims()
 * checks what it says against the time passed in (no clock here).
 * Every refusal is CLG_ERR_INVALID naming field "Authorization" with a
 * message that says what was wrong, never the token itself.
 */
#ifndef CLG_BASE_JWT_H
#define CLG_BASE_JWT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "collagenda/error.h"

enum {
    /* Longer tokens are refused before any decoding (an RS384 token with a 4096-bit key is ~1 KB).
     */
    CLG_JWT_MAX_LENGTH = 8192,
    /* Clock difference allowed between the CDS client and this server, either way. */
    CLG_JWT_LEEWAY_SECONDS = 60,
    /* From iat to exp at most: the token is for one call, not a session. */
    CLG_JWT_MAX_LIFETIME_SECONDS = 300,
    /* A jti longer than this is refused (it is stored until the token expires). */
    CLG_JWT_MAX_ID_LENGTH = 256,
    /* RSA keys: at least 2048 bits (RFC 7518 section 3.3), at most 8192. */
    CLG_JWK_RSA_MIN_BITS = 2048,
    CLG_JWK_RSA_MAX_BITS = 8192,
};

typedef enum clg_jwt_alg { CLG_JWT_ES384, CLG_JWT_RS384 } clg_jwt_alg;

/* A parsed, not yet trusted, token. */
typedef struct clg_jwt {
    clg_jwt_alg alg;
    json_t *header;            /* owned */
    json_t *claims;            /* owned */
    const char *kid;           /* the header's, borrowed from header */
    const char *issuer;        /* the claims' iss, borrowed from claims; NULL when absent */
    const char *signing_input; /* "HEADER.PAYLOAD", borrowed from the token text */
    size_t signing_length;
    unsigned char *signature; /* owned, decoded */
    size_t signature_length;
} clg_jwt;

/*
 * Splits and decodes token: three base64url parts, a header that is a JSON
 * object with alg ES384 or RS384, typ "JWT", a kid, no "crit"; claims that
 * are a JSON object. Duplicate JSON keys are refused. jwt is the caller's,
 * released with clg_jwt_free() whatever the result.
 */
clg_status clg_jwt_parse(const char *token, clg_jwt *jwt, clg_error *err);
void clg_jwt_free(clg_jwt *jwt);

/* What the claims said, once checked; the texts are borrowed from the claims. */
typedef struct clg_jwt_claims {
    const char *issuer;
    const char *subject; /* NULL when absent (CDS Hooks 2.0 does not require sub) */
    const char *id;      /* jti */
    int64_t issued_at;
    int64_t expires_at;
} clg_jwt_claims;

/*
 * Checks the claims against now (seconds since the epoch, the caller's
 * clock) and the service's own URLs (audiences: a NULL-terminated list,
 * any one of which aud must name, aud being a string or an array of
 * strings): iss a non-empty string; sub, when present, a string; exp and
 * iat numbers; now before exp (+ leeway); iat not in the future (beyond
 * the leeway); exp after iat and at most CLG_JWT_MAX_LIFETIME_SECONDS
 * later; jti a non-empty string of at most CLG_JWT_MAX_ID_LENGTH bytes.
 */
clg_status clg_jwt_check_claims(const json_t *claims, const char *const *audiences, int64_t now,
                                clg_jwt_claims *out, clg_error *err);

/* Verifies jwt's signature with the public JWK key (checked by clg_jwk_check). */
clg_status clg_jwt_verify(const clg_jwt *jwt, const json_t *key, clg_error *err);

/*
 * A public key this server can verify with: kty "EC" with crv "P-384" and
 * 48-byte x and y, or kty "RSA" with n (2048 to 8192 bits) and e; a
 * non-empty kid; use "sig" and alg ES384/RS384 (matching kty) when given;
 * no private member (d, p, q, dp, dq, qi, oth, k): registering a private
 * key is refused rather than stored. field names the key in errors
 * ("keys[0]").
 */
clg_status clg_jwk_check(const json_t *key, const char *field, clg_error *err);

/* A new object with only the public members of a checked key (kty, kid, alg, use, crv/x/y, n/e). */
json_t *clg_jwk_public(const json_t *key);

/* The alg's name, "ES384" or "RS384". */
const char *clg_jwt_alg_name(clg_jwt_alg alg);

#endif

/*
 * Signed JSON Web Tokens and public JSON Web Keys; see jwt.h. Nothing here
 * trusts the token before clg_jwt_verify(): the parse only finds what the
 * caller needs to pick a key (kid, iss), and every length is checked
 * before it is used.
 */
#include "base/jwt.h"

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <stdlib.h>
#include <string.h>

#include "base/base64url.h"

#define FIELD "Authorization"

/* Seconds since the epoch of 9999-12-31T23:59:59Z: a larger exp or iat is no date. */
#define LAST_TIME INT64_C(253402300799)

enum { P384_BYTES = 48 };

const char *clg_jwt_alg_name(clg_jwt_alg alg)
{
    return alg == CLG_JWT_ES384 ? "ES384" : "RS384";
}

void clg_jwt_free(clg_jwt *jwt)
{
    json_decref(jwt->header);
    json_decref(jwt->claims);
    free(jwt->signature);
    memset(jwt, 0, sizeof *jwt);
}

/* One base64url part holding a JSON object; what names it in errors ("header", "claims"). */
static clg_status decode_object(const char *text, size_t length, const char *what, json_t **out,
                                clg_error *err)
{
    unsigned char *bytes;
    size_t count;
    char field[64];
    snprintf(field, sizeof field, FIELD " (the JWT's %s)", what);
    clg_status status = clg_base64url_decode(text, length, &bytes, &count, field, err);
    if (status != CLG_OK)
        return status;
    json_error_t json_error;
    *out = json_loadb((const char *)bytes, count, JSON_REJECT_DUPLICATES, &json_error);
    free(bytes);
    if (*out == NULL || !json_is_object(*out)) {
        json_decref(*out);
        *out = NULL;
        return clg_error_set(err, CLG_ERR_INVALID, FIELD,
                             "the JWT's %s is not a JSON object (with each key once)", what);
    }
    return CLG_OK;
}

static clg_status read_alg(const json_t *header, clg_jwt_alg *alg, clg_error *err)
{
    const char *name = json_string_value(json_object_get(header, "alg"));
    if (name == NULL)
        return clg_error_set(err, CLG_ERR_INVALID, FIELD, "the JWT header has no alg");
    if (strcmp(name, "ES384") == 0) {
        *alg = CLG_JWT_ES384;
        return CLG_OK;
    }
    if (strcmp(name, "RS384") == 0) {
        *alg = CLG_JWT_RS384;
        return CLG_OK;
    }
    if (strcmp(name, "none") == 0)
        return clg_error_set(err, CLG_ERR_INVALID, FIELD,
                             "alg 'none' is refused: CDS Hooks requires a signed JWT; "
                             "sign with ES384 or RS384");
    if (strncmp(name, "HS", 2) == 0)
        return clg_error_set(err, CLG_ERR_INVALID, FIELD,
                             "alg '%.20s' is refused: CDS Hooks forbids symmetric (HMAC) "
                             "algorithms; sign with ES384 or RS384",
                             name);
    return clg_error_set(err, CLG_ERR_INVALID, FIELD,
                         "alg '%.20s' is not accepted; sign with ES384 or RS384", name);
}

static clg_status check_header(clg_jwt *jwt, clg_error *err)
{
    clg_status status = read_alg(jwt->header, &jwt->alg, err);
    if (status != CLG_OK)
        return status;
    const char *typ = json_string_value(json_object_get(jwt->header, "typ"));
    if (typ == NULL || strcmp(typ, "JWT") != 0)
        return clg_error_set(err, CLG_ERR_INVALID, FIELD,
                             "the JWT header needs typ \"JWT\", as CDS Hooks requires");
    jwt->kid = json_string_value(json_object_get(jwt->header, "kid"));
    if (jwt->kid == NULL || jwt->kid[0] == '\0')
        return clg_error_set(err, CLG_ERR_INVALID, FIELD,
                             "the JWT header needs a kid naming the registered key that signed it");
    const json_t *jku = json_object_get(jwt->header, "jku");
    if (jku != NULL && !json_is_string(jku))
        return clg_error_set(err, CLG_ERR_INVALID, FIELD, "the JWT header's jku must be a URL");
    /* RFC 7515 section 4.1.11: a critical extension we do not know must be refused. */
    if (json_object_get(jwt->header, "crit") != NULL)
        return clg_error_set(err, CLG_ERR_INVALID, FIELD,
                             "the JWT header's crit names extensions this server does not know");
    return CLG_OK;
}

clg_status clg_jwt_parse(const char *token, clg_jwt *jwt, clg_error *err)
{
    memset(jwt, 0, sizeof *jwt);
    size_t length = strnlen(token, CLG_JWT_MAX_LENGTH + 1);
    if (length > CLG_JWT_MAX_LENGTH)
        return clg_error_set(err, CLG_ERR_INVALID, FIELD, "the JWT is longer than %d bytes",
                             CLG_JWT_MAX_LENGTH);
    const char *first = memchr(token, '.', length);
    const char *second =
        first ? memchr(first + 1, '.', length - (size_t)(first + 1 - token)) : NULL;
    if (second == NULL || memchr(second + 1, '.', length - (size_t)(second + 1 - token)) != NULL)
        return clg_error_set(err, CLG_ERR_INVALID, FIELD,
                             "is not a signed JWT (three base64url parts separated by dots)");
    clg_status status = decode_object(token, (size_t)(first - token), "header", &jwt->header, err);
    if (status == CLG_OK)
        status = check_header(jwt, err);
    if (status == CLG_OK)
        status =
            decode_object(first + 1, (size_t)(second - first - 1), "claims", &jwt->claims, err);
    if (status == CLG_OK)
        status =
            clg_base64url_decode(second + 1, length - (size_t)(second + 1 - token), &jwt->signature,
                                 &jwt->signature_length, FIELD " (the JWT's signature)", err);
    if (status != CLG_OK)
        return status;
    jwt->issuer = json_string_value(json_object_get(jwt->claims, "iss"));
    jwt->signing_input = token;
    jwt->signing_length = (size_t)(second - token);
    return CLG_OK;
}

/* ---- claims ---- */

static bool names_audience(const char *aud, const char *const *audiences)
{
    for (int i = 0; audiences[i]; i++)
        if (strcmp(aud, audiences[i]) == 0)
            return true;
    return false;
}

static clg_status check_audience(const json_t *aud, const char *const *audiences, clg_error *err)
{
    bool matched = false;
    if (json_is_string(aud)) {
        matched = names_audience(json_string_value(aud), audiences);
    } else if (json_is_array(aud) && json_array_size(aud) > 0) {
        size_t i;
        const json_t *item;
        json_array_foreach(aud, i, item)
        {
            if (!json_is_string(item))
                return clg_error_set(err, CLG_ERR_INVALID, FIELD,
                                     "the JWT's aud must be a URL or an array of URLs");
            matched = matched || names_audience(json_string_value(item), audiences);
        }
    } else {
        return clg_error_set(err, CLG_ERR_INVALID, FIELD,
                             "the JWT needs aud: this service's URL, %.200s", audiences[0]);
    }
    if (!matched)
        return clg_error_set(err, CLG_ERR_INVALID, FIELD,
                             "the JWT's aud does not name this service: it must be %.200s",
                             audiences[0]);
    return CLG_OK;
}

/* A NumericDate (RFC 7519): a JSON number of seconds, integer or not, from 0 to year 9999. */
static clg_status read_time(const json_t *claims, const char *name, bool required, int64_t *out,
                            bool *present, clg_error *err)
{
    const json_t *value = json_object_get(claims, name);
    *present = value != NULL;
    if (value == NULL) {
        if (required)
            return clg_error_set(err, CLG_ERR_INVALID, FIELD,
                                 "the JWT needs %s (seconds since "
                                 "1970-01-01T00:00:00Z)",
                                 name);
        return CLG_OK;
    }
    double seconds;
    if (json_is_integer(value))
        seconds = (double)json_integer_value(value);
    else if (json_is_real(value))
        seconds = json_real_value(value);
    else
        return clg_error_set(err, CLG_ERR_INVALID, FIELD,
                             "the JWT's %s must be a number of seconds since 1970", name);
    if (!(seconds >= 0 && seconds <= (double)LAST_TIME))
        return clg_error_set(err, CLG_ERR_INVALID, FIELD,
                             "the JWT's %s is not a time between 1970 and 9999", name);
    *out = json_is_integer(value) ? json_integer_value(value) : (int64_t)seconds;
    return CLG_OK;
}

static clg_status check_times(const json_t *claims, int64_t now, clg_jwt_claims *out,
                              clg_error *err)
{
    bool present;
    int64_t not_before = 0;
    clg_status status;
    if ((status = read_time(claims, "exp", true, &out->expires_at, &present, err)) != CLG_OK ||
        (status = read_time(claims, "iat", true, &out->issued_at, &present, err)) != CLG_OK ||
        (status = read_time(claims, "nbf", false, &not_before, &present, err)) != CLG_OK)
        return status;
    if (out->expires_at <= out->issued_at)
        return clg_error_set(err, CLG_ERR_INVALID, FIELD, "the JWT's exp must come after its iat");
    if (out->expires_at - out->issued_at > CLG_JWT_MAX_LIFETIME_SECONDS)
        return clg_error_set(err, CLG_ERR_INVALID, FIELD,
                             "the JWT lives %lld s from iat to exp; at most %d s are accepted",
                             (long long)(out->expires_at - out->issued_at),
                             CLG_JWT_MAX_LIFETIME_SECONDS);
    if (now >= out->expires_at + CLG_JWT_LEEWAY_SECONDS)
        return clg_error_set(err, CLG_ERR_INVALID, FIELD, "the JWT has expired (exp is %lld s ago)",
                             (long long)(now - out->expires_at));
    if (out->issued_at > now + CLG_JWT_LEEWAY_SECONDS)
        return clg_error_set(err, CLG_ERR_INVALID, FIELD,
                             "the JWT's iat is %lld s in the future; check the client's clock",
                             (long long)(out->issued_at - now));
    if (present && not_before > now + CLG_JWT_LEEWAY_SECONDS)
        return clg_error_set(err, CLG_ERR_INVALID, FIELD,
                             "the JWT is not valid yet (nbf is %lld s in the future)",
                             (long long)(not_before - now));
    return CLG_OK;
}

clg_status clg_jwt_check_claims(const json_t *claims, const char *const *audiences, int64_t now,
                                clg_jwt_claims *out, clg_error *err)
{
    memset(out, 0, sizeof *out);
    out->issuer = json_string_value(json_object_get(claims, "iss"));
    if (out->issuer == NULL || out->issuer[0] == '\0')
        return clg_error_set(err, CLG_ERR_INVALID, FIELD,
                             "the JWT needs iss: the CDS client's registered issuer");
    const json_t *sub = json_object_get(claims, "sub");
    if (sub != NULL && !json_is_string(sub))
        return clg_error_set(err, CLG_ERR_INVALID, FIELD, "the JWT's sub must be a string");
    out->subject = json_string_value(sub);
    clg_status status = check_audience(json_object_get(claims, "aud"), audiences, err);
    if (status == CLG_OK)
        status = check_times(claims, now, out, err);
    if (status != CLG_OK)
        return status;
    out->id = json_string_value(json_object_get(claims, "jti"));
    if (out->id == NULL || out->id[0] == '\0')
        return clg_error_set(err, CLG_ERR_INVALID, FIELD,
                             "the JWT needs jti: a nonce used once, against replays");
    if (strlen(out->id) > CLG_JWT_MAX_ID_LENGTH)
        return clg_error_set(err, CLG_ERR_INVALID, FIELD, "the JWT's jti is longer than %d bytes",
                             CLG_JWT_MAX_ID_LENGTH);
    return CLG_OK;
}

/* ---- keys ---- */

/* A key member's number: base64url text decoded (the caller frees *out). */
static clg_status key_bytes(const json_t *key, const char *name, const char *field,
                            unsigned char **out, size_t *length, clg_error *err)
{
    char where[128];
    snprintf(where, sizeof where, "%s.%s", field, name);
    const char *text = json_string_value(json_object_get(key, name));
    *out = NULL;
    if (text == NULL)
        return clg_error_set(err, CLG_ERR_INVALID, where, "is required (base64url)");
    return clg_base64url_decode(text, strlen(text), out, length, where, err);
}

static int bit_length(const unsigned char *bytes, size_t length)
{
    while (length > 0 && bytes[0] == 0) {
        bytes++;
        length--;
    }
    if (length == 0)
        return 0;
    int bits = (int)(length - 1) * 8;
    for (unsigned top = bytes[0]; top; top >>= 1)
        bits++;
    return bits;
}

static clg_status check_ec(const json_t *key, const char *field, clg_error *err)
{
    const char *crv = json_string_value(json_object_get(key, "crv"));
    char where[128];
    snprintf(where, sizeof where, "%s.crv", field);
    if (crv == NULL || strcmp(crv, "P-384") != 0)
        return clg_error_set(err, CLG_ERR_INVALID, where, "must be \"P-384\" (the curve of ES384)");
    const char *names[] = {"x", "y"};
    for (int i = 0; i < 2; i++) {
        unsigned char *bytes;
        size_t length;
        clg_status status = key_bytes(key, names[i], field, &bytes, &length, err);
        free(bytes);
        if (status != CLG_OK)
            return status;
        /* RFC 7518 wants all 48 bytes; some libraries drop leading zeros (padded on import). */
        if (length == 0 || length > P384_BYTES) {
            snprintf(where, sizeof where, "%s.%s", field, names[i]);
            return clg_error_set(err, CLG_ERR_INVALID, where,
                                 "holds %zu bytes; a P-384 coordinate is %d", length, P384_BYTES);
        }
    }
    return CLG_OK;
}

static clg_status check_rsa(const json_t *key, const char *field, clg_error *err)
{
    unsigned char *n = NULL, *e = NULL;
    size_t n_length, e_length;
    char where[128];
    clg_status status = key_bytes(key, "n", field, &n, &n_length, err);
    if (status == CLG_OK)
        status = key_bytes(key, "e", field, &e, &e_length, err);
    if (status == CLG_OK) {
        int bits = bit_length(n, n_length);
        snprintf(where, sizeof where, "%s.n", field);
        if (bits < CLG_JWK_RSA_MIN_BITS || bits > CLG_JWK_RSA_MAX_BITS)
            status = clg_error_set(err, CLG_ERR_INVALID, where,
                                   "is a %d-bit modulus; RSA keys of %d to %d bits are accepted",
                                   bits, CLG_JWK_RSA_MIN_BITS, CLG_JWK_RSA_MAX_BITS);
    }
    if (status == CLG_OK) {
        int bits = bit_length(e, e_length);
        snprintf(where, sizeof where, "%s.e", field);
        if (bits < 2 || bits > 64 || (e[e_length - 1] & 1) == 0)
            status =
                clg_error_set(err, CLG_ERR_INVALID, where,
                              "is not an RSA public exponent (odd, 3 or more, 64 bits at most)");
    }
    free(n);
    free(e);
    return status;
}

clg_status clg_jwk_check(const json_t *key, const char *field, clg_error *err)
{
    static const char *const private_members[] = {"d",  "p",   "q", "dp", "dq",
                                                  "qi", "oth", "k", NULL};
    char where[128];
    if (!json_is_object(key))
        return clg_error_set(err, CLG_ERR_INVALID, field, "must be a JSON Web Key (an object)");
    for (int i = 0; private_members[i]; i++)
        if (json_object_get(key, private_members[i]) != NULL)
            return clg_error_set(err, CLG_ERR_INVALID, field,
                                 "holds a private key (member \"%s\"); register the public key "
                                 "only, and keep the private key with the CDS client",
                                 private_members[i]);
    const char *kid = json_string_value(json_object_get(key, "kid"));
    snprintf(where, sizeof where, "%s.kid", field);
    if (kid == NULL || kid[0] == '\0' || strlen(kid) > 200)
        return clg_error_set(err, CLG_ERR_INVALID, where,
                             "is required: the name (1 to 200 bytes) the client's JWTs give "
                             "in their kid");
    const char *kty = json_string_value(json_object_get(key, "kty"));
    bool ec = kty != NULL && strcmp(kty, "EC") == 0;
    bool rsa = kty != NULL && strcmp(kty, "RSA") == 0;
    snprintf(where, sizeof where, "%s.kty", field);
    if (!ec && !rsa)
        return clg_error_set(err, CLG_ERR_INVALID, where,
                             "must be \"EC\" (for ES384) or \"RSA\" (for RS384)");
    const json_t *use = json_object_get(key, "use");
    snprintf(where, sizeof where, "%s.use", field);
    if (use != NULL && (!json_is_string(use) || strcmp(json_string_value(use), "sig") != 0))
        return clg_error_set(err, CLG_ERR_INVALID, where, "must be \"sig\" when given");
    const json_t *alg = json_object_get(key, "alg");
    snprintf(where, sizeof where, "%s.alg", field);
    if (alg != NULL &&
        (!json_is_string(alg) || strcmp(json_string_value(alg), ec ? "ES384" : "RS384") != 0))
        return clg_error_set(err, CLG_ERR_INVALID, where, "must be \"%s\" for a%s key when given",
                             ec ? "ES384" : "RS384", ec ? "n EC" : "n RSA");
    return ec ? check_ec(key, field, err) : check_rsa(key, field, err);
}

json_t *clg_jwk_public(const json_t *key)
{
    static const char *const ec_members[] = {"kty", "kid", "use", "alg", "crv", "x", "y", NULL};
    static const char *const rsa_members[] = {"kty", "kid", "use", "alg", "n", "e", NULL};
    const char *kty = json_string_value(json_object_get(key, "kty"));
    const char *const *members = kty && strcmp(kty, "EC") == 0 ? ec_members : rsa_members;
    json_t *copy = json_object();
    for (int i = 0; copy && members[i]; i++) {
        json_t *value = json_object_get(key, members[i]);
        if (value != NULL && json_object_set(copy, members[i], value) != 0) {
            json_decref(copy);
            copy = NULL;
        }
    }
    return copy;
}

/* ---- signatures ---- */

/* x and y at their full 48 bytes, leading zeros put back where a key left them out. */
static clg_status pad_coordinates(const unsigned char *a, size_t a_length, const unsigned char *b,
                                  size_t b_length, unsigned char x[P384_BYTES],
                                  unsigned char y[P384_BYTES])
{
    memset(x, 0, P384_BYTES);
    memset(y, 0, P384_BYTES);
    memcpy(x + P384_BYTES - a_length, a, a_length);
    memcpy(y + P384_BYTES - b_length, b, b_length);
    return CLG_OK;
}

static clg_status import_key(const clg_jwt *jwt, const json_t *key, gnutls_pubkey_t pub,
                             clg_error *err)
{
    unsigned char *a = NULL, *b = NULL;
    size_t a_length = 0, b_length = 0;
    bool ec = jwt->alg == CLG_JWT_ES384;
    clg_status status = key_bytes(key, ec ? "x" : "n", "key", &a, &a_length, err);
    if (status == CLG_OK)
        status = key_bytes(key, ec ? "y" : "e", "key", &b, &b_length, err);
    unsigned char x[P384_BYTES], y[P384_BYTES];
    if (status == CLG_OK && ec) {
        if (a_length > P384_BYTES || b_length > P384_BYTES)
            status = clg_error_set(err, CLG_ERR_INVALID, FIELD,
                                   "the registered key '%.100s' is not a P-384 key", jwt->kid);
        else
            status = pad_coordinates(a, a_length, b, b_length, x, y);
    }
    if (status == CLG_OK) {
        gnutls_datum_t first = {a, (unsigned)a_length}, second = {b, (unsigned)b_length};
        if (ec) {
            first = (gnutls_datum_t){x, P384_BYTES};
            second = (gnutls_datum_t){y, P384_BYTES};
        }
        int result =
            ec ? gnutls_pubkey_import_ecc_raw(pub, GNUTLS_ECC_CURVE_SECP384R1, &first, &second)
               : gnutls_pubkey_import_rsa_raw(pub, &first, &second);
        if (result < 0)
            status = clg_error_set(err, CLG_ERR_INVALID, FIELD,
                                   "the registered key '%.100s' cannot be used (%s)", jwt->kid,
                                   gnutls_strerror(result));
    }
    free(a);
    free(b);
    return status;
}

/* JWS ECDSA signatures are r and s side by side (RFC 7518 section 3.4); GnuTLS takes DER. */
static clg_status der_signature(const clg_jwt *jwt, gnutls_datum_t *der, clg_error *err)
{
    if (jwt->signature_length != 2 * P384_BYTES)
        return clg_error_set(err, CLG_ERR_INVALID, FIELD,
                             "the JWT's ES384 signature holds %zu bytes; it must be %d",
                             jwt->signature_length, 2 * P384_BYTES);
    gnutls_datum_t r = {jwt->signature, P384_BYTES};
    gnutls_datum_t s = {jwt->signature + P384_BYTES, P384_BYTES};
    if (gnutls_encode_rs_value(der, &r, &s) < 0)
        return clg_error_set(err, CLG_ERR_IO, FIELD, "out of memory");
    return CLG_OK;
}

clg_status clg_jwt_verify(const clg_jwt *jwt, const json_t *key, clg_error *err)
{
    const char *kty = json_string_value(json_object_get(key, "kty"));
    bool ec_key = kty != NULL && strcmp(kty, "EC") == 0;
    if (ec_key != (jwt->alg == CLG_JWT_ES384))
        return clg_error_set(err, CLG_ERR_INVALID, FIELD,
                             "the key '%.100s' is an %s key; it cannot verify alg %s", jwt->kid,
                             ec_key ? "EC" : "RSA", clg_jwt_alg_name(jwt->alg));
    const char *key_alg = json_string_value(json_object_get(key, "alg"));
    if (key_alg != NULL && strcmp(key_alg, clg_jwt_alg_name(jwt->alg)) != 0)
        return clg_error_set(err, CLG_ERR_INVALID, FIELD,
                             "the key '%.100s' is registered for alg %.20s, not %s", jwt->kid,
                             key_alg, clg_jwt_alg_name(jwt->alg));
    gnutls_pubkey_t pub;
    if (gnutls_pubkey_init(&pub) < 0)
        return clg_error_set(err, CLG_ERR_IO, FIELD, "out of memory");
    gnutls_datum_t signature = {jwt->signature, (unsigned)jwt->signature_length};
    gnutls_datum_t der = {NULL, 0};
    clg_status status = import_key(jwt, key, pub, err);
    if (status == CLG_OK && ec_key && (status = der_signature(jwt, &der, err)) == CLG_OK)
        signature = der;
    if (status == CLG_OK) {
        gnutls_datum_t data = {(unsigned char *)jwt->signing_input, (unsigned)jwt->signing_length};
        int result = gnutls_pubkey_verify_data2(
            pub, ec_key ? GNUTLS_SIGN_ECDSA_SHA384 : GNUTLS_SIGN_RSA_SHA384, 0, &data, &signature);
        if (result < 0)
            status = clg_error_set(err, CLG_ERR_INVALID, FIELD,
                                   "the JWT's signature does not verify with the registered key "
                                   "'%.100s'",
                                   jwt->kid);
    }
    gnutls_free(der.data);
    gnutls_pubkey_deinit(pub);
    return status;
}

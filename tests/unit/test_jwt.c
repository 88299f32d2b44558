/*
 * CDS Hooks clients' JWTs (src/base/jwt.c, src/base/base64url.c): strict
 * base64url, the header rules (ES384 or RS384 only, typ, kid, no crit),
 * the claim checks at fixed times (the edges of exp, iat and the lifetime
 * with the leeway; no clock here), public keys, and signatures made by
 * python3-jwt once and kept below (keys generated for these tests only).
 */
#include "support.h"

#include <stdlib.h>

#include "base/base64url.h"
#include "base/jwt.h"

#define NOW INT64_C(1800000000) /* 2027-01-15T08:00:00Z */
#define AUD "https://clinic.example/cds-services/collagenda-session-safety"

static const char *const audiences[] = {AUD, NULL};

/* Signed by python3-jwt: iss https://ehr.example/, aud AUD, iat 1800000000, exp +120, jti unit-1.
 */
static const char ec_key[] =
    "{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"cLLiORmb4l0nFWchXCvRqNVUIW30EpJPo4AoDW"
    "M_Gg79pVovUiVpJWhoDzwVxRET\",\"y\":\"j1qdy5mvEEUJWr0fw4A8RPHlsB6Rb7xWgQfp_6HEnwf"
    "OaIYJNcXRGKURGhq2inDR\",\"kid\":\"ec-1\"}";

static const char ec_jwt[] =
    "eyJhbGciOiJFUzM4NCIsImtpZCI6ImVjLTEiLCJ0eXAiOiJKV1QifQ.eyJpc3MiOiJodHRwczovL2Voc"
    "i5leGFtcGxlLyIsImF1ZCI6Imh0dHBzOi8vY2xpbmljLmV4YW1wbGUvY2RzLXNlcnZpY2VzL2NvbGxhZ"
    "2VuZGEtc2Vzc2lvbi1zYWZldHkiLCJpYXQiOjE4MDAwMDAwMDAsImV4cCI6MTgwMDAwMDEyMCwianRpI"
    "joidW5pdC0xIn0.AuvHypHJJMpB7o3TrHIvq0PsWSH3v88T6lxLyhkihT7PDZr-jQA5EZ9G5Wi-C84AV"
    "WzOyclzkXQmmDlX_-GhssLiKGy5kfn9TMGdQn4qfhSJXUvN0IxTXVQGGBkeIwom";

static const char rsa_key[] =
    "{\"kty\":\"RSA\",\"key_ops\":[\"verify\"],\"n\":\"ql8fQDw-v1zQXXIhfxwyXaQYO5L0AC"
    "-KRAg1httKSfCqAQnITFVQKa0grxV7u1Eeg_yqhgDl-jY28tFp_os3LvQcF6owyY1_Z8a7fW-WlPP08k"
    "09UPX7sFS4qtB5KX3Nv4oS09Yh2IKNxqvfxVTBG1UcWtQIs29FJCzfrgfw2fVHp08cTJlWXsy82xmiT3"
    "_lOmXogAaQUFjzeh7Dk1Gr3dBjEe1WzIVvidm0lJKDNxMbPcGRPSEs12J1RC25qDe1iVTIS45gWRuwju"
    "z0PAgcYqjr8Sb7yhzkqh5Zb8BTmlYaYS_9zCB_D9Tr7wS0b_OWhAG5ATvU0kAdITP2bPeh3w\",\"e\""
    ":\"AQAB\",\"kid\":\"rsa-1\"}";

static const char rsa_jwt[] =
    "eyJhbGciOiJSUzM4NCIsImtpZCI6InJzYS0xIiwidHlwIjoiSldUIn0.eyJpc3MiOiJodHRwczovL2Vo"
    "ci5leGFtcGxlLyIsImF1ZCI6Imh0dHBzOi8vY2xpbmljLmV4YW1wbGUvY2RzLXNlcnZpY2VzL2NvbGxh"
    "Z2VuZGEtc2Vzc2lvbi1zYWZldHkiLCJpYXQiOjE4MDAwMDAwMDAsImV4cCI6MTgwMDAwMDEyMCwianRp"
    "IjoidW5pdC0xIn0.YXN1fvI6p1TVvHybwXUiIQ_pESINt7qTPADr3E4aPgEkloKhy9GkS5XZIFKNtG5I"
    "d26cYP9f2VNOP-SQV0StxER2lpI9c7FHuRZBAoot9jA2onPMts43u_vTtfyqiyvVWyiq-XAoZP8jt6QN"
    "keQTPWyFAa8zD18LQc2kZ0hT_UwI9sm8mlMBePbopBQYxG3bh_ZsJZfeUqHlQxL73nhHaMyYCbqxoqUG"
    "_Orbzs8xq8O5tsu5_tmT8MXDKwrx7EzVr595XdPH36JMh9RKyiUkGJbnpEIxcSd8GaOXqITaDE1dSHzE"
    "ry8DTNNFkRpO3ISkBB2YkGtghXO5_lbXNLkiiQ";

/* ---- base64url ---- */

static void test_base64url_decodes_strictly(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *bytes; /* NULL: refused */
        size_t length;
    } rows[] = {
        {"", "", 0},           {"Zg", "f", 1},        {"Zm8", "fo", 2},
        {"Zm9v", "foo", 3},    {"Zm9vYg", "foob", 4}, {"-_8", "\xfb\xff", 2},
        {"AAAA", "\0\0\0", 3}, {"Zg==", NULL, 0},   /* padding */
        {"Z", NULL, 0},                             /* one character carries no byte */
        {"Zm9vY", NULL, 0},                         /* nor does a fifth */
        {"Zh", NULL, 0},                            /* leftover bits not zero */
        {"Zm+v", NULL, 0},                          /* the other alphabet */
        {"Zm/v", NULL, 0},     {"Zm9v\n", NULL, 0}, /* white space */
        {"Zm 9v", NULL, 0},    {"Zm9.", NULL, 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        unsigned char *out = (unsigned char *)"unchanged";
        size_t length = 99;
        clg_error err = {0};
        clg_status status =
            clg_base64url_decode(rows[i].text, strlen(rows[i].text), &out, &length, "part", &err);
        if (rows[i].bytes == NULL) {
            EXPECT_INT(rows[i].text, status, CLG_ERR_INVALID);
            EXPECT_STRING(rows[i].text, err.field, "part");
            EXPECT_TRUE(rows[i].text, out == NULL && length == 0);
        } else {
            EXPECT_INT(rows[i].text, status, CLG_OK);
            EXPECT_INT(rows[i].text, length, rows[i].length);
            EXPECT_TRUE(rows[i].text, memcmp(out, rows[i].bytes, length) == 0);
            EXPECT_INT(rows[i].text, out[length], 0);
        }
        free(status == CLG_OK ? out : NULL);
    }
}

/* ---- claims at fixed times ---- */

static clg_status check(const char *claims_json, int64_t now, clg_error *err)
{
    json_t *claims = json_loads(claims_json, 0, NULL);
    assert_non_null(claims);
    clg_jwt_claims out;
    clg_status status = clg_jwt_check_claims(claims, audiences, now, &out, err);
    json_decref(claims);
    return status;
}

/* Claims with exp and iat (seconds from NOW) and extra members. */
static const char *claims_at(long long iat, long long exp, const char *extra, char *out,
                             size_t size)
{
    snprintf(out, size,
             "{\"iss\": \"https://ehr.example/\", \"aud\": \"" AUD "\", \"jti\": \"j\", "
             "\"iat\": %lld, \"exp\": %lld%s}",
             (long long)NOW + iat, (long long)NOW + exp, extra);
    return out;
}

static void test_claims_times_at_their_edges(void **state)
{
    (void)state;
    /* Leeway 60 s, lifetime 300 s at most. */
    static const struct {
        const char *name;
        long long iat, exp;
        const char *reason; /* NULL: taken */
    } rows[] = {
        {"fresh", 0, 120, NULL},
        {"exp one second before now, in the leeway", -100, -1, NULL},
        {"exp 59 s ago: the leeway's last second", -100, -59, NULL},
        {"exp 60 s ago: expired", -100, -60, "has expired"},
        {"exp long ago", -400, -300, "has expired"},
        {"iat 60 s ahead: the leeway's last second", 60, 70, NULL},
        {"iat 61 s ahead", 61, 70, "in the future"},
        {"a lifetime of 300 s", -10, 290, NULL},
        {"a lifetime of 301 s", -10, 291, "at most 300 s"},
        {"exp at iat", 0, 0, "after its iat"},
        {"exp before iat", 0, -1, "after its iat"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char text[512];
        clg_error err = {0};
        clg_status status =
            check(claims_at(rows[i].iat, rows[i].exp, "", text, sizeof text), NOW, &err);
        if (rows[i].reason == NULL) {
            EXPECT_INT(rows[i].name, status, CLG_OK);
        } else {
            EXPECT_INT(rows[i].name, status, CLG_ERR_INVALID);
            EXPECT_STRING(rows[i].name, err.field, "Authorization");
            EXPECT_TRUE(rows[i].name, strstr(err.message, rows[i].reason) != NULL);
        }
    }
}

static void test_claims_members(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        const char *claims;
        const char *reason; /* NULL: taken */
    } rows[] = {
        {"aud as an array",
         "{\"iss\":\"i\",\"aud\":[\"x\",\"" AUD "\"],\"iat\":1800000000,"
         "\"exp\":1800000060,\"jti\":\"j\"}",
         NULL},
        {"sub and tenant",
         "{\"iss\":\"i\",\"sub\":\"s\",\"tenant\":\"t\",\"aud\":\"" AUD "\","
         "\"iat\":1800000000,\"exp\":1800000060,\"jti\":\"j\"}",
         NULL},
        {"times with fractions",
         "{\"iss\":\"i\",\"aud\":\"" AUD "\",\"iat\":1800000000.5,"
         "\"exp\":1800000060.25,\"jti\":\"j\"}",
         NULL},
        {"no iss", "{\"aud\":\"" AUD "\",\"iat\":1800000000,\"exp\":1800000060,\"jti\":\"j\"}",
         "needs iss"},
        {"empty iss",
         "{\"iss\":\"\",\"aud\":\"" AUD "\",\"iat\":1800000000,\"exp\":1800000060,"
         "\"jti\":\"j\"}",
         "needs iss"},
        {"sub a number",
         "{\"iss\":\"i\",\"sub\":7,\"aud\":\"" AUD "\",\"iat\":1800000000,"
         "\"exp\":1800000060,\"jti\":\"j\"}",
         "sub must be a string"},
        {"another aud",
         "{\"iss\":\"i\",\"aud\":\"" AUD "/x\",\"iat\":1800000000,"
         "\"exp\":1800000060,\"jti\":\"j\"}",
         "does not name this service"},
        {"aud in no array",
         "{\"iss\":\"i\",\"aud\":[\"x\"],\"iat\":1800000000,"
         "\"exp\":1800000060,\"jti\":\"j\"}",
         "does not name this service"},
        {"aud an empty array",
         "{\"iss\":\"i\",\"aud\":[],\"iat\":1800000000,"
         "\"exp\":1800000060,\"jti\":\"j\"}",
         "needs aud"},
        {"aud array with a number",
         "{\"iss\":\"i\",\"aud\":[\"" AUD "\",1],\"iat\":1800000000,"
         "\"exp\":1800000060,\"jti\":\"j\"}",
         "array of URLs"},
        {"no aud", "{\"iss\":\"i\",\"iat\":1800000000,\"exp\":1800000060,\"jti\":\"j\"}",
         "needs aud"},
        {"exp as text",
         "{\"iss\":\"i\",\"aud\":\"" AUD "\",\"iat\":1800000000,"
         "\"exp\":\"1800000060\",\"jti\":\"j\"}",
         "exp must be a number"},
        {"exp past year 9999",
         "{\"iss\":\"i\",\"aud\":\"" AUD "\",\"iat\":1800000000,"
         "\"exp\":9223372036854775807,\"jti\":\"j\"}",
         "between 1970"},
        {"iat negative",
         "{\"iss\":\"i\",\"aud\":\"" AUD "\",\"iat\":-5,"
         "\"exp\":1800000060,\"jti\":\"j\"}",
         "between 1970"},
        {"exp 1e300",
         "{\"iss\":\"i\",\"aud\":\"" AUD "\",\"iat\":1800000000,"
         "\"exp\":1e300,\"jti\":\"j\"}",
         "between 1970"},
        {"no iat", "{\"iss\":\"i\",\"aud\":\"" AUD "\",\"exp\":1800000060,\"jti\":\"j\"}",
         "needs iat"},
        {"nbf ahead",
         "{\"iss\":\"i\",\"aud\":\"" AUD "\",\"iat\":1800000000,\"nbf\":1800000100,"
         "\"exp\":1800000200,\"jti\":\"j\"}",
         "not valid yet"},
        {"no jti", "{\"iss\":\"i\",\"aud\":\"" AUD "\",\"iat\":1800000000,\"exp\":1800000060}",
         "needs jti"},
        {"jti a number",
         "{\"iss\":\"i\",\"aud\":\"" AUD "\",\"iat\":1800000000,"
         "\"exp\":1800000060,\"jti\":5}",
         "needs jti"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        clg_error err = {0};
        clg_status status = check(rows[i].claims, NOW, &err);
        if (rows[i].reason == NULL) {
            EXPECT_INT(rows[i].name, status, CLG_OK);
        } else {
            EXPECT_INT(rows[i].name, status, CLG_ERR_INVALID);
            EXPECT_TRUE(rows[i].name, strstr(err.message, rows[i].reason) != NULL);
        }
    }
    /* A jti of 256 bytes is taken, of 257 refused. */
    for (int length = 256; length <= 257; length++) {
        char jti[300], text[700];
        memset(jti, 'j', (size_t)length);
        jti[length] = '\0';
        snprintf(text, sizeof text,
                 "{\"iss\":\"i\",\"aud\":\"" AUD "\",\"iat\":1800000000,"
                 "\"exp\":1800000060,\"jti\":\"%s\"}",
                 jti);
        clg_error err = {0};
        EXPECT_INT(jti + 250, check(text, NOW, &err), length == 256 ? CLG_OK : CLG_ERR_INVALID);
    }
}

/* ---- parsing and signatures ---- */

static json_t *key_of(const char *text)
{
    json_t *key = json_loads(text, 0, NULL);
    assert_non_null(key);
    return key;
}

static void test_kept_signatures_verify_and_a_changed_byte_does_not(void **state)
{
    (void)state;
    static const struct {
        const char *name, *token, *key, *other_key;
    } rows[] = {
        {"ES384", ec_jwt, ec_key, rsa_key},
        {"RS384", rsa_jwt, rsa_key, ec_key},
    };
    for (size_t i = 0; i < 2; i++) {
        json_t *key = key_of(rows[i].key), *other = key_of(rows[i].other_key);
        clg_error err = {0};
        EXPECT_INT(rows[i].name, clg_jwk_check(key, "key", &err), CLG_OK);
        clg_jwt jwt;
        EXPECT_INT(rows[i].name, clg_jwt_parse(rows[i].token, &jwt, &err), CLG_OK);
        EXPECT_STRING(rows[i].name, jwt.issuer, "https://ehr.example/");
        EXPECT_INT(rows[i].name, clg_jwt_verify(&jwt, key, &err), CLG_OK);
        clg_jwt_claims claims;
        EXPECT_INT(rows[i].name, clg_jwt_check_claims(jwt.claims, audiences, NOW, &claims, &err),
                   CLG_OK);
        EXPECT_STRING(rows[i].name, claims.id, "unit-1");
        EXPECT_INT(rows[i].name, claims.expires_at, NOW + 120);
        /* The key of the other type cannot verify it. */
        EXPECT_INT(rows[i].name, clg_jwt_verify(&jwt, other, &err), CLG_ERR_INVALID);
        EXPECT_TRUE(rows[i].name, strstr(err.message, "cannot verify alg") != NULL);
        clg_jwt_free(&jwt);

        /* One character of the claims changed: the signature no longer holds. */
        char *changed = strdup(rows[i].token);
        char *claims_part = strchr(changed, '.') + 1;
        claims_part[3] = claims_part[3] == 'A' ? 'B' : 'A';
        EXPECT_INT(rows[i].name, clg_jwt_parse(changed, &jwt, &err), CLG_OK);
        EXPECT_INT(rows[i].name, clg_jwt_verify(&jwt, key, &err), CLG_ERR_INVALID);
        EXPECT_TRUE(rows[i].name, strstr(err.message, "does not verify") != NULL);
        clg_jwt_free(&jwt);
        free(changed);
        json_decref(key);
        json_decref(other);
    }
}

static char *token_of(const char *header, const char *claims, const char *signature)
{
    /* base64url of small ASCII JSON, by hand: the tests' own encoder. */
    static const char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const char *parts[] = {header, claims};
    char *out = calloc(4096, 1);
    size_t at = 0;
    for (int p = 0; p < 2; p++) {
        const unsigned char *in = (const unsigned char *)parts[p];
        size_t length = strlen(parts[p]);
        for (size_t i = 0; i < length; i += 3) {
            unsigned value = (unsigned)in[i] << 16;
            if (i + 1 < length)
                value |= (unsigned)in[i + 1] << 8;
            if (i + 2 < length)
                value |= in[i + 2];
            int chars = length - i >= 3 ? 4 : (int)(length - i) + 1;
            for (int c = 0; c < chars; c++)
                out[at++] = alphabet[(value >> (18 - 6 * c)) & 63];
        }
        out[at++] = '.';
    }
    strcpy(out + at, signature);
    return out;
}

static void test_headers_and_shapes_are_refused_with_the_reason(void **state)
{
    (void)state;
    static const char claims[] = "{\"iss\":\"https://ehr.example/\"}";
    static const struct {
        const char *name, *header, *reason;
    } rows[] = {
        {"alg none", "{\"alg\":\"none\",\"typ\":\"JWT\",\"kid\":\"k\"}", "'none' is refused"},
        {"HS256", "{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"k\"}", "HMAC"},
        {"HS384", "{\"alg\":\"HS384\",\"typ\":\"JWT\",\"kid\":\"k\"}", "HMAC"},
        {"ES256", "{\"alg\":\"ES256\",\"typ\":\"JWT\",\"kid\":\"k\"}", "not accepted"},
        {"PS384", "{\"alg\":\"PS384\",\"typ\":\"JWT\",\"kid\":\"k\"}", "not accepted"},
        {"no alg", "{\"typ\":\"JWT\",\"kid\":\"k\"}", "has no alg"},
        {"alg a number", "{\"alg\":384,\"typ\":\"JWT\",\"kid\":\"k\"}", "has no alg"},
        {"no typ", "{\"alg\":\"ES384\",\"kid\":\"k\"}", "typ"},
        {"typ JWS", "{\"alg\":\"ES384\",\"typ\":\"JWS\",\"kid\":\"k\"}", "typ"},
        {"no kid", "{\"alg\":\"ES384\",\"typ\":\"JWT\"}", "needs a kid"},
        {"empty kid", "{\"alg\":\"ES384\",\"typ\":\"JWT\",\"kid\":\"\"}", "needs a kid"},
        {"jku a number", "{\"alg\":\"ES384\",\"typ\":\"JWT\",\"kid\":\"k\",\"jku\":1}", "jku"},
        {"crit", "{\"alg\":\"ES384\",\"typ\":\"JWT\",\"kid\":\"k\",\"crit\":[\"x\"]}", "crit"},
        {"alg twice", "{\"alg\":\"ES384\",\"alg\":\"ES384\",\"typ\":\"JWT\",\"kid\":\"k\"}",
         "not a JSON object"},
        {"an array", "[1]", "not a JSON object"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char *token = token_of(rows[i].header, claims, "AAAA");
        clg_jwt jwt;
        clg_error err = {0};
        EXPECT_INT(rows[i].name, clg_jwt_parse(token, &jwt, &err), CLG_ERR_INVALID);
        EXPECT_STRING(rows[i].name, err.field, "Authorization");
        EXPECT_TRUE(rows[i].name, strstr(err.message, rows[i].reason) != NULL);
        clg_jwt_free(&jwt);
        free(token);
    }
    static const char *const shapes[] = {
        "", "a", "a.b", "a.b.c.d", "..", "e30.e30.e30.", "*.e30.", "e30.*.", "e30.e30.*"};
    for (size_t i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        clg_jwt jwt;
        clg_error err = {0};
        EXPECT_INT(shapes[i], clg_jwt_parse(shapes[i], &jwt, &err), CLG_ERR_INVALID);
        clg_jwt_free(&jwt);
    }
    /* An ES384 signature of the wrong length is refused before GnuTLS sees it. */
    json_t *key = key_of(ec_key);
    char *token = token_of("{\"alg\":\"ES384\",\"typ\":\"JWT\",\"kid\":\"ec-1\"}", claims, "AAAA");
    clg_jwt jwt;
    clg_error err = {0};
    EXPECT_INT("short signature", clg_jwt_parse(token, &jwt, &err), CLG_OK);
    EXPECT_INT("short signature", clg_jwt_verify(&jwt, key, &err), CLG_ERR_INVALID);
    EXPECT_TRUE("short signature", strstr(err.message, "holds 3 bytes") != NULL);
    clg_jwt_free(&jwt);
    free(token);
    json_decref(key);
}

/* ---- keys ---- */

static void test_keys_are_public_and_usable(void **state)
{
    (void)state;
    char ff256[400], ff128[200];
    memset(ff256, '_', 341);
    strcpy(ff256 + 341, "w"); /* 256 bytes of 0xff: a 2048-bit modulus */
    memset(ff128, '_', 170);
    strcpy(ff128 + 170, "w"); /* 1024 bits */
    char rsa2048[600], rsa1024[400], even_e[600];
    snprintf(rsa2048, sizeof rsa2048, "{\"kty\":\"RSA\",\"kid\":\"r\",\"n\":\"%s\",\"e\":\"AQAB\"}",
             ff256);
    snprintf(rsa1024, sizeof rsa1024, "{\"kty\":\"RSA\",\"kid\":\"r\",\"n\":\"%s\",\"e\":\"AQAB\"}",
             ff128);
    snprintf(even_e, sizeof even_e, "{\"kty\":\"RSA\",\"kid\":\"r\",\"n\":\"%s\",\"e\":\"AQAA\"}",
             ff256);
    static const char x48[] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    char ec_ok[300], ec_short[300], ec_long[300], ec_p256[300], ec_private[300];
    snprintf(ec_ok, sizeof ec_ok,
             "{\"kty\":\"EC\",\"kid\":\"e\",\"crv\":\"P-384\",\"x\":\"%s\",\"y\":\"%s\","
             "\"use\":\"sig\",\"alg\":\"ES384\",\"key_ops\":[\"verify\"]}",
             x48, x48);
    snprintf(ec_short, sizeof ec_short,
             "{\"kty\":\"EC\",\"kid\":\"e\",\"crv\":\"P-384\",\"x\":\"%.60s\",\"y\":\"%s\"}", x48,
             x48);
    snprintf(ec_long, sizeof ec_long,
             "{\"kty\":\"EC\",\"kid\":\"e\",\"crv\":\"P-384\",\"x\":\"%sAA\",\"y\":\"%s\"}", x48,
             x48);
    snprintf(ec_p256, sizeof ec_p256,
             "{\"kty\":\"EC\",\"kid\":\"e\",\"crv\":\"P-256\",\"x\":\"%s\",\"y\":\"%s\"}", x48,
             x48);
    snprintf(
        ec_private, sizeof ec_private,
        "{\"kty\":\"EC\",\"kid\":\"e\",\"crv\":\"P-384\",\"x\":\"%s\",\"y\":\"%s\",\"d\":\"%s\"}",
        x48, x48, x48);
    const struct {
        const char *name, *key, *reason;
    } rows[] = {
        {"EC P-384", ec_ok, NULL},
        {"RSA 2048", rsa2048, NULL},
        {"RSA 1024", rsa1024, "1024-bit"},
        {"even e", even_e, "public exponent"},
        {"x without its leading zeros", ec_short, NULL},
        {"x of 49 bytes", ec_long, "holds 49 bytes"},
        {"P-256", ec_p256, "P-384"},
        {"private", ec_private, "private key"},
        {"oct", "{\"kty\":\"oct\",\"kid\":\"s\",\"k\":\"AAAA\"}", "private key"},
        {"OKP", "{\"kty\":\"OKP\",\"kid\":\"s\",\"crv\":\"Ed25519\",\"x\":\"AAAA\"}", "for RS384"},
        {"no kid", "{\"kty\":\"EC\",\"crv\":\"P-384\"}", "kid"},
        {"use enc", "{\"kty\":\"EC\",\"kid\":\"e\",\"use\":\"enc\"}", "sig"},
        {"alg RS384 on EC", "{\"kty\":\"EC\",\"kid\":\"e\",\"alg\":\"RS384\"}", "ES384"},
        {"not an object", "[]", "JSON Web Key"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        json_t *key = key_of(rows[i].key);
        clg_error err = {0};
        clg_status status = clg_jwk_check(key, "keys[0]", &err);
        if (rows[i].reason == NULL) {
            EXPECT_INT(rows[i].name, status, CLG_OK);
        } else {
            EXPECT_INT(rows[i].name, status, CLG_ERR_INVALID);
            EXPECT_TRUE(rows[i].name, strncmp(err.field, "keys[0]", 7) == 0);
            EXPECT_TRUE(rows[i].name, strstr(err.message, rows[i].reason) != NULL);
        }
        json_decref(key);
    }
    /* The public copy keeps the public members only. */
    json_t *key = key_of(ec_ok), *copy = clg_jwk_public(key);
    assert_int_equal(json_object_size(copy), 7);
    assert_null(json_object_get(copy, "key_ops"));
    json_decref(copy);
    json_decref(key);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base64url_decodes_strictly),
        cmocka_unit_test(test_claims_times_at_their_edges),
        cmocka_unit_test(test_claims_members),
        cmocka_unit_test(test_kept_signatures_verify_and_a_changed_byte_does_not),
        cmocka_unit_test(test_headers_and_shapes_are_refused_with_the_reason),
        cmocka_unit_test(test_keys_are_public_and_usable),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

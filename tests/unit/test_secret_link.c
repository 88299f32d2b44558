/*
 * The secret in a link (base/credentials.h, clg_secret_link_hash), shared by
 * the calendar feed and the client portal: only the form clg_secret_new
 * makes (64 lowercase hex digits) is hashed, to the SHA-256 the store
 * keeps; anything else is refused before any lookup, out left empty.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/credentials.h"

static int set_up(void **state)
{
    (void)state;
    clg_error err;
    return clg_credentials_init(&err) == CLG_OK ? 0 : -1;
}

static void test_a_new_secret_hashes_as_the_store_keeps_it(void **state)
{
    (void)state;
    char secret[CLG_SECRET_TEXT_SIZE], expected[CLG_SECRET_HASH_TEXT_SIZE],
        hash[CLG_SECRET_HASH_TEXT_SIZE];
    clg_secret_new(secret);
    clg_secret_hash(secret, expected);
    assert_true(clg_secret_link_hash(secret, hash));
    assert_string_equal(hash, expected);
    /* The SHA-256 of 64 zeros, as sha256sum gives it. */
    const char zeros[] = "0000000000000000000000000000000000000000000000000000000000000000";
    assert_true(clg_secret_link_hash(zeros, hash));
    assert_string_equal(hash, "60e05bd1b195af2f94112fa7197a5c88289058840ce7c6df9693756bc6250f55");
}

static void test_anything_else_is_refused_and_out_left_empty(void **state)
{
    (void)state;
    char secret[CLG_SECRET_TEXT_SIZE], text[CLG_SECRET_TEXT_SIZE + 8],
        hash[CLG_SECRET_HASH_TEXT_SIZE];
    clg_secret_new(secret);
    const char *const bad[] = {"", "abc", "not hex at all"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        memset(hash, 'x', sizeof hash);
        assert_false(clg_secret_link_hash(bad[i], hash));
        assert_string_equal(hash, "");
    }
    /* One digit short, one too many, upper case, a non-hex letter. */
    memcpy(text, secret, 63);
    text[63] = '\0';
    assert_false(clg_secret_link_hash(text, hash));
    memcpy(text, secret, 64);
    text[64] = 'a';
    text[65] = '\0';
    assert_false(clg_secret_link_hash(text, hash));
    memcpy(text, secret, 65);
    text[0] = 'A';
    assert_false(clg_secret_link_hash(text, hash));
    text[0] = 'g';
    assert_false(clg_secret_link_hash(text, hash));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_new_secret_hashes_as_the_store_keeps_it),
        cmocka_unit_test(test_anything_else_is_refused_and_out_left_empty),
    };
    return cmocka_run_group_tests(tests, set_up, NULL);
}

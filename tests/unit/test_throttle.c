/*
 * The failed-login throttle (src/http/throttle.c) against an attacker who
 * fails with many other keys to flush a victim's count, and the client
 * addresses behind a trusted proxy (src/http/client.c) the throttle keys on.
 * The clock is a number passed in, so nothing here waits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "http/client.h"
#include "http/throttle.h"

enum { FREE = 3, NOW = 1000000 };

static void fail_times(clg_throttle *throttle, const char *key, int times, time_t now)
{
    for (int i = 0; i < times; i++)
        clg_throttle_fail(throttle, key, now);
}

/* Fails once each with count keys other than the victim's, from now on. */
static void flood(clg_throttle *throttle, int count, int failures_each, time_t now)
{
    char key[64];
    for (int i = 0; i < count; i++) {
        snprintf(key, sizeof key, "attacker-%d@example.test", i);
        fail_times(throttle, key, failures_each, now);
    }
}

static void test_waits_grow_after_the_free_failures(void **state)
{
    (void)state;
    clg_throttle *throttle = clg_throttle_new(FREE);
    fail_times(throttle, "victim", FREE, NOW);
    assert_int_equal(clg_throttle_wait(throttle, "victim", NOW), 0);
    clg_throttle_fail(throttle, "victim", NOW);
    assert_int_equal(clg_throttle_wait(throttle, "victim", NOW), 2);
    clg_throttle_fail(throttle, "victim", NOW);
    assert_int_equal(clg_throttle_wait(throttle, "victim", NOW), 4);
    fail_times(throttle, "victim", 20, NOW);
    assert_int_equal(clg_throttle_wait(throttle, "victim", NOW), CLG_THROTTLE_MAX_WAIT_SECONDS);
    assert_int_equal(clg_throttle_wait(throttle, "someone else", NOW), 0);
    clg_throttle_succeed(throttle, "victim");
    assert_int_equal(clg_throttle_wait(throttle, "victim", NOW), 0);
    clg_throttle_free(throttle);
}

/* The old table gave the oldest slot away: 1,100 other keys flushed the victim. */
static void test_a_locked_key_outlives_a_flood_of_other_keys(void **state)
{
    (void)state;
    clg_throttle *throttle = clg_throttle_new(FREE);
    fail_times(throttle, "victim", FREE + 1, NOW);
    int locked = clg_throttle_wait(throttle, "victim", NOW);
    assert_true(locked > 0);
    flood(throttle, 4 * CLG_THROTTLE_SLOTS, 1, NOW);
    assert_int_equal(clg_throttle_wait(throttle, "victim", NOW), locked);
    /* Even by keys that fail as often as the victim (and are locked in turn). */
    flood(throttle, 2 * CLG_THROTTLE_SLOTS, FREE + 1, NOW);
    assert_int_equal(clg_throttle_wait(throttle, "victim", NOW), locked);
    clg_throttle_free(throttle);
}

/* A victim below the lock keeps its count while others fail less often. */
static void test_an_unlocked_count_is_kept_before_smaller_ones(void **state)
{
    (void)state;
    clg_throttle *throttle = clg_throttle_new(FREE);
    fail_times(throttle, "victim", FREE, NOW);
    flood(throttle, 4 * CLG_THROTTLE_SLOTS, FREE - 1, NOW + 1);
    /* The victim's next failure is its FREE + 1st: it is locked at once. */
    clg_throttle_fail(throttle, "victim", NOW + 2);
    assert_int_equal(clg_throttle_wait(throttle, "victim", NOW + 2),
                     CLG_THROTTLE_FIRST_WAIT_SECONDS);
    clg_throttle_free(throttle);
}

/* With every slot locked, a key the table cannot hold waits on the shared lock. */
static void test_a_full_table_of_locks_fails_closed(void **state)
{
    (void)state;
    clg_throttle *throttle = clg_throttle_new(FREE);
    flood(throttle, CLG_THROTTLE_SLOTS, FREE + 1, NOW);
    assert_int_equal(clg_throttle_wait(throttle, "newcomer", NOW), 0);
    fail_times(throttle, "newcomer", FREE + 1, NOW);
    assert_true(clg_throttle_wait(throttle, "newcomer", NOW) > 0);
    assert_true(clg_throttle_wait(throttle, "anyone", NOW) > 0);
    /* The locks end; the table takes keys again, the counts of the locked ones forgotten last. */
    time_t later = NOW + CLG_THROTTLE_MAX_WAIT_SECONDS + CLG_THROTTLE_FORGET_SECONDS;
    assert_int_equal(clg_throttle_wait(throttle, "anyone", later), 0);
    fail_times(throttle, "anyone", FREE, later);
    assert_int_equal(clg_throttle_wait(throttle, "anyone", later), 0);
    clg_throttle_free(throttle);
}

static void test_counts_are_forgotten_after_a_quiet_hour(void **state)
{
    (void)state;
    clg_throttle *throttle = clg_throttle_new(FREE);
    fail_times(throttle, "victim", FREE, NOW);
    time_t later = NOW + CLG_THROTTLE_FORGET_SECONDS;
    clg_throttle_fail(throttle, "victim", later);
    assert_int_equal(clg_throttle_wait(throttle, "victim", later), 0);
    clg_throttle_free(throttle);
}

static const char *network_of(const char *text)
{
    static char network[64];
    clg_ip ip;
    assert_true(clg_ip_parse(text, &ip));
    clg_ip_network(&ip, network, sizeof network);
    return network;
}

static void test_networks_are_the_24_and_the_64(void **state)
{
    (void)state;
    assert_string_equal(network_of("203.0.113.77"), "203.0.113.0/24");
    assert_string_equal(network_of("::ffff:203.0.113.77"), "203.0.113.0/24");
    assert_string_equal(network_of("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
    clg_ip ip;
    assert_false(clg_ip_parse("203.0.113", &ip));
    assert_false(clg_ip_parse("example.test", &ip));
}

static const char *client_of(const clg_proxy_list *trusted, const char *peer_text,
                             const char *forwarded_for)
{
    static char text[64];
    clg_ip peer;
    assert_true(clg_ip_parse(peer_text, &peer));
    clg_ip client = clg_client_address(trusted, &peer, forwarded_for);
    clg_ip_text(&client, text, sizeof text);
    return text;
}

static void test_forwarded_for_counts_only_from_a_trusted_proxy(void **state)
{
    (void)state;
    clg_proxy_list trusted = {0};
    clg_error err;
    assert_int_equal(clg_proxy_list_add(&trusted, "10.0.0.1", "trust-proxy", &err), CLG_OK);
    assert_int_equal(clg_proxy_list_add(&trusted, "10.0.0.2", "trust-proxy", &err), CLG_OK);
    assert_int_equal(clg_proxy_list_add(&trusted, "proxy.example", "trust-proxy", &err),
                     CLG_ERR_INVALID);
    assert_string_equal(err.field, "trust-proxy");
    /* From anyone else, the header is the client's own say: ignored. */
    assert_string_equal(client_of(&trusted, "192.0.2.9", "198.51.100.1"), "192.0.2.9");
    assert_string_equal(client_of(&trusted, "10.0.0.1", NULL), "10.0.0.1");
    assert_string_equal(client_of(&trusted, "10.0.0.1", "198.51.100.1"), "198.51.100.1");
    /* The right end is what the proxies saw; the left end is the client's to forge. */
    assert_string_equal(client_of(&trusted, "10.0.0.1", "1.2.3.4, 198.51.100.1"), "198.51.100.1");
    assert_string_equal(client_of(&trusted, "10.0.0.1", "198.51.100.1,10.0.0.2"), "198.51.100.1");
    assert_string_equal(client_of(&trusted, "10.0.0.1", " 2001:db8::7 "), "2001:db8::7");
    assert_string_equal(client_of(&trusted, "10.0.0.1", "198.51.100.1, junk"), "10.0.0.1");
    assert_string_equal(client_of(&trusted, "10.0.0.1", ""), "10.0.0.1");
    assert_true(clg_forwarded_https("https"));
    assert_true(clg_forwarded_https("http, HTTPS"));
    assert_false(clg_forwarded_https("https, http"));
    assert_false(clg_forwarded_https(NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_waits_grow_after_the_free_failures),
        cmocka_unit_test(test_a_locked_key_outlives_a_flood_of_other_keys),
        cmocka_unit_test(test_an_unlocked_count_is_kept_before_smaller_ones),
        cmocka_unit_test(test_a_full_table_of_locks_fails_closed),
        cmocka_unit_test(test_counts_are_forgotten_after_a_quiet_hour),
        cmocka_unit_test(test_networks_are_the_24_and_the_64),
        cmocka_unit_test(test_forwarded_for_counts_only_from_a_trusted_proxy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

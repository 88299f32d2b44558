/*
 * The failed-login throttle: its policy (src/base/login_throttle.c), pure,
 * and its counts in a temporary SQLite database (src/service/login_throttle.c),
 * or on PostgreSQL when given a command that makes a database there
 * (tests/server/test_two_servers.py shows them across two servers), against an attacker who fails
 * with many other keys to flush a victim's count; and the client addresses behind a trusted proxy
 * (src/http/client.c) the throttle keys on. The clock is a number passed in, so nothing here waits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/login_throttle.h"
#include "http/client.h"
#include "service/login_throttle.h"
#include "store/store.h"

/* A small table, so that filling it takes a few hundred attempts. */
enum { FREE = 3, NOW = 1000000, MAX_KEYS = 64 };

/* ---- the policy -------------------------------------------------------- */

static void test_waits_grow_after_the_free_failures(void **state)
{
    (void)state;
    clg_login_count count = {0};
    for (int i = 0; i < FREE; i++)
        clg_login_count_fail(&count, FREE, NOW);
    assert_int_equal(clg_login_count_wait(&count, NOW), 0);
    clg_login_count_fail(&count, FREE, NOW);
    assert_int_equal(clg_login_count_wait(&count, NOW), 2);
    clg_login_count_fail(&count, FREE, NOW);
    assert_int_equal(clg_login_count_wait(&count, NOW), 4);
    assert_int_equal(clg_login_count_wait(&count, NOW + 3), 1);
    for (int i = 0; i < 20; i++)
        clg_login_count_fail(&count, FREE, NOW);
    assert_int_equal(clg_login_count_wait(&count, NOW), CLG_LOGIN_THROTTLE_MAX_WAIT_SECONDS);
    assert_false(clg_login_count_forgotten(&count, NOW + CLG_LOGIN_THROTTLE_FORGET_SECONDS - 1));
}

static void test_counts_are_forgotten_after_a_quiet_hour(void **state)
{
    (void)state;
    clg_login_count count = {0};
    for (int i = 0; i < FREE; i++)
        clg_login_count_fail(&count, FREE, NOW);
    int64_t later = NOW + CLG_LOGIN_THROTTLE_FORGET_SECONDS;
    assert_true(clg_login_count_forgotten(&count, later));
    clg_login_count_fail(&count, FREE, later);
    assert_int_equal(count.failures, 1);
    assert_int_equal(clg_login_count_wait(&count, later), 0);
}

/* ---- the counts in a database ------------------------------------------- */

/* The command that prints a new PostgreSQL database's location (argv[1]); NULL: SQLite. */
static const char *new_database_command;

typedef struct fixture {
    char folder[64];
    char path[512];
    clg_store *store;
} fixture;

/* A new PostgreSQL database from new_database_command (tests/pg/newdb.sh). */
static void new_pg_database(char *location, size_t size)
{
    FILE *command = popen(new_database_command, "r");
    assert_non_null(command);
    assert_non_null(fgets(location, (int)size, command));
    assert_int_equal(pclose(command), 0);
    location[strcspn(location, "\n")] = '\0';
}

static int open_store(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    if (new_database_command != NULL) {
        new_pg_database(f->path, sizeof f->path);
    } else {
        snprintf(f->folder, sizeof f->folder, "/tmp/clg-throttle-XXXXXX");
        assert_non_null(mkdtemp(f->folder));
        snprintf(f->path, sizeof f->path, "%s/test.db", f->folder);
    }
    clg_error err;
    assert_int_equal(clg_store_open(f->path, &f->store, &err), CLG_OK);
    *state = f;
    return 0;
}

static int close_store(void **state)
{
    fixture *f = *state;
    char side[128];
    clg_store_close(f->store);
    if (new_database_command != NULL) { /* the test server's folder goes with it */
        free(f);
        return 0;
    }
    unlink(f->path);
    for (const char *suffix = "-wal"; suffix; suffix = suffix[1] == 'w' ? "-shm" : NULL) {
        snprintf(side, sizeof side, "%s%s", f->path, suffix);
        unlink(side);
    }
    rmdir(f->folder);
    free(f);
    return 0;
}

/* One attempt for key (an e-mail) that fails; the wait it was told (0: let through). */
static int attempt(clg_store *store, const char *key, int64_t now)
{
    clg_login_key keys[] = {{"email", key, FREE}};
    clg_login_attempt made;
    int wait = -1;
    clg_error err;
    assert_int_equal(clg_login_attempt_begin(store, keys, 1, now, MAX_KEYS, &made, &wait, &err),
                     CLG_OK);
    return wait;
}

/* The wait for key now, without counting anything (a good password's attempt, refunded). */
static int wait_for(clg_store *store, const char *key, int64_t now)
{
    clg_login_key keys[] = {{"email", key, FREE}};
    clg_login_attempt made;
    int wait = -1;
    clg_error err;
    assert_int_equal(clg_login_attempt_begin(store, keys, 1, now, MAX_KEYS, &made, &wait, &err),
                     CLG_OK);
    if (wait == 0)
        assert_int_equal(clg_login_attempt_refund(store, &made, NULL, &err), CLG_OK);
    return wait;
}

static void fail_times(clg_store *store, const char *key, int times, int64_t now)
{
    for (int i = 0; i < times; i++)
        attempt(store, key, now);
}

/* Fails failures_each times with each of count keys other than the victim's. */
static void flood(clg_store *store, int count, int failures_each, int64_t now)
{
    char key[64];
    for (int i = 0; i < count; i++) {
        snprintf(key, sizeof key, "attacker-%d@example.test", i);
        fail_times(store, key, failures_each, now);
    }
}

static void test_an_attempt_counts_until_it_proves_good(void **state)
{
    clg_store *store = ((fixture *)*state)->store;
    fail_times(store, "victim", FREE, NOW);
    /* A good password (refunded) neither counts nor locks: the next failure is the 4th. */
    assert_int_equal(wait_for(store, "victim", NOW), 0);
    assert_int_equal(attempt(store, "victim", NOW), 0);
    assert_int_equal(wait_for(store, "victim", NOW), CLG_LOGIN_THROTTLE_FIRST_WAIT_SECONDS);
    /* Refused while locked, and a refused attempt counts nothing. */
    assert_int_equal(attempt(store, "victim", NOW + 1), 1);
    assert_int_equal(attempt(store, "victim", NOW + 2), 0);
    assert_int_equal(wait_for(store, "victim", NOW + 2), 4);
    assert_int_equal(wait_for(store, "someone else", NOW + 2), 0);
    /* A login that succeeds forgets its address's failures. */
    clg_login_key keys[] = {{"email", "victim", FREE}};
    clg_login_attempt made;
    int wait;
    clg_error err;
    assert_int_equal(clg_login_attempt_begin(store, keys, 1, NOW + 6, MAX_KEYS, &made, &wait, &err),
                     CLG_OK);
    assert_int_equal(wait, 0);
    assert_int_equal(clg_login_attempt_refund(store, &made, "email", &err), CLG_OK);
    fail_times(store, "victim", FREE, NOW + 6);
    assert_int_equal(wait_for(store, "victim", NOW + 6), 0);
}

static void test_a_locked_key_outlives_a_flood_of_other_keys(void **state)
{
    clg_store *store = ((fixture *)*state)->store;
    fail_times(store, "victim", FREE + 1, NOW);
    int locked = wait_for(store, "victim", NOW);
    assert_true(locked > 0);
    flood(store, 4 * MAX_KEYS, 1, NOW);
    assert_int_equal(wait_for(store, "victim", NOW), locked);
    /* Even by keys that fail as often as the victim (and are locked in turn). */
    flood(store, 2 * MAX_KEYS, FREE + 1, NOW);
    assert_int_equal(wait_for(store, "victim", NOW), locked);
}

/* A victim below the lock keeps its count while others fail less often. */
static void test_an_unlocked_count_is_kept_before_smaller_ones(void **state)
{
    clg_store *store = ((fixture *)*state)->store;
    fail_times(store, "victim", FREE, NOW);
    flood(store, 4 * MAX_KEYS, FREE - 1, NOW + 1);
    /* The victim's next failure is its FREE + 1st: it is locked at once. */
    assert_int_equal(attempt(store, "victim", NOW + 2), 0);
    assert_int_equal(wait_for(store, "victim", NOW + 2), CLG_LOGIN_THROTTLE_FIRST_WAIT_SECONDS);
}

/* With every row locked, a key the table cannot hold waits on the shared lock. */
static void test_a_full_table_of_locks_fails_closed(void **state)
{
    clg_store *store = ((fixture *)*state)->store;
    flood(store, MAX_KEYS, FREE + 1, NOW);
    assert_int_equal(wait_for(store, "newcomer", NOW), 0);
    fail_times(store, "newcomer", FREE + 1, NOW);
    assert_true(wait_for(store, "newcomer", NOW) > 0);
    assert_true(wait_for(store, "anyone", NOW) > 0);
    /* The locks end and the quiet hour passes: the rows are pruned, keys counted again. */
    int64_t later = NOW + CLG_LOGIN_THROTTLE_MAX_WAIT_SECONDS + CLG_LOGIN_THROTTLE_FORGET_SECONDS;
    assert_int_equal(wait_for(store, "anyone", later), 0);
    fail_times(store, "anyone", FREE, later);
    assert_int_equal(wait_for(store, "anyone", later), 0);
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

/* test_throttle [NEW_DATABASE_COMMAND]: the counts on SQLite, or on the PostgreSQL
   databases the command makes (unit.throttle.pg: tests/pg/newdb.sh). */
int main(int argc, char **argv)
{
    new_database_command = argc > 1 ? argv[1] : NULL;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_waits_grow_after_the_free_failures),
        cmocka_unit_test(test_counts_are_forgotten_after_a_quiet_hour),
        cmocka_unit_test_setup_teardown(test_an_attempt_counts_until_it_proves_good, open_store,
                                        close_store),
        cmocka_unit_test_setup_teardown(test_a_locked_key_outlives_a_flood_of_other_keys,
                                        open_store, close_store),
        cmocka_unit_test_setup_teardown(test_an_unlocked_count_is_kept_before_smaller_ones,
                                        open_store, close_store),
        cmocka_unit_test_setup_teardown(test_a_full_table_of_locks_fails_closed, open_store,
                                        close_store),
        cmocka_unit_test(test_networks_are_the_24_and_the_64),
        cmocka_unit_test(test_forwarded_for_counts_only_from_a_trusted_proxy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

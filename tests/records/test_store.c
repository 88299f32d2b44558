/*
 * The store interface (src/store/store.h) through the clg_store_* functions
 * only, on either backend: every entity's rows go in and come back as the
 * same values (enums and bit masks, not words) and a row of another clinic
 * does not exist. On SQLite also: a visitor cannot restart the list it is
 * visiting, and the file keeps the words and the one timestamp format.
 *
 * usage: test_store [NEWDB]: with CLG_TEST_PG_HOST set (ctest's
 * records.store.pg), NEWDB (tests/pg/newdb.sh) makes each test a new
 * PostgreSQL database; else each test has a SQLite file of its own.
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
#include <sqlite3.h>

#include "store/accounts.h"
#include "store/feeds.h"
#include "store/store.h"

/* tests/pg/newdb.sh when the tests run on PostgreSQL, else NULL. */
static const char *pg_newdb;

typedef struct fixture {
    char folder[64];
    char path[512];
    clg_store *store;
    int64_t clinic, other_clinic;
    int64_t client, course;
} fixture;

static const char hash_a[] = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
static const char hash_b[] = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

static clg_date day(int year, int month, int date)
{
    clg_date out = 0;
    assert_true(clg_date_from_civil(year, month, date, &out));
    return out;
}

static void ok(clg_status status, const clg_error *err)
{
    if (status != CLG_OK)
        fail_msg("%s: %s", err->field, err->message);
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    clg_error err;
    assert_non_null(f);
    if (pg_newdb) {
        FILE *made = popen(pg_newdb, "r");
        assert_non_null(made);
        assert_non_null(fgets(f->path, sizeof f->path, made));
        assert_int_equal(pclose(made), 0);
        f->path[strcspn(f->path, "\n")] = '\0';
    } else {
        snprintf(f->folder, sizeof f->folder, "/tmp/collagenda-store-XXXXXX");
        assert_non_null(mkdtemp(f->folder));
        snprintf(f->path, sizeof f->path, "%s/store.db", f->folder);
    }
    ok(clg_store_open(f->path, &f->store, &err), &err);
    ok(clg_store_clinic_ensure(f->store, "Clinic", "test", &f->clinic, &err), &err);
    ok(clg_store_clinic_add(f->store, "Other", "test", &f->other_clinic, &err), &err);

    ok(clg_store_begin(f->store, true, &err), &err);
    clg_client_row client = {.name = "Anna", .email = "anna@example.org", .skin_type = 3};
    ok(clg_store_client_insert(f->store, f->clinic, &client, &f->client, &err), &err);
    ok(clg_store_protocol_insert(f->store, f->clinic, "p", "1", "{}", &err), &err);
    clg_course_row course = {.client_id = f->client,
                             .protocol_name = "p",
                             .protocol_version = "1",
                             .request_json = "{\"laxity\":\"mild\"}",
                             .plan_json = "{}",
                             .start = day(2027, 1, 4),
                             .status = CLG_COURSE_ACTIVE,
                             .next_kind = CLG_NEXT_SESSION,
                             .next_date = day(2027, 2, 1)};
    ok(clg_store_course_insert(f->store, f->clinic, &course, &f->course, &err), &err);
    ok(clg_store_commit(f->store, &err), &err);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    clg_store_close(f->store);
    if (pg_newdb) {
        free(f);
        return 0;
    }
    char file[640];
    static const char *const suffixes[] = {"", "-wal", "-shm"};
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
        snprintf(file, sizeof file, "%s%s", f->path, suffixes[i]);
        unlink(file);
    }
    rmdir(f->folder);
    free(f);
    return 0;
}

typedef struct collected {
    int count;
    clg_session_row session;
    clg_booking_row booking;
} collected;

static int keep_session(void *context, const clg_session_row *row)
{
    collected *c = context;
    c->session = *row; /* its text is borrowed: only the values are looked at */
    c->count++;
    return 0;
}

static int keep_booking(void *context, const clg_booking_row *row)
{
    collected *c = context;
    c->booking = *row;
    c->count++;
    return 0;
}

static void test_sessions_and_bookings_keep_their_values(void **state)
{
    fixture *f = *state;
    clg_error err;
    uint32_t areas = 1u << CLG_AREA_UNDER_EYES | 1u << CLG_AREA_NECK | 1u << CLG_AREA_ABDOMEN;
    uint32_t screening = 1u << CLG_SCREEN_ACTIVE_INFECTION | 1u << CLG_SCREEN_HERPES_HISTORY;
    clg_session_row session = {.course_id = f->course,
                               .client_id = f->client,
                               .number = 1,
                               .date = day(2027, 1, 4),
                               .modality = CLG_MODALITY_ROLLER,
                               .areas = areas,
                               .depth_hundredths = 125,
                               .notes = "fine",
                               .screening = screening,
                               .laxity_halves = 0,
                               .gais = 5,
                               .late = true};
    clg_booking_row booking = {.course_id = f->course,
                               .client_id = f->client,
                               .date = day(2027, 2, 1),
                               .start_minute = 9 * 60 + 30,
                               .areas = areas,
                               .forced = true,
                               .force_reason = "asked"};
    int64_t session_id, booking_id;
    ok(clg_store_begin(f->store, true, &err), &err);
    ok(clg_store_session_insert(f->store, f->clinic, &session, &session_id, &err), &err);
    ok(clg_store_booking_insert(f->store, f->clinic, &booking, &booking_id, &err), &err);
    ok(clg_store_commit(f->store, &err), &err);

    collected c = {0};
    ok(clg_store_session_list(f->store, f->clinic, f->course, 0, keep_session, &c, &err), &err);
    assert_int_equal(c.count, 1);
    assert_int_equal(c.session.id, session_id);
    assert_int_equal(c.session.modality, CLG_MODALITY_ROLLER);
    assert_int_equal(c.session.areas, areas);
    assert_int_equal(c.session.screening, screening);
    assert_int_equal(c.session.laxity_halves, 0);
    assert_int_equal(c.session.depth_hundredths, 125);
    assert_int_equal(c.session.gais, 5);
    assert_true(c.session.late && !c.session.early && !c.session.forced);

    clg_booking_row back;
    ok(clg_store_booking_get(f->store, f->clinic, booking_id, &back, &err), &err);
    assert_int_equal(back.areas, areas);
    assert_int_equal(back.date, booking.date);
    assert_int_equal(back.start_minute, booking.start_minute);
    assert_true(back.forced);
    assert_string_equal(back.force_reason, "asked");
    clg_store_row_free(back.storage);
    c.count = 0;
    ok(clg_store_booking_list(f->store, f->clinic, 0, f->client, keep_booking, &c, &err), &err);
    assert_int_equal(c.count, 1);
    assert_int_equal(c.booking.areas, areas);

    if (pg_newdb)
        return; /* the words in the file: SQLite's */
    /* The file keeps the words, in the vocabulary's order. */
    sqlite3 *db;
    sqlite3_stmt *stmt;
    assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    assert_int_equal(
        sqlite3_prepare_v2(db,
                           "SELECT s.modality, s.areas, s.screening, b.areas FROM sessions s, "
                           "bookings b",
                           -1, &stmt, NULL),
        SQLITE_OK);
    assert_int_equal(sqlite3_step(stmt), SQLITE_ROW);
    assert_string_equal(sqlite3_column_text(stmt, 0), "roller");
    assert_string_equal(sqlite3_column_text(stmt, 1), "under-eyes,neck,abdomen");
    assert_string_equal(sqlite3_column_text(stmt, 2), "active-infection,herpes-history");
    assert_string_equal(sqlite3_column_text(stmt, 3), "under-eyes,neck,abdomen");
    sqlite3_finalize(stmt);
    sqlite3_close(db);
}

static void test_accounts_and_feeds_keep_their_values(void **state)
{
    fixture *f = *state;
    clg_error err;
    int64_t admin, staff, token, feed;
    ok(clg_store_user_insert(f->store, f->clinic, "admin@example.org", CLG_ROLE_ADMIN, "h1", &admin,
                             &err),
       &err);
    ok(clg_store_user_insert(f->store, f->clinic, "staff@example.org", CLG_ROLE_STAFF, "h2", &staff,
                             &err),
       &err);
    assert_int_equal(clg_store_user_insert(f->store, f->other_clinic, "staff@example.org",
                                           CLG_ROLE_STAFF, "h3", &token, &err),
                     CLG_ERR_INVALID);
    assert_string_equal(err.field, "email");

    clg_user_row user;
    ok(clg_store_user_find(f->store, "admin@example.org", &user, &err), &err);
    assert_int_equal(user.id, admin);
    assert_int_equal(user.role, CLG_ROLE_ADMIN);
    assert_string_equal(user.clinic_name, "Clinic");
    assert_string_equal(user.password_hash, "h1");
    clg_store_row_free(user.storage);

    ok(clg_store_token_insert(f->store, staff, hash_a, NULL, 0, &token, &err), &err);
    ok(clg_store_token_find(f->store, hash_a, &user, &err), &err);
    assert_int_equal(user.id, staff);
    assert_int_equal(user.role, CLG_ROLE_STAFF);
    clg_store_row_free(user.storage);
    assert_int_equal(clg_store_token_find(f->store, hash_b, &user, &err), CLG_ERR_NOT_FOUND);

    char csrf[65];
    ok(clg_store_login_insert(f->store, admin, hash_b, "csrf", 2000000000, &err), &err);
    ok(clg_store_login_find(f->store, hash_b, 1900000000, &user, csrf, &err), &err);
    assert_int_equal(user.id, admin);
    assert_string_equal(csrf, "csrf");
    clg_store_row_free(user.storage);
    assert_int_equal(clg_store_login_find(f->store, hash_b, 2000000001, &user, csrf, &err),
                     CLG_ERR_NOT_FOUND);
    ok(clg_store_login_delete(f->store, hash_b, &err), &err);
    assert_int_equal(clg_store_login_find(f->store, hash_b, 1900000000, &user, csrf, &err),
                     CLG_ERR_NOT_FOUND);

    clg_feed_row row;
    int revoked;
    ok(clg_store_feed_insert(f->store, f->clinic, f->client, hash_a, &feed, &err), &err);
    ok(clg_store_feed_find(f->store, hash_a, &row, &err), &err);
    assert_int_equal(row.id, feed);
    assert_int_equal(row.client_id, f->client);
    assert_string_equal(row.clinic_name, "Clinic");
    clg_store_row_free(row.storage);
    ok(clg_store_feed_revoke(f->store, f->other_clinic, f->client, &revoked, &err), &err);
    assert_int_equal(revoked, 0);
    ok(clg_store_feed_revoke(f->store, f->clinic, f->client, &revoked, &err), &err);
    assert_int_equal(revoked, 1);
    assert_int_equal(clg_store_feed_find(f->store, hash_a, &row, &err), CLG_ERR_NOT_FOUND);
}

static void test_another_clinics_rows_do_not_exist(void **state)
{
    fixture *f = *state;
    clg_error err;
    clg_client_row client;
    clg_course_row course;
    char *document = NULL;
    assert_int_equal(clg_store_client_get(f->store, f->other_clinic, f->client, &client, &err),
                     CLG_ERR_NOT_FOUND);
    assert_int_equal(clg_store_course_get(f->store, f->other_clinic, f->course, &course, &err),
                     CLG_ERR_NOT_FOUND);
    assert_int_equal(clg_store_protocol_get(f->store, f->other_clinic, "p", "1", &document, &err),
                     CLG_ERR_NOT_FOUND);
    assert_int_equal(clg_store_course_set_progress(f->store, f->other_clinic, f->course,
                                                   CLG_COURSE_COMPLETED, CLG_NEXT_NONE, 0, &err),
                     CLG_ERR_NOT_FOUND);
    assert_int_equal(clg_store_booking_delete(f->store, f->other_clinic, 1, &err),
                     CLG_ERR_NOT_FOUND);

    ok(clg_store_client_get(f->store, f->clinic, f->client, &client, &err), &err);
    assert_string_equal(client.name, "Anna");
    assert_string_equal(client.email, "anna@example.org");
    assert_null(client.phone);
    assert_false(client.has_birth_date);
    assert_int_equal(client.skin_type, 3);
    clg_store_row_free(client.storage);
    ok(clg_store_course_get(f->store, f->clinic, f->course, &course, &err), &err);
    assert_int_equal(course.status, CLG_COURSE_ACTIVE);
    assert_int_equal(course.next_kind, CLG_NEXT_SESSION);
    assert_int_equal(course.next_date, day(2027, 2, 1));
    assert_null(course.force_reason);
    clg_store_row_free(course.storage);
    ok(clg_store_protocol_get(f->store, f->clinic, "p", "1", &document, &err), &err);
    assert_string_equal(document, "{}");
    free(document);
}

typedef struct nested {
    clg_store *store;
    int64_t clinic;
    int visited;
    clg_status inner;
} nested;

static int count_client(void *context, const clg_client_row *row)
{
    (void)row;
    ((nested *)context)->visited++;
    return 0;
}

static int list_again(void *context, const clg_client_row *row)
{
    (void)row;
    nested *n = context;
    clg_error err;
    n->visited++;
    n->inner = clg_store_client_list(n->store, n->clinic, count_client, n, &err);
    return 0;
}

static void test_a_visitor_cannot_restart_its_list(void **state)
{
    if (pg_newdb)
        skip(); /* PostgreSQL reads a list whole before visiting it: nothing to cut short */
    fixture *f = *state;
    clg_error err;
    int64_t second;
    clg_client_row client = {.name = "Ben"};
    ok(clg_store_client_insert(f->store, f->clinic, &client, &second, &err), &err);
    nested n = {f->store, f->clinic, 0, CLG_OK};
    ok(clg_store_client_list(f->store, f->clinic, list_again, &n, &err), &err);
    /* The outer walk sees both clients; the inner one is refused, not allowed to cut it short. */
    assert_int_equal(n.visited, 2);
    assert_int_equal(n.inner, CLG_ERR_IO);
}

static void test_every_row_is_stamped_in_milliseconds(void **state)
{
    if (pg_newdb)
        skip(); /* PostgreSQL keeps them as timestamptz, read back in this format by the backend */
    fixture *f = *state;
    clg_error err;
    int64_t user, token, feed;
    clg_audit_entry entry = {.who = "test", .action = "test", .entity = "client"};
    ok(clg_store_user_insert(f->store, f->clinic, "u@example.org", CLG_ROLE_STAFF, "h", &user,
                             &err),
       &err);
    ok(clg_store_token_insert(f->store, user, hash_a, "label", 0, &token, &err), &err);
    ok(clg_store_login_insert(f->store, user, hash_b, "csrf", 2000000000, &err), &err);
    ok(clg_store_feed_insert(f->store, f->clinic, f->client, hash_b, &feed, &err), &err);
    ok(clg_store_audit_append(f->store, f->clinic, &entry, &err), &err);
    clg_booking_row booking = {.course_id = f->course,
                               .client_id = f->client,
                               .date = day(2027, 2, 1),
                               .start_minute = -1,
                               .areas = 1u << CLG_AREA_FACE};
    int64_t booking_id;
    ok(clg_store_booking_insert(f->store, f->clinic, &booking, &booking_id, &err), &err);

    static const char *const stamps[] = {"SELECT created_at FROM clinics",
                                         "SELECT created_at FROM clients",
                                         "SELECT created_at FROM protocols",
                                         "SELECT created_at FROM courses",
                                         "SELECT created_at FROM users",
                                         "SELECT created_at FROM api_tokens",
                                         "SELECT created_at FROM logins",
                                         "SELECT created_at FROM feeds",
                                         "SELECT created_at FROM bookings",
                                         "SELECT at FROM audit_log",
                                         "SELECT applied_at FROM schema_migrations"};
    sqlite3 *db;
    assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    for (size_t i = 0; i < sizeof stamps / sizeof stamps[0]; i++) {
        sqlite3_stmt *stmt;
        assert_int_equal(sqlite3_prepare_v2(db, stamps[i], -1, &stmt, NULL), SQLITE_OK);
        int rows = 0;
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            const char *stamp = (const char *)sqlite3_column_text(stmt, 0);
            if (sqlite3_strglob("[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:"
                                "[0-9][0-9].[0-9][0-9][0-9]Z",
                                stamp) != 0)
                fail_msg("%s: '%s' is not UTC with milliseconds", stamps[i], stamp);
            rows++;
        }
        sqlite3_finalize(stmt);
        if (rows == 0)
            fail_msg("%s: no rows to look at", stamps[i]);
    }
    sqlite3_close(db);
}

/*
 * Corrections (docs/records.md#corrections): a voided session stays, found by get and
 * list_void, left out of every list, and its number is free for a live session.
 */
static void test_voided_sessions_are_kept_apart(void **state)
{
    fixture *f = *state;
    clg_error err;
    clg_session_row session = {.course_id = f->course,
                               .client_id = f->client,
                               .number = 1,
                               .date = day(2027, 1, 4),
                               .modality = CLG_MODALITY_TRADITIONAL,
                               .areas = 1u << CLG_AREA_FACE,
                               .laxity_halves = -1};
    int64_t first, second, again;
    ok(clg_store_session_insert(f->store, f->clinic, &session, &first, &err), &err);
    session.number = 2;
    session.date = day(2027, 2, 8);
    ok(clg_store_session_insert(f->store, f->clinic, &session, &second, &err), &err);

    clg_session_row row;
    ok(clg_store_session_get(f->store, f->clinic, first, &row, &err), &err);
    assert_null(row.void_reason);
    row.void_reason = "entered in error";
    ok(clg_store_session_update(f->store, f->clinic, &row, &err), &err);
    clg_store_row_free(row.storage);
    /* The later session moves up into the number the voided one keeps. */
    ok(clg_store_session_get(f->store, f->clinic, second, &row, &err), &err);
    row.number = 1;
    ok(clg_store_session_update(f->store, f->clinic, &row, &err), &err);
    clg_store_row_free(row.storage);

    collected c = {0};
    ok(clg_store_session_list(f->store, f->clinic, f->course, 0, keep_session, &c, &err), &err);
    assert_int_equal(c.count, 1);
    assert_int_equal(c.session.id, second);
    assert_int_equal(c.session.number, 1);
    c.count = 0;
    ok(clg_store_session_list(f->store, f->clinic, 0, f->client, keep_session, &c, &err), &err);
    assert_int_equal(c.count, 1);
    c.count = 0;
    ok(clg_store_session_list(f->store, f->clinic, 0, 0, keep_session, &c, &err), &err);
    assert_int_equal(c.count, 1);
    c.count = 0;
    ok(clg_store_session_list_void(f->store, f->clinic, f->course, keep_session, &c, &err), &err);
    assert_int_equal(c.count, 1);
    assert_int_equal(c.session.id, first);
    assert_int_equal(c.session.number, 1);
    ok(clg_store_session_get(f->store, f->clinic, first, &row, &err), &err);
    assert_string_equal(row.void_reason, "entered in error");
    clg_store_row_free(row.storage);

    /* Two live sessions cannot share a number; another clinic's session is not there. */
    session.number = 1;
    assert_int_equal(clg_store_session_insert(f->store, f->clinic, &session, &again, &err),
                     CLG_ERR_INVALID);
    assert_int_equal(clg_store_session_get(f->store, f->other_clinic, first, &row, &err),
                     CLG_ERR_NOT_FOUND);
    row = (clg_session_row){.id = first, .number = 1, .date = session.date, .laxity_halves = -1};
    assert_int_equal(clg_store_session_update(f->store, f->other_clinic, &row, &err),
                     CLG_ERR_NOT_FOUND);
}

/* A client found by e-mail in any case or by phone as typed otherwise; a merge moves it all. */
static void test_clients_are_found_by_contact_and_merged(void **state)
{
    fixture *f = *state;
    clg_error err;
    clg_client_row ben = {.name = "Ben", .phone = "+44 (20) 7946-0000"};
    int64_t ben_id, found_id;
    ok(clg_store_client_insert(f->store, f->clinic, &ben, &ben_id, &err), &err);
    clg_course_row course = {.client_id = ben_id,
                             .protocol_name = "p",
                             .protocol_version = "1",
                             .request_json = "{}",
                             .plan_json = "{}",
                             .start = day(2027, 1, 4),
                             .status = CLG_COURSE_ACTIVE};
    int64_t course_id;
    ok(clg_store_course_insert(f->store, f->clinic, &course, &course_id, &err), &err);

    clg_client_row found;
    ok(clg_store_client_find_contact(f->store, f->clinic, "ANNA@Example.ORG", NULL, 0, &found,
                                     &err),
       &err);
    found_id = found.id;
    clg_store_row_free(found.storage);
    assert_int_equal(found_id, f->client);
    ok(clg_store_client_find_contact(f->store, f->clinic, NULL, "+44 20 7946 0000", 0, &found,
                                     &err),
       &err);
    assert_int_equal(found.id, ben_id);
    assert_string_equal(found.name, "Ben");
    clg_store_row_free(found.storage);
    assert_int_equal(clg_store_client_find_contact(f->store, f->clinic, NULL, "+44 20 7946 0000",
                                                   ben_id, &found, &err),
                     CLG_ERR_NOT_FOUND);
    assert_int_equal(clg_store_client_find_contact(f->store, f->other_clinic, "anna@example.org",
                                                   NULL, 0, &found, &err),
                     CLG_ERR_NOT_FOUND);

    ok(clg_store_client_merge(f->store, f->clinic, f->client, ben_id, &err), &err);
    clg_course_row moved;
    ok(clg_store_course_get(f->store, f->clinic, course_id, &moved, &err), &err);
    assert_int_equal(moved.client_id, f->client);
    clg_store_row_free(moved.storage);
    ok(clg_store_client_get(f->store, f->clinic, ben_id, &found, &err), &err);
    assert_int_equal(found.merged_into, f->client);
    clg_store_row_free(found.storage);
    nested n = {f->store, f->clinic, 0, CLG_OK};
    ok(clg_store_client_list(f->store, f->clinic, count_client, &n, &err), &err);
    assert_int_equal(n.visited, 1); /* the merged record is left out */
    assert_int_equal(clg_store_client_find_contact(f->store, f->clinic, NULL, "+44 20 7946 0000", 0,
                                                   &found, &err),
                     CLG_ERR_NOT_FOUND);
}

/*
 * Staff management: a user of another clinic does not exist for a clinic's
 * read (clinic 0 is any clinic); a disabled user's tokens and sessions do
 * not authenticate, nor do a revoked or an expired token; revoking by user
 * and ending logins but one count what they ended; admins are counted
 * only while enabled.
 */
static void test_staff_management(void **state)
{
    fixture *f = *state;
    clg_error err;
    int64_t admin, staff, other, token, expired;
    ok(clg_store_user_insert(f->store, f->clinic, "admin@example.org", CLG_ROLE_ADMIN, "h1", &admin,
                             &err),
       &err);
    ok(clg_store_user_insert(f->store, f->clinic, "staff@example.org", CLG_ROLE_STAFF, "h2", &staff,
                             &err),
       &err);
    ok(clg_store_user_insert(f->store, f->other_clinic, "other@example.org", CLG_ROLE_ADMIN, "h3",
                             &other, &err),
       &err);
    clg_user_row user;
    assert_int_equal(clg_store_user_get(f->store, f->clinic, other, &user, &err),
                     CLG_ERR_NOT_FOUND);
    assert_string_equal(err.field, "user");
    ok(clg_store_user_get(f->store, 0, other, &user, &err), &err);
    assert_string_equal(user.email, "other@example.org");
    assert_false(user.disabled);
    clg_store_row_free(user.storage);

    int admins = 0;
    ok(clg_store_admin_count(f->store, f->clinic, &admins, &err), &err);
    assert_int_equal(admins, 1);

    ok(clg_store_token_insert(f->store, staff, hash_a, "live", 4102444800, &token, &err), &err);
    ok(clg_store_token_insert(f->store, staff, hash_b, "old", 1000000000, &expired, &err), &err);
    ok(clg_store_token_find(f->store, hash_a, &user, &err), &err);
    clg_store_row_free(user.storage);
    assert_int_equal(clg_store_token_find(f->store, hash_b, &user, &err), CLG_ERR_NOT_FOUND);
    clg_token_row row;
    ok(clg_store_token_get(f->store, f->clinic, expired, &row, &err), &err);
    assert_int_equal(row.expires_at, 1000000000);
    assert_string_equal(clg_token_state(&row, 2000000000), "expired");
    assert_string_equal(row.label, "old");
    clg_store_row_free(row.storage);
    assert_int_equal(clg_store_token_get(f->store, f->other_clinic, token, &row, &err),
                     CLG_ERR_NOT_FOUND);

    char csrf[65];
    static const char session_c[] =
        "cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc";
    ok(clg_store_login_insert(f->store, staff, hash_a, "csrf", 4102444800, &err), &err);
    ok(clg_store_login_insert(f->store, staff, session_c, "csrf", 4102444800, &err), &err);
    int ended = 0;
    ok(clg_store_logins_end(f->store, staff, session_c, &ended, &err), &err);
    assert_int_equal(ended, 1);
    assert_int_equal(clg_store_login_find(f->store, hash_a, 2000000000, &user, csrf, &err),
                     CLG_ERR_NOT_FOUND);
    ok(clg_store_login_find(f->store, session_c, 2000000000, &user, csrf, &err), &err);
    clg_store_row_free(user.storage);

    /* Disabled: neither the live token nor the kept session authenticates. */
    ok(clg_store_user_update(f->store, staff, CLG_ROLE_STAFF, true, &err), &err);
    assert_int_equal(clg_store_token_find(f->store, hash_a, &user, &err), CLG_ERR_NOT_FOUND);
    assert_int_equal(clg_store_login_find(f->store, session_c, 2000000000, &user, csrf, &err),
                     CLG_ERR_NOT_FOUND);
    ok(clg_store_user_update(f->store, staff, CLG_ROLE_ADMIN, false, &err), &err);
    ok(clg_store_token_find(f->store, hash_a, &user, &err), &err);
    assert_int_equal(user.role, CLG_ROLE_ADMIN);
    clg_store_row_free(user.storage);
    ok(clg_store_admin_count(f->store, f->clinic, &admins, &err), &err);
    assert_int_equal(admins, 2);

    int revoked = 0;
    ok(clg_store_token_revoke(f->store, 0, staff, &revoked, &err), &err);
    assert_int_equal(revoked, 2);
    ok(clg_store_token_revoke(f->store, token, 0, &revoked, &err), &err);
    assert_int_equal(revoked, 0);
    assert_int_equal(clg_store_token_find(f->store, hash_a, &user, &err), CLG_ERR_NOT_FOUND);
    ok(clg_store_user_set_password(f->store, staff, "h9", &err), &err);
    ok(clg_store_user_get(f->store, f->clinic, staff, &user, &err), &err);
    assert_string_equal(user.password_hash, "h9");
    clg_store_row_free(user.storage);
}

int main(int argc, char **argv)
{
    if (argc > 1 && getenv("CLG_TEST_PG_HOST"))
        pg_newdb = argv[1];
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sessions_and_bookings_keep_their_values, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_accounts_and_feeds_keep_their_values, setup, teardown),
        cmocka_unit_test_setup_teardown(test_another_clinics_rows_do_not_exist, setup, teardown),
        cmocka_unit_test_setup_teardown(test_a_visitor_cannot_restart_its_list, setup, teardown),
        cmocka_unit_test_setup_teardown(test_every_row_is_stamped_in_milliseconds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_voided_sessions_are_kept_apart, setup, teardown),
        cmocka_unit_test_setup_teardown(test_staff_management, setup, teardown),
        cmocka_unit_test_setup_teardown(test_clients_are_found_by_contact_and_merged, setup,
                                        teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

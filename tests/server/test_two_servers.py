#!/usr/bin/env python3
"""Two servers on one database: the safety floor holds across them, and a
login made on one is good on the other (docs/design.md#many-servers).

Two `collagenda serve` processes share one database (a PostgreSQL one in
the ctest variant server.two_servers.pg, a SQLite file in server.two_servers).
For each of PAIRS clients, two writes of the same kind that cannot both
pass the interval floor (two records of session 2 a day apart, or two
bookings a day apart) are sent at the same moment, one to each server. Each
pair must come back as one 201 and one refusal (409 too soon, or 400 when the
later day was judged first and the earlier one is out of date order), and
afterwards no client has two visits closer than the floor without a forced
reason. The server's today is
test_server.TODAY. Staff changes hold across them too: two admins each
disabling the other at once on two servers leave one enabled admin, and a
token revoked on one server is refused by the other. The login throttle is
the database's, not each server's: failures made on one server lock the
account on the other, a burst of guesses sent to both at once lets one
through, and a good password on either resets the count.

    python3 test_two_servers.py --binary build/collagenda [unittest arguments]
"""

import argparse
import concurrent.futures
import datetime
import os
import sys
import threading
import time
import unittest

import test_server
from test_server import START, Server, ServerTestCase

# Both servers on one clock: TODAY's noon as an offset from the real clock, the same for
# every process (an "@" start would run from each process's own start, a second or more
# apart), as a chain's servers keep theirs by NTP. A lock one server sets is judged by
# the other's clock.
CLOCK_OFFSET = int(datetime.datetime.fromisoformat(test_server.TODAY + "T12:00:00+00:00")
                   .timestamp() - time.time())


def shared_clock(day, plain=test_server.fake_clock):
    environment = plain(day)
    environment["FAKETIME"] = "%+d" % CLOCK_OFFSET
    return environment


test_server.fake_clock = shared_clock

PAIRS = 200
ADMIN_ROUNDS = 10  # clinics whose two admins disable each other at once
# Session 1 on START; then, per pair, two visits a day apart, each alone well past the floor.
RECORD_DAYS = ("2027-02-08", "2027-02-09")
BOOKING_DAYS = ("2029-02-05", "2029-02-06")


class TwoServersTest(ServerTestCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = Server()
        cls.other.db = cls.server.db  # the second server on the first one's database
        try:
            cls.other.start()
        except BaseException:
            cls.other.close()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.other.close()
        super().tearDownClass()

    @classmethod
    def prepare(cls, server):
        cls.staff = server.add_user("staff@clinic.example", "staff")

    def course(self, name):
        client = self.create("/api/v1/clients", {"name": name}, token=self.staff)
        course = self.create("/api/v1/courses", {"client": client, "laxity": "mild",
                                                 "areas": ["face"], "start": START},
                             token=self.staff)
        self.create("/api/v1/courses/%d/sessions" % course, {"date": START}, token=self.staff)
        return client, course

    def pair(self, course, kind):
        """The two writes at once, one to each server; their statuses."""
        path = "/api/v1/courses/%d/%s" % (course, kind)
        days = RECORD_DAYS if kind == "sessions" else BOOKING_DAYS
        barrier = threading.Barrier(2)
        statuses = [None, None]

        def send(index, server):
            connection = server.connect(timeout=60)
            connection.connect()  # the connection made before the barrier, the request after
            barrier.wait(30)
            statuses[index] = server.request("POST", path, {"date": days[index]},
                                             token=self.staff, connection=connection).status
            connection.close()

        threads = [threading.Thread(target=send, args=(0, self.server)),
                   threading.Thread(target=send, args=(1, self.other))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(90)
        return sorted(statuses)

    def test_1_pairs_sent_at_once_to_two_servers_never_both_pass_the_floor(self):
        courses = [self.course("Client %d" % i) for i in range(PAIRS)]
        kinds = ["sessions" if i % 2 == 0 else "bookings" for i in range(PAIRS)]
        with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
            results = list(pool.map(lambda item: self.pair(item[0][1], item[1]),
                                    zip(courses, kinds)))
        # The later day judged first leaves the earlier one out of date order (400); the
        # earlier first leaves the later one too soon (409). Never both accepted.
        self.assertEqual([r for r in results if r not in ([201, 400], [201, 409])], [],
                         "each pair: one accepted, the other refused")
        # Every visit of each client, live sessions and held bookings, in time order.
        visits = {}
        for client, day, forced in test_server.testdb.rows(
                self.server.db,
                "SELECT client_id, CAST(date AS TEXT), forced FROM sessions WHERE void_reason IS NULL "
                "UNION ALL SELECT client_id, CAST(date AS TEXT), forced FROM bookings "
                "WHERE status = 'booked'"):
            visits.setdefault(client, []).append((datetime.date.fromisoformat(day), forced))
        self.assertEqual(len(visits), PAIRS)
        for client, items in visits.items():
            items.sort()
            self.assertEqual(len(items), 2, "client %d: session 1 and one of the pair" % client)
            for (before, _), (after, forced) in zip(items, items[1:]):
                self.assertTrue(forced or (after - before).days >= 7,
                                "client %d: %s and %s, closer than the floor" % (client, before, after))
        print("\n  %d pairs sent at once to two servers: one 201 each; the other %d times 409 "
              "(too soon), %d times 400 (out of date order)"
              % (PAIRS, results.count([201, 409]), results.count([201, 400])), file=sys.stderr)

    def test_2_a_login_on_one_server_is_good_on_the_other(self):
        self.server.cli("user", "add", "--email", "desk@clinic.example", "--role", "staff",
                        stdin=test_server.PASSWORD + "\n")
        response = self.server.request("POST", "/api/v1/login", {
            "email": "desk@clinic.example", "password": test_server.PASSWORD})
        self.assertEqual(response.status, 200, response)
        cookie = response.headers.get("Set-Cookie").split(";")[0]
        csrf = response.json()["csrf_token"]
        me = self.other.request("GET", "/api/v1/me", cookie=cookie)
        self.assertEqual(me.status, 200, me)
        made = self.other.request("POST", "/api/v1/clients", {"name": "Via the other server"},
                                  cookie=cookie, csrf=csrf)
        self.assertEqual(made.status, 201, made)
        out = self.other.request("POST", "/api/v1/logout", cookie=cookie, csrf=csrf)
        self.assertEqual(out.status, 204, out)
        self.assertEqual(self.server.request("GET", "/api/v1/me", cookie=cookie).status, 401)

    def test_3_two_admins_disabling_each_other_at_once_leave_one(self):
        statuses = []
        for i in range(ADMIN_ROUNDS):
            clinic = "Chain Site %d" % i
            tokens = [self.server.add_user("admin%d.%d@chain.example" % (i, n), "admin",
                                           clinic=clinic) for n in (0, 1)]
            ids = {user["email"]: user["id"] for user in self.server.request(
                "GET", "/api/v1/users", token=tokens[0]).json()}
            targets = [ids["admin%d.%d@chain.example" % (i, n)] for n in (0, 1)]
            barrier = threading.Barrier(2)
            pair = [None, None]

            def send(index, server):
                # Each admin disables the other one, on a server of their own.
                connection = server.connect(timeout=60)
                connection.connect()
                barrier.wait(30)
                pair[index] = server.request("PATCH", "/api/v1/users/%d" % targets[1 - index],
                                             {"disabled": True}, token=tokens[index],
                                             connection=connection).status
                connection.close()

            threads = [threading.Thread(target=send, args=(0, self.server)),
                       threading.Thread(target=send, args=(1, self.other))]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(90)
            statuses.append(sorted(pair))
            enabled = test_server.testdb.rows(
                self.server.db, "SELECT count(*) FROM users u JOIN clinics c ON c.id = u.clinic_id "
                "WHERE c.name = ? AND u.role = 'admin' AND u.disabled = 0", clinic)[0][0]
            self.assertEqual(enabled, 1, "%s: %s" % (clinic, pair))
        # The second is refused as the last admin (409), or, its own token revoked by the
        # first, not let in at all (401); never both done.
        self.assertEqual([p for p in statuses if p not in ([200, 409], [200, 401])], [])

    def test_4_a_token_revoked_on_one_server_is_refused_by_the_other(self):
        admin = self.server.add_user("revoker@clinic.example", "admin")
        token = self.server.add_user("leaver@clinic.example", "staff")
        self.assertEqual(self.other.request("GET", "/api/v1/me", token=token).status, 200)
        tokens = self.server.request("GET", "/api/v1/tokens", token=admin).json()
        mine = [t["id"] for t in tokens if t["email"] == "leaver@clinic.example"]
        self.assertEqual(len(mine), 1)
        self.assertEqual(self.server.request("DELETE", "/api/v1/tokens/%d" % mine[0],
                                             token=admin).status, 204)
        self.assertEqual(self.other.request("GET", "/api/v1/me", token=token).status, 401)


    def test_5_failed_logins_on_one_server_lock_the_account_on_the_other(self):
        email = "guessed@clinic.example"
        self.server.cli("user", "add", "--email", email, "--role", "staff",
                        stdin=test_server.PASSWORD + "\n")

        def login(server, password="not the password"):
            return server.request("POST", "/api/v1/login", {"email": email, "password": password})

        def until_let_in(server, password="not the password"):
            """Waits out a lock as its Retry-After says (bounded); the first answer not 429."""
            for _ in range(60):
                answer = login(server, password)
                if answer.status != 429:
                    return answer
                time.sleep(min(int(answer.headers["Retry-After"]), 5) + 0.1)
            self.fail("still locked after 60 tries")

        def expect_locked(server, since, seconds, password="not the password"):
            """An attempt while the lock set at since (monotonic) runs: 429 when answered
            within it; after it (a stalled machine) a wrong password is 401 instead."""
            answer = login(server, password)
            if time.monotonic() - since < seconds:
                self.assertEqual(answer.status, 429, answer)
                self.assertLessEqual(int(answer.headers["Retry-After"]), seconds)
            else:
                self.assertIn(answer.status, (401, 429), answer)

        # The three free failures on one server, the fourth on the other: the account locks.
        for _ in range(3):
            self.assertEqual(login(self.server).status, 401)
        fourth = time.monotonic()
        self.assertEqual(login(self.other).status, 401)
        self.assertEqual(test_server.testdb.rows(
            self.server.db, "SELECT failures FROM login_failures WHERE kind = 'email' AND key = ?",
            email), [(4,)])
        expect_locked(self.server, fourth, 2)
        expect_locked(self.other, fourth, 2)

        # A burst of guesses at both servers at once, once the lock is over: the first
        # let through locks the account before its password is checked, so the others
        # are refused, wherever they went (each server's own count would let one each).
        until_let_in(self.server)  # the fifth failure (or later), the lock now 4 s or more
        burst = 8
        barrier = threading.Barrier(burst)
        answers = []

        def guess(index):
            server = self.server if index % 2 == 0 else self.other
            connection = server.connect(timeout=60)
            connection.connect()
            barrier.wait(60)
            started = time.monotonic()
            answer = server.request("POST", "/api/v1/login",
                                    {"email": email, "password": "not the password"},
                                    connection=connection)
            answers.append((answer.status, started, time.monotonic()))
            connection.close()

        # The lock's end as the database has it (Unix seconds), waited out without a try.
        locked_until = test_server.testdb.rows(
            self.server.db, "SELECT locked_until FROM login_failures WHERE kind = 'email' "
            "AND key = ?", email)[0][0]
        time.sleep(max(0.0, locked_until - (time.time() + CLOCK_OFFSET)) + 0.1)
        threads = [threading.Thread(target=guess, args=(i,)) for i in range(burst)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        statuses = [status for status, _, _ in answers]
        self.assertEqual(len(statuses), burst)
        self.assertEqual(sorted(set(statuses) - {401, 429}), [])
        self.assertGreaterEqual(statuses.count(401), 1, statuses)
        # The lock the first one let through set is 8 s or more: a burst answered within
        # it lets exactly one through.
        spread = max(end for _, _, end in answers) - min(start for _, start, _ in answers)
        if spread < 8.0:
            self.assertEqual(statuses.count(401), 1, statuses)

        # A good password, on either server once the lock is over, forgets the count: three
        # more free failures follow before the next lock.
        self.assertEqual(until_let_in(self.other, test_server.PASSWORD).status, 200)
        self.assertEqual(test_server.testdb.rows(
            self.server.db, "SELECT count(*) FROM login_failures WHERE kind = 'email' AND key = ?",
            email), [(0,)])
        for server in (self.server, self.other, self.server):
            self.assertEqual(login(server).status, 401)
        self.assertEqual(login(self.other, test_server.PASSWORD).status, 200)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="the collagenda executable")
    arguments, rest = parser.parse_known_args()
    test_server.BINARY = os.path.abspath(arguments.binary)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()

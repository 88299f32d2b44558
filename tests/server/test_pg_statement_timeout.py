#!/usr/bin/env python3
"""statement_timeout on PostgreSQL (docs/design.md#many-servers): a request
blocked behind a lock another session holds is answered 503 once the
timeout passes, with nothing written, and the next one succeeds once the
lock is gone.

The server sets statement_timeout to 30 s on each connection unless its
location (libpq's `options=-c statement_timeout=...`) or PGOPTIONS gave
one. Two servers on one database show both: one whose location sets 2 s,
and one with the default. A psql session holds `LOCK TABLE clients IN
ACCESS EXCLUSIVE MODE` in an open transaction while a client is created.
Nothing here bets on timing: a statement cannot be cancelled before its
timeout, so each 503 comes no sooner than its timeout after the request
was sent; the only upper bound is a generous one (the 2 s server answers
long before the default's 30 s could have run out). Runs on the suite's
PostgreSQL test server (tests/pg/with-server.sh sets CLG_TEST_PG_HOST).

    tests/pg/with-server.sh STATE python3 test_pg_statement_timeout.py --binary build/collagenda
"""

import argparse
import os
import subprocess
import sys
import time
import unittest

import test_server
from test_server import Server

SHORT = 2  # seconds, the location's statement_timeout
DEFAULT = 30  # seconds, the server's own (src/store/pg.c)


class LockHolder:
    """A psql session holding an ACCESS EXCLUSIVE lock on clients until released."""

    def __init__(self, db):
        self.process = subprocess.Popen(["psql", "-X", "-v", "ON_ERROR_STOP=1", db],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.STDOUT, text=True)
        self.process.stdin.write("BEGIN;\nLOCK TABLE clients IN ACCESS EXCLUSIVE MODE;\n"
                                 "\\echo locked\n")
        self.process.stdin.flush()
        for line in self.process.stdout:  # psql's own answers, then ours once it holds the lock
            if line.strip() == "locked":
                return
        raise AssertionError("psql did not take the lock")

    def release(self):
        if self.process.poll() is None:
            self.process.communicate("ROLLBACK;\n", timeout=60)


class StatementTimeoutTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        if not os.environ.get("CLG_TEST_PG_HOST"):
            raise unittest.SkipTest("PostgreSQL only: CLG_TEST_PG_HOST is not set")
        cls.plain = Server()
        cls.short = Server()
        try:
            cls.staff = cls.plain.add_user("staff@clinic.example", "staff")
            # The second server on the first one's database, its location setting the timeout.
            cls.short.db = (cls.plain.db + "&options=-c%%20statement_timeout%%3D%ds" % SHORT)
            cls.plain.start()
            cls.short.start()
        except BaseException:
            cls.short.close()
            cls.plain.close()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.short.close()
        cls.plain.close()

    def clients(self):
        return test_server.testdb.rows(self.plain.db, "SELECT count(*) FROM clients")[0][0]

    def audited(self):
        return test_server.testdb.rows(self.plain.db, "SELECT count(*) FROM audit_log")[0][0]

    def blocked_create(self, server, name):
        """Creates a client while the lock is held; the answer and how long it took."""
        before = (self.clients(), self.audited())
        holder = LockHolder(self.plain.db)
        try:
            sent = time.monotonic()
            connection = server.connect(timeout=DEFAULT * 4)
            answer = server.request("POST", "/api/v1/clients", {"name": name}, token=self.staff,
                                    connection=connection)
            seconds = time.monotonic() - sent
            connection.close()
        finally:
            holder.release()
        self.assertEqual(answer.status, 503, answer)
        self.assertEqual(answer.headers.get("Content-Type"), test_server.PROBLEM_TYPE)
        self.assertNotIn(self.plain.db, answer.body.decode(), "the location stays in the log")
        self.assertEqual((self.clients(), self.audited()), before, "nothing written")
        # The lock gone, the same request succeeds on the same server.
        again = server.request("POST", "/api/v1/clients", {"name": name}, token=self.staff)
        self.assertEqual(again.status, 201, again)
        return seconds

    def test_1_the_location_sets_the_timeout(self):
        seconds = self.blocked_create(self.short, "Behind a lock, 2 s")
        self.assertGreaterEqual(seconds, SHORT)
        self.assertLess(seconds, DEFAULT - 5, "the location's timeout, not the default's")
        print("\n  the location's %d s: 503 after %.1f s" % (SHORT, seconds), file=sys.stderr)

    def test_2_the_default_is_30_seconds(self):
        seconds = self.blocked_create(self.plain, "Behind a lock, 30 s")
        self.assertGreaterEqual(seconds, DEFAULT)
        self.assertLess(seconds, DEFAULT * 3)
        print("\n  the default %d s: 503 after %.1f s" % (DEFAULT, seconds), file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="the collagenda executable")
    arguments, rest = parser.parse_known_args()
    test_server.BINARY = os.path.abspath(arguments.binary)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()

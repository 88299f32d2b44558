#!/usr/bin/env python3
"""The server rides out a PostgreSQL restart (docs/design.md#many-servers).

Under a steady load of writes (new clients from four threads), the
PostgreSQL server is restarted. Every answer is 201 or, for a request in
flight while the database was away, 503 (a problem document: try again),
never anything else; the server keeps running; once the database is back
new requests succeed; and every client a 201 acknowledged is in the
database. Runs on a private PostgreSQL server of its own, since it restarts
it (ctest's server.pg_restart: tests/pg/server.sh run, which sets
CLG_TEST_PG_STATE).

    tests/pg/server.sh run python3 test_pg_restart.py --binary build/collagenda
"""

import argparse
import os
import subprocess
import sys
import threading
import time
import unittest

import test_server
from test_server import ServerTestCase

SERVER_SH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pg", "server.sh")
WRITERS = 4


class PostgresRestartTest(ServerTestCase):

    @classmethod
    def prepare(cls, server):
        cls.staff = server.add_user("staff@clinic.example", "staff")

    def test_requests_in_flight_get_503_and_later_ones_succeed(self):
        answers = []  # (status, name, id or None, after the restart ended)
        lock = threading.Lock()
        restarted = threading.Event()
        stop = threading.Event()

        def writer(number):
            count = 0
            while not stop.is_set():
                name = "Writer %d client %d" % (number, count)
                count += 1
                after = restarted.is_set()
                try:
                    response = self.request("POST", "/api/v1/clients", {"name": name},
                                            token=self.staff)
                except OSError as error:  # the server itself must never drop us
                    with lock:
                        answers.append(("connection: %s" % error, name, None, after))
                    continue
                made = response.json()["id"] if response.status == 201 else None
                if response.status == 503:
                    self.assertEqual(response.headers.get("Content-Type"),
                                     test_server.PROBLEM_TYPE)
                with lock:
                    answers.append((response.status, name, made, after))

        threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
        for thread in threads:
            thread.start()
        try:
            self.wait_until(lambda: len(answers) >= 40, 60, "writes before the restart")
            subprocess.run(["bash", SERVER_SH, "restart", os.environ["CLG_TEST_PG_STATE"]],
                           check=True, timeout=120)
            restarted.set()
            self.wait_until(lambda: sum(1 for a in answers if a[3] and a[0] == 201) >= 40, 120,
                            "writes after the restart")
        finally:
            stop.set()
            for thread in threads:
                thread.join(60)
        statuses = sorted({str(a[0]) for a in answers})
        self.assertEqual([s for s in statuses if s not in ("201", "503")], [],
                         "every answer 201, or 503 while the database was away")
        self.assertIsNone(self.server.process.poll(), "the server kept running")
        stored = {row[0]: row[1] for row in test_server.testdb.rows(
            self.server.db, "SELECT id, name FROM clients")}
        acknowledged = [(made, name) for status, name, made, _ in answers if status == 201]
        self.assertEqual([(made, name) for made, name in acknowledged
                          if stored.get(made) != name], [], "nothing acknowledged is lost")
        print("\n  PostgreSQL restarted under load: %d answers, %d of them 503"
              % (len(answers), sum(1 for a in answers if a[0] == 503)), file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="the collagenda executable")
    arguments, rest = parser.parse_known_args()
    test_server.BINARY = os.path.abspath(arguments.binary)
    if not os.environ.get("CLG_TEST_PG_STATE"):
        sys.exit("test_pg_restart.py: run under tests/pg/server.sh run (CLG_TEST_PG_STATE)")
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()

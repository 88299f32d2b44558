#!/usr/bin/env python3
"""The client's data and the audit reader over HTTP (docs/records.md#the-clients-data,
docs/records.md#audit-reader), against the real server.

- GET /api/v1/audit and /api/v1/audit.csv: admins only (401 without a login,
  403 for staff), the CLI's filters and entries, the clinic's own log only,
  bad filters a 4xx naming the parameter with nothing written, every reading
  audited;
- GET /api/v1/clients/{id}/export (staff) and POST /api/v1/clients/{id}/erase
  (admins): the CLI's document, the tombstone, the feed revoked, another
  clinic's id 404, bad input 4xx naming the field with nothing written;
- every door's reads of a client's record are audited with who read it.

It reuses test_server.py's server harness; one class is one ctest test.

    python3 test_client_data.py --binary build/collagenda [unittest arguments]
"""

import argparse
import csv
import datetime
import io
import os
import sys
import unittest

import test_server
from test_server import ServerTestCase

# Sessions well before any day these tests run on; bookings ahead of it.
PAST_START = "2026-01-05"
PAST_SECOND = "2026-02-09"


def booking_day():
    return (datetime.date.today() + datetime.timedelta(days=30)).isoformat()


class ClientDataTestCase(ServerTestCase):
    """A default clinic (admin, staff) with Ada (a course, two sessions, a booking) and Bea,
    and another clinic whose admin has a client of its own."""

    @classmethod
    def prepare(cls, server):
        cls.admin = server.add_user("admin@clinic.example", "admin")
        cls.staff = server.add_user("staff@clinic.example", "staff")
        cls.other = server.add_user("admin@other.example", "admin", clinic="Other clinic")
        server.cli("client", "add", "--name", "Ada Lovelace", "--email", "ada@example.org",
                   "--phone", "+44 20 7946 0958", "--birth-date", "1980-05-01")
        server.cli("client", "add", "--name", "Bea Other", "--email", "bea@example.org")
        server.cli("course", "start", "--client", "1", "--laxity", "mild", "--start", PAST_START)
        server.cli("session", "record", "--course", "1", "--date", PAST_START,
                   "--notes", "Ada felt the needles")
        server.cli("session", "record", "--course", "1", "--date", PAST_SECOND)
        server.cli("session", "book", "--course", "1", "--date", booking_day())
        server.cli("course", "start", "--client", "2", "--laxity", "mild", "--start", PAST_START)
        cls.other_client = int(server.cli("client", "add", "--name", "Cy Elsewhere",
                                          clinic="Other clinic").stdout)

    def log(self, where="1 = 1"):
        """The audit log's rows (id, who, action, entity, entity_id, client_id, after_json)."""
        return test_server.testdb.rows(
            self.server.db, "SELECT id, who, action, entity, entity_id, client_id, after_json "
            "FROM audit_log WHERE " + where + " ORDER BY id")

    def counts(self):
        """Every table's rows, for "nothing was written"."""
        return [test_server.testdb.rows(self.server.db, "SELECT count(*) FROM %s" % table)[0][0]
                for table in ("clients", "courses", "sessions", "bookings", "feeds", "audit_log")]

    def get(self, path, token):
        return self.request("GET", path, token=token)


class AuditRoutesTest(ClientDataTestCase):

    def test_without_a_login_it_is_401(self):
        for path in ("/api/v1/audit", "/api/v1/audit.csv"):
            self.assert_problem(self.request("GET", path), 401)

    def test_staff_are_refused_with_403_and_nothing_is_written(self):
        before = self.counts()
        for path in ("/api/v1/audit", "/api/v1/audit.csv", "/api/v1/audit?client=1"):
            self.assert_problem(self.get(path, self.staff), 403)
        self.assertEqual(self.counts(), before)

    def test_admins_read_what_the_cli_reads(self):
        answer = self.get("/api/v1/audit?client=1", self.admin)
        self.assert_status(answer, 200)
        self.assertEqual(answer.headers.get("Content-Type"), "application/json")
        entries = answer.json()
        self.assertEqual([e["action"] for e in entries if not e["action"].endswith(".read")],
                         ["client.add", "course.start", "session.record", "session.record",
                          "booking.add"])
        self.assertEqual({e["client"] for e in entries}, {1})
        self.assertEqual([e["id"] for e in entries], sorted(e["id"] for e in entries))
        # The CLI, reading after, finds the same entries and the server's reading as the last.
        cli = self.server.cli_json("audit", "--client", "1")
        self.assertEqual(cli[:-1], entries)
        self.assertEqual(cli[-1]["action"], "audit.read")
        self.assertEqual(cli[-1]["who"], "admin@clinic.example")
        self.assertEqual(cli[-1]["after"], {"client": 1, "since": None, "action": None,
                                            "format": "json", "entries": len(entries)})

    def test_filters(self):
        added = self.get("/api/v1/audit?action=client.add", self.admin).json()
        self.assertEqual([(e["action"], e["entity_id"]) for e in added],
                         [("client.add", 1), ("client.add", 2)])
        sessions = self.get("/api/v1/audit?action=session&client=1", self.admin).json()
        self.assertEqual([e["action"] for e in sessions], ["session.record"] * 2)
        # Two days after the server's (fixed) today: nothing has been written yet.
        later = (datetime.date.fromisoformat(test_server.TODAY) +
                 datetime.timedelta(days=2)).isoformat()
        self.assertEqual(self.get("/api/v1/audit?since=" + later, self.admin).json(), [])
        everything = self.get("/api/v1/audit?since=2000-01-01", self.admin).json()
        self.assertEqual(everything[0]["action"], "clinic.create")

    def test_csv_has_the_same_entries(self):
        answer = self.get("/api/v1/audit.csv?client=2", self.admin)
        self.assert_status(answer, 200)
        self.assertTrue(answer.headers.get("Content-Type").startswith("text/csv"))
        self.assertIn("attachment", answer.headers.get("Content-Disposition"))
        rows = list(csv.DictReader(io.StringIO(answer.body.decode("utf-8"), newline="")))
        self.assertEqual(list(rows[0].keys()), ["id", "at", "who", "action", "entity",
                                                "entity_id", "client", "before", "after",
                                                "reason"])
        self.assertEqual([r["action"] for r in rows][:2], ["client.add", "course.start"])
        self.assertEqual({r["client"] for r in rows}, {"2"})

    def test_bad_filters_are_4xx_naming_the_parameter_and_write_nothing(self):
        before = self.counts()
        for query, status, field in (("client=abc", 400, "client"), ("client=0", 400, "client"),
                                     ("client=99", 404, "client"),
                                     ("client=%d" % self.other_client, 404, "client"),
                                     ("since=2027-02-30", 400, "since"),
                                     ("since=yesterday", 400, "since"),
                                     ("action=session.deleted", 400, "action"),
                                     ("action=DROP%20TABLE", 400, "action")):
            with self.subTest(query=query):
                problem = self.assert_problem(self.get("/api/v1/audit?" + query, self.admin),
                                              status, field)
                if field == "action":
                    self.assertIn("session.record", problem["detail"])
        self.assertEqual(self.counts(), before)

    def test_each_clinic_reads_only_its_own_log(self):
        entries = self.get("/api/v1/audit", self.other).json()
        text = str(entries)
        for name in ("Ada", "Bea", "ada@example.org"):
            self.assertNotIn(name, text)
        self.assertIn("Cy Elsewhere", text)
        self.assert_problem(self.get("/api/v1/audit?client=1", self.other), 404, "client")
        own = self.get("/api/v1/audit?client=%d" % self.other_client, self.other).json()
        self.assertEqual([e["action"] for e in own], ["client.add"])

    def test_every_reading_is_audited_with_who_and_what(self):
        last = self.log()[-1][0]
        self.get("/api/v1/audit?action=feed&since=2000-01-01", self.admin)
        self.get("/api/v1/audit.csv?client=2", self.admin)
        rows = self.log("id > %d" % last)
        self.assertEqual([(r[1], r[2], r[3], r[4], r[5]) for r in rows],
                         [("admin@clinic.example", "audit.read", "clinic", 1, None),
                          ("admin@clinic.example", "audit.read", "client", 2, 2)])
        self.assertIn('"since":"2000-01-01","action":"feed","format":"json"', rows[0][6])
        self.assertIn('"client":2', rows[1][6])
        self.assertIn('"format":"csv"', rows[1][6])


class ClientDataRoutesTest(ClientDataTestCase):

    def test_export_is_the_clis_document(self):
        answer = self.get("/api/v1/clients/1/export", self.staff)
        self.assert_status(answer, 200)
        self.assertEqual(answer.headers.get("Content-Type"), "application/json")
        self.assertIn('filename="client-1.json"', answer.headers.get("Content-Disposition"))
        document = answer.json()
        self.assertEqual(document["client"]["name"], "Ada Lovelace")
        self.assertEqual([s["date"] for s in document["sessions"]], [PAST_START, PAST_SECOND])
        self.assertEqual([b["date"] for b in document["bookings"]], [booking_day()])
        self.assertEqual(len(document["courses"]), 1)
        self.assertIn("schedule", document["courses"][0]["plan"])
        cli = self.server.cli_json("client", "export", "1")
        # The CLI's export, taken after, lists the server's export as its last entry.
        self.assertEqual(cli["audit"][:-1], document["audit"])
        self.assertEqual(cli["audit"][-1]["action"], "client.export")
        self.assertEqual(cli["audit"][-1]["who"], "staff@clinic.example")
        del cli["audit"], document["audit"]
        self.assertEqual(cli, document)

    def test_export_needs_a_login_and_the_clinics_own_client(self):
        self.assert_problem(self.request("GET", "/api/v1/clients/1/export"), 401)
        before = self.counts()
        self.assert_problem(self.get("/api/v1/clients/99/export", self.staff), 404, "client")
        self.assert_problem(self.get("/api/v1/clients/%d/export" % self.other_client,
                                     self.staff), 404, "client")
        self.assertEqual(self.counts(), before)
        answer = self.get("/api/v1/clients/%d/export" % self.other_client, self.other)
        self.assert_status(answer, 200)
        self.assertEqual(answer.json()["client"]["name"], "Cy Elsewhere")

    def test_erase_is_for_admins_and_checks_its_input(self):
        client = int(self.server.cli("client", "add", "--name", "Dora Keep",
                                     "--phone", "+1 555 0101").stdout)
        path = "/api/v1/clients/%d/erase" % client
        before = self.counts()
        self.assert_problem(self.request("POST", path, {"reason": "request"}), 401)
        self.assert_problem(self.request("POST", path, {"reason": "request"}, token=self.staff),
                            403)
        for body, field in (({}, "reason"), ({"reason": ""}, "reason"),
                            ({"reason": "  "}, "reason"), ({"reason": 7}, "reason"),
                            ({"reason": "request", "name": "x"}, "name"),
                            ({"reason": "Dora Keep asked"}, "reason"),
                            ({"reason": "called from +1 555 0101"}, "reason")):
            with self.subTest(body=body):
                self.assert_problem(self.request("POST", path, body, token=self.admin), 400,
                                    field)
        self.assert_problem(self.request("POST", "/api/v1/clients/99/erase",
                                         {"reason": "request"}, token=self.admin), 404, "client")
        self.assert_problem(self.request("POST", "/api/v1/clients/%d/erase" % self.other_client,
                                         {"reason": "request"}, token=self.admin), 404, "client")
        self.assertEqual(self.counts(), before)
        self.assertEqual(self.server.cli_json("client", "show", str(client))["name"], "Dora Keep")

    def test_erase_leaves_a_tombstone_everywhere(self):
        client = int(self.server.cli("client", "add", "--name", "Eve Gone",
                                     "--email", "eve@example.org").stdout)
        course = int(self.server.cli("course", "start", "--client", str(client), "--laxity",
                                     "mild", "--start", PAST_START).stdout)
        self.server.cli("session", "record", "--course", str(course), "--date", PAST_START,
                        "--notes", "Eve's notes")
        feed = self.request("POST", "/api/v1/clients/%d/feed" % client, token=self.staff)
        self.assert_status(feed, 201)
        url = feed.json()["url"]
        self.assert_status(self.request("GET", url), 200)

        answer = self.request("POST", "/api/v1/clients/%d/erase" % client,
                              {"reason": "right-to-erasure request"}, token=self.admin)
        self.assert_status(answer, 200)
        tombstone = "erased client %d" % client
        self.assertEqual(answer.json(), {"id": client, "name": tombstone, "email": None,
                                         "phone": None, "birth_date": None, "skin_type": None})
        self.assert_status(self.request("GET", url), 404)  # the feed is revoked
        shown = self.get("/api/v1/clients/%d" % client, self.staff).json()
        self.assertEqual((shown["name"], [c["id"] for c in shown["courses"]]),
                         (tombstone, [course]))
        due = self.get("/api/v1/due?on=2099-01-01", self.staff).json()
        self.assertEqual([row["name"] for row in due if row["client"] == client], [tombstone])
        exported = self.get("/api/v1/clients/%d/export" % client, self.staff)
        document = exported.json()
        self.assertIsNotNone(document["client"]["erased_at"])
        self.assertEqual([s["notes"] for s in document["sessions"]], [None])
        for personal in (b"Eve", b"eve@example.org"):
            self.assertNotIn(personal, exported.body)
            self.assertNotIn(personal, self.get("/api/v1/audit", self.admin).body)
        erasure = self.log("action = 'client.erase' AND entity_id = %d" % client)
        self.assertEqual([(r[1], r[5]) for r in erasure], [("admin@clinic.example", client)])
        self.assertNotIn("Eve", erasure[0][6])

        before = self.counts()
        again = self.request("POST", "/api/v1/clients/%d/erase" % client,
                             {"reason": "request"}, token=self.admin)
        problem = self.assert_problem(again, 400, "client")
        self.assertIn("already erased", problem["detail"])
        self.assertEqual(self.counts(), before)

    def test_every_read_of_a_clients_record_is_audited(self):
        last = self.log()[-1][0]
        reads = [("/api/v1/clients/2", "client.read", "client"),
                 ("/api/v1/courses/2", "course.read", "course"),
                 ("/api/v1/courses/2.ics", "course.export", "course"),
                 ("/api/v1/courses/2/fhir", "course.export", "course"),
                 ("/api/v1/courses/2/timeline.svg", "course.export", "course"),
                 ("/api/v1/clients/2/export", "client.export", "client")]
        for path, _, _ in reads:
            self.assert_status(self.get(path, self.staff), 200)
        self.assert_status(self.get("/api/v1/audit?client=2", self.admin), 200)
        rows = self.log("id > %d" % last)
        self.assertEqual([(r[1], r[2], r[3], r[4], r[5]) for r in rows],
                         [("staff@clinic.example", action, entity, 2, 2)
                          for _, action, entity in reads] +
                         [("admin@clinic.example", "audit.read", "client", 2, 2)])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="the collagenda executable")
    arguments, rest = parser.parse_known_args()
    test_server.BINARY = os.path.abspath(arguments.binary)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()

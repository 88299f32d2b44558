#!/usr/bin/env python3
"""Input and output hygiene over HTTP (docs/design.md#input-and-output-hygiene).

- Spreadsheet formulas: no cell of /api/v1/due.csv, diary.csv or audit.csv
  begins with = + - @ tab or CR.
- Text XML and iCalendar cannot carry (U+FFFE, C0 controls) is 400 naming the
  field, in every kind of write; a long multi-byte value echoed in an error
  comes back as valid UTF-8.
- Numbers too large for their field are 400 naming it (JSON numbers, query
  arguments), never a wrapped value or a crash.
- A write for a record that does not exist or is another clinic's is 404 and
  writes nothing, not even a refusal's audit row.
- A 500 names no file path and no SQL; the server's log has the detail.

    python3 test_hygiene.py --binary build/collagenda [HygieneTest]

Python 3 standard library only; the server helpers are test_server.py's.
"""

import argparse
import csv
import io
import os
import sys
import unittest

import test_server
from test_server import START, ServerTestCase

FORMULA_NAME = '=HYPERLINK("http://evil.test","click")'


class HygieneTest(ServerTestCase):

    @classmethod
    def prepare(cls, server):
        cls.staff = server.add_user("staff@clinic.example", "staff")
        cls.admin = server.add_user("admin@clinic.example", "admin")
        cls.other = server.add_user("staff@other.example", "staff", clinic="Other Clinic")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def made(response):
            assert response.status == 201, response
            return response.json()["id"]

        def start(token, name, **fields):
            client = made(cls.server.request("POST", "/api/v1/clients", dict(
                {"name": name}, **fields), token=token))
            course = made(cls.server.request("POST", "/api/v1/courses", {
                "client": client, "laxity": "mild", "areas": ["face"], "start": START},
                token=token))
            session = made(cls.server.request("POST", "/api/v1/courses/%d/sessions" % course, {
                "date": START, "notes": "=2+5", "device": "-3", "practitioner": "@a"},
                token=token))
            return client, course, session

        cls.mine = start(cls.staff, FORMULA_NAME, email="=1+1@x.test", phone="+1 555 0100")
        cls.theirs = start(cls.other, "Their client")
        made(cls.server.request("POST", "/api/v1/courses/%d/bookings" % cls.mine[1],
                                {"date": test_server.TODAY, "time": "10:30"}, token=cls.staff))

    def audit_rows(self):
        return test_server.testdb.rows(self.server.db, "SELECT count(*) FROM audit_log")[0][0]

    def with_trigger(self, name, sqlite_body, pg_body):
        """A request for a new client, sent while a BEFORE INSERT trigger on clients runs body."""
        db = self.server.db
        if test_server.testdb.on_postgresql(db):
            test_server.testdb.execute(db, (
                "CREATE FUNCTION %s() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN %s; "
                "RETURN NEW; END $$; CREATE TRIGGER %s BEFORE INSERT ON clients "
                "FOR EACH ROW EXECUTE FUNCTION %s()") % (name, pg_body, name, name))
            drop = "DROP TRIGGER %s ON clients; DROP FUNCTION %s()" % (name, name)
        else:
            test_server.testdb.execute(db, "CREATE TRIGGER %s BEFORE INSERT ON clients "
                                           "BEGIN %s; END" % (name, sqlite_body))
            drop = "DROP TRIGGER %s" % name
        try:
            return self.request("POST", "/api/v1/clients", {"name": "Grace"}, token=self.staff)
        finally:
            test_server.testdb.execute(db, drop)

    def database_name(self):
        """How the server's log names the database: its file, or a PostgreSQL database's name."""
        db = self.server.db
        if test_server.testdb.on_postgresql(db):
            return db.split("/")[3].split("?")[0]
        return db

    def assert_utf8_problem(self, response, status, field=None):
        """A problem document whose bytes are strict UTF-8."""
        response.body.decode("utf-8")  # raises on a byte sequence cut mid-character
        return self.assert_problem(response, status, field)

    # ---- spreadsheet formulas ----

    def test_no_csv_cell_begins_like_a_formula(self):
        for path, token in (("/api/v1/due.csv?within=3650", self.staff),
                            ("/api/v1/diary.csv?on=%s" % test_server.TODAY, self.staff),
                            ("/api/v1/audit.csv", self.admin)):
            with self.subTest(path=path):
                response = self.request("GET", path, token=token)
                self.assert_status(response, 200)
                text = response.body.decode("utf-8")
                if "audit" not in path:  # the audit's name is inside a JSON cell
                    self.assertIn("'=HYPERLINK(", text)
                for row in csv.reader(io.StringIO(text, newline="")):
                    for cell in row:
                        self.assertNotIn(cell[:1], ("=", "+", "-", "@", "\t", "\r"), row)
        self.assertIn("'+1 555 0100", self.request(
            "GET", "/api/v1/due.csv?within=3650", token=self.staff).body.decode())

    # ---- text ----

    def test_text_xml_cannot_carry_is_400_naming_the_field(self):
        rows = self.audit_rows()
        client, course, session = self.mine
        for method, path, body, field in (
                ("POST", "/api/v1/clients", {"name": "Ada\ufffe"}, "name"),
                ("POST", "/api/v1/clients", {"name": "Ada\uffff"}, "name"),
                ("POST", "/api/v1/clients", {"name": "Ada\u0001"}, "name"),
                ("POST", "/api/v1/clients", {"name": "Ada", "email": "a\ufffe@x.test"}, "email"),
                ("PATCH", "/api/v1/clients/%d" % client, {"name": "Ada\ufffe"}, "name"),
                ("POST", "/api/v1/courses/%d/sessions" % course,
                 {"date": test_server.TODAY, "notes": "ok\ufffe", "force": True,
                  "reason": "x"}, "notes"),
                ("POST", "/api/v1/courses/%d/sessions" % course,
                 {"date": test_server.TODAY, "device": "\u001b[31m", "force": True,
                  "reason": "x"}, "device"),
                ("PATCH", "/api/v1/sessions/%d" % session,
                 {"notes": "n\ufffe", "reason": "typo"}, "notes"),
                ("POST", "/api/v1/courses/%d/discontinue" % course,
                 {"reason": "moved\ufffe"}, "reason"),
        ):
            with self.subTest(path=path, body=body):
                self.assert_utf8_problem(self.request(method, path, body, token=self.staff),
                                         400, field)
        self.assertEqual(self.audit_rows(), rows)

    def test_a_long_multibyte_value_is_cut_on_a_character_boundary(self):
        client, course, _ = self.mine
        for method, path, body in (
                ("POST", "/api/v1/clients", {"name": "Ada", "email": "é" * 300}),
                ("POST", "/api/v1/clients", {"name": "Ada", "phone": "😀" * 300}),
                ("POST", "/api/v1/courses", {"client": client, "laxity": "mild",
                                             "start": "é" * 300}),
                ("POST", "/api/v1/courses", {"client": client, "laxity": "€" * 300,
                                             "start": START}),
                ("POST", "/api/v1/courses/%d/sessions" % course, {"date": "😀" * 300}),
                ("POST", "/api/v1/courses/%d/bookings" % course,
                 {"date": test_server.TODAY, "time": "é" * 300}),
        ):
            with self.subTest(path=path, body=str(body)[:60]):
                problem = self.assert_utf8_problem(
                    self.request(method, path, body, token=self.staff), 400)
                self.assertLess(len(problem["detail"]), 1000)
        for query in ("?within=" + "é" * 300, "?on=" + "😀" * 300):
            with self.subTest(query=query[:20]):
                self.assert_utf8_problem(self.request(
                    "GET", "/api/v1/due" + query.replace("é", "%C3%A9").replace(
                        "😀", "%F0%9F%98%80"), token=self.staff), 400)

    # ---- numbers ----

    def test_numbers_too_large_for_their_field_are_400_naming_it(self):
        rows = self.audit_rows()
        _, course, session = self.mine
        sessions = "/api/v1/courses/%d/sessions" % course
        for body, field in (({"gais": 9223372036854775807}, "gais"),
                            ({"gais": 99999999999}, "gais"),
                            ({"gais": -9223372036854775808}, "gais"),
                            ({"gais": 2147483648}, "gais"),
                            ({"laxity_grade": 9223372036854775807}, "laxity_grade"),
                            ({"depth_mm": 9223372036854775807}, "depth_mm"),
                            ({"depth_mm": 1e300}, "depth_mm")):
            with self.subTest(body=body):
                problem = self.assert_utf8_problem(self.request(
                    "POST", sessions, dict(body, date=test_server.TODAY, force=True, reason="x"),
                    token=self.staff), 400, field)
                self.assertIn("is not allowed; use", problem["detail"])
                self.assert_utf8_problem(self.request(
                    "PATCH", "/api/v1/sessions/%d" % session, dict(body, reason="x"),
                    token=self.staff), 400, field)
        self.assert_problem(self.request("PUT", "/api/v1/clinic",
                                         {"chairs": 9223372036854775807}, token=self.admin),
                            400, "chairs")
        for body in ({"client": 9223372036854775808, "laxity": "mild", "start": START},
                     {"client": 99999999999999999999999, "laxity": "mild", "start": START}):
            with self.subTest(body=body):
                self.assert_problem(self.request("POST", "/api/v1/courses", body,
                                                 token=self.staff), 400)
        for path, field in (("/api/v1/due?within=99999999999999999999", "within"),
                            ("/api/v1/due?within=2147483648", "within"),
                            ("/api/v1/diary?days=9223372036854775808", "days"),
                            ("/api/v1/diary?days=-1", "days")):
            with self.subTest(path=path):
                self.assert_problem(self.request("GET", path, token=self.staff), 400, field)
        for path, field in (("/api/v1/audit?client=9223372036854775808", "client"),
                            ("/api/v1/tokens?user=9223372036854775808", "user"),
                            ("/api/v1/tokens?user=%s" % ("9" * 1000), "user")):
            with self.subTest(path=path[:60]):
                problem = self.assert_problem(self.request("GET", path, token=self.admin), 400,
                                              field)
                self.assertIn("ids run from 1 to 9223372036854775807", problem["detail"])
        # INT64_MAX reaches the route (no such client); past it no route matches.
        problem = self.assert_problem(self.request(
            "GET", "/api/v1/clients/9223372036854775807", token=self.staff), 404, "client")
        self.assertIn("9223372036854775807", problem["detail"])
        for path in ("/api/v1/clients/9223372036854775808",
                     "/api/v1/clients/99999999999999999999999",
                     "/api/v1/courses/%s/sessions" % ("9" * 1000)):
            with self.subTest(path=path[:60]):
                self.assert_status(self.request("GET", path, token=self.staff), 404)
        self.assertEqual(self.audit_rows(), rows)

    # ---- writes for records that are not there ----

    def test_a_write_for_a_missing_or_foreign_record_is_404_and_writes_nothing(self):
        rows = self.audit_rows()
        their_client, their_course, their_session = self.theirs
        for client in (999999, their_client):
            with self.subTest(client=client):
                self.assert_problem(self.request("POST", "/api/v1/courses", {
                    "client": client, "laxity": "mild", "start": START,
                    "screening": ["pregnancy"]}, token=self.staff), 404)
                self.assert_problem(self.request("POST", "/api/v1/courses", {
                    "client": client, "laxity": "mild", "start": START,
                    "screening": ["pregnancy"], "force": True, "reason": "x"},
                    token=self.admin), 404)
        for course in (999999, their_course):
            with self.subTest(course=course):
                # Too soon after its first session: would be a refusal were the course ours.
                self.assert_problem(self.request(
                    "POST", "/api/v1/courses/%d/sessions" % course, {"date": START},
                    token=self.staff), 404)
                self.assert_problem(self.request(
                    "POST", "/api/v1/courses/%d/bookings" % course, {"date": START},
                    token=self.staff), 404)
        self.assert_problem(self.request("PATCH", "/api/v1/sessions/%d" % their_session,
                                         {"date": START, "reason": "typo"}, token=self.staff),
                            404)
        self.assertEqual(self.audit_rows(), rows)

    # ---- a 500 ----

    def test_a_500_names_no_path_and_no_sql(self):
        # A trigger that fails as no input can: the statement cannot run at all.
        response = self.with_trigger("hygiene_outage", "INSERT INTO no_such_table VALUES (1)",
                                     "INSERT INTO no_such_table VALUES (1)")
        problem = self.assert_utf8_problem(response, 500)
        text = response.body.decode("utf-8")
        for secret in (self.server.db, os.path.basename(self.server.db), "/", "no_such_table",
                       "INSERT", "sqlite", "database"):
            self.assertNotIn(secret, text)
        self.assertNotIn("field", problem)
        self.assertIn("the server's log", problem["detail"])
        self.wait_until(lambda: "no_such_table" in self.server.access_log(), 30,
                        "the detail in the server's log")
        log = self.server.access_log()
        self.assertIn(self.database_name(), log)
        # The server keeps answering, and the next write works.
        self.create("/api/v1/clients", {"name": "Grace"}, token=self.staff)

    def test_a_constraint_the_service_missed_is_generic_too(self):
        # SQLite's RAISE(ABORT) and PostgreSQL's check_violation are both a broken constraint.
        response = self.with_trigger(
            "hygiene_constraint", "SELECT RAISE(ABORT, 'secret constraint')",
            "RAISE EXCEPTION 'secret constraint' USING ERRCODE = 'check_violation'")
        self.assert_utf8_problem(response, 400)
        text = response.body.decode("utf-8")
        self.assertNotIn("secret constraint", text)
        self.assertNotIn(self.server.db, text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="the collagenda executable")
    arguments, rest = parser.parse_known_args()
    test_server.BINARY = os.path.abspath(arguments.binary)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()

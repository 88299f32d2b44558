#!/usr/bin/env python3
"""Consultation requests over HTTP (docs/records.md#consultation-requests).

The calculator's public POST /api/v1/requests takes a request without a
login, reads no cookie and sets none; every bad field is 400 naming it and
stores nothing; a filled honeypot is answered like a request and stores
nothing; past five requests an hour from one address, or two hundred to one
clinic from all addresses, it is 429 with Retry-After and nothing more
is stored, also when the flood is spread over two servers on one
database; a request goes to the clinic the
server acts for (--clinic). The staff routes need a login, list and
show the clinic's requests only, and closing one is audited.

    python3 test_requests.py --binary build/collagenda [RequestsTest]

Python 3 standard library only; the server helpers are test_server.py's.
"""
import argparse
import http.client
import json
import os
import re
import select
import subprocess
import sys
import threading
import unittest

import test_server
from test_server import ServerTestCase, Server

LIMIT = 5  # per address per hour (service/requests.h)
CLINIC_LIMIT = 200  # per clinic per hour, from all addresses together (service/requests.h)
ASSESSMENT = {"laxity": "moderate", "areas": ["face", "neck"], "goal": "improvement"}


def good(**fields):
    body = {"name": "Ada Lovelace", "email": "ada@example.com", "phone": "+44 20 7946 0000",
            "consent": True, "assessment": ASSESSMENT}
    body.update(fields)
    return {key: value for key, value in body.items() if value is not ...}


def post_from(port, address, body, headers=None):
    """POST /api/v1/requests from a loopback address of 127/8 (all routed to lo)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30,
                                            source_address=(address, 0))
    try:
        payload = body if isinstance(body, bytes) else json.dumps(body).encode()
        all_headers = {"Content-Type": "application/json"}
        all_headers.update(headers or {})
        connection.request("POST", "/api/v1/requests", body=payload, headers=all_headers)
        answer = connection.getresponse()
        return test_server.Response(answer.status, answer.headers, answer.read())
    finally:
        connection.close()


class RequestsTest(ServerTestCase):

    @classmethod
    def prepare(cls, server):
        cls.staff = server.add_user("nurse@clinic.example", "staff")
        cls.admin = server.add_user("head@clinic.example", "admin")
        cls.other = server.add_user("admin@other.example", "admin", clinic="Other Clinic")
        cls.busy = server.add_user("admin@busy.example", "admin", clinic="Busy Clinic")

    # ---- helpers ----

    def rows(self, sql, *args):
        return test_server.testdb.rows(self.server.db, sql, *args)

    def stored(self):
        return (self.rows("SELECT count(*) FROM consultation_requests")[0][0],
                self.rows("SELECT count(*) FROM audit_log")[0][0])

    def post(self, address, body, **kwargs):
        return post_from(self.server.port, address, body, **kwargs)

    def assert_received(self, response):
        self.assertEqual(response.status, 202, response)
        self.assertEqual(response.json(), {"status": "received"})
        self.assertNotIn("Set-Cookie", response.headers)
        self.assertNotIn("Location", response.headers)

    # ---- the public POST ----

    def test_1_a_request_is_received_without_cookies_and_stored(self):
        before = self.stored()
        # A cookie and no CSRF token: the public route reads neither.
        response = self.post("127.0.0.21", good(), headers={"Cookie": "collagenda_session=junk"})
        self.assert_received(response)
        self.assertEqual(self.stored(), (before[0] + 1, before[1] + 1))
        row = self.rows("SELECT name, email, phone, consent, status, address_hash, clinic_id,"
                        " CAST(assessment AS TEXT) FROM consultation_requests ORDER BY id DESC LIMIT 1")[0]
        self.assertEqual(row[:5], ("Ada Lovelace", "ada@example.com", "+44 20 7946 0000", 1,
                                   "open"))
        self.assertRegex(row[5], r"^[0-9a-f]{64}$")  # a hash, not the address
        self.assertNotIn("127.0.0.21", row[5])
        self.assertEqual(row[6], 1)  # the server's clinic
        self.assertEqual(json.loads(row[7]), ASSESSMENT)
        audit = self.rows("SELECT who, entity FROM audit_log WHERE action = 'request.receive'"
                          " ORDER BY id DESC LIMIT 1")
        self.assertEqual(audit, [("calculator", "request")])
        # Only one contact is needed, either one; empty strings count as not given.
        self.assert_received(self.post("127.0.0.21", good(email="", phone="0301234567")))
        self.assert_received(self.post("127.0.0.21", good(phone=...)))

    def test_2_every_bad_field_is_400_naming_it_and_stores_nothing(self):
        cases = [
            (good(name=...), "name"),
            (good(name=""), "name"),
            (good(name=42), "name"),
            (good(name="a\u0007b"), "name"),
            (good(name="x" * 401), "name"),
            (good(email="not an address"), "email"),
            (good(email=["a@b.example"]), "email"),
            (good(phone="call me maybe"), "phone"),
            (good(email=..., phone=...), "email"),
            (good(email="", phone=""), "email"),
            (good(consent=...), "consent"),
            (good(consent=False), "consent"),
            (good(consent="yes"), "consent"),
            (good(assessment=...), "assessment"),
            (good(assessment=None), "assessment"),
            (good(assessment=["moderate"]), "assessment"),
            (good(assessment={"areas": ["face"]}), "assessment: laxity"),
            (good(assessment={"laxity": "huge"}), "assessment: laxity"),
            (good(assessment={"laxity": "mild", "areas": ["elbow"]}), "assessment: areas"),
            (good(assessment={"laxity": "mild", "colour": "blue"}), "assessment: colour"),
            (good(comment="hello"), "comment"),
            (good(website=1), "website"),
        ]
        before = self.stored()
        for body, field in cases:
            with self.subTest(field=field, body=body):
                self.assert_problem(self.post("127.0.0.22", body), 400, field)
        self.assert_problem(self.post("127.0.0.22", b"{\"name\": "), 400)
        self.assert_problem(self.post("127.0.0.22", b"[1, 2]"), 400)
        big = good(name="x" * (17 * 1024))
        self.assert_problem(self.post("127.0.0.22", big), 413, "body")
        self.assertEqual(self.stored(), before)
        # None of them counted against the address: five are still received.
        for _ in range(LIMIT):
            self.assert_received(self.post("127.0.0.22", good()))

    def test_3_a_filled_honeypot_is_answered_alike_and_stores_nothing(self):
        before = self.stored()
        for body in (good(website="http://spam.example"),
                     good(website="x", consent=False, email="junk")):
            with self.subTest(body=body):
                self.assert_received(self.post("127.0.0.23", body))
        self.assertEqual(self.stored(), before)
        self.assert_received(self.post("127.0.0.23", good(website="")))  # empty: a person
        self.assertEqual(self.stored()[0], before[0] + 1)

    def test_4_a_flood_is_429_past_the_limit_and_stores_nothing_more(self):
        before = self.stored()
        answers = [self.post("127.0.0.24", good(name="Flood %d" % i)) for i in range(LIMIT + 4)]
        self.assertEqual([a.status for a in answers], [202] * LIMIT + [429] * 4)
        for answer in answers[LIMIT:]:
            self.assert_problem(answer, 429, "request")
            retry = int(answer.headers["Retry-After"])
            self.assertTrue(1 <= retry <= 3600, retry)
        self.assertEqual(self.stored(), (before[0] + LIMIT, before[1] + LIMIT))
        self.assertEqual(self.rows("SELECT count(*) FROM consultation_requests"
                                   " WHERE name LIKE 'Flood %'")[0][0], LIMIT)
        # Another address is not held back by this one.
        self.assert_received(self.post("127.0.0.25", good()))

    def start_second_server(self, *global_flags):
        """Another `serve` on the same database; returns (process, port)."""
        second = subprocess.Popen(
            [test_server.BINARY, "--db", self.server.db, *global_flags, "serve",
             "--listen", "127.0.0.1:0"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
            env=Server.environment(None))
        ready, _, _ = select.select([second.stdout], [], [], 60)
        line = second.stdout.readline().decode() if ready else ""
        match = re.fullmatch(r"listening on http://127\.0\.0\.1:(\d+)\n", line)
        if not match:
            self.stop_second_server(second)
            self.fail("the second server did not start: %r" % line)
        return second, int(match.group(1))

    @staticmethod
    def stop_second_server(second):
        second.terminate()
        try:
            second.wait(30)
        except subprocess.TimeoutExpired:
            second.kill()
            second.wait(30)
        second.stdout.close()

    def test_5_the_limit_holds_across_two_servers_on_one_database(self):
        second, port = self.start_second_server()
        try:
            ports = [self.server.port, port]
            before = self.stored()[0]
            statuses = []
            lock = threading.Lock()

            def send(index):
                answer = post_from(ports[index % 2], "127.0.0.26", good(name="Both %d" % index))
                with lock:
                    statuses.append(answer.status)

            threads = [threading.Thread(target=send, args=(i,)) for i in range(16)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(120)
            self.assertEqual(sorted(statuses), [202] * LIMIT + [429] * (16 - LIMIT))
            self.assertEqual(self.stored()[0], before + LIMIT)
        finally:
            self.stop_second_server(second)

    def test_5b_a_request_goes_to_the_clinic_the_server_acts_for(self):
        second, port = self.start_second_server("--clinic", "Other Clinic")
        try:
            self.assert_received(post_from(port, "127.0.0.28", good(name="For Other")))
        finally:
            self.stop_second_server(second)
        other = self.rows("SELECT id FROM clinics WHERE name = 'Other Clinic'")[0][0]
        self.assertEqual(self.rows("SELECT clinic_id FROM consultation_requests"
                                   " WHERE name = 'For Other'"), [(other,)])
        names = [r["name"] for r in self.request("GET", "/api/v1/requests",
                                                 token=self.other).json()]
        self.assertEqual(names, ["For Other"])
        self.assertNotIn("For Other", [r["name"] for r in self.request(
            "GET", "/api/v1/requests?status=all", token=self.staff).json()])

    def test_5c_past_the_clinic_limit_every_address_is_429(self):
        """A flood spread over many addresses, each within its own limit, stops
        at the clinic's; another clinic on the same database is not held back."""
        second, port = self.start_second_server("--clinic", "Busy Clinic")
        try:
            addresses = ["127.0.1.%d" % n for n in range(1, CLINIC_LIMIT // LIMIT + 1)]
            statuses = [post_from(port, address, good(name="Busy %s" % address)).status
                        for address in addresses for _ in range(LIMIT)]
            self.assertEqual(statuses, [202] * CLINIC_LIMIT)
            before = self.stored()
            over = post_from(port, "127.0.2.1", good(name="One Too Many"))
            self.assert_problem(over, 429, "request")
            self.assertTrue(1 <= int(over.headers["Retry-After"]) <= 3600, over.headers)
            self.assertEqual(self.stored(), before)
        finally:
            self.stop_second_server(second)
        busy = self.rows("SELECT id FROM clinics WHERE name = 'Busy Clinic'")[0][0]
        self.assertEqual(self.rows("SELECT count(*) FROM consultation_requests"
                                   " WHERE clinic_id = ?", busy)[0][0], CLINIC_LIMIT)
        self.assert_received(self.post("127.0.2.1", good(name="Other Clinic Still Open")))

    # ---- the staff routes ----

    def test_6_staff_routes_need_a_login(self):
        for method, path, body in (("GET", "/api/v1/requests", None),
                                   ("GET", "/api/v1/requests/1", None),
                                   ("POST", "/api/v1/requests/1/close", {})):
            with self.subTest(method=method, path=path):
                self.assert_problem(self.request(method, path, body), 401)
                self.assert_problem(self.request(method, path, body, token="0" * 64), 401)

    def test_7_staff_list_show_and_close_audited(self):
        self.assert_received(self.post("127.0.0.27", good(name="Grace Hopper",
                                                          email="grace@example.com")))
        listed = self.request("GET", "/api/v1/requests", token=self.staff)
        self.assert_status(listed, 200)
        grace = [r for r in listed.json() if r["name"] == "Grace Hopper"][0]
        self.assertEqual((grace["status"], grace["email"], grace["assessment"]),
                         ("open", "grace@example.com", ASSESSMENT))
        self.assertNotIn("address", json.dumps(grace))
        shown = self.request("GET", "/api/v1/requests/%d" % grace["id"], token=self.staff)
        self.assert_status(shown, 200)
        self.assertEqual(shown.json(), grace)
        # Another clinic's user sees none of this clinic's.
        self.assertNotIn(grace["id"], [r["id"] for r in self.request(
            "GET", "/api/v1/requests?status=all", token=self.other).json()])
        self.assert_problem(self.request("GET", "/api/v1/requests/%d" % grace["id"],
                                         token=self.other), 404, "request")
        self.assert_problem(self.request("POST", "/api/v1/requests/%d/close" % grace["id"], {},
                                         token=self.other), 404, "request")
        self.assert_problem(self.request("GET", "/api/v1/requests?status=bogus",
                                         token=self.staff), 400, "status")
        # A course started from it, then the request closed naming it.
        client = self.create("/api/v1/clients", {"name": "Grace Hopper",
                                                 "email": "grace@example.com"}, token=self.staff)
        course = self.create("/api/v1/courses", dict(ASSESSMENT, client=client,
                                                     start=test_server.START), token=self.staff)
        before = self.stored()
        for body, field in (({"course": "x"}, "course"), ({"course": 999999}, "course"),
                            ({"note": 3}, "note"), ({"colour": 1}, "colour")):
            with self.subTest(body=body):
                answer = self.request("POST", "/api/v1/requests/%d/close" % grace["id"], body,
                                      token=self.staff)
                self.assert_problem(answer, 404 if body.get("course") == 999999 else 400, field)
        self.assertEqual(self.stored(), before)
        closed = self.request("POST", "/api/v1/requests/%d/close" % grace["id"],
                              {"note": "course started", "course": course}, token=self.staff)
        self.assert_status(closed, 204)
        shown = self.request("GET", "/api/v1/requests/%d" % grace["id"], token=self.staff).json()
        self.assertEqual((shown["status"], shown["closed_by"], shown["note"], shown["course"],
                          shown["client"]),
                         ("closed", "nurse@clinic.example", "course started", course, client))
        audit = self.rows("SELECT who, entity_id, client_id FROM audit_log"
                          " WHERE action = 'request.close'")
        self.assertEqual(audit, [("nurse@clinic.example", grace["id"], client)])
        again = self.request("POST", "/api/v1/requests/%d/close" % grace["id"], None,
                             token=self.staff)
        self.assert_problem(again, 400, "request")
        self.assertNotIn(grace["id"], [r["id"] for r in self.request(
            "GET", "/api/v1/requests", token=self.staff).json()])
        self.assertIn(grace["id"], [r["id"] for r in self.request(
            "GET", "/api/v1/requests?status=closed", token=self.staff).json()])

    def test_8_an_admin_deletes_a_request_for_good(self):
        self.assert_received(self.post("127.0.0.28", good(name="Hedy Lamarr",
                                                          email="hedy@example.com")))
        hedy = self.rows("SELECT id FROM consultation_requests WHERE name = 'Hedy Lamarr'")[0][0]
        path = "/api/v1/requests/%d" % hedy
        before = self.stored()
        self.assert_problem(self.request("DELETE", path, {"reason": "asked"}, token=self.staff),
                            403)
        self.assert_problem(self.request("DELETE", path, {"reason": "asked"}, token=self.other),
                            404, "request")
        for body, field in (({}, "reason"), ({"reason": ""}, "reason"),
                            ({"reason": "Hedy Lamarr asked"}, "reason"),
                            ({"reason": "asked", "colour": 1}, "colour")):
            with self.subTest(body=body):
                self.assert_problem(self.request("DELETE", path, body, token=self.admin), 400,
                                    field)
        self.assertEqual(self.stored(), before)
        deleted = self.request("DELETE", path, {"reason": "asked to be forgotten"},
                               token=self.admin)
        self.assert_status(deleted, 204)
        self.assertEqual(self.rows("SELECT count(*) FROM consultation_requests WHERE id = ?",
                                   hedy)[0][0], 0)
        entry = self.rows("SELECT who, reason, before_json, after_json FROM audit_log"
                          " WHERE action = 'request.delete' AND entity_id = ?", hedy)
        self.assertEqual(entry, [("head@clinic.example", "asked to be forgotten",
                                  '{"status":"open"}', None)])
        self.assert_problem(self.request("DELETE", path, {"reason": "again"}, token=self.admin),
                            404, "request")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="the collagenda executable")
    arguments, rest = parser.parse_known_args()
    test_server.BINARY = os.path.abspath(arguments.binary)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()

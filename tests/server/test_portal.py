#!/usr/bin/env python3
"""The client portal (docs/records.md#client-portal) against a real `collagenda serve`.

Staff create, list and revoke a client's secret link (POST, GET, DELETE
/api/v1/clients/{id}/portal); the client, without a login, reads the page
and its JSON (GET /portal/{token}, /portal/{token}/api, /portal/{token}/slots)
and books, moves and cancels the next session (POST /portal/{token}/bookings,
PATCH and DELETE /portal/{token}/bookings/{id}). Checked: only the token's
hash is stored; a forged, malformed or revoked token (and a merged or erased
client's) is the same 404 as any unknown path; another client's booking is
404 through the link; the free times lie inside the window, on open days and
hours with a chair free; a booking too soon, outside the window, outside the
hours or on a taken chair is refused with the reason and writes nothing but
a refusal's audit entry; a change needs JSON from the page's own origin;
every write is audited with the client as who; the secret never reaches the
access log or the metrics, and every portal answer says no-referrer and
no-store. The server's today is test_server.TODAY (2028-12-31, a Sunday).

    python3 test_portal.py --binary build/collagenda [PortalTest]

Python 3 standard library only; the server helpers are test_server.py's.
"""

import argparse
import datetime
import hashlib
import json
import os
import re
import sys
import unittest

import test_server
from test_server import ServerTestCase

# Session 1 on LAST: a mild face course's session 2 may come 28 to 42 days
# later (the floor is 28), so its window is 2029-01-15 to 2029-01-29.
LAST = "2028-12-18"
EARLIEST, IDEAL, LATEST = "2029-01-15", "2029-01-22", "2029-01-29"
TOO_SOON = "2029-01-10"
TOO_LATE = "2029-02-05"
SLOT_DAY = "2029-01-16"  # a Tuesday inside the window
CHAIR_DAY = "2029-01-25"  # a Thursday inside the window that only the free-times test books


class PortalTest(ServerTestCase):

    @classmethod
    def prepare(cls, server):
        cls.staff = server.add_user("staff@clinic.example", "staff")
        cls.admin = server.add_user("admin@clinic.example", "admin")
        server.cli("clinic", "set", "--hours", "09:00-12:00", "--chairs", "1",
                   "--open-days", "mon,tue,wed,thu,fri", "--phone", "+44 20 7946 0000")

    # ---- helpers ----

    def rows(self, sql, *args):
        return test_server.testdb.rows(self.server.db, sql, *args)

    def client_with_course(self, name):
        client = self.create("/api/v1/clients", {"name": name}, token=self.staff)
        course = self.create("/api/v1/courses", {"client": client, "laxity": "mild",
                                                 "areas": ["face"], "start": LAST},
                             token=self.staff)
        self.create("/api/v1/courses/%d/sessions" % course, {"date": LAST}, token=self.staff)
        return client, course

    def link(self, client):
        response = self.request("POST", "/api/v1/clients/%d/portal" % client, token=self.staff)
        self.assert_status(response, 201)
        url = response.json()["url"]
        self.assertRegex(url, r"^/portal/[0-9a-f]{64}$")
        self.assertEqual(response.headers.get("Location"), url)
        return url

    def portal(self, method, url, path="", body=None, **kwargs):
        return self.request(method, url + path, body, **kwargs)

    def api(self, url):
        response = self.portal("GET", url, "/api")
        self.assert_status(response, 200)
        return response.json()

    def audit_rows(self, action, who):
        return self.rows("SELECT entity, entity_id, after_json FROM audit_log "
                         "WHERE action = ? AND who = ? ORDER BY id", action, who)

    def writes(self):
        return self.rows("SELECT count(*) FROM audit_log WHERE action NOT LIKE '%.read' "
                         "AND action <> 'safety.refused'")[0][0]

    def bookings(self, course):
        return self.rows("SELECT id, date, start_minute FROM bookings WHERE course_id = ? "
                         "ORDER BY id", course)

    def refused(self, method, url, path, body, status, field=None, **kwargs):
        before = (self.writes(), self.rows("SELECT count(*) FROM bookings")[0][0])
        problem = self.assert_problem(self.portal(method, url, path, body, **kwargs), status,
                                      field)
        after = (self.writes(), self.rows("SELECT count(*) FROM bookings")[0][0])
        self.assertEqual(after, before, "%s %s wrote something" % (method, path))
        return problem

    # ---- the link ----

    def test_a_link_is_shown_once_and_only_its_hash_is_kept(self):
        client, _ = self.client_with_course("Ada Lovelace")
        first = self.link(client)
        token = first.rsplit("/", 1)[1]
        self.assertEqual(self.rows("SELECT token_hash FROM portals WHERE client_id = ?", client),
                         [(hashlib.sha256(token.encode()).hexdigest(),)])
        second = self.link(client)
        self.assertNotEqual(first, second)
        # One live link: the first is revoked by the second.
        self.assert_problem(self.portal("GET", first, "/api"), 404)
        self.assert_status(self.portal("GET", second, "/api"), 200)
        listed = self.request("GET", "/api/v1/clients/%d/portal" % client, token=self.staff)
        self.assert_status(listed, 200)
        links = listed.json()["links"]
        self.assertEqual([link["live"] for link in links], [False, True])
        self.assertIsNotNone(links[0]["revoked_at"])
        self.assertNotIn(token, listed.body.decode())
        self.assertNotIn(second.rsplit("/", 1)[1], listed.body.decode())
        who = "staff@clinic.example"
        self.assertEqual(len(self.audit_rows("portal.create", who)) >= 2, True)
        self.assertTrue(self.audit_rows("portal.revoke", who))
        response = self.request("DELETE", "/api/v1/clients/%d/portal" % client, token=self.staff)
        self.assert_status(response, 204)
        self.assert_problem(self.portal("GET", second, "/api"), 404)
        self.assert_problem(self.request("DELETE", "/api/v1/clients/%d/portal" % client,
                                         token=self.staff), 404, "portal")
        self.assert_problem(self.request("POST", "/api/v1/clients/999999/portal",
                                         token=self.staff), 404, "client")
        self.assert_problem(self.request("POST", "/api/v1/clients/%d/portal" % client), 401)

    def test_forged_malformed_and_revoked_tokens_are_the_plain_404(self):
        nothing = self.request("GET", "/no/such/thing")
        self.assert_problem(nothing, 404)
        client, _ = self.client_with_course("Grace Hopper")
        url = self.link(client)
        token = url.rsplit("/", 1)[1]
        self.request("DELETE", "/api/v1/clients/%d/portal" % client, token=self.staff)
        forged = "/portal/" + hashlib.sha256(b"forged").hexdigest()
        for path in (forged, forged + "/api", forged + "/slots", url, url + "/api",
                     "/portal/" + token.upper(), "/portal/" + token[:63], "/portal/" + token + "0"):
            with self.subTest(path=path):
                response = self.request("GET", path)
                self.assert_problem(response, 404)
                self.assertEqual(response.body, nothing.body)
        for method, path, body in (("POST", "/bookings", {"date": SLOT_DAY, "time": "09:00"}),
                                   ("PATCH", "/bookings/1", {"date": SLOT_DAY, "time": "09:00"}),
                                   ("DELETE", "/bookings/1", None)):
            with self.subTest(method=method):
                self.refused(method, forged, path, body, 404)
        self.assertNotIn(token, self.server.access_log())

    def test_a_merged_or_erased_clients_link_is_dead(self):
        keep = self.create("/api/v1/clients", {"name": "Kept Client"}, token=self.staff)
        merged = self.create("/api/v1/clients", {"name": "Merged Client"}, token=self.staff)
        erased, _ = self.client_with_course("Erased Client")
        urls = [self.link(merged), self.link(erased)]
        self.server.cli("client", "merge", str(keep), str(merged), "--reason", "entered twice")
        self.server.cli("client", "erase", str(erased), "--reason", "asked to be forgotten")
        for url in urls:
            with self.subTest(url=url[:20]):
                self.assert_problem(self.portal("GET", url, "/api"), 404)
        self.assert_problem(self.request("POST", "/api/v1/clients/%d/portal" % erased,
                                         token=self.staff), 400)

    # ---- the page ----

    def test_the_page_and_its_json(self):
        client, course = self.client_with_course("Mary Somerville")
        url = self.link(client)
        page = self.portal("GET", url)
        self.assert_status(page, 200)
        self.assertTrue(page.headers["Content-Type"].startswith("text/html"))
        self.assertIn('src="/static/js/portal.js"', page.body.decode())
        self.assertIn("frame-ancestors 'none'", page.headers["Content-Security-Policy"])
        for response in (page, self.portal("GET", url, "/api"), self.portal("GET", url, "/slots")):
            self.assertEqual(response.headers.get("Referrer-Policy"), "no-referrer")
            self.assertEqual(response.headers.get("Cache-Control"), "no-store")
            self.assertIsNone(response.headers.get("Set-Cookie"))
        data = self.api(url)
        self.assertEqual(data["first_name"], "Mary")
        self.assertEqual(data["clinic"]["phone"], "+44 20 7946 0000")
        self.assertTrue(data["booking_open"])
        self.assertEqual(data["today"], test_server.TODAY)
        self.assertEqual(data["course"]["sessions_done"], 1)
        self.assertEqual(data["course"]["sessions_planned"], 4)
        self.assertEqual(data["course"]["next"], {
            "kind": "session", "number": 2, "earliest": EARLIEST, "ideal": IDEAL,
            "latest": LATEST, "bookable_from": EARLIEST})
        self.assertIsNone(data["course"]["booking"])
        self.assertTrue(data["aftercare"] and all(isinstance(t, str) for t in data["aftercare"]))
        self.assertNotIn("id", data["course"])  # nothing the page does not need
        self.assertNotIn("forced", json.dumps(data))
        self.assertEqual(self.rows("SELECT count(*) FROM bookings WHERE course_id = ?", course),
                         [(0,)])

    def test_free_times_lie_inside_the_window_hours_and_chairs(self):
        client, _ = self.client_with_course("Caroline Herschel")
        url = self.link(client)
        # Another client holds the only chair on CHAIR_DAY at 10:00 (30 minutes).
        _, other = self.client_with_course("Other Client")
        self.create("/api/v1/courses/%d/bookings" % other, {"date": CHAIR_DAY, "time": "10:00"},
                    token=self.staff)
        response = self.portal("GET", url, "/slots?from=2029-01-01&to=2029-02-28")
        self.assert_status(response, 200)
        days = response.json()["days"]
        self.assertTrue(days)
        every_time = ["%02d:%02d" % (h, m) for h in (9, 10, 11) for m in (0, 30)]
        for day in days:
            date = datetime.date.fromisoformat(day["date"])
            self.assertTrue(EARLIEST <= day["date"] <= LATEST, day)
            self.assertLess(date.weekday(), 5, day)  # Monday to Friday
            self.assertTrue(set(day["times"]) <= set(every_time), day)
        by_day = {day["date"]: day["times"] for day in days}
        self.assertEqual(by_day[CHAIR_DAY], [t for t in every_time if t != "10:00"])
        self.assertEqual(by_day["2029-01-15"], every_time)
        self.assertNotIn("2029-01-20", by_day)  # a Saturday
        narrow = self.portal("GET", url, "/slots?from=%s&to=%s" % (CHAIR_DAY, CHAIR_DAY)).json()
        self.assertEqual([d["date"] for d in narrow["days"]], [CHAIR_DAY])
        for query, field in (("?from=2029-02-30", "from"), ("?to=tomorrow", "to"),
                             ("?from=2029-01-01&to=2029-06-01", "to"),
                             ("?from=2029-01-10&to=2029-01-01", "to")):
            with self.subTest(query=query):
                self.assert_problem(self.portal("GET", url, "/slots" + query), 400, field)

    # ---- booking ----

    def test_book_move_and_cancel_are_audited_as_the_client(self):
        client, course = self.client_with_course("Emmy Noether")
        url = self.link(client)
        who = "client:%d via portal" % client
        response = self.portal("POST", url, "/bookings", {"date": SLOT_DAY, "time": "09:30"})
        self.assert_status(response, 201)
        booking = response.json()["booking"]
        self.assertEqual((booking["date"], booking["time"]), (SLOT_DAY, "09:30"))
        self.assertEqual(response.json()["number"], 2)
        self.assertEqual(self.bookings(course), [(booking["id"], SLOT_DAY, 570)])
        self.assertEqual([r[1] for r in self.audit_rows("booking.add", who)], [booking["id"]])
        self.assertEqual(self.api(url)["course"]["booking"],
                         {"id": booking["id"], "date": SLOT_DAY, "time": "09:30"})
        # One booking ahead: the next is moved or cancelled, not booked twice.
        self.refused("POST", url, "/bookings", {"date": "2029-01-17", "time": "09:00"}, 400,
                     "booking")
        moved = self.portal("PATCH", url, "/bookings/%d" % booking["id"],
                            {"date": "2029-01-23", "time": "11:00"})
        self.assert_status(moved, 200)
        self.assertEqual(self.bookings(course), [(booking["id"], "2029-01-23", 660)])
        self.assertEqual([r[1] for r in self.audit_rows("booking.move", who)], [booking["id"]])
        self.refused("PATCH", url, "/bookings/%d" % booking["id"],
                     {"date": TOO_LATE, "time": "09:00"}, 409, "date")
        response = self.portal("DELETE", url, "/bookings/%d" % booking["id"])
        self.assert_status(response, 204)
        self.assertEqual(self.bookings(course), [])
        self.assertEqual([r[1] for r in self.audit_rows("booking.cancel", who)], [booking["id"]])
        self.refused("DELETE", url, "/bookings/%d" % booking["id"], None, 404)

    def test_refusals_name_the_reason_and_write_nothing(self):
        client, course = self.client_with_course("Lise Meitner")
        url = self.link(client)
        who = "client:%d via portal" % client
        problem = self.refused("POST", url, "/bookings", {"date": TOO_SOON, "time": "09:00"}, 409)
        # The judge's own words, as every channel gets them.
        self.assertIn("23 days after the session of %s" % LAST, problem["detail"])
        self.assertIn("earliest allowed %s" % EARLIEST, problem["detail"])
        problem = self.refused("POST", url, "/bookings", {"date": TOO_LATE, "time": "09:00"}, 409,
                               "date")
        self.assertIn("outside the safe window", problem["detail"])
        self.assertIn("%s to %s" % (EARLIEST, LATEST), problem["detail"])
        refusals = self.audit_rows("safety.refused", who)
        self.assertEqual([json.loads(r[2])["date"] for r in refusals], [TOO_SOON, TOO_LATE])
        problem = self.refused("POST", url, "/bookings", {"date": SLOT_DAY, "time": "11:45"}, 400,
                               "time")
        self.assertIn("outside the clinic's hours", problem["detail"])
        _, other = self.client_with_course("Chair Holder")
        self.create("/api/v1/courses/%d/bookings" % other, {"date": "2029-01-18", "time": "09:00"},
                    token=self.staff)
        problem = self.refused("POST", url, "/bookings", {"date": "2029-01-18", "time": "09:15"},
                               400, "time")
        self.assertIn("chairs are taken", problem["detail"])
        for body, field in (({"date": SLOT_DAY}, "time"),
                            ({"date": SLOT_DAY, "time": "09:00", "force": True,
                              "reason": "please"}, "force"),
                            ({"time": "09:00"}, "date"),
                            ({"date": "2029-01-32", "time": "09:00"}, "date")):
            with self.subTest(body=body):
                self.refused("POST", url, "/bookings", body, 400, field)
        self.assertEqual(self.bookings(course), [])

    def test_another_clients_booking_cannot_be_reached(self):
        mine, my_course = self.client_with_course("Rosalind Franklin")
        _, their_course = self.client_with_course("Dorothy Hodgkin")
        url = self.link(mine)
        theirs = self.create("/api/v1/courses/%d/bookings" % their_course,
                             {"date": "2029-01-19", "time": "11:00"}, token=self.staff)
        own = self.create("/api/v1/courses/%d/bookings" % my_course,
                          {"date": "2029-01-22", "time": "09:00"}, token=self.staff)
        later = self.create("/api/v1/courses/%d/bookings" % my_course,
                            {"date": "2029-02-26", "time": "09:00"}, token=self.staff)
        for booking in (theirs, later, 999999):
            for method, body in (("PATCH", {"date": "2029-01-23", "time": "10:00"}),
                                 ("DELETE", None)):
                with self.subTest(booking=booking, method=method):
                    self.refused(method, url, "/bookings/%d" % booking, body, 404)
        self.assertEqual(self.bookings(their_course), [(theirs, "2029-01-19", 660)])
        self.assertEqual(self.api(url)["course"]["booking"]["id"], own)

    def test_a_change_must_be_json_from_the_pages_own_origin(self):
        client, _ = self.client_with_course("Marie Curie")
        url = self.link(client)
        body = {"date": SLOT_DAY, "time": "09:00"}
        self.refused("POST", url, "/bookings", json.dumps(body), 415, content_type="text/plain")
        self.refused("POST", url, "/bookings", json.dumps(body), 415, content_type=None)
        self.refused("POST", url, "/bookings", body, 403, "Origin",
                     headers={"Origin": "https://evil.example"})
        self.refused("POST", url, "/bookings", body, 403, "Origin", headers={"Origin": "null"})
        response = self.portal("POST", url, "/bookings", body,
                               headers={"Origin": "http://127.0.0.1:%d" % self.server.port})
        self.assert_status(response, 201)

    def test_the_secret_never_reaches_the_log_or_the_metrics(self):
        client, _ = self.client_with_course("Ada Yonath")
        url = self.link(client)
        token = url.rsplit("/", 1)[1]
        self.api(url)
        self.portal("GET", url, "/slots")
        self.portal("POST", url, "/bookings", {"date": "2029-01-24", "time": "09:00"})
        metrics = self.request("GET", "/metrics").body.decode()
        self.assertIn('route="/portal/{token}/api"', metrics)
        self.assertNotIn(token, metrics)
        log = self.server.access_log()
        self.assertIn("GET /portal/{token}/api 200", log)
        self.assertNotIn(token, log)


class PortalBehindProxyTest(ServerTestCase):
    """Behind a proxy that changes the Host, `--public-url` names the page's origin."""

    SERVER_ARGUMENTS = ("--public-url", "https://clinic.example/collagenda")

    @classmethod
    def prepare(cls, server):
        cls.staff = server.add_user("staff@clinic.example", "staff")
        server.cli("clinic", "set", "--hours", "09:00-12:00")

    def test_the_public_origin_may_change_a_booking(self):
        client = self.create("/api/v1/clients", {"name": "Proxy Client"}, token=self.staff)
        course = self.create("/api/v1/courses", {"client": client, "laxity": "mild",
                                                 "areas": ["face"], "start": LAST},
                             token=self.staff)
        self.create("/api/v1/courses/%d/sessions" % course, {"date": LAST}, token=self.staff)
        url = self.request("POST", "/api/v1/clients/%d/portal" % client,
                           token=self.staff).json()["url"]
        body = {"date": SLOT_DAY, "time": "09:00"}
        for origin in ("https://clinic.example.evil", "https://other.example",
                       "http://clinic.example:8443"):
            with self.subTest(origin=origin):
                self.assert_problem(self.request("POST", url + "/bookings", body,
                                                 headers={"Origin": origin}), 403, "Origin")
        response = self.request("POST", url + "/bookings", body,
                                headers={"Origin": "https://clinic.example"})
        self.assert_status(response, 201)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="the collagenda executable")
    arguments, rest = parser.parse_known_args()
    test_server.BINARY = os.path.abspath(arguments.binary)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()

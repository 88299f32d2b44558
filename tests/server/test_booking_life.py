#!/usr/bin/env python3
"""A booking's life (docs/records.md#bookings) against a real `collagenda serve`.

PATCH /api/v1/bookings/{id} (move, re-judged like a new booking),
POST /api/v1/bookings/{id}/attend (the session recorded, the booking
settled), POST /api/v1/bookings/{id}/no-show (kept, released), DELETE
/api/v1/bookings/{id}, and a maintenance visit booked through POST
/api/v1/courses/{id}/bookings: their answers, the rows and audit entries
behind them, and every refusal: 401 without a login, 404 for an unknown id
or another clinic's, 400 for a bad body or a day not come, 409 for a move
too soon, each writing nothing. The server's today is test_server.TODAY
(2028-12-31); bookings before it can be attended.

    python3 test_booking_life.py --binary build/collagenda [BookingLifeTest]

Python 3 standard library only; the server helpers are test_server.py's.
"""

import argparse
import json
import os
import sys
import unittest

import test_server
from test_server import ServerTestCase

START = "2028-01-03"  # a Monday before the server's today
STAFF = object()


class BookingLifeTest(ServerTestCase):

    @classmethod
    def prepare(cls, server):
        cls.staff = server.add_user("staff@clinic.example", "staff")
        cls.other = server.add_user("staff@other.example", "staff", clinic="Other Clinic")

    # ---- helpers ----

    def course(self, name, token=None):
        """A mild course (4 sessions) with session 1 recorded on START."""
        token = token or self.staff
        client = self.create("/api/v1/clients", {"name": name}, token=token)
        course = self.create("/api/v1/courses", {"client": client, "laxity": "mild",
                                                 "areas": ["face"], "start": START}, token=token)
        self.create("/api/v1/courses/%d/sessions" % course, {"date": START}, token=token)
        return course

    def book(self, course, date, token=None, **fields):
        return self.create("/api/v1/courses/%d/bookings" % course, dict(date=date, **fields),
                           token=token or self.staff)

    def show(self, course, token=None):
        response = self.request("GET", "/api/v1/courses/%d" % course, token=token or self.staff)
        self.assert_status(response, 200)
        return response.json()

    def rows(self, sql, *args):
        return test_server.testdb.rows(self.server.db, sql, *args)

    def audit(self, action, entity_id):
        rows = self.rows("SELECT before_json, after_json FROM audit_log WHERE action = ? "
                         "AND entity_id = ? ORDER BY id DESC LIMIT 1", action, entity_id)
        self.assertTrue(rows, "no %s entry for %d" % (action, entity_id))
        return json.loads(rows[0][0] or "null"), json.loads(rows[0][1] or "null")

    def writes(self):
        return self.rows("SELECT count(*) FROM audit_log WHERE action NOT LIKE '%.read' "
                         "AND action <> 'safety.refused'")[0][0]

    def refused(self, method, path, body, status, field=None, token=STAFF):
        before = self.writes()
        token = self.staff if token is STAFF else token
        problem = self.assert_problem(self.request(method, path, body, token=token), status, field)
        self.assertEqual(self.writes(), before, "%s %s wrote something" % (method, path))
        return problem

    # ---- the life ----

    def test_a_maintenance_visit_is_booked_once_the_sessions_are(self):
        course = self.course("Ada Lovelace")
        for day in ("2028-02-07", "2028-03-13", "2028-04-17"):
            self.book(course, day)
        maintenance = self.book(course, "2029-04-16", time="10:00")
        kinds = [(b["id"], b["number"], b["kind"]) for b in self.show(course)["bookings"]]
        self.assertEqual(kinds[-1], (maintenance, 5, "maintenance"))
        self.assertEqual([k for _, _, k in kinds[:-1]], ["session"] * 3)

    def test_move_is_rejudged_refused_then_moved(self):
        course = self.course("Mary Somerville")
        second = self.book(course, "2029-02-05")
        third = self.book(course, "2029-03-12", time="09:30")
        path = "/api/v1/bookings/%d" % third
        problem = self.refused("PATCH", path, {"date": "2029-02-20"}, 409)
        self.assertIn("15 days after the session of 2029-02-05", problem["detail"])
        response = self.request("PATCH", path, {"date": "2029-03-14", "time": "15:00"},
                                token=self.staff)
        self.assert_status(response, 200)
        self.assertEqual(response.json()["id"], third)
        self.assertEqual(self.rows("SELECT date, start_minute FROM bookings WHERE id = ?", third),
                         [("2029-03-14", 900)])
        before, after = self.audit("booking.move", third)
        self.assertEqual((before["booking"]["date"], after["booking"]["date"],
                          after["booking"]["time"]), ("2029-03-12", "2029-03-14", "15:00"))
        # Forced with a reason, as a booking is.
        response = self.request("PATCH", path, {"date": "2029-02-20", "force": True,
                                                "reason": "travels"}, token=self.staff)
        self.assert_status(response, 200)
        self.assertEqual(self.rows("SELECT forced, force_reason FROM bookings WHERE id = ?", third),
                         [(1, "travels")])
        # Keeps its place among the course's bookings.
        self.refused("PATCH", "/api/v1/bookings/%d" % second, {"date": "2029-03-01"}, 400, "date")
        for body, field in (({}, "date"), ({"date": "2029-02-30"}, "date"),
                            ({"date": "2029-03-20", "time": "25:00"}, "time"),
                            ({"date": "2029-03-20", "force": True}, "reason"),
                            ({"date": "2029-03-20", "notes": "x"}, "notes")):
            with self.subTest(body=body):
                self.refused("PATCH", path, body, 400, field)

    def test_attend_records_the_session_and_settles_the_booking(self):
        course = self.course("Caroline Herschel")
        booking = self.book(course, "2028-02-07", time="11:00")
        later = self.book(course, "2029-03-12")
        self.refused("POST", "/api/v1/bookings/%d/attend" % later, {}, 400, "booking")
        self.refused("POST", "/api/v1/bookings/%d/attend" % booking, {"date": "2028-02-08"},
                     400, "date")
        response = self.request("POST", "/api/v1/bookings/%d/attend" % booking,
                                {"notes": "went well", "depth_mm": 1.0}, token=self.staff)
        self.assert_status(response, 201)
        session = response.json()["id"]
        self.assertEqual(self.rows("SELECT number, date, notes, depth_hundredths_mm FROM sessions "
                                   "WHERE id = ?", session), [(2, "2028-02-07", "went well", 100)])
        self.assertEqual(self.rows("SELECT count(*) FROM bookings WHERE id = ?", booking), [(0,)])
        _, after = self.audit("booking.attend", booking)
        self.assertEqual(after["session"], session)
        self.refused("POST", "/api/v1/bookings/%d/attend" % booking, {}, 404)

    def test_no_show_is_kept_released_and_audited(self):
        course = self.course("Williamina Fleming")
        booking = self.book(course, "2028-02-07")
        later = self.book(course, "2029-03-12")
        self.refused("POST", "/api/v1/bookings/%d/no-show" % later, {}, 400, "booking")
        self.refused("POST", "/api/v1/bookings/%d/no-show" % booking, {"reason": "x"}, 400,
                     "reason")
        response = self.request("POST", "/api/v1/bookings/%d/no-show" % booking, {},
                                token=self.staff)
        self.assert_status(response, 204)
        self.assertEqual(self.rows("SELECT status FROM bookings WHERE id = ?", booking),
                         [("no-show",)])
        before, after = self.audit("booking.no_show", booking)
        self.assertEqual((before["booking"]["status"], after["booking"]["status"]),
                         ("booked", "no-show"))
        self.assertEqual([b["id"] for b in self.show(course)["bookings"]], [later])
        for method, suffix, body in (("POST", "/no-show", {}), ("POST", "/attend", {}),
                                     ("PATCH", "", {"date": "2029-04-01"}), ("DELETE", "", None)):
            with self.subTest(method=method, suffix=suffix):
                self.refused(method, "/api/v1/bookings/%d%s" % (booking, suffix), body, 400,
                             "booking")

    def test_delete_still_cancels(self):
        course = self.course("Annie Cannon")
        booking = self.book(course, "2029-02-05")
        self.assert_status(self.request("DELETE", "/api/v1/bookings/%d" % booking,
                                        token=self.staff), 204)
        self.refused("DELETE", "/api/v1/bookings/%d" % booking, None, 404)

    # ---- refusals ----

    def routes(self, booking):
        return [
            ("PATCH", "/api/v1/bookings/%d" % booking, {"date": "2028-02-09"}),
            ("POST", "/api/v1/bookings/%d/attend" % booking, {}),
            ("POST", "/api/v1/bookings/%d/no-show" % booking, {}),
            ("DELETE", "/api/v1/bookings/%d" % booking, None),
        ]

    def test_no_login_is_401(self):
        booking = self.book(self.course("Henrietta Leavitt"), "2028-02-07")
        for method, path, body in self.routes(booking):
            for token in (None, "0" * 64):
                with self.subTest(method=method, path=path, token=token):
                    self.refused(method, path, body, 401, token=token)

    def test_unknown_and_another_clinics_bookings_are_404(self):
        theirs = self.book(self.course("Cecilia Payne", token=self.other), "2028-02-07",
                           token=self.other)
        for booking in (theirs, 999999):
            for method, path, body in self.routes(booking):
                with self.subTest(method=method, path=path):
                    self.refused(method, path, body, 404)
        self.assertEqual(self.rows("SELECT status FROM bookings WHERE id = ?", theirs),
                         [("booked",)])

    def test_bad_bodies_are_400(self):
        booking = self.book(self.course("Vera Rubin"), "2028-02-07")
        for method, path, _ in self.routes(booking)[:3]:
            for body in ("not json", [1, 2]):
                with self.subTest(method=method, path=path, body=body):
                    self.refused(method, path, body, 400)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="the collagenda executable")
    arguments, rest = parser.parse_known_args()
    test_server.BINARY = os.path.abspath(arguments.binary)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()

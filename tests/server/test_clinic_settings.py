#!/usr/bin/env python3
"""The clinic's settings over HTTP (docs/records.md#clinic-settings).

GET /api/v1/clinic answers every setting and the clinic's today; PUT
/api/v1/clinic (admins only: 403 for staff) changes the ones given, each
checked as `clinic set` checks it: a bad body is 400 naming the field and
writes nothing, a good one is audited as clinic.set with the settings
before and after, and another clinic's settings are untouched. The hours
and chairs they set hold for bookings made and moved over HTTP: outside the
hours or past the chairs is 400 naming `time`, nothing written.

    python3 test_clinic_settings.py --binary build/collagenda [ClinicSettingsTest]

Python 3 standard library only; the server helpers are test_server.py's.
"""
import argparse
import json
import os
import sys
import unittest

import test_server
from test_server import ServerTestCase, TODAY

EVERY_DAY = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class ClinicSettingsTest(ServerTestCase):

    @classmethod
    def prepare(cls, server):
        cls.staff = server.add_user("staff@clinic.example", "staff")
        cls.admin = server.add_user("admin@clinic.example", "admin")
        cls.other = server.add_user("admin@other.example", "admin", clinic="Other Clinic")

    def rows(self, sql, *args):
        return test_server.testdb.rows(self.server.db, sql, *args)

    def put(self, body, token=None):
        return self.request("PUT", "/api/v1/clinic", body, token=token or self.admin)

    def test_1_get_answers_every_setting(self):
        response = self.request("GET", "/api/v1/clinic", token=self.staff)
        self.assert_status(response, 200)
        self.assertEqual(response.json(), {
            "name": "default", "address": None, "phone": None, "email": None,
            "time_zone": "UTC", "open_days": EVERY_DAY, "hours": None, "chairs": None,
            "today": TODAY})

    def test_2_staff_may_not_put(self):
        before = self.rows("SELECT count(*) FROM audit_log")
        self.assert_problem(self.put({"chairs": 2}, token=self.staff), 403)
        self.assertEqual(self.rows("SELECT count(*) FROM audit_log"), before)

    def test_3_bad_bodies_are_400_naming_the_field_and_write_nothing(self):
        before = self.rows("SELECT * FROM clinics"), self.rows("SELECT count(*) FROM audit_log")
        for body, field in (
                ({}, "settings"), ({"colour": "blue"}, "colour"),
                ({"name": ""}, "name"), ({"name": 5}, "name"), ({"name": None}, "name"),
                ({"name": "Other Clinic"}, "name"),
                ({"address": "a\u0001b"}, "address"), ({"address": 5}, "address"),
                ({"phone": "call us"}, "phone"), ({"email": "no-at.example"}, "email"),
                ({"time_zone": "Mars/Base"}, "time_zone"), ({"time_zone": None}, "time_zone"),
                ({"open_days": "mon"}, "open_days"), ({"open_days": []}, "open_days"),
                ({"open_days": ["mon", "funday"]}, "open_days"), ({"open_days": [1]}, "open_days"),
                ({"hours": "9-5"}, "hours"), ({"hours": "18:00-09:00"}, "hours"),
                ({"hours": "09:00-24:01"}, "hours"), ({"hours": 9}, "hours"),
                ({"chairs": 0}, "chairs"), ({"chairs": 101}, "chairs"), ({"chairs": 1.5}, "chairs"),
                ({"chairs": "2"}, "chairs"), ({"hours": "09:00-18:00", "chairs": -1}, "chairs")):
            with self.subTest(body=body):
                self.assert_problem(self.put(body), 400, field)
        self.assertEqual((self.rows("SELECT * FROM clinics"),
                          self.rows("SELECT count(*) FROM audit_log")), before)

    def test_4_an_admin_sets_them_audited_and_null_clears(self):
        body = {"name": "Praxis am Park", "address": "Parkweg 1, Berlin", "phone": "+49 30 555",
                "email": "desk@park.example", "time_zone": "Europe/Berlin",
                "open_days": ["tue", "mon"], "hours": "08:30-17:00", "chairs": 4}
        response = self.put(body)
        self.assert_status(response, 200)
        answer = response.json()
        self.assertEqual({k: answer[k] for k in body},
                         dict(body, open_days=["mon", "tue"]))
        self.assertIn("today", answer)
        self.assertEqual(self.request("GET", "/api/v1/clinic", token=self.staff).json(), answer)
        self.assertEqual(self.request("GET", "/api/v1/me", token=self.staff).json()["clinic"],
                         "Praxis am Park")
        before, after = self.rows("SELECT before_json, after_json FROM audit_log "
                                  "WHERE action = 'clinic.set' ORDER BY id DESC LIMIT 1")[0]
        self.assertEqual(json.loads(before)["name"], "default")
        self.assertEqual(json.loads(after)["chairs"], 4)

        cleared = self.put({"address": None, "hours": None, "chairs": None}).json()
        self.assertEqual((cleared["address"], cleared["hours"], cleared["chairs"]),
                         (None, None, None))
        self.assertEqual(cleared["phone"], "+49 30 555")
        # Every day open again: the whole week.
        self.assertEqual(self.put({"open_days": EVERY_DAY}).json()["open_days"], EVERY_DAY)

        other = self.request("GET", "/api/v1/clinic", token=self.other).json()
        self.assertEqual((other["name"], other["chairs"], other["time_zone"]),
                         ("Other Clinic", None, "UTC"))


class OpeningOverHttpTest(ServerTestCase):
    """The hours and chairs hold for the API's bookings as for `session book`."""

    @classmethod
    def prepare(cls, server):
        cls.admin = server.add_user("admin@hours.example", "admin", clinic="Hours Clinic")

    def rows(self, sql, *args):
        return test_server.testdb.rows(self.server.db, sql, *args)

    def written(self):
        return self.rows("SELECT (SELECT count(*) FROM bookings), (SELECT count(*) FROM audit_log)")

    def course(self, name):
        client = self.create("/api/v1/clients", {"name": name}, token=self.admin)
        return self.create("/api/v1/courses", {"client": client, "laxity": "mild",
                                               "areas": ["face"], "start": "2029-01-08"},
                           token=self.admin)

    def book(self, course, time):
        return self.request("POST", "/api/v1/courses/%d/bookings" % course,
                            {"date": "2029-01-08", "time": time}, token=self.admin)

    def test_a_booking_outside_the_hours_or_past_the_chairs_is_refused(self):
        self.assert_status(self.request("PUT", "/api/v1/clinic",
                                        {"hours": "09:00-12:00", "chairs": 1}, token=self.admin),
                           200)
        ada, bea = self.course("Ada Client"), self.course("Bea Client")

        before = self.written()
        for time in ("08:30", "11:45"):  # before opening; ending after closing
            with self.subTest(time=time):
                problem = self.assert_problem(self.book(ada, time), 400, "time")
                self.assertIn("outside the clinic's hours 09:00-12:00", problem["detail"])
        self.assertEqual(self.written(), before)

        self.assert_status(self.book(ada, "10:00"), 201)
        booking = self.rows("SELECT max(id) FROM bookings")[0][0]
        before = self.written()
        problem = self.assert_problem(self.book(bea, "10:15"), 400, "time")
        self.assertIn("chairs are taken between 10:15 and 10:45", problem["detail"])
        self.assertEqual(self.written(), before)

        self.assert_status(self.book(bea, "10:30"), 201)
        before = self.written()
        moved = self.request("PATCH", "/api/v1/bookings/%d" % booking,
                             {"date": "2029-01-08", "time": "10:20"}, token=self.admin)
        self.assertIn("chairs are taken", self.assert_problem(moved, 400, "time")["detail"])
        self.assertEqual(self.written(), before)
        self.assert_status(self.request("PATCH", "/api/v1/bookings/%d" % booking,
                                        {"date": "2029-01-08", "time": "09:45"},
                                        token=self.admin), 200)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="the collagenda executable")
    arguments, rest = parser.parse_known_args()
    test_server.BINARY = os.path.abspath(arguments.binary)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()

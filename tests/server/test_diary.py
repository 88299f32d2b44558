#!/usr/bin/env python3
"""The diary's routes (docs/records.md#diary) against a real `collagenda serve`.

GET /api/v1/diary?on=&days= (JSON), /api/v1/diary.csv and
/api/v1/diary.ics (one calendar, as `diary --format ics`): the clinic's
bookings in time order, the same rows as `collagenda diary`; today (the
server's, faked to test_server.TODAY) by default; 401 without a login;
400 naming the query argument for a bad one; another clinic's bookings
never shown.

    python3 test_diary.py --binary build/collagenda [DiaryRoutesTest]

Python 3 standard library only; the server helpers are test_server.py's.
"""

import argparse
import csv
import io
import os
import sys
import unittest

import test_server
from test_server import ServerTestCase

TODAY = test_server.TODAY  # 2028-12-31, the server's clock


class DiaryRoutesTest(ServerTestCase):

    @classmethod
    def prepare(cls, server):
        cls.staff = server.add_user("staff@clinic.example", "staff")
        cls.other = server.add_user("staff@other.example", "staff", clinic="Other Clinic")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def made(response):
            assert response.status == 201, response
            return response.json()["id"]

        def booked(token, name, phone, time):
            client = made(cls.server.request("POST", "/api/v1/clients", dict(
                {"name": name}, **({"phone": phone} if phone else {})), token=token))
            course = made(cls.server.request("POST", "/api/v1/courses", {
                "client": client, "laxity": "mild", "areas": ["face"], "start": "2028-11-26"},
                token=token))
            made(cls.server.request("POST", "/api/v1/courses/%d/sessions" % course,
                                    {"date": "2028-11-26"}, token=token))
            body = {"date": TODAY}
            if time:
                body["time"] = time
            return client, course, made(cls.server.request(
                "POST", "/api/v1/courses/%d/bookings" % course, body, token=token))

        cls.late = booked(cls.staff, "Ada Lovelace", "+44 20 7946 0001", "15:30")
        cls.all_day = booked(cls.staff, "Grace Hopper", None, None)
        cls.early = booked(cls.staff, "Mary Somerville", None, "09:00")
        cls.theirs = booked(cls.other, "Émilie du Châtelet", "+33 1 00 00 00 00", "10:00")

    def diary(self, query="", token=None, path="/api/v1/diary"):
        response = self.request("GET", path + query, token=token or self.staff)
        self.assert_status(response, 200)
        return response

    def test_today_in_time_order_like_the_cli(self):
        rows = self.diary().json()
        self.assertEqual([row["booking"] for row in rows],
                         [self.all_day[2], self.early[2], self.late[2]])
        self.assertEqual(rows[2], {
            "booking": self.late[2], "date": TODAY, "time": "15:30", "minutes": 30,
            "client": self.late[0], "name": "Ada Lovelace", "phone": "+44 20 7946 0001",
            "course": self.late[1], "kind": "session", "number": 2, "sessions": 4,
            "areas": ["face"]})
        self.assertIsNone(rows[0]["time"])
        self.assertEqual(rows, self.server.cli_json("diary"))
        self.assertEqual(self.diary("?on=%s&days=1" % TODAY).json(), rows)
        self.assertEqual(self.diary("?on=2029-01-01&days=7").json(), [])

    def test_csv_has_the_same_rows(self):
        response = self.diary("?on=%s" % TODAY, path="/api/v1/diary.csv")
        self.assertTrue(response.headers.get("Content-Type").startswith("text/csv"))
        self.assertIn("diary.csv", response.headers.get("Content-Disposition"))
        rows = list(csv.DictReader(io.StringIO(response.body.decode("utf-8"))))
        self.assertEqual([(row["booking"], row["time"], row["name"]) for row in rows], [
            (str(self.all_day[2]), "", "Grace Hopper"), (str(self.early[2]), "09:00",
                                                         "Mary Somerville"),
            (str(self.late[2]), "15:30", "Ada Lovelace")])
        cli = self.server.cli("diary", "--format", "csv").stdout
        self.assertEqual(response.body.decode("utf-8").replace("\r\n", "\n"),
                         cli.replace("\r\n", "\n"))

    def test_ics_is_the_clis_calendar(self):
        response = self.diary("?on=%s" % TODAY, path="/api/v1/diary.ics")
        self.assertTrue(response.headers.get("Content-Type").startswith("text/calendar"))
        self.assertIn("diary.ics", response.headers.get("Content-Disposition"))
        text = response.body.decode("utf-8")
        self.assertEqual([line for line in text.split("\r\n") if line.startswith("UID:")],
                         ["UID:diary-booking-%d@collagenda" % booking[2]
                          for booking in (self.all_day, self.early, self.late)])
        self.assertNotIn("Châtelet", text)

        def without_stamps(calendar):  # DTSTAMP is the moment of each export
            return [line for line in calendar.replace("\r\n", "\n").split("\n")
                    if not line.startswith("DTSTAMP:")]
        cli = self.server.cli("diary", "--format", "ics").stdout
        self.assertEqual(without_stamps(text), without_stamps(cli))

    def test_no_login_is_401(self):
        for path in ("/api/v1/diary", "/api/v1/diary.csv", "/api/v1/diary.ics"):
            with self.subTest(path=path):
                self.assert_problem(self.request("GET", path), 401)
                self.assert_problem(self.request("GET", path, token="not-a-token"), 401)

    def test_bad_query_arguments_are_400_naming_them(self):
        for query, field in (("?days=0", "days"), ("?days=367", "days"), ("?days=x", "days"),
                             ("?days=", "days"), ("?on=2027-02-30", "on"), ("?on=today", "on"),
                             ("?on=9999-12-31&days=2", "days")):
            for path in ("/api/v1/diary", "/api/v1/diary.csv", "/api/v1/diary.ics"):
                with self.subTest(path=path, query=query):
                    self.assert_problem(self.request("GET", path + query, token=self.staff),
                                        400, field)
        self.assertEqual(self.diary("?on=9999-12-31&days=1").json(), [])

    def test_another_clinics_bookings_are_never_shown(self):
        mine = self.diary().json()
        self.assertNotIn("Émilie du Châtelet", self.diary().body.decode("utf-8"))
        self.assertNotIn(self.theirs[2], [row["booking"] for row in mine])
        theirs = self.diary(token=self.other).json()
        self.assertEqual([(row["booking"], row["name"]) for row in theirs],
                         [(self.theirs[2], "Émilie du Châtelet")])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="the collagenda executable")
    arguments, rest = parser.parse_known_args()
    test_server.BINARY = os.path.abspath(arguments.binary)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()

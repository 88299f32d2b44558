#!/usr/bin/env python3
"""The corrections' routes (docs/records.md#corrections) against a real `collagenda serve`.

PATCH /api/v1/sessions/{id} (amend), POST /api/v1/sessions/{id}/void,
PATCH /api/v1/clients/{id} (edit), POST /api/v1/clients/{id}/merge, and the
duplicate refusal of POST /api/v1/clients: their answers, the rows and
audit entries behind them (read from the database file), the course
re-flowed, and every refusal: 401 without a login, 404 for an unknown id or
another clinic's, 400 for a bad body, 409 for a date too soon or a
duplicate, each writing nothing. Sessions are dated in the past, so that
they are records of what happened whatever day the tests run.

    python3 test_corrections.py --binary build/collagenda [CorrectionsTest]

Python 3 standard library only; the server helpers are test_server.py's.
"""

import argparse
import json
import os
import sys
import unittest

import test_server
from test_server import ServerTestCase

START = "2026-01-05"  # a Monday in the past
STAFF = object()  # the staff user's token, whichever it is


class CorrectionsTest(ServerTestCase):

    @classmethod
    def prepare(cls, server):
        cls.staff = server.add_user("staff@clinic.example", "staff")
        cls.other = server.add_user("staff@other.example", "staff", clinic="Other Clinic")

    # ---- helpers ----

    def client(self, name, token=None, **fields):
        return self.create("/api/v1/clients", dict(name=name, **fields), token=token or self.staff)

    def course(self, client, dates, token=None):
        token = token or self.staff
        course = self.create("/api/v1/courses", {"client": client, "laxity": "mild",
                                                 "areas": ["face"], "start": START}, token=token)
        sessions = [self.create("/api/v1/courses/%d/sessions" % course, {"date": day},
                                token=token) for day in dates]
        return course, sessions

    def show(self, path, token=None):
        response = self.request("GET", path, token=token or self.staff)
        self.assert_status(response, 200)
        return response.json()

    def rows(self, sql, *args):
        return test_server.testdb.rows(self.server.db, sql, *args)

    def audit(self, action):
        """The newest entry of action: (entity_id, before, after, reason)."""
        rows = self.rows("SELECT entity_id, before_json, after_json, reason FROM audit_log "
                         "WHERE action = ? ORDER BY id DESC LIMIT 1", action)
        if not rows:
            return None
        entity_id, before, after, reason = rows[0]
        return entity_id, json.loads(before or "null"), \
            json.loads(after or "null"), reason

    def writes(self):
        """The audit log's write entries (reads and refusals left out): a 'nothing written' probe."""
        return self.rows("SELECT count(*) FROM audit_log WHERE action NOT LIKE '%.read' "
                         "AND action <> 'safety.refused'")[0][0]

    def refused(self, method, path, body, status, field=None, token=STAFF):
        """A refusal with this status (and field) that writes nothing; token None sends none."""
        before = self.writes()
        token = self.staff if token is STAFF else token
        problem = self.assert_problem(self.request(method, path, body, token=token), status, field)
        self.assertEqual(self.writes(), before, "%s %s wrote something" % (method, path))
        return problem

    # ---- duplicates and client edit ----

    def test_a_duplicate_client_is_409_naming_the_existing_one(self):
        first = self.client("Lise Meitner", email="lise@example.org", phone="+43 1 234 5678")
        count = len(self.show("/api/v1/clients"))
        problem = self.refused("POST", "/api/v1/clients",
                               {"name": "Lise M.", "email": "LISE@example.org"}, 409, "email")
        self.assertEqual(problem["existing"], first)
        self.assertIn("already belongs to client %d (Lise Meitner)" % first, problem["detail"])
        problem = self.refused("POST", "/api/v1/clients",
                               {"name": "Lise M.", "phone": "+43-1-234-5678"}, 409, "phone")
        self.assertEqual(problem["existing"], first)
        self.refused("POST", "/api/v1/clients", {"name": "Lise M.", "email": "lise@example.org",
                                                 "allow_duplicate": "yes"}, 400, "allow_duplicate")
        self.assertEqual(len(self.show("/api/v1/clients")), count)
        again = self.client("Lise M.", email="lise@example.org", allow_duplicate=True)
        self.assertNotEqual(again, first)

    def test_client_edit_changes_what_it_carries_and_is_audited(self):
        client = self.client("Emmy Noether", email="emmy@example.org", phone="+49 551 0000")
        other = self.client("Olga Taussky", email="olga@example.org")
        path = "/api/v1/clients/%d" % client
        response = self.request("PATCH", path, {"name": "Amalie Emmy Noether", "phone": None,
                                                "skin_type": "II", "birth_date": "1982-03-23"},
                                token=self.staff)
        self.assert_status(response, 200)
        expected = {"id": client, "name": "Amalie Emmy Noether", "email": "emmy@example.org",
                    "phone": None, "birth_date": "1982-03-23", "skin_type": "II"}
        self.assertEqual(response.json(), expected)
        shown = self.show(path)
        self.assertEqual({k: shown[k] for k in expected}, expected)
        entity, before, after, _ = self.audit("client.edit")
        self.assertEqual(entity, client)
        self.assertEqual((before["name"], before["phone"], before["skin_type"]),
                         ("Emmy Noether", "+49 551 0000", None))
        self.assertEqual(after, expected)

        problem = self.refused("PATCH", path, {"email": "Olga@example.org"}, 409, "email")
        self.assertEqual(problem["existing"], other)
        cases = [
            ({}, "client"),
            ({"name": None}, "name"),
            ({"name": "  "}, "name"),
            ({"skin_type": "VII"}, "skin_type"),
            ({"birth_date": "2999-01-01"}, "birth_date"),
            ({"email": "not an address"}, "email"),
            ({"nickname": "Emmy"}, "nickname"),
            ({"allow_duplicate": 1}, "allow_duplicate"),
        ]
        for body, field in cases:
            with self.subTest(body=body):
                self.refused("PATCH", path, body, 400, field)
        for name, body, field in test_server.MALFORMED_BODIES:
            with self.subTest(case=name):
                self.refused("PATCH", path, body, 400, field)
        self.refused("PATCH", "/api/v1/clients/999999", {"name": "X"}, 404)
        self.assertEqual(self.show(path)["name"], "Amalie Emmy Noether")

    # ---- session amend and void ----

    def test_session_amend_rejudges_a_new_date_and_reflows_the_course(self):
        course, (s1, s2, s3) = self.course(self.client("Caroline Herschel"),
                                           [START, "2026-02-09", "2026-03-16"])
        course_path = "/api/v1/courses/%d" % course
        before = self.show(course_path)
        self.assertEqual(before["next"]["date"], "2026-04-20")

        problem = self.refused("PATCH", "/api/v1/sessions/%d" % s2,
                               {"date": "2026-02-20", "reason": "wrong day"}, 409, "session")
        self.assertIn("2026-02-20 is 24 days before the session of 2026-03-16", problem["detail"])
        self.assertEqual(self.show(course_path), before)
        self.assertEqual(self.audit("safety.refused")[0], s2)

        response = self.request("PATCH", "/api/v1/sessions/%d" % s3,
                                {"date": "2026-03-23", "notes": "seen a week later",
                                 "depth_mm": 0.75, "reason": "typed the wrong week"},
                                token=self.staff)
        self.assert_status(response, 200)
        answer = response.json()
        self.assertEqual(answer["session"]["date"], "2026-03-23")
        self.assertEqual(answer["session"]["depth_mm"], 0.75)
        self.assertEqual(answer["status"], "active")
        self.assertEqual(answer["next"]["date"], "2026-04-27")
        after = self.show(course_path)
        self.assertEqual(after, self.server.cli_json("course", "show", str(course)))
        self.assertEqual(after["next"]["date"], "2026-04-27")
        self.assertEqual(self.rows("SELECT next_date FROM courses WHERE id = ?", course),
                         [("2026-04-27",)])
        entity, old, new, reason = self.audit("session.amend")
        self.assertEqual((entity, reason), (s3, "typed the wrong week"))
        self.assertEqual((old["session"]["date"], new["session"]["date"]),
                         ("2026-03-16", "2026-03-23"))
        self.assertEqual((old["course"]["next"]["date"], new["course"]["next"]["date"]),
                         ("2026-04-20", "2026-04-27"))

        forced = self.request("PATCH", "/api/v1/sessions/%d" % s3,
                              {"date": "2026-03-01", "force": True,
                               "reason": "came back early; we saw her that day"},
                              token=self.staff)
        self.assert_status(forced, 200)
        self.assertTrue(forced.json()["session"]["forced"])
        self.assertEqual(self.audit("safety.override")[0], s3)

        path = "/api/v1/sessions/%d" % s2
        cases = [
            ({"notes": "x"}, "reason"),
            ({"notes": "x", "reason": ""}, "reason"),
            ({"reason": "nothing else"}, "session"),
            ({"date": None, "reason": "r"}, "date"),
            ({"date": "2026-02-30", "reason": "r"}, "date"),
            ({"gais": 9, "reason": "r"}, "gais"),
            ({"depth_mm": "deep", "reason": "r"}, "depth_mm"),
            ({"force": "yes", "date": "2026-02-20", "reason": "r"}, "force"),
            ({"areas": ["neck"], "reason": "r"}, "areas"),
            ({"date": "2026-03-20", "force": True, "reason": "r"}, "date"),
        ]
        for body, field in cases:
            with self.subTest(body=body):
                self.refused("PATCH", path, body, 400, field)
        for name, body, field in test_server.MALFORMED_BODIES:
            with self.subTest(case=name):
                self.refused("PATCH", path, body, 400, field)
        self.refused("PATCH", "/api/v1/sessions/999999", {"notes": "x", "reason": "r"}, 404,
                     "session")
        self.assertEqual(self.show(course_path)["sessions"][1]["id"], s2)
        self.assertEqual(self.show(course_path)["sessions"][1]["date"], "2026-02-09")
        self.assertEqual(self.show(course_path)["sessions"][0]["id"], s1)

    def test_session_void_drops_it_from_the_course_and_keeps_it(self):
        course, (s1, s2, s3) = self.course(self.client("Mary Anning"),
                                           [START, "2026-02-09", "2026-03-16"])
        path = "/api/v1/sessions/%d/void" % s2
        self.refused("POST", path, {}, 400, "reason")
        self.refused("POST", path, {"reason": "  "}, 400, "reason")
        self.refused("POST", path, {"reason": "r", "force": True}, 400, "force")
        self.refused("POST", "/api/v1/sessions/999999/void", {"reason": "r"}, 404, "session")
        response = self.request("POST", path, {"reason": "another client's visit"},
                                token=self.staff)
        self.assert_status(response, 200)
        answer = response.json()
        self.assertEqual(answer["session"]["void_reason"], "another client's visit")
        self.assertEqual(answer["next"]["number"], 3)
        self.assertEqual(answer["next"]["date"], "2026-04-20")
        shown = self.show("/api/v1/courses/%d" % course)
        self.assertEqual([(s["id"], s["number"]) for s in shown["sessions"]], [(s1, 1), (s3, 2)])
        self.assertEqual([s["id"] for s in shown["voided"]], [s2])
        self.assertEqual(shown, self.server.cli_json("course", "show", str(course)))
        self.assertEqual(self.rows("SELECT void_reason FROM sessions WHERE id = ?", s2),
                         [("another client's visit",)])
        entity, before, after, reason = self.audit("session.void")
        self.assertEqual((entity, reason), (s2, "another client's visit"))
        self.assertIsNone(before["session"].get("void_reason"))
        self.assertEqual(after["renumbered"], [s3])
        problem = self.refused("POST", path, {"reason": "again"}, 400, "session")
        self.assertIn("already void", problem["detail"])
        self.refused("PATCH", "/api/v1/sessions/%d" % s2, {"notes": "x", "reason": "r"}, 400,
                     "session")

    # ---- merge ----

    def test_client_merge_moves_the_records_and_leaves_a_stub(self):
        keep = self.client("Ada Byron", email="ada@example.org")
        other = self.client("Ada King", email="ada.king@example.org")
        course, (session,) = self.course(other, [START])
        path = "/api/v1/clients/%d/merge" % keep
        self.refused("POST", path, {"other": keep, "reason": "r"}, 400, "other")
        self.refused("POST", path, {"other": other}, 400, "reason")
        self.refused("POST", path, {"other": "two", "reason": "r"}, 400, "other")
        self.refused("POST", path, {"reason": "r"}, 400, "other")
        self.refused("POST", path, {"other": other, "reason": "r", "why": "x"}, 400, "why")
        self.refused("POST", path, {"other": 999999, "reason": "r"}, 404, "other")
        self.refused("POST", "/api/v1/clients/999999/merge", {"other": other, "reason": "r"}, 404,
                     "client")
        response = self.request("POST", path, {"other": other, "reason": "married name"},
                                token=self.staff)
        self.assert_status(response, 200)
        self.assertEqual(response.json(), {"client": keep, "merged": other, "moved": {
            "courses": 1, "sessions": 1, "bookings": 0}, "feed_revoked": False})
        self.assertEqual(self.show("/api/v1/courses/%d" % course)["client"], keep)
        self.assertEqual([c["id"] for c in self.show("/api/v1/clients/%d" % keep)["courses"]],
                         [course])
        merged = self.show("/api/v1/clients/%d" % other)
        self.assertEqual((merged["merged_into"], merged["courses"]), (keep, []))
        self.assertNotIn(other, [c["id"] for c in self.show("/api/v1/clients")])
        self.assertEqual(self.rows("SELECT client_id FROM sessions WHERE id = ?", session),
                         [(keep,)])
        merges = self.rows("SELECT entity_id, reason FROM audit_log WHERE action = 'client.merge' "
                           "ORDER BY entity_id")
        self.assertEqual(merges, sorted([(keep, "married name"), (other, "married name")]))
        self.refused("POST", path, {"other": other, "reason": "again"}, 400, "other")
        self.refused("POST", "/api/v1/clients/%d/merge" % other, {"other": keep, "reason": "r"},
                     400, "client")
        self.refused("PATCH", "/api/v1/clients/%d" % other, {"name": "X"}, 400, "client")

    # ---- who may ----

    def routes(self, client, session, other):
        return [
            ("PATCH", "/api/v1/sessions/%d" % session, {"notes": "x", "reason": "r"}),
            ("POST", "/api/v1/sessions/%d/void" % session, {"reason": "r"}),
            ("PATCH", "/api/v1/clients/%d" % client, {"name": "Intruder"}),
            ("POST", "/api/v1/clients/%d/merge" % client, {"other": other, "reason": "r"}),
        ]

    def test_no_login_is_401(self):
        client = self.client("Sophie Germain")
        other = self.client("Sophie G.")
        _, (session,) = self.course(client, [START])
        for method, path, body in self.routes(client, session, other):
            for token in (None, "0" * 64):
                with self.subTest(method=method, path=path, token=token):
                    self.refused(method, path, body, 401, token=token)

    def test_another_clinics_ids_are_404_and_nothing_is_written(self):
        theirs = self.client("Émilie du Châtelet", token=self.other)
        their_other = self.client("Émilie D.", token=self.other)
        their_course, (their_session,) = self.course(theirs, [START], token=self.other)
        mine = self.client("Marie Curie")
        before = self.server.cli_json("course", "show", str(their_course), clinic="Other Clinic")
        for method, path, body in self.routes(theirs, their_session, their_other):
            with self.subTest(method=method, path=path):
                problem = self.refused(method, path, body, 404)
                self.assertNotIn("Émilie", problem["detail"])
        # Merging another clinic's client into one of mine is not found either.
        self.refused("POST", "/api/v1/clients/%d/merge" % mine, {"other": theirs, "reason": "r"},
                     404, "other")
        self.assertEqual(self.server.cli_json("course", "show", str(their_course),
                                              clinic="Other Clinic"), before)
        self.assertEqual(self.server.cli_json("client", "show", str(theirs),
                                              clinic="Other Clinic")["name"], "Émilie du Châtelet")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="the collagenda executable")
    arguments, rest = parser.parse_known_args()
    test_server.BINARY = os.path.abspath(arguments.binary)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()

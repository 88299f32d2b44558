#!/usr/bin/env python3
"""Staff management over HTTP (docs/records.md#staff-accounts).

Admins list users and tokens, disable and enable users, change roles,
reset passwords and make and revoke tokens; everyone else is 403. A
disabled user's login session and bearer token are 401 on the very next
request, and enabling them again does not bring either back; a revoked
or expired token is 401 as an unknown one; the clinic's last enabled
admin is kept (409); a user changes their own password with their
present one, which ends their other sessions. Each change is audited.

    python3 test_staff.py --binary build/collagenda [StaffManagementTest]

Python 3 standard library only; the server helpers are test_server.py's.
"""
import argparse
import os
import subprocess
import sys
import unittest

import test_server
from test_server import PASSWORD, ServerTestCase, TODAY, fake_clock

NEW_PASSWORD = "a brand new passphrase"


class StaffManagementTest(ServerTestCase):

    @classmethod
    def prepare(cls, server):
        cls.admin = server.add_user("admin@clinic.example", "admin")
        cls.staff = server.add_user("nurse@clinic.example", "staff")
        cls.other = server.add_user("admin@other.example", "admin", clinic="Other Clinic")
        # A token made on 1 December for one day: expired by the server's today (31 December).
        result = subprocess.run(
            [test_server.BINARY, "--db", server.db, "token", "create", "--email",
             "nurse@clinic.example", "--label", "expired", "--expires-in", "1"],
            capture_output=True, text=True, timeout=60,
            env=dict(os.environ, **fake_clock(TODAY[:8] + "01")))
        assert result.returncode == 0, result.stderr
        cls.expired = result.stdout.strip()

    # ---- helpers ----

    def rows(self, sql, *args):
        return test_server.testdb.rows(self.server.db, sql, *args)

    def audit_count(self):
        return self.rows("SELECT count(*) FROM audit_log")[0][0]

    def users(self):
        response = self.request("GET", "/api/v1/users", token=self.admin)
        self.assert_status(response, 200)
        return {user["email"]: user for user in response.json()}

    def user_id(self, email):
        return self.users()[email]["id"]

    def new_user(self, email, role="staff"):
        """A user added by the admin over HTTP, and a bearer token for them."""
        self.create("/api/v1/users", {"email": email, "password": PASSWORD, "role": role},
                    token=self.admin)
        token = self.create_token(email)
        return self.user_id(email), token

    def create_token(self, email, **fields):
        response = self.request("POST", "/api/v1/tokens", dict(fields, email=email),
                                token=self.admin)
        self.assert_status(response, 201)
        return response.json()["token"]

    def login(self, email, password=PASSWORD):
        """(cookie, csrf) of a new login session."""
        response = self.request("POST", "/api/v1/login", {"email": email, "password": password})
        self.assert_status(response, 200)
        return response.headers["Set-Cookie"].split(";")[0], response.json()["csrf_token"]

    def patch(self, user, body, token=None):
        return self.request("PATCH", "/api/v1/users/%d" % user, body, token=token or self.admin)

    def me(self, **credentials):
        return self.request("GET", "/api/v1/me", **credentials)

    # ---- tests ----

    def test_1_non_admins_are_403_and_write_nothing(self):
        nurse = self.user_id("nurse@clinic.example")
        admin = self.user_id("admin@clinic.example")
        before = self.audit_count()
        for method, path, body in (
                ("GET", "/api/v1/users", None),
                ("PATCH", "/api/v1/users/%d" % admin, {"disabled": True}),
                ("PATCH", "/api/v1/users/%d" % nurse, {"role": "admin"}),
                ("PUT", "/api/v1/users/%d/password" % admin, {"password": NEW_PASSWORD,
                                                              "current_password": PASSWORD}),
                ("GET", "/api/v1/tokens", None),
                ("POST", "/api/v1/tokens", {"email": "nurse@clinic.example"}),
                ("DELETE", "/api/v1/tokens/1", None)):
            with self.subTest(method=method, path=path):
                self.assert_problem(self.request(method, path, body, token=self.staff), 403)
        self.assertEqual(self.audit_count(), before)
        self.assertEqual(self.users()["nurse@clinic.example"]["role"], "staff")

    def test_2_lists_show_users_and_tokens_without_secrets(self):
        users = self.users()
        self.assertEqual(set(users), {"admin@clinic.example", "nurse@clinic.example"})
        nurse = users["nurse@clinic.example"]
        self.assertEqual((nurse["role"], nurse["disabled"]), ("staff", False))
        self.assertRegex(nurse["created_at"], r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
        response = self.request("GET", "/api/v1/tokens", token=self.admin)
        self.assert_status(response, 200)
        tokens = response.json()
        text = response.body.decode()
        for secret in (self.admin, self.staff, self.expired):
            self.assertNotIn(secret, text)
        self.assertNotIn("hash", text)
        self.assertNotIn("admin@other.example", text)
        expired = [t for t in tokens if t["label"] == "expired"]
        self.assertEqual(len(expired), 1)
        self.assertEqual(expired[0]["state"], "expired")
        self.assertEqual(expired[0]["expires_at"], TODAY[:8] + "02T12:00:00Z")
        self.assertEqual(expired[0]["email"], "nurse@clinic.example")
        self.assertEqual(set(expired[0]), {"id", "user", "email", "label", "created_at",
                                           "expires_at", "state"})
        mine = self.request("GET", "/api/v1/tokens?user=%d" % nurse["id"], token=self.admin).json()
        self.assertEqual({t["email"] for t in mine}, {"nurse@clinic.example"})
        self.assert_problem(self.request("GET", "/api/v1/tokens?user=x", token=self.admin), 400,
                            "user")

    def test_3_an_expired_token_is_401_like_an_unknown_one(self):
        expired = self.me(token=self.expired)
        unknown = self.me(token="0" * 64)
        self.assert_problem(expired, 401)
        self.assertEqual(expired.json(), unknown.json())
        self.assertIn("Bearer", expired.headers.get("WWW-Authenticate", ""))
        # One made now for a day works, and says when it stops.
        response = self.request("POST", "/api/v1/tokens", {"email": "nurse@clinic.example",
                                                           "expires_in_days": 1},
                                token=self.admin)
        self.assert_status(response, 201)
        # The server's clock started at TODAY 12:00 and runs on.
        self.assertRegex(response.json()["expires_at"], r"^2029-01-01T1\d:\d\d:\d\dZ$")
        self.assert_status(self.me(token=response.json()["token"]), 200)

    def test_4_a_revoked_token_is_401_at_once(self):
        token = self.create_token("nurse@clinic.example", label="to revoke")
        self.assert_status(self.me(token=token), 200)
        listed = self.request("GET", "/api/v1/tokens", token=self.admin).json()
        token_id = [t["id"] for t in listed if t["label"] == "to revoke"][0]
        self.assert_status(self.request("DELETE", "/api/v1/tokens/%d" % token_id,
                                        token=self.admin), 204)
        self.assert_problem(self.me(token=token), 401)
        self.assertEqual([t["state"] for t in self.request("GET", "/api/v1/tokens",
                                                           token=self.admin).json()
                          if t["id"] == token_id], ["revoked"])
        audited = self.rows("SELECT entity, entity_id FROM audit_log WHERE action = 'token.revoke'")
        self.assertIn(("token", token_id), audited)
        # Again: nothing more happens, and nothing more is audited.
        before = self.audit_count()
        self.assert_status(self.request("DELETE", "/api/v1/tokens/%d" % token_id,
                                        token=self.admin), 204)
        self.assertEqual(self.audit_count(), before)
        self.assert_problem(self.request("DELETE", "/api/v1/tokens/999999", token=self.admin), 404)

    def test_5_disabling_ends_sessions_and_tokens_on_the_very_next_request(self):
        user, token = self.new_user("leaving@clinic.example")
        cookie, csrf = self.login("leaving@clinic.example")
        self.assert_status(self.me(token=token), 200)
        self.assert_status(self.me(cookie=cookie), 200)

        response = self.patch(user, {"disabled": True})
        self.assert_status(response, 200)
        self.assertEqual(response.json()["disabled"], True)
        self.assert_problem(self.me(token=token), 401)
        self.assert_problem(self.me(cookie=cookie), 401)
        self.assert_problem(self.request("POST", "/api/v1/clients", {"name": "After"},
                                         cookie=cookie, csrf=csrf), 401)
        # A disabled user's login is answered as a wrong password's.
        disabled = self.request("POST", "/api/v1/login", {"email": "leaving@clinic.example",
                                                          "password": PASSWORD})
        wrong = self.request("POST", "/api/v1/login", {"email": "nurse@clinic.example",
                                                       "password": "not the password"})
        self.assert_problem(disabled, 401)
        self.assertEqual(disabled.json(), wrong.json())
        # No new token for them either.
        self.assert_problem(self.request("POST", "/api/v1/tokens",
                                         {"email": "leaving@clinic.example"}, token=self.admin),
                            400, "email")
        after = self.rows("SELECT after_json FROM audit_log WHERE action = 'user.disable' "
                          "AND entity_id = ?", user)
        self.assertEqual(len(after), 1)
        self.assertIn('"tokens_revoked":1', after[0][0])
        self.assertIn('"logins_ended":1', after[0][0])

        # Enabled again: they may log in, but the old session and token stay dead.
        self.assertEqual(self.patch(user, {"disabled": False}).json()["disabled"], False)
        self.assert_problem(self.me(token=token), 401)
        self.assert_problem(self.me(cookie=cookie), 401)
        fresh, _ = self.login("leaving@clinic.example")
        self.assert_status(self.me(cookie=fresh), 200)
        actions = [a for (a,) in self.rows("SELECT action FROM audit_log WHERE entity = 'user' "
                                           "AND entity_id = ? ORDER BY id", user)]
        self.assertEqual(actions[-2:], ["user.disable", "user.enable"])

    def test_6_a_role_change_takes_effect_at_once(self):
        user, token = self.new_user("promoted@clinic.example")
        self.assert_problem(self.request("GET", "/api/v1/users", token=token), 403)
        self.assertEqual(self.patch(user, {"role": "admin"}).json()["role"], "admin")
        self.assert_status(self.request("GET", "/api/v1/users", token=token), 200)
        self.assertEqual(self.patch(user, {"role": "staff"}).json()["role"], "staff")
        self.assert_problem(self.request("GET", "/api/v1/users", token=token), 403)
        self.assertEqual(len(self.rows("SELECT 1 FROM audit_log WHERE action = 'user.role' "
                                       "AND entity_id = ?", user)), 2)

    def test_7_the_last_enabled_admin_is_kept(self):
        admin = self.user_id("admin@clinic.example")
        before = self.audit_count(), self.users()
        for body, field in (({"disabled": True}, "disabled"), ({"role": "staff"}, "role"),
                            ({"role": "staff", "disabled": True}, "disabled")):
            with self.subTest(body=body):
                problem = self.assert_problem(self.patch(admin, body), 409, field)
                self.assertIn("last enabled admin", problem["detail"])
        self.assertEqual((self.audit_count(), self.users()), before)
        # With a second admin, the first may step down; then the second is the last one.
        second, second_token = self.new_user("second@clinic.example", "admin")
        self.assertEqual(self.patch(admin, {"role": "staff"}, token=second_token).json()["role"],
                         "staff")
        self.assert_problem(self.patch(second, {"disabled": True}, token=second_token), 409,
                            "disabled")
        self.assertEqual(self.patch(admin, {"role": "admin"}, token=second_token).json()["role"],
                         "admin")

    def test_8_an_admin_resets_a_password_and_ends_the_users_sessions(self):
        user, token = self.new_user("forgetful@clinic.example")
        cookie, _ = self.login("forgetful@clinic.example")
        response = self.request("PUT", "/api/v1/users/%d/password" % user,
                                {"password": NEW_PASSWORD}, token=self.admin)
        self.assert_status(response, 204)
        self.assert_problem(self.me(cookie=cookie), 401)
        self.assert_status(self.me(token=token), 200)  # tokens are left alone
        self.assert_problem(self.request("POST", "/api/v1/login", {
            "email": "forgetful@clinic.example", "password": PASSWORD}), 401)
        self.login("forgetful@clinic.example", NEW_PASSWORD)
        self.assert_problem(self.request("PUT", "/api/v1/users/%d/password" % user,
                                         {"password": "short"}, token=self.admin), 400, "password")
        self.assertEqual(len(self.rows("SELECT 1 FROM audit_log WHERE action = 'user.password' "
                                       "AND entity_id = ?", user)), 1)
        self.assertNotIn(NEW_PASSWORD, str(self.rows("SELECT after_json FROM audit_log")))

    def test_9_a_user_changes_their_own_password_with_the_present_one(self):
        user, _ = self.new_user("careful@clinic.example")
        cookie, csrf = self.login("careful@clinic.example")
        other_cookie, _ = self.login("careful@clinic.example")
        path = "/api/v1/users/%d/password" % user
        self.assert_problem(self.request("PUT", path, {"password": NEW_PASSWORD},
                                         cookie=cookie, csrf=csrf), 400, "current_password")
        self.assert_problem(self.request("PUT", path, {"password": NEW_PASSWORD,
                                                       "current_password": "a wrong guess!"},
                                         cookie=cookie, csrf=csrf), 403, "current_password")
        self.assert_problem(self.request("PUT", path, {"password": NEW_PASSWORD,
                                                       "current_password": PASSWORD},
                                         cookie=cookie), 403, "X-CSRF-Token")
        # Another user's password is not theirs to set.
        nurse = self.user_id("nurse@clinic.example")
        self.assert_problem(self.request("PUT", "/api/v1/users/%d/password" % nurse,
                                         {"password": NEW_PASSWORD, "current_password": PASSWORD},
                                         cookie=cookie, csrf=csrf), 403)
        response = self.request("PUT", path, {"password": NEW_PASSWORD,
                                              "current_password": PASSWORD},
                                cookie=cookie, csrf=csrf)
        self.assert_status(response, 204)
        self.assert_status(self.me(cookie=cookie), 200)  # the session it was changed from
        self.assert_problem(self.me(cookie=other_cookie), 401)
        self.login("careful@clinic.example", NEW_PASSWORD)

    def test_10_bad_bodies_are_400_naming_the_field_and_write_nothing(self):
        nurse = self.user_id("nurse@clinic.example")
        before = self.audit_count(), self.users()
        for body, field in (({}, "user"), ({"disabled": "yes"}, "disabled"),
                            ({"disabled": None}, "disabled"), ({"role": "owner"}, "role"),
                            ({"role": 1}, "role"), ({"team": "a"}, "team")):
            with self.subTest(body=body):
                self.assert_problem(self.patch(nurse, body), 400, field)
        for body, field in (({"expires_in_days": 0}, "expires_in_days"),
                            ({"expires_in_days": 3651}, "expires_in_days"),
                            ({"expires_in_days": -5}, "expires_in_days"),
                            ({"expires_in_days": 2 ** 63 - 1}, "expires_in_days"),
                            ({"expires_in_days": "5"}, "expires_in_days"),
                            ({"expires_in_days": 1.5}, "expires_in_days"),
                            ({"label": 5}, "label"), ({"secret": "x"}, "secret")):
            with self.subTest(body=body):
                self.assert_problem(self.request("POST", "/api/v1/tokens", body,
                                                 token=self.admin), 400, field)
        self.assert_problem(self.patch(999999, {"disabled": True}), 404)
        self.assertEqual((self.audit_count(), self.users()), before)

    def test_11_another_clinics_users_and_tokens_are_404(self):
        nurse = self.user_id("nurse@clinic.example")
        token_id = self.request("GET", "/api/v1/tokens", token=self.admin).json()[0]["id"]
        before = self.audit_count()
        for method, path, body in (
                ("PATCH", "/api/v1/users/%d" % nurse, {"disabled": True}),
                ("PUT", "/api/v1/users/%d/password" % nurse, {"password": NEW_PASSWORD}),
                ("DELETE", "/api/v1/tokens/%d" % token_id, None),
                ("POST", "/api/v1/tokens", {"email": "nurse@clinic.example"})):
            with self.subTest(method=method, path=path):
                self.assert_problem(self.request(method, path, body, token=self.other), 404)
        self.assertEqual(self.audit_count(), before)
        self.assertEqual([u["email"] for u in self.request("GET", "/api/v1/users",
                                                           token=self.other).json()],
                         ["admin@other.example"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="the collagenda executable")
    arguments, rest = parser.parse_known_args()
    test_server.BINARY = os.path.abspath(arguments.binary)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()

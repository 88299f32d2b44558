#!/usr/bin/env python3
"""Reminders by e-mail (docs/records.md#reminders) against a real SMTP server.

A real SMTP server (Debian's python3-aiosmtpd) listens on loopback on a
free port, in a thread of this process, and keeps what it receives; each
message is read back with the standard library's `email` package and its
calendar with python3-icalendar. `collagenda remind --on DAY` runs on the
test server's database (without the fake clock: --on names the day). What
is checked: the headers, the text, the attached calendar (DTSTART is the
booking's time in the clinic's zone), the one-click opt-out link on the
real `collagenda serve`, that a second run sends nothing, that a run killed
between recording and sending (the SMTP server stalls after DATA) sends
nothing twice, that two runs at once send each message once, that
--dry-run writes and sends nothing, that a relay that cannot be reached
fails the message (exit 1) and the next run sends it, STARTTLS with AUTH
on a self-signed certificate (a wrong password refused, then sent), and
precise errors for bad settings. Each SMTP server is stopped whatever
happens (tearDown / tearDownClass).

    /usr/bin/python3 test_reminders.py --binary build/collagenda [RemindersTest]

Needs python3-aiosmtpd and python3-icalendar: Debian's own python3.
"""
import argparse
import asyncio
import datetime
import email
import email.policy
import json
import os
import re
import signal
import ssl
import subprocess
import sys
import threading
import time
import unittest
import zoneinfo

import logging

import icalendar
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

import test_server
from test_server import ServerTestCase

# aiosmtpd logs each refused handshake with its traceback: the refusals are the tests' own.
logging.getLogger("mail.log").setLevel(logging.CRITICAL)

CLINIC = "Praxis Süd"
ZONE = "Europe/Berlin"
RELAY_USER = "reminders"
RELAY_PASSWORD = "relay secret 42"


class SmtpServer:
    """An aiosmtpd server on 127.0.0.1 and a free port, run by an event loop in a
    thread of its own; received holds (mail_from, rcpt_tos, bytes, over_tls,
    authenticated) for each message it accepted. stall: DATA is never answered
    (data_entered is set when a message is in and waiting)."""

    def __init__(self, stall=False, cert=None, key=None):
        self.stall = stall
        self.received = []
        self.lock = threading.Lock()
        self.data_entered = threading.Event()
        self.tls_context = None
        if cert:
            self.tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            self.tls_context.load_cert_chain(cert, key)
        self.loop = asyncio.new_event_loop()
        self.thread = None
        self.server = None
        self.port = None

    # ---- aiosmtpd's handler ----

    async def handle_DATA(self, server, session, envelope):
        if self.stall:
            self.data_entered.set()
            await asyncio.sleep(3600)  # no answer to the message's end: cut by stop()
        with self.lock:
            self.received.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content,
                                  session.ssl is not None, bool(session.authenticated)))
        return "250 OK"

    @staticmethod
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login == RELAY_USER.encode()
              and auth_data.password == RELAY_PASSWORD.encode())
        return AuthResult(success=ok)

    def protocol(self):
        if self.tls_context:
            return SMTP(self, hostname="relay.test", loop=self.loop, tls_context=self.tls_context,
                        require_starttls=True, auth_required=True,
                        authenticator=self.authenticate)
        return SMTP(self, hostname="relay.test", loop=self.loop)

    # ---- life ----

    def start(self):
        ready = threading.Event()

        def run():
            asyncio.set_event_loop(self.loop)
            self.server = self.loop.run_until_complete(
                self.loop.create_server(self.protocol, "127.0.0.1", 0))
            self.port = self.server.sockets[0].getsockname()[1]
            ready.set()
            self.loop.run_forever()

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()
        if not ready.wait(30):
            raise AssertionError("the SMTP server did not start")
        return self

    def stop(self):
        if self.thread is None:
            return

        async def shutdown():
            self.server.close()
            for task in asyncio.all_tasks(self.loop):
                if task is not asyncio.current_task():
                    task.cancel()

        asyncio.run_coroutine_threadsafe(shutdown(), self.loop).result(30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(30)
        self.thread = None
        self.loop.close()

    @property
    def url(self):
        return "smtp://127.0.0.1:%d" % self.port

    def messages(self):
        with self.lock:
            return list(self.received)


def parse(content):
    return email.message_from_bytes(content, policy=email.policy.default)


def calendar_of(message):
    parts = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1, [p.get_content_type() for p in message.iter_attachments()]
    return icalendar.Calendar.from_ical(parts[0].get_content())


def outcomes(stdout):
    """{line's outcome: [lines]} of a remind run's output, the summary left out."""
    found = {}
    for line in stdout.splitlines():
        match = re.match(r"([a-z -]+): (reminder|recall) ", line)
        if match:
            found.setdefault(match.group(1), []).append(line)
    return found


class RemindersTest(ServerTestCase):
    """One server, one database and one SMTP server for the class; the tests run in
    order (test_1 ... test_9), each on bookings of its own days."""

    @classmethod
    def setUpClass(cls):
        cls.smtp = SmtpServer().start()
        try:
            super().setUpClass()
        except BaseException:
            cls.smtp.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            cls.smtp.stop()

    def setUp(self):
        self.extra_servers = []

    def tearDown(self):
        for server in self.extra_servers:
            server.stop()

    @classmethod
    def prepare(cls, server):
        cls.staff = server.add_user("staff@clinic.example", "staff")
        cls.admin = server.add_user("admin@clinic.example", "admin")
        server.cli("clinic", "set", "--time-zone", ZONE, "--phone", "+49 30 555",
                   "--address", "Parkweg 1, Berlin")
        cls.clients = {}
        # Booked the day after each test's day; Cy has no e-mail address.
        for name, email_address, day, clock in (
                ("Ada", "ada@example.com", "2029-01-01", "09:30"),
                ("Cy", None, "2029-01-01", "11:00"),
                ("Eve", "eve@example.com", "2029-01-03", "10:00"),
                ("Fay", "fay@example.com", "2029-01-05", "09:00"),
                ("Gus", "gus@example.com", "2029-01-05", "10:00"),
                ("Hal", "hal@example.com", "2029-01-05", "11:00"),
                ("Ivy", "ivy@example.com", "2029-01-07", "09:00"),
                ("Jon", "jon@example.com", "2029-01-09", "09:00")):
            cls.clients[name] = cls.book(server, name, email_address, day, clock)
        # A booking cancelled: no reminder.
        _, dan_booking = cls.book(server, "Dan", "dan@example.com", "2029-01-01", "12:00")
        server.cli("booking", "cancel", str(dan_booking))
        # Bea's course is done; its maintenance falls due on 2028-04-19.
        bea = cls.client(server, "Bea", "bea@example.com")
        course = cls.course(server, bea, "2027-01-04")
        for day in ("2027-01-04", "2027-02-08", "2027-03-15", "2027-04-19"):
            server.cli("session", "record", "--course", str(course), "--date", day)
        cls.clients["Bea"] = (bea, course)

    @staticmethod
    def client(server, name, email_address):
        args = ["client", "add", "--name", name + " Example"]
        if email_address:
            args += ["--email", email_address]
        return int(server.cli(*args).stdout)

    @staticmethod
    def course(server, client, start):
        return int(server.cli("course", "start", "--client", str(client), "--laxity", "mild",
                              "--start", start).stdout)

    @classmethod
    def book(cls, server, name, email_address, day, clock):
        client = cls.client(server, name, email_address)
        course = cls.course(server, client, day)
        booking = int(server.cli("session", "book", "--course", str(course), "--date", day,
                                 "--time", clock).stdout)
        return client, booking

    # ---- helpers ----

    def rows(self, sql, *args):
        return test_server.testdb.rows(self.server.db, sql, *args)

    def remind(self, on, *more, environment=None):
        """`remind --on ON`, on the real clock (--on names the day)."""
        env = dict(os.environ)
        env.pop("LD_PRELOAD", None)
        env.update(environment or {})
        return subprocess.run([test_server.BINARY, "--db", self.server.db, "--clinic", CLINIC, "remind", "--on", on,
                               *more], capture_output=True, text=True, timeout=180, env=env)

    def set_relay(self, url, *more):
        self.server.cli("clinic", "set", "--smtp-url", url, *more)

    def extra_smtp(self, **kwargs):
        server = SmtpServer(**kwargs)
        self.extra_servers.append(server)
        return server.start()

    def public_url(self):
        return "http://127.0.0.1:%d" % self.server.port

    def received_for(self, address, server=None):
        return [m for m in (server or self.smtp).messages() if m[1] == [address]]

    # ---- the tests, in order ----

    def test_1_bad_settings_are_precise_errors_and_remind_needs_them(self):
        # A name that is not ASCII (its headers are encoded words); renamed once the server
        # runs, since `serve` starts for the clinic named "default".
        self.server.cli("clinic", "set", "--name", CLINIC)
        default_cli = self.server.cli

        def cli(*args, clinic=None, **kwargs):
            return default_cli(*args, clinic=clinic or CLINIC, **kwargs)

        self.server.cli = cli
        result = self.remind("2028-12-31")
        self.assertEqual(result.returncode, 2, result)
        self.assertIn("clinic set --smtp-url", result.stderr)
        for flags, named in (
                (["--smtp-url", "http://127.0.0.1:25"], "--smtp-url"),
                (["--smtp-url", "smtp://user:pw@127.0.0.1:25"], "--smtp-url"),
                (["--smtp-url", "smtp://127.0.0.1:99999"], "--smtp-url"),
                (["--smtp-url", "smtp://"], "--smtp-url"),
                (["--smtp-url", "smtp://127.0.0.1:25"], "--mail-from"),  # the first needs both
                (["--smtp-url", "smtp://127.0.0.1:25", "--mail-from", "no-at.example"],
                 "--mail-from"),
                (["--smtp-url", "smtp://127.0.0.1:25", "--mail-from", "desk@praxis.example",
                  "--public-url", "ftp://praxis.example"], "--public-url"),
                (["--smtp-url", "smtp://127.0.0.1:25", "--mail-from", "desk@praxis.example",
                  "--smtp-user", "someone"], "--smtp-password-stdin")):
            with self.subTest(flags=flags):
                result = self.server.cli("clinic", "set", *flags, check=False)
                self.assertEqual(result.returncode, 2, result)
                self.assertTrue(result.stderr.startswith("collagenda: %s: " % named), result.stderr)
        self.assertEqual(self.rows("SELECT count(*) FROM clinic_mail"), [(0,)])
        self.set_relay(self.smtp.url, "--mail-from", "desk@praxis.example")
        result = self.remind("2028-12-31")
        self.assertEqual(result.returncode, 2, result)
        self.assertIn("--public-url", result.stderr)
        self.server.cli("clinic", "set", "--public-url", self.public_url() + "/")
        shown = self.server.cli_json("clinic", "show")["mail"]
        self.assertEqual(shown, {"smtp_url": self.smtp.url, "mail_from": "desk@praxis.example",
                                 "smtp_user": None, "smtp_password_set": False,
                                 "public_url": self.public_url()})

    def test_2_dry_run_writes_and_sends_nothing(self):
        before = self.rows("SELECT count(*) FROM audit_log")
        result = self.remind("2028-12-31", "--dry-run")
        self.assertEqual(result.returncode, 0, result)
        found = outcomes(result.stdout)
        self.assertEqual(len(found["would send"]), 2, result.stdout)
        self.assertEqual(len(found["no e-mail"]), 1, result.stdout)
        self.assertIn("dry run for 2028-12-31: 2 would send", result.stdout)
        self.assertEqual(self.rows("SELECT count(*) FROM messages"), [(0,)])
        self.assertEqual(self.rows("SELECT count(*) FROM audit_log"), before)
        self.assertEqual(self.smtp.messages(), [])

    def test_3_the_days_messages_go_once_with_their_calendar(self):
        result = self.remind("2028-12-31")
        self.assertEqual(result.returncode, 0, result)
        found = outcomes(result.stdout)
        self.assertEqual(len(found["sent"]), 2, result.stdout)
        self.assertEqual(len(found["no e-mail"]), 1, result.stdout)
        self.assertIn("remind for 2028-12-31: 2 sent, 0 failed", result.stdout)
        self.assertEqual(len(self.smtp.messages()), 2)

        # Ada's reminder: headers, text, calendar.
        (mail_from, rcpt, content, _, _), = self.received_for("ada@example.com")
        self.assertEqual(mail_from, "desk@praxis.example")
        message = parse(content)
        self.assertEqual(message["To"], "ada@example.com")
        self.assertEqual(message["From"].addresses[0].display_name, CLINIC)
        self.assertEqual(message["From"].addresses[0].addr_spec, "desk@praxis.example")
        self.assertEqual(str(message["Subject"]),
                         "Reminder: your visit to %s on Monday 1 January 2029" % CLINIC)
        self.assertIsNotNone(email.utils.parsedate_to_datetime(str(message["Date"])))
        self.assertRegex(str(message["Message-ID"]), r"^<[^<>@\s]+@praxis\.example>$")
        self.assertEqual(message["MIME-Version"], "1.0")
        self.assertEqual(message.get_content_type(), "multipart/mixed")
        unsubscribe = re.fullmatch(r"<(%s/opt-out/([0-9a-f]{64}))>" % re.escape(self.public_url()),
                                   str(message["List-Unsubscribe"]))
        self.assertIsNotNone(unsubscribe, message["List-Unsubscribe"])
        self.assertEqual(message["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click")
        text = message.get_body(("plain",)).get_content()
        for words in ("Hello Ada Example", CLINIC, "tomorrow, Monday 1 January 2029",
                      "at 09:30 (Europe/Berlin time)", "session 1 of", "+49 30 555",
                      "Parkweg 1, Berlin", unsubscribe.group(1)):
            self.assertIn(words, text)
        calendar = calendar_of(message)
        self.assertEqual(str(calendar["METHOD"]), "PUBLISH")
        event, = calendar.walk("VEVENT")
        start = event.decoded("DTSTART")
        self.assertEqual(start.astimezone(zoneinfo.ZoneInfo(ZONE)).replace(tzinfo=None),
                         datetime.datetime(2029, 1, 1, 9, 30))
        self.assertEqual(start.utcoffset(), datetime.timedelta(hours=1))
        self.__class__.ada_opt_out = unsubscribe.group(1)

        # Bea's recall: the maintenance due day, all day.
        (_, _, content, _, _), = self.received_for("bea@example.com")
        message = parse(content)
        self.assertEqual(str(message["Subject"]), "%s: your maintenance visit is due" % CLINIC)
        self.assertIn("due from Wednesday 19 April 2028", message.get_body(("plain",)).get_content())
        event, = calendar_of(message).walk("VEVENT")
        self.assertEqual(event.decoded("DTSTART"), datetime.date(2028, 4, 19))

        # Recorded and sent, audited; a second run sends nothing.
        self.assertEqual(self.rows("SELECT kind, status FROM messages ORDER BY kind"),
                         [("recall", "sent"), ("reminder", "sent")])
        actions = [row[0] for row in self.rows("SELECT action FROM audit_log "
                                               "WHERE action LIKE 'message.%' ORDER BY id")]
        self.assertEqual(actions, ["message.record", "message.finish"] * 2)
        again = self.remind("2028-12-31")
        self.assertEqual(again.returncode, 0, again)
        self.assertEqual(len(outcomes(again.stdout)["already sent"]), 2, again.stdout)
        self.assertEqual(len(self.smtp.messages()), 2)

        # What staff see.
        ada = self.clients["Ada"][0]
        response = self.request("GET", "/api/v1/clients/%d/messages" % ada, token=self.staff)
        self.assert_status(response, 200)
        body = response.json()
        self.assertEqual(body["reminders"], "on")
        self.assertEqual([(m["kind"], m["booking"], m["day"], m["status"]) for m in body["messages"]],
                         [("reminder", self.clients["Ada"][1], "2029-01-01", "sent")])
        self.assertIsNotNone(body["messages"][0]["sent_at"])
        listing = self.server.cli("messages", "--client", str(ada)).stdout
        self.assertIn("Reminders: on", listing)
        self.assertIn("reminder of booking %d on 2029-01-01: sent" % self.clients["Ada"][1], listing)

    def test_4_the_opt_out_link_stops_reminders_and_staff_can_undo_it(self):
        path = self.ada_opt_out[len(self.public_url()):]
        page = self.request("GET", path)
        self.assert_status(page, 200)
        self.assertTrue(page.headers["Content-Type"].startswith("text/html"))
        self.assertIn(b'<form method="post">', page.body)
        self.assertNotIn(b"<script", page.body)
        self.assertIn("default-src 'self'", page.headers["Content-Security-Policy"])
        self.assertEqual(self.rows("SELECT count(*) FROM opt_outs"), [(0,)])
        for forged in ("/opt-out/" + "0" * 64, "/opt-out/" + path[-64:].upper(),
                       "/opt-out/" + path[-63:]):
            self.assertEqual(self.request("POST", forged, "List-Unsubscribe=One-Click",
                                          content_type="application/x-www-form-urlencoded").status,
                             404)
        # RFC 8058's one-click POST, as a mail program sends it.
        done = self.request("POST", path, "List-Unsubscribe=One-Click",
                            content_type="application/x-www-form-urlencoded")
        self.assert_status(done, 200)
        self.assertIn(b"no more reminders", done.body)
        ada, _ = self.clients["Ada"]
        self.assertEqual(self.rows("SELECT client_id FROM opt_outs"), [(ada,)])
        self.assertEqual(self.rows("SELECT who FROM audit_log WHERE action = 'client.opt_out'"),
                         [("client (opt-out link)",)])
        self.assert_status(self.request("POST", path), 200)  # twice: no harm, no second entry
        self.assertEqual(self.rows("SELECT count(*) FROM audit_log WHERE action = 'client.opt_out'"),
                         [(1,)])
        body = self.request("GET", "/api/v1/clients/%d/messages" % ada, token=self.staff).json()
        self.assertEqual(body["reminders"], "off")
        self.assertIsNotNone(body["opted_out_at"])

        # The next run skips Ada (a new course booked on 2029-02-11).
        course = self.course(self.server, ada, "2029-02-11")
        self.server.cli("session", "book", "--course", str(course), "--date", "2029-02-11",
                        "--time", "15:00")
        result = self.remind("2029-02-10")
        self.assertEqual(result.returncode, 0, result)
        self.assertEqual(len(outcomes(result.stdout)["opted out"]), 1, result.stdout)
        self.assertEqual(self.received_for("ada@example.com"), self.received_for("ada@example.com")[:1])

        # Staff turn them back on; then the reminder goes.
        bad = self.request("PUT", "/api/v1/clients/%d/reminders" % ada, {"reminders": "yes"},
                           token=self.staff)
        self.assert_problem(bad, 400, "reminders")
        response = self.request("PUT", "/api/v1/clients/%d/reminders" % ada, {"reminders": "on"},
                                token=self.staff)
        self.assert_status(response, 200)
        self.assertEqual(response.json()["reminders"], "on")
        self.assertEqual(self.rows("SELECT count(*) FROM audit_log WHERE action = 'client.reminders'"),
                         [(1,)])
        result = self.remind("2029-02-10")
        self.assertEqual(len(outcomes(result.stdout)["sent"]), 1, result.stdout)
        self.assertEqual(len(self.received_for("ada@example.com")), 2)

    def test_5_a_run_killed_between_record_and_send_sends_nothing_twice(self):
        stalling = self.extra_smtp(stall=True)
        self.set_relay(stalling.url)
        run = subprocess.Popen([test_server.BINARY, "--db", self.server.db, "--clinic", CLINIC, "remind", "--on",
                                "2029-01-02"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env={k: v for k, v in os.environ.items() if k != "LD_PRELOAD"})
        try:
            self.assertTrue(stalling.data_entered.wait(120), "the message never reached DATA")
        finally:
            run.send_signal(signal.SIGKILL)
            run.communicate(timeout=60)
        eve, booking = self.clients["Eve"]
        self.assertEqual(self.rows("SELECT status FROM messages WHERE subject_id = %d "
                                   "AND kind = 'reminder'" % booking), [("recorded",)])
        self.set_relay(self.smtp.url)
        result = self.remind("2029-01-02")
        self.assertEqual(result.returncode, 0, result)
        found = outcomes(result.stdout)
        self.assertEqual(len(found["not confirmed"]), 1, result.stdout)
        self.assertIn("eve@example.com", found["not confirmed"][0])
        self.assertEqual(self.received_for("eve@example.com"), [])
        listing = self.server.cli("messages", "--client", str(eve)).stdout
        self.assertIn("not confirmed", listing)
        body = self.request("GET", "/api/v1/clients/%d/messages" % eve, token=self.staff).json()
        self.assertEqual(body["messages"][0]["status"], "recorded")

    def test_6_two_runs_at_once_send_each_message_once(self):
        env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD"}
        command = [test_server.BINARY, "--db", self.server.db, "--clinic", CLINIC, "remind", "--on", "2029-01-04"]
        runs = [subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True, env=env) for _ in range(2)]
        results = [run.communicate(timeout=180) + (run.returncode,) for run in runs]
        for stdout, stderr, status in results:
            self.assertEqual(status, 0, (stdout, stderr))
        sent = sum(len(outcomes(stdout).get("sent", [])) for stdout, _, _ in results)
        self.assertEqual(sent, 3, results)
        for name in ("fay", "gus", "hal"):
            self.assertEqual(len(self.received_for(name + "@example.com")), 1, name)
        self.assertEqual(self.rows("SELECT count(*) FROM messages WHERE day = '2029-01-05'"),
                         [(3,)])

    def test_7_an_unreachable_relay_fails_the_message_and_the_next_run_sends_it(self):
        closed = self.extra_smtp()
        url = closed.url
        closed.stop()  # nothing listens there now
        self.set_relay(url)
        result = self.remind("2029-01-06")
        self.assertEqual(result.returncode, 1, result)
        self.assertIn("ivy@example.com", result.stderr)
        self.assertEqual(len(outcomes(result.stdout)["failed"]), 1, result.stdout)
        _, booking = self.clients["Ivy"]
        self.assertEqual(self.rows("SELECT status FROM messages WHERE subject_id = %d "
                                   "AND kind = 'reminder'" % booking), [("failed",)])
        self.set_relay(self.smtp.url)
        result = self.remind("2029-01-06")
        self.assertEqual(result.returncode, 0, result)
        self.assertEqual(len(outcomes(result.stdout)["sent"]), 1, result.stdout)
        self.assertEqual(len(self.received_for("ivy@example.com")), 1)
        self.assertEqual(self.rows("SELECT status FROM messages WHERE subject_id = %d "
                                   "AND kind = 'reminder'" % booking), [("sent",)])

    def test_8_starttls_with_auth_on_a_self_signed_certificate(self):
        folder = self.server.folder.name
        cert = os.path.join(folder, "relay-cert.pem")
        key = os.path.join(folder, "relay-key.pem")
        subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                        key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                        "-addext", "subjectAltName=IP:127.0.0.1"],
                       check=True, capture_output=True, timeout=120)
        relay = self.extra_smtp(cert=cert, key=key)
        trusted = {"CURL_CA_BUNDLE": cert}
        self.server.cli("clinic", "set", "--smtp-url", relay.url, "--smtp-user", RELAY_USER,
                        "--smtp-password-stdin", stdin="wrong password\n")
        result = self.remind("2029-01-08", environment=trusted)
        self.assertEqual(result.returncode, 1, result)
        self.assertEqual(len(outcomes(result.stdout)["failed"]), 1, result.stdout)
        # Not trusted: the certificate is refused before any password is sent.
        self.server.cli("clinic", "set", "--smtp-password-stdin", stdin=RELAY_PASSWORD + "\n")
        result = self.remind("2029-01-08")
        self.assertEqual(result.returncode, 1, result)
        self.assertEqual(relay.messages(), [])
        result = self.remind("2029-01-08", environment=trusted)
        self.assertEqual(result.returncode, 0, result)
        (_, rcpt, content, over_tls, authenticated), = relay.messages()
        self.assertEqual((rcpt, over_tls, authenticated), (["jon@example.com"], True, True))
        # The password is stored, never shown or audited.
        self.assertNotIn(RELAY_PASSWORD, self.server.cli("clinic", "show").stdout)
        self.assertIn("SMTP password: set", self.server.cli("clinic", "show").stdout)
        audit = self.server.cli("audit", "--format", "json").stdout
        self.assertNotIn(RELAY_PASSWORD, audit)
        self.assertNotIn("wrong password", audit)
        # A user without STARTTLS on offer: refused, the password never sent in the clear.
        self.set_relay(self.smtp.url)
        _, other = self.book(self.server, "Kim", "kim@example.com", "2029-01-13", "09:00")
        result = self.remind("2029-01-12")
        self.assertEqual(result.returncode, 1, result)
        self.assertEqual(self.received_for("kim@example.com"), [])
        self.server.cli("clinic", "set", "--smtp-user", "")

    def test_9_the_mail_settings_on_the_api(self):
        self.assert_problem(self.request("GET", "/api/v1/clinic/mail", token=self.staff), 403)
        response = self.request("GET", "/api/v1/clinic/mail", token=self.admin)
        self.assert_status(response, 200)
        self.assertEqual(set(response.json()), {"smtp_url", "mail_from", "smtp_user",
                                                "smtp_password_set", "public_url"})
        for body, field in (({"smtp_url": "smtp://x y"}, "smtp_url"),
                            ({"mail_from": "nobody"}, "mail_from"),
                            ({"smtp_password": "p"}, "smtp_password"),
                            ({"public_url": "https://a.example/?q"}, "public_url"),
                            ({"colour": "blue"}, "colour")):
            with self.subTest(body=body):
                self.assert_problem(self.request("PUT", "/api/v1/clinic/mail", body,
                                                 token=self.admin), 400, field)
        response = self.request("PUT", "/api/v1/clinic/mail",
                                {"smtp_user": "api-user", "smtp_password": "api secret"},
                                token=self.admin)
        self.assert_status(response, 200)
        self.assertEqual(response.json()["smtp_user"], "api-user")
        self.assertTrue(response.json()["smtp_password_set"])
        self.assertNotIn(b"api secret", response.body)
        self.assertNotIn(b"api secret", self.request("GET", "/api/v1/clinic/mail",
                                                     token=self.admin).body)
        self.assert_problem(self.request("GET", "/api/v1/clients/999999/messages",
                                         token=self.staff), 404)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    args, rest = parser.parse_known_args()
    test_server.BINARY = os.path.abspath(args.binary)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Integration tests of `collagenda serve` (docs/records.md#http-api) against the real binary.

Every test class starts its own server on a free port over its own temporary
database, creates its users with `collagenda user add` and their bearer tokens
with `collagenda token create`, and talks HTTP/1.1 to it with the standard
library only (http.client for ordinary requests, raw sockets where a test must
misbehave: half-sent requests, oversized and chunked bodies). Where the server
must agree with the command-line tool, the CLI is run on the same database.

    python3 test_server.py --binary build/collagenda [unittest arguments]
"""

import argparse
import collections
import csv
import datetime
import http.client
import io
import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pg"))
import testdb  # noqa: E402 (the database on either backend: tests/pg/testdb.py)

BINARY = None  # set from --binary before the tests run

PASSWORD = "correct horse battery staple"
START = "2027-01-04"  # a Monday; the docs/design.md#plan-json example's start
# The clock of every process here (the server and the CLI): the sessions the
# tests record, in 2027 and 2028, have taken place by then.
TODAY = "2028-12-31"
MAX_BODY = 1 << 20  # the server's documented body limit (`serve --help`)
EIGHT_MIB = 8 << 20
PROBLEM_TYPE = "application/problem+json"


class Response:
    """One HTTP answer: status, headers (an http.client.HTTPMessage) and body bytes."""

    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body.decode("utf-8"))

    def __repr__(self):
        return "<%d %r>" % (self.status, self.body[:300])


class _BytesSocket:
    """Lets http.client.HTTPResponse parse bytes already read from a raw socket."""

    def __init__(self, data):
        self._file = io.BytesIO(data)

    def makefile(self, *args, **kwargs):
        return self._file


def parse_response(data, method="POST"):
    """Parses the first HTTP response in data, skipping interim 1xx answers."""
    while True:
        raw = http.client.HTTPResponse(_BytesSocket(data), method=method)
        raw.begin()
        if raw.status >= 200:
            return Response(raw.status, raw.headers, raw.read())
        # An interim answer (100 Continue) has no body: parse what follows it.
        data = data[data.index(b"\r\n\r\n") + 4:]


def vm_rss_kib(pid):
    with open("/proc/%d/status" % pid) as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS for process %d" % pid)


def fake_clock(day):
    """The environment that starts a program's clock at day 12:00, running on
    from there (libfaketime, Debian's faketime package): a session cannot be
    recorded before its day (docs/records.md#dates), and the product has no
    clock of its own to set."""
    return {"LD_PRELOAD": "/usr/$LIB/faketime/libfaketimeMT.so.1",
            "FAKETIME": "@%s 12:00:00" % day, "DONT_FAKE_MONOTONIC": "1",
            "ASAN_OPTIONS": ":".join(filter(None, [os.environ.get("ASAN_OPTIONS"),
                                                   "verify_asan_link_order=0"]))}


class Server:
    """A `collagenda serve` process on its own database in its own folder, on the clock of TODAY."""

    def __init__(self):
        self.folder = tempfile.TemporaryDirectory(prefix="collagenda-server-")
        self.db = testdb.new_database(self.folder.name)
        self.log_path = os.path.join(self.folder.name, "access.log")
        self.process = None
        self.port = None
        self.exit_status = None
        self.cli("client", "list")  # creates the database and the default clinic

    # ---- the command-line tool on the same database ----

    def cli(self, *args, clinic=None, stdin=None, check=True):
        command = [BINARY, "--db", self.db]
        if clinic:
            command += ["--clinic", clinic]
        result = subprocess.run(command + list(args), input=stdin, capture_output=True,
                                text=True, timeout=60, env=dict(os.environ, **fake_clock(TODAY)))
        if check and result.returncode != 0:
            raise AssertionError("collagenda %s: exit %d: %s"
                                 % (" ".join(args), result.returncode, result.stderr))
        return result

    def cli_json(self, *args, clinic=None):
        return json.loads(self.cli(*args, "--format", "json", clinic=clinic).stdout)

    def add_user(self, email, role="staff", clinic=None):
        """Adds a user (in clinic, else the default one) and returns a bearer token."""
        args = ["user", "add", "--email", email, "--role", role]
        if clinic:
            # A --clinic that is no clinic is refused: add it first (exit 2 when it exists).
            self.cli("clinic", "add", clinic, check=False)
            args += ["--clinic", clinic]
        self.cli(*args, stdin=PASSWORD + "\n")
        return self.cli("token", "create", "--email", email).stdout.strip()

    # ---- the server ----

    @staticmethod
    def environment(extra):
        """This process's environment, on the clock of TODAY, with extra added
        (ASAN_OPTIONS are joined to the clock's, which need one of their own)."""
        env = dict(os.environ, **fake_clock(TODAY))
        for key, value in (extra or {}).items():
            env[key] = env[key] + ":" + value if key == "ASAN_OPTIONS" else value
        return env

    def start(self, environment=None, arguments=()):
        """Starts the server; arguments are more `serve` flags (--tls-cert ...)."""
        self.log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            [BINARY, "--db", self.db, "serve", "--listen", "127.0.0.1:0", *arguments],
            stdout=subprocess.PIPE, stderr=self.log, stdin=subprocess.DEVNULL,
            env=self.environment(environment))
        # A bound on a hang only: ASan on a busy machine starts in seconds.
        ready, _, _ = select.select([self.process.stdout], [], [], 60)
        line = self.process.stdout.readline().decode() if ready else ""
        match = re.fullmatch(r"listening on https?://127\.0\.0\.1:(\d+)\n", line)
        if not match:
            self.process.kill()
            self.process.wait(30)
            raise AssertionError("the server did not announce itself within 60 s: %r" % line)
        self.port = int(match.group(1))

    def stop(self, timeout=20):
        """SIGTERM; returns the exit status (None when it had to be killed)."""
        if self.process is None or self.exit_status is not None:
            return self.exit_status
        self.process.send_signal(signal.SIGTERM)
        try:
            self.exit_status = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(30)
        self.process.stdout.close()
        self.log.close()
        return self.exit_status

    def close(self):
        self.stop()
        self.folder.cleanup()

    def access_log(self):
        with open(self.log_path, "rb") as log:
            return log.read().decode("utf-8", "replace")

    # ---- HTTP ----

    def connect(self, timeout=10):
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)

    def request(self, method, path, body=None, token=None, cookie=None, csrf=None,
                content_type="application/json", headers=None, connection=None):
        """One request; body may be a JSON value, text or bytes."""
        all_headers = {}
        if body is not None:
            if not isinstance(body, (bytes, str)):
                body = json.dumps(body)
            if isinstance(body, str):
                body = body.encode("utf-8")
            if content_type:
                all_headers["Content-Type"] = content_type
        if token is not None:
            all_headers["Authorization"] = "Bearer " + token
        if cookie is not None:
            all_headers["Cookie"] = cookie
        if csrf is not None:
            all_headers["X-CSRF-Token"] = csrf
        all_headers.update(headers or {})
        own = connection is None
        connection = connection or self.connect()
        try:
            connection.request(method, path, body=body, headers=all_headers)
            answer = connection.getresponse()
            return Response(answer.status, answer.headers, answer.read())
        finally:
            if own:
                connection.close()

    def raw_exchange(self, head, body_chunks=(), timeout=30):
        """Sends head then body_chunks on a raw socket while reading the answer.

        The reader runs beside the writer: a server that refuses a body early
        answers and closes while the client is still sending, and the answer
        must not be lost behind a broken pipe.
        """
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        received = []

        def read():
            # Until a whole answer is in: a kept-alive connection does not end after it.
            try:
                while True:
                    data = sock.recv(65536)
                    if not data:
                        return
                    received.append(data)
                    try:
                        parse_response(b"".join(received))
                        return
                    except (http.client.HTTPException, ValueError):
                        continue
            except OSError:
                return

        reader = threading.Thread(target=read)
        reader.start()
        try:
            sock.sendall(head)
            for chunk in body_chunks:
                sock.sendall(chunk)
            sock.shutdown(socket.SHUT_WR)
        except OSError:
            pass  # the server stopped reading: its answer is what matters
        reader.join(timeout)
        sock.close()
        return b"".join(received)


def spread_connection(port, index, timeout):
    """A connection from one of 127.0.0.10-13 in turn (Linux routes all of
    127/8 to lo): the server takes at most 64 connections from one address,
    and the tests that open hundreds stand for many clients."""
    return socket.create_connection(("127.0.0.1", port), timeout=timeout,
                                    source_address=("127.0.0.%d" % (10 + index % 4), 0))


class ServerTestCase(unittest.TestCase):
    """Starts one server for the class; subclasses add users in prepare()."""

    SERVER_ENVIRONMENT = {}  # added to the server's environment
    SERVER_ARGUMENTS = ()  # more `serve` flags

    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        try:
            cls.prepare(cls.server)
            cls.server.start(cls.SERVER_ENVIRONMENT, cls.SERVER_ARGUMENTS)
        except BaseException:
            cls.server.close()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    @classmethod
    def prepare(cls, server):
        pass

    def request(self, *args, **kwargs):
        return self.server.request(*args, **kwargs)

    def assert_status(self, response, status):
        self.assertEqual(response.status, status, response)

    def assert_problem(self, response, status, field=None):
        """An RFC 9457 problem document with this status (and field, when given)."""
        self.assertEqual(response.status, status, response)
        self.assertEqual(response.headers.get("Content-Type"), PROBLEM_TYPE, response)
        problem = response.json()
        for member in ("type", "title", "status", "detail"):
            self.assertIn(member, problem, response)
        self.assertEqual(problem["status"], status)
        self.assertIsInstance(problem["type"], str)
        self.assertTrue(problem["title"] and isinstance(problem["title"], str))
        self.assertTrue(problem["detail"] and isinstance(problem["detail"], str))
        if field is not None:
            self.assertEqual(problem.get("field"), field, response)
        return problem

    def create(self, path, body, **kwargs):
        response = self.request("POST", path, body, **kwargs)
        self.assert_status(response, 201)
        self.assertEqual(response.headers.get("Content-Type"), "application/json")
        return response.json()["id"]

    def gauge(self, name):
        """An unlabelled sample of /metrics, as an integer."""
        samples, _ = parse_metrics(self.request("GET", "/metrics").body.decode())
        return int(samples[(name, frozenset())])

    def wait_until(self, condition, seconds, what):
        """Polls condition() until it holds; fails after seconds, which only bound a hang.

        For the moments a test must know the server has got somewhere: a sleep
        would only guess, too short on a busy machine.
        """
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                self.fail("%s: still not so after %d s" % (what, seconds))
            time.sleep(0.02)

    def wait_for_body_bytes(self, total, seconds=60):
        """Waits until the server has taken in and judged total request body bytes."""
        counter = "collagenda_http_request_body_bytes_total"
        self.wait_until(lambda: self.gauge(counter) >= total, seconds,
                        "the server has read %d body bytes" % total)
        self.assertEqual(self.gauge(counter), total, "more body bytes than were sent")


# ---------------------------------------------------------------------------
# Public routes, routing, body limits


def plan_arguments(assessment):
    """The `collagenda plan` flags for an API assessment object."""
    arguments = ["plan"]
    for key, value in assessment.items():
        if isinstance(value, list):
            value = ",".join(value)
        arguments += ["--" + key.replace("_", "-"), value]
    return arguments + ["--format", "json"]


ASSESSMENTS = [
    {"laxity": "mild", "areas": ["face"], "start": START},
    {"laxity": "moderate", "areas": ["face", "neck"], "start": START,
     "open_days": ["mon", "tue", "wed", "thu", "fri"]},
    {"laxity": "severe", "goal": "transformation", "areas": ["neck", "chest"],
     "risks": ["smoking", "sun-damage"], "concerns": ["loose-neck-skin"], "modality": "rf",
     "skin_type": "V", "start": "2028-01-31", "open_days": ["tue", "thu"]},
    {"laxity": "none", "goal": "prevention"},
    {"laxity": "mild", "modality": "roller", "screening": ["isotretinoin", "herpes-history"],
     "start": "2027-12-31"},
    {"laxity": "moderate", "screening": ["pregnancy"], "start": "2028-02-29"},
]

# (route, a valid body) for every route that reads a JSON body; {client} and
# {course} are filled in by the staff tests.
MALFORMED_BODIES = [
    ("malformed JSON", b'{"laxity": "mild"', "body"),
    ("trailing garbage", b'{"laxity": "mild"} x', "body"),
    ("duplicate keys", b'{"laxity": "mild", "laxity": "severe"}', "body"),
    ("an array instead of an object", b'["laxity", "mild"]', "body"),
    ("an empty body", b"", "body"),
    ("invalid UTF-8", b'{"laxity": "\xff"}', "body"),
]


class PublicRoutesTest(ServerTestCase):

    def test_healthz_answers_ok(self):
        response = self.request("GET", "/healthz")
        self.assert_status(response, 200)
        self.assertEqual(response.json(), {"status": "ok"})
        head = self.request("HEAD", "/healthz")
        self.assert_status(head, 200)
        self.assertEqual(head.body, b"")

    def test_protocol_answers_what_protocol_show_prints(self):
        for path, format_, media_type in (
                ("/api/v1/protocol", "json", "application/json"),
                ("/api/v1/protocol/fhir", "fhir", "application/fhir+json; charset=utf-8")):
            with self.subTest(path=path):
                response = self.request("GET", path)
                self.assert_status(response, 200)
                self.assertEqual(response.headers.get("Content-Type"), media_type)
                cli = subprocess.run([BINARY, "protocol", "show", "--format", format_],
                                     capture_output=True, timeout=30)
                self.assertEqual(cli.returncode, 0, cli.stderr)
                self.assertEqual(response.body, cli.stdout)
        self.assertEqual(self.request("GET", "/api/v1/protocol/fhir").json()["resourceType"],
                         "PlanDefinition")

    def test_plan_answers_the_same_bytes_as_the_cli(self):
        for assessment in ASSESSMENTS:
            with self.subTest(assessment=assessment):
                response = self.request("POST", "/api/v1/plan", assessment)
                self.assert_status(response, 200)
                self.assertEqual(response.headers.get("Content-Type"), "application/json")
                cli = subprocess.run([BINARY] + plan_arguments(assessment), capture_output=True,
                                     timeout=30)
                self.assertEqual(cli.returncode, 0, cli.stderr)
                self.assertEqual(response.body, cli.stdout)
                self.assertEqual(response.json()["assessment"]["laxity"], assessment["laxity"])

    def test_plan_answers_what_plan_batch_writes_for_the_same_lines(self):
        lines = "".join(json.dumps(a) + "\n" for a in ASSESSMENTS)
        batch = subprocess.run([BINARY, "plan", "--batch", "-"], input=lines.encode(),
                               capture_output=True, timeout=30)
        self.assertEqual(batch.returncode, 0, batch.stderr)
        outputs = batch.stdout.decode().splitlines()
        self.assertEqual(len(outputs), len(ASSESSMENTS))
        for assessment, line in zip(ASSESSMENTS, outputs):
            answer = self.request("POST", "/api/v1/plan", assessment)
            self.assertEqual(answer.json(), json.loads(line))

    def test_plan_refuses_each_kind_of_bad_body(self):
        for name, body, field in MALFORMED_BODIES:
            with self.subTest(name):
                self.assert_problem(self.request("POST", "/api/v1/plan", body), 400, field)
        cases = [
            ({"goal": "improvement"}, "laxity", ["required"]),
            ({"laxity": 3}, "laxity", ["string"]),
            ({"laxity": "mild", "areas": "face"}, "areas", []),
            ({"laxity": "mild", "areas": [1]}, "areas", []),
            ({"laxity": "mild", "start": 20270104}, "start", []),
            ({"laxity": "mild", "colour": "red"}, "colour", ["unknown field", "laxity", "start"]),
            ({"laxity": "huge"}, "laxity", ["huge", "none", "mild", "moderate", "severe"]),
            ({"laxity": "mild", "goal": "max"}, "goal",
             ["prevention", "improvement", "transformation"]),
            ({"laxity": "mild", "modality": "laser"}, "modality",
             ["auto", "traditional", "rf", "roller"]),
            ({"laxity": "mild", "open_days": ["mon", "funday"]}, "open_days",
             ["funday", "mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
            ({"laxity": "mild", "skin_type": "VII"}, "skin_type", ["I", "VI"]),
            ({"laxity": "mild", "start": "2027-02-30"}, "start", ["2027-02-30"]),
            ({"laxity": "mild", "start": "2027-13-01"}, "start", []),
            ({"laxity": "mild", "start": "27-01-04"}, "start", []),
        ]
        for body, field, words in cases:
            with self.subTest(body=body):
                problem = self.assert_problem(self.request("POST", "/api/v1/plan", body), 400,
                                              field)
                self.assertIn(field, problem["detail"])
                for word in words:
                    self.assertIn(word, problem["detail"])

    def test_a_body_that_is_not_json_is_415(self):
        for content_type in ("text/plain", "application/x-www-form-urlencoded",
                             "application/jsonp", "application/json-seq", "json"):
            with self.subTest(content_type=content_type):
                response = self.request("POST", "/api/v1/plan", {"laxity": "mild"},
                                        content_type=content_type)
                self.assert_problem(response, 415)
        for content_type in ("application/json; charset=utf-8", "Application/JSON", None):
            with self.subTest(content_type=content_type):
                response = self.request("POST", "/api/v1/plan", {"laxity": "mild"},
                                        content_type=content_type)
                self.assert_status(response, 200)

    def test_unknown_routes_are_404(self):
        for path in ("/api/v1/nothing", "/api/v2/plan", "/api/v1/plan/extra",
                     "/api/v1/clients/abc", "/api/v1/clients/1/x", "/api/v1/clients/",
                     "/api/v1/courses/-1", "/static/no-such-file.js", "/healthz/",
                     "/feeds/short.ics"):
            for method in ("GET", "POST"):
                with self.subTest(method=method, path=path):
                    self.assert_problem(self.request(method, path, {}), 404)
        # A well-formed calendar feed token that was never issued.
        self.assert_problem(self.request("GET", "/feeds/%s.ics" % ("0" * 64)), 404)

    def test_a_wrong_method_is_405_with_allow(self):
        cases = [
            ("GET", "/api/v1/plan", {"POST"}),
            ("POST", "/healthz", {"GET"}),
            ("DELETE", "/metrics", {"GET"}),
            ("GET", "/api/v1/login", {"POST"}),
            ("GET", "/api/v1/logout", {"POST"}),
            ("POST", "/api/v1/me", {"GET"}),
            ("DELETE", "/api/v1/users", {"GET", "POST"}),
            ("PUT", "/api/v1/clients", {"GET", "POST"}),
            ("GET", "/api/v1/courses", {"POST"}),
            ("PATCH", "/api/v1/courses/1", {"GET"}),
            ("POST", "/api/v1/clients/1", {"GET", "PATCH"}),
            ("GET", "/api/v1/sessions/1", {"PATCH"}),
            ("GET", "/api/v1/sessions/1/void", {"POST"}),
            ("DELETE", "/api/v1/clients/1/merge", {"POST"}),
            ("GET", "/api/v1/courses/1/sessions", {"POST"}),
            ("POST", "/api/v1/due", {"GET"}),
            ("POST", "/api/v1/due.csv", {"GET"}),
            ("POST", "/", {"GET"}),
            ("DELETE", "/calculator", {"GET"}),
            ("POST", "/api/v1/courses/1.ics", {"GET"}),
            ("PUT", "/api/v1/clients/1/feed", {"POST", "DELETE"}),
            ("POST", "/cds-services", {"GET"}),
            ("GET", "/cds-services/collagenda-session-safety", {"POST"}),
            ("POST", "/feeds/%s.ics" % ("ab" * 32), {"GET"}),
            ("GET", "/api/v1/courses/1/bookings", {"POST"}),
            ("GET", "/api/v1/bookings/1", {"DELETE", "PATCH"}),
            ("GET", "/api/v1/bookings/1/attend", {"POST"}),
            ("DELETE", "/api/v1/bookings/1/no-show", {"POST"}),
            ("PATCH", "/api/v1/clinic", {"GET", "PUT"}),
        ]
        for method, path, allowed in cases:
            with self.subTest(method=method, path=path):
                response = self.request(method, path)
                self.assert_problem(response, 405)
                allow = response.headers.get("Allow", "")
                self.assertEqual({m.strip() for m in allow.split(",")}, allowed, allow)

    def test_web_pages_and_static_files(self):
        for path, frameable in (("/", False), ("/calculator", True)):
            with self.subTest(path=path):
                response = self.request("GET", path)
                self.assert_status(response, 200)
                self.assertTrue(response.headers["Content-Type"].startswith("text/html"))
                policy = response.headers.get("Content-Security-Policy", "")
                self.assertIn("frame-ancestors " + ("*" if frameable else "'none'"), policy)
        # Every script and style sheet the two pages name is served.
        assets = set()
        for page in ("/", "/calculator"):
            html = self.request("GET", page).body.decode()
            assets |= set(re.findall(r'(?:src|href)="(/static/[^"?#]+)"', html))
        self.assertTrue(assets, "the pages name no /static/ file")
        for asset in sorted(assets):
            with self.subTest(asset=asset):
                response = self.request("GET", asset)
                self.assert_status(response, 200)
                kind = {".css": "text/css", ".js": "text/javascript"}.get(
                    os.path.splitext(asset)[1], "")
                self.assertTrue(response.headers["Content-Type"].startswith(kind))
        head = self.request("HEAD", "/")
        self.assert_status(head, 200)
        self.assertEqual(head.body, b"")

    def oversized(self, path, mode, size=EIGHT_MIB, headers=b""):
        """Sends a body of size bytes to path; mode: expect, length or chunked."""
        head = (b"POST " + path.encode() + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/json\r\n" + headers)
        block = b" " * 65536
        if mode == "chunked":
            head += b"Transfer-Encoding: chunked\r\n\r\n"
            chunks = [b"%x\r\n%s\r\n" % (len(block), block)] * (size // len(block)) + [b"0\r\n\r\n"]
        else:
            head += b"Content-Length: %d\r\n" % size
            if mode == "expect":
                # A client that waits for 100 Continue sends no byte of the body.
                return parse_response(self.server.raw_exchange(
                    head + b"Expect: 100-continue\r\n\r\n", timeout=10))
            head += b"\r\n"
            chunks = [block] * (size // len(block))
        return parse_response(self.server.raw_exchange(head, chunks))

    def test_an_8_mib_body_is_413_with_or_without_content_length(self):
        for mode in ("expect", "length", "chunked"):
            with self.subTest(mode=mode):
                self.assert_problem(self.oversized("/api/v1/plan", mode), 413)
        for path in ("/api/v1/login", "/api/v1/clients"):
            with self.subTest(path=path):
                self.assert_problem(self.oversized(path, "length"), 413)
        # One byte over the limit is refused; the server still answers afterwards.
        self.assert_problem(self.oversized("/api/v1/plan", "chunked", MAX_BODY + 65536), 413)
        self.assert_status(self.request("GET", "/healthz"), 200)

    def test_a_body_at_the_limit_is_read(self):
        # Whitespace around a small object: a body of exactly the limit is parsed.
        body = b'{"laxity": "mild"}'
        body += b" " * (MAX_BODY - len(body))
        response = self.request("POST", "/api/v1/plan", body)
        self.assert_status(response, 200)


# ---------------------------------------------------------------------------
# Staff and admin routes in one clinic


class StaffRoutesTest(ServerTestCase):

    @classmethod
    def prepare(cls, server):
        cls.admin = server.add_user("admin@clinic.example", "admin")
        cls.staff = server.add_user("staff@clinic.example", "staff")

    def new_client(self, name="Ada Lovelace", **fields):
        return self.create("/api/v1/clients", dict(name=name, **fields), token=self.staff)

    def new_course(self, client, **fields):
        body = {"client": client, "laxity": "mild", "areas": ["face"], "start": START}
        body.update(fields)
        return self.create("/api/v1/courses", body, token=self.staff)

    def session_count(self, course):
        answer = self.request("GET", "/api/v1/courses/%d" % course, token=self.staff)
        self.assert_status(answer, 200)
        api = len(answer.json()["sessions"])
        cli = len(self.server.cli_json("course", "show", str(course))["sessions"])
        self.assertEqual(api, cli)
        return api

    def test_me_names_the_user_and_the_clinic(self):
        response = self.request("GET", "/api/v1/me", token=self.staff)
        self.assert_status(response, 200)
        self.assertEqual(response.json(),
                         {"email": "staff@clinic.example", "role": "staff", "clinic": "default"})

    def test_clients_are_created_listed_and_shown_like_the_cli(self):
        fields = {"email": "grace@example.org", "phone": "+44 20 7946 0000",
                  "birth_date": "1980-02-29", "skin_type": "III"}
        client = self.new_client("Grace Hopper", **fields)
        listed = self.request("GET", "/api/v1/clients", token=self.staff)
        self.assert_status(listed, 200)
        self.assertIn(dict(id=client, name="Grace Hopper", **fields), listed.json())
        self.assertEqual(listed.json(), self.server.cli_json("client", "list"))
        shown = self.request("GET", "/api/v1/clients/%d" % client, token=self.staff)
        self.assert_status(shown, 200)
        self.assertEqual(shown.json(), self.server.cli_json("client", "show", str(client)))
        self.assertEqual(shown.json()["courses"], [])

    def test_courses_are_started_and_shown_like_the_cli(self):
        client = self.new_client("Mary Somerville")
        course = self.new_course(client, areas=["face", "neck"], open_days=["mon", "wed"])
        shown = self.request("GET", "/api/v1/courses/%d" % course, token=self.staff)
        self.assert_status(shown, 200)
        document = shown.json()
        self.assertEqual(document, self.server.cli_json("course", "show", str(course)))
        self.assertEqual(document["client"], client)
        self.assertEqual(document["status"], "active")
        self.assertEqual(document["sessions"], [])
        self.assertEqual(document["next"]["kind"], "session")
        self.assertEqual(document["next"]["date"], START)
        summary = self.request("GET", "/api/v1/clients/%d" % client, token=self.staff).json()
        self.assertEqual([c["id"] for c in summary["courses"]], [course])

    def test_a_too_soon_session_is_409_and_writes_nothing_unless_forced(self):
        course = self.new_course(self.new_client("Caroline Herschel"))
        path = "/api/v1/courses/%d/sessions" % course
        first = self.request("POST", path, {"date": START, "areas": ["face"]}, token=self.staff)
        self.assert_status(first, 201)
        self.assertEqual(first.json()["number"], 1)
        self.assertEqual(self.session_count(course), 1)
        audit_before = self.audit_actions()

        too_soon = {"date": "2027-01-11", "areas": ["face"], "notes": "asked to come early"}
        problem = self.assert_problem(self.request("POST", path, too_soon, token=self.staff), 409)
        self.assertIn("the floor of this standard course is 28 days", problem["detail"])
        self.assertIn("risk of infection and injury [F]", problem["detail"])
        self.assertEqual(self.session_count(course), 1)
        self.assertEqual(self.server.cli_json("course", "show", str(course))["sessions"][0]["date"],
                         START)
        # The refusal itself is audited (docs/records.md#records-and-safety); nothing else is written.
        self.assertEqual(self.audit_actions()[len(audit_before):], ["safety.refused"])

        # force without a reason, and a reason without force, are input errors.
        self.assert_problem(self.request("POST", path, dict(too_soon, force=True),
                                         token=self.staff), 400, "reason")
        self.assert_problem(self.request("POST", path, dict(too_soon, reason="why"),
                                         token=self.staff), 400, "reason")
        self.assertEqual(self.session_count(course), 1)

        forced = self.request("POST", path, dict(too_soon, force=True, reason="travel abroad"),
                              token=self.staff)
        self.assert_status(forced, 201)
        self.assertEqual(forced.json()["forced"], True)
        self.assertEqual(forced.json()["number"], 2)
        self.assertEqual(self.session_count(course), 2)
        exported = [s for s in self.server.cli_json("export", "sessions")
                    if s.get("course") == course]
        self.assertEqual(len(exported), 2)
        self.assertIn("travel abroad", json.dumps(exported))

    def test_only_an_admin_may_force_a_blocked_screening(self):
        """Staff may force a too-soon case, never a block: 403 naming the rule.

        docs/protocol.md#blocked-means-no-dates
        """
        client = self.new_client("Rosalind Franklin")
        blocked = {"client": client, "laxity": "mild", "areas": ["face"], "start": START,
                   "screening": ["pregnancy"]}
        override = {"force": True, "reason": "cleared by her physician"}
        refused = self.assert_problem(self.request("POST", "/api/v1/courses", blocked,
                                                   token=self.staff), 409)
        self.assertIn("blocked by pregnancy", refused["detail"])
        audit_before = self.audit_actions()
        forbidden = self.assert_problem(
            self.request("POST", "/api/v1/courses", dict(blocked, **override), token=self.staff),
            403, "force")
        self.assertIn("only an admin may override the screening rule", forbidden["detail"])
        self.assertIn("blocked by pregnancy", forbidden["detail"])
        self.assertEqual(self.request("GET", "/api/v1/clients/%d" % client,
                                      token=self.staff).json()["courses"], [])
        self.assertEqual(self.audit_actions()[len(audit_before):], ["safety.refused"])

        course = self.create("/api/v1/courses", dict(blocked, **override), token=self.admin)
        sessions = "/api/v1/courses/%d/sessions" % course
        self.assert_problem(self.request("POST", sessions, {"date": START}, token=self.staff),
                            409)
        forbidden = self.assert_problem(
            self.request("POST", sessions, dict({"date": START}, **override), token=self.staff),
            403, "force")
        self.assertIn("the course's screening is blocked by pregnancy", forbidden["detail"])
        self.assertEqual(self.session_count(course), 0)
        recorded = self.request("POST", sessions, dict({"date": START}, **override),
                                token=self.admin)
        self.assert_status(recorded, 201)
        self.assertEqual(recorded.json()["forced"], True)
        self.assertEqual(self.session_count(course), 1)

        bookings = "/api/v1/courses/%d/bookings" % course
        booking = dict({"date": "2027-02-08"}, **override)
        self.assert_problem(self.request("POST", bookings, booking, token=self.staff), 403, "force")
        self.assert_status(self.request("POST", bookings, booking, token=self.admin), 201)

    def test_a_course_is_replanned_under_the_servers_protocol_on_demand(self):
        """A stored course keeps its protocol version until re-planned; the audit log says so."""
        client = self.new_client("Dorothy Hodgkin")
        version_1 = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data",
                                 "protocol-version-1.json")
        course = int(self.server.cli("course", "start", "--client", str(client), "--laxity",
                                     "mild", "--start", START, "--protocol", version_1).stdout)
        shown = self.request("GET", "/api/v1/courses/%d" % course, token=self.staff).json()
        self.assertEqual(shown["plan"]["protocol"]["version"], "1")
        self.assertEqual(shown["plan"]["interval_days"]["floor"], 21)
        path = "/api/v1/courses/%d/replan" % course
        self.assert_problem(self.request("POST", path, {"protocol": "x"}, token=self.staff), 400,
                            "protocol")
        replanned = self.request("POST", path, token=self.staff)
        self.assert_status(replanned, 200)
        self.assertEqual(replanned.json(), {
            "id": course, "changed": True,
            "previous": {"name": "collagenda-default", "version": "1"},
            "protocol": {"name": "collagenda-default", "version": "2"}})
        shown = self.request("GET", "/api/v1/courses/%d" % course, token=self.staff).json()
        self.assertEqual(shown["plan"]["protocol"]["version"], "2")
        self.assertEqual(shown["plan"]["interval_days"]["floor"], 28)
        self.assertEqual(self.audit_actions()[-1], "course.replan")
        again = self.request("POST", path, {}, token=self.staff)
        self.assert_status(again, 200)
        self.assertEqual(again.json()["changed"], False)
        self.assertEqual(self.audit_actions()[-1], "course.replan")
        self.assertEqual(self.audit_actions().count("course.replan"), 1)
        self.assert_problem(self.request("POST", "/api/v1/courses/99999/replan",
                                         token=self.staff), 404)

    def audit_actions(self):
        """The audit log's actions in order, leaving out reads."""
        return [row[0] for row in testdb.rows(
            self.server.db,
            "SELECT action FROM audit_log WHERE action NOT LIKE '%.read' ORDER BY id")]

    def test_sessions_are_recorded_with_their_details(self):
        course = self.new_course(self.new_client("Emmy Noether"))
        response = self.request("POST", "/api/v1/courses/%d/sessions" % course, {
            "date": START, "modality": "traditional", "areas": ["face"], "depth_mm": 1.5,
            "device": "pen A", "practitioner": "Dr Who", "notes": "fine",
            "laxity_grade": 2.5, "gais": 2, "screening": []}, token=self.staff)
        self.assert_status(response, 201)
        answer = response.json()
        self.assertEqual((answer["number"], answer["timing"], answer["forced"]), (1, "on-time", False))
        self.assertEqual(answer["next"]["kind"], "session")
        session = self.server.cli_json("course", "show", str(course))["sessions"][0]
        self.assertEqual((session["date"], session["modality"]), (START, "traditional"))

    def test_due_lists_courses_as_json_and_csv(self):
        client = self.new_client("Sofia Kovalevskaya")
        course = self.new_course(client)
        due = self.request("GET", "/api/v1/due?on=2027-01-01&within=30", token=self.staff)
        self.assert_status(due, 200)
        rows = [row for row in due.json() if row["course"] == course]
        self.assertEqual(len(rows), 1)
        self.assertEqual((rows[0]["name"], rows[0]["due"], rows[0]["kind"]),
                         ("Sofia Kovalevskaya", START, "session"))
        self.assertEqual(due.json(), self.server.cli_json("due", "--on", "2027-01-01",
                                                          "--within", "30"))
        none_yet = self.request("GET", "/api/v1/due?on=2026-01-01&within=0", token=self.staff)
        self.assertNotIn(course, [row["course"] for row in none_yet.json()])
        table = self.request("GET", "/api/v1/due.csv?on=2027-01-01&within=30", token=self.staff)
        self.assert_status(table, 200)
        self.assertTrue(table.headers["Content-Type"].startswith("text/csv"))
        records = list(csv.DictReader(io.StringIO(table.body.decode())))
        self.assertIn(str(course), [row["course"] for row in records])
        cli_csv = subprocess.run([BINARY, "--db", self.server.db, "due", "--on", "2027-01-01",
                                  "--within", "30", "--format", "csv"], capture_output=True,
                                 timeout=30)
        self.assertEqual(table.body, cli_csv.stdout)
        self.assertTrue(table.body.endswith(b"\r\n"), "RFC 4180 lines end in CRLF")

    def test_due_refuses_bad_query_values(self):
        for query, field in (("on=2027-02-30", "on"), ("on=tomorrow", "on"),
                             ("within=-1", "within"), ("within=abc", "within"),
                             ("within=99999999999999999999", "within")):
            for path in ("/api/v1/due", "/api/v1/due.csv"):
                with self.subTest(path=path, query=query):
                    self.assert_problem(self.request("GET", path + "?" + query, token=self.staff),
                                        400, field)

    def test_record_routes_refuse_each_kind_of_bad_body_and_write_nothing(self):
        client = self.new_client("Lise Meitner")
        course = self.new_course(client)
        clients_before = self.server.cli_json("client", "list")
        courses_before = self.server.cli_json("export", "courses")
        routes = {
            "/api/v1/clients": [
                ({"name": 7}, "name", ["string"]),
                ({"email": "x@example.org"}, "name", ["required"]),
                ({"name": "X", "nickname": "Y"}, "nickname",
                 ["unknown field", "name", "email", "phone", "birth_date", "skin_type"]),
                ({"name": "X", "skin_type": "VII"}, "skin_type",
                 ["VII", "I", "II", "III", "IV", "V", "VI"]),
                ({"name": "X", "birth_date": "2027-02-30"}, "birth_date", ["2027-02-30"]),
                ({"name": "X", "birth_date": "1990-04-31"}, "birth_date", []),
                ({"name": "X\u0007"}, "name", []),
                ({"name": "X", "phone": "call me"}, "phone", []),
            ],
            "/api/v1/courses": [
                ({"client": "one", "laxity": "mild", "start": START}, "client", ["integer"]),
                ({"client": client, "laxity": "mild", "start": START, "extra": 1}, "extra",
                 ["unknown field"]),
                ({"client": client, "laxity": "sagging", "start": START}, "laxity",
                 ["none", "mild", "moderate", "severe"]),
                ({"client": client, "laxity": "mild", "goal": "max", "start": START}, "goal",
                 ["prevention", "improvement", "transformation"]),
                ({"client": client, "laxity": "mild", "areas": ["face", "knees"],
                  "start": START}, "areas", ["knees", "face", "neck"]),
                ({"client": client, "laxity": "mild", "start": "2027-02-30"}, "start",
                 ["2027-02-30"]),
                ({"client": client, "laxity": "mild"}, "start", ["required"]),
            ],
            "/api/v1/courses/%d/sessions" % course: [
                ({"date": 20270104}, "date", ["string"]),
                ({"date": START, "depth_mm": "deep"}, "depth_mm", ["number"]),
                ({"date": START, "force": "yes", "reason": "r"}, "force", []),
                ({"date": START, "mood": "happy"}, "mood", ["unknown field", "date"]),
                ({"date": START, "modality": "laser"}, "modality",
                 ["traditional", "rf", "roller"]),
                ({"date": START, "areas": ["elbow"]}, "areas", ["elbow", "face"]),
                ({"date": "2027-02-30"}, "date", ["2027-02-30"]),
                ({"date": "2026-02-29"}, "date", []),
                # The service names its fields as the API does, never by a CLI flag.
                ({"date": START, "notes": "bell\u0007"}, "notes", []),
                ({"date": START, "device": "pen\u0001"}, "device", []),
                ({"date": START, "practitioner": "Dr\u001b"}, "practitioner", []),
            ],
            "/api/v1/courses/%d/bookings" % course: [
                ({"date": 20270104}, "date", ["string"]),
                ({"date": START, "time": 930}, "time", ["string"]),
                ({"date": START, "time": "9:30"}, "time", ["HH:MM"]),
                ({"date": START, "time": "24:00"}, "time", ["00:00 to 23:59"]),
                ({"date": START, "force": "yes", "reason": "r"}, "force", []),
                ({"date": START, "force": True}, "reason", ["required"]),
                ({"date": START, "reason": "because"}, "reason", ["force"]),
                ({"date": START, "notes": "hi"}, "notes",
                 ["unknown field", "date", "time", "force", "reason"]),
                ({"date": "2027-02-30"}, "date", ["2027-02-30"]),
                ({}, "date", ["required"]),
            ],
        }
        for path, cases in routes.items():
            for name, body, field in MALFORMED_BODIES:
                with self.subTest(path=path, case=name):
                    self.assert_problem(self.request("POST", path, body, token=self.staff), 400,
                                        field)
            with self.subTest(path=path, case="415"):
                self.assert_problem(self.request("POST", path, "{}", token=self.staff,
                                                 content_type="text/plain"), 415)
            for body, field, words in cases:
                with self.subTest(path=path, body=body):
                    problem = self.assert_problem(
                        self.request("POST", path, body, token=self.staff), 400, field)
                    for word in words:
                        self.assertIn(word, problem["detail"])
        self.assertEqual(self.server.cli_json("client", "list"), clients_before)
        self.assertEqual(self.server.cli_json("export", "courses"), courses_before)
        self.assertEqual(self.session_count(course), 0)
        self.assertEqual(self.server.cli_json("course", "show", str(course))["bookings"], [])

    def test_an_8_mib_body_to_a_record_route_is_413(self):
        before = self.server.cli_json("client", "list")
        body = b'{"name": "' + b"x" * EIGHT_MIB + b'"}'
        head = (b"POST /api/v1/clients HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Authorization: Bearer " + self.staff.encode() + b"\r\n"
                b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % len(body))
        self.assert_problem(parse_response(self.server.raw_exchange(head, [body])), 413)
        chunked = (b"POST /api/v1/clients HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                   b"Authorization: Bearer " + self.staff.encode() + b"\r\n"
                   b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
        chunks = [b"%x\r\n%s\r\n" % (len(body), body), b"0\r\n\r\n"]
        self.assert_problem(parse_response(self.server.raw_exchange(chunked, chunks)), 413)
        self.assertEqual(self.server.cli_json("client", "list"), before)

    def test_no_token_or_a_bad_token_is_401(self):
        routes = [
            ("GET", "/api/v1/me", None), ("GET", "/api/v1/users", None),
            ("POST", "/api/v1/users", {"email": "x@example.org", "password": PASSWORD}),
            ("GET", "/api/v1/clients", None), ("POST", "/api/v1/clients", {"name": "Intruder"}),
            ("GET", "/api/v1/clients/1", None),
            ("POST", "/api/v1/courses", {"client": 1, "laxity": "mild", "start": START}),
            ("GET", "/api/v1/courses/1", None),
            ("POST", "/api/v1/courses/1/sessions", {"date": START}),
            ("GET", "/api/v1/due", None), ("GET", "/api/v1/due.csv", None),
            ("GET", "/api/v1/courses/1.ics", None), ("GET", "/api/v1/courses/1/fhir", None),
            ("GET", "/api/v1/courses/1/timeline.svg", None),
            ("POST", "/api/v1/clients/1/feed", None), ("DELETE", "/api/v1/clients/1/feed", None),
            ("POST", "/cds-services/collagenda-session-safety", cds_request(1, START)),
            ("POST", "/api/v1/courses/1/bookings", {"date": START}),
            ("DELETE", "/api/v1/bookings/1", None),
            ("GET", "/api/v1/clinic", None), ("PUT", "/api/v1/clinic", {"time_zone": "UTC"}),
            ("POST", "/api/v1/courses/1/complete", None),
            ("POST", "/api/v1/courses/1/discontinue", {"reason": "moved away"}),
            ("POST", "/api/v1/courses/1/reopen", {"reason": "back"}),
        ]
        bad_credentials = [
            {}, {"token": ""}, {"token": "not-a-token"}, {"token": "0" * 64},
            {"token": self.staff[:-1] + ("0" if self.staff[-1] != "0" else "1")},
            {"headers": {"Authorization": "Basic c3RhZmY6cGFzc3dvcmQ="}},
            {"headers": {"Authorization": self.staff}},
            {"cookie": "collagenda_session=" + "1" * 64},
        ]
        before = self.server.cli_json("client", "list")
        for method, path, body in routes:
            for credentials in bad_credentials:
                with self.subTest(method=method, path=path, credentials=credentials):
                    response = self.request(method, path, body, **credentials)
                    self.assert_problem(response, 401)
                    self.assertIn("Bearer", response.headers.get("WWW-Authenticate", ""))
        self.assertEqual(self.server.cli_json("client", "list"), before)

    def test_a_staff_user_is_403_on_the_admin_routes(self):
        users_before = self.request("GET", "/api/v1/users", token=self.admin).json()
        self.assert_problem(self.request("GET", "/api/v1/users", token=self.staff), 403)
        self.assert_problem(self.request("POST", "/api/v1/users", {
            "email": "sneaky@clinic.example", "password": PASSWORD, "role": "admin"},
            token=self.staff), 403)
        self.assert_problem(self.request("PUT", "/api/v1/clinic", {"time_zone": "Asia/Tokyo"},
                                         token=self.staff), 403)
        self.assertEqual(self.request("GET", "/api/v1/clinic", token=self.staff).json()["time_zone"],
                         "UTC")
        self.assertEqual(self.request("GET", "/api/v1/users", token=self.admin).json(),
                         users_before)

    def test_an_admin_lists_and_adds_users(self):
        listed = self.request("GET", "/api/v1/users", token=self.admin)
        self.assert_status(listed, 200)
        emails = {user["email"]: user["role"] for user in listed.json()}
        self.assertEqual(emails.get("admin@clinic.example"), "admin")
        self.assertEqual(emails.get("staff@clinic.example"), "staff")
        self.assertNotIn("password", listed.body.decode())
        self.assertNotIn("hash", listed.body.decode())
        user = self.create("/api/v1/users", {"email": "new@clinic.example", "password": PASSWORD},
                           token=self.admin)
        roles = {u["id"]: u["role"] for u in self.request("GET", "/api/v1/users",
                                                          token=self.admin).json()}
        self.assertEqual(roles.get(user), "staff")
        login = self.request("POST", "/api/v1/login", {"email": "new@clinic.example",
                                                       "password": PASSWORD})
        self.assert_status(login, 200)
        for name, body, field in MALFORMED_BODIES:
            with self.subTest(case=name):
                self.assert_problem(self.request("POST", "/api/v1/users", body,
                                                 token=self.admin), 400, field)
        cases = [
            ({"email": "r@clinic.example", "password": PASSWORD, "role": "owner"}, "role",
             ["owner", "admin", "staff"]),
            ({"email": "r@clinic.example", "password": 123456789012345}, "password", ["string"]),
            ({"email": "r@clinic.example", "password": "short"}, "password", ["12"]),
            ({"email": "r@clinic.example", "password": PASSWORD, "team": "a"}, "team",
             ["unknown field", "email", "password", "role"]),
            ({"password": PASSWORD}, "email", ["required"]),
        ]
        for body, field, words in cases:
            with self.subTest(body=body):
                problem = self.assert_problem(self.request("POST", "/api/v1/users", body,
                                                           token=self.admin), 400, field)
                for word in words:
                    self.assertIn(word, problem["detail"])
        # The same address twice is refused, and nothing is added.
        count = len(self.request("GET", "/api/v1/users", token=self.admin).json())
        again = self.request("POST", "/api/v1/users", {"email": "new@clinic.example",
                                                       "password": PASSWORD}, token=self.admin)
        self.assertTrue(400 <= again.status < 500, again)
        self.assert_problem(again, again.status)
        self.assertEqual(len(self.request("GET", "/api/v1/users", token=self.admin).json()), count)

    def test_unknown_ids_are_404(self):
        for method, path, body in (
                ("GET", "/api/v1/clients/999999", None),
                ("GET", "/api/v1/courses/999999", None),
                ("POST", "/api/v1/courses/999999/sessions", {"date": START}),
                ("POST", "/api/v1/courses", {"client": 999999, "laxity": "mild",
                                             "start": START})):
            with self.subTest(method=method, path=path):
                self.assert_problem(self.request(method, path, body, token=self.staff), 404)


# ---------------------------------------------------------------------------
# The course's life, and the dates a record cannot have


class RecordsTestCase(ServerTestCase):
    """A staff user, and helpers to make clients, courses and sessions."""

    @classmethod
    def prepare(cls, server):
        cls.staff = server.add_user("staff@clinic.example", "staff")

    def new_client(self, name, **fields):
        return self.create("/api/v1/clients", dict(name=name, **fields), token=self.staff)

    def new_course(self, client, **fields):
        body = {"client": client, "laxity": "mild", "areas": ["face"], "start": START}
        body.update(fields)
        return self.create("/api/v1/courses", body, token=self.staff)

    def course(self, course):
        response = self.request("GET", "/api/v1/courses/%d" % course, token=self.staff)
        self.assert_status(response, 200)
        return response.json()

    def audit(self, action=None):
        """The audit log's entries (leaving out reads) as (action, id, before, after, reason)."""
        return [(row[0], row[1], json.loads(row[2]) if row[2] else None,
                 json.loads(row[3]) if row[3] else None, row[4]) for row in testdb.rows(
            self.server.db,
            "SELECT action, entity_id, before_json, after_json, reason FROM audit_log "
            "WHERE action NOT LIKE '%.read' AND (CAST(?1 AS TEXT) IS NULL OR action = ?1) "
            "ORDER BY id", action)]


class CourseLifeTest(RecordsTestCase):
    """POST /api/v1/courses/{id}/complete | discontinue | reopen (docs/records.md#course-life)."""

    def life(self, course, action, body=None, **kwargs):
        return self.request("POST", "/api/v1/courses/%d/%s" % (course, action), body,
                            token=kwargs.pop("token", self.staff), **kwargs)

    def test_discontinue_reopen_complete_answer_like_the_cli_and_are_audited(self):
        # Begun before TODAY, with a booking after it: a discontinued course lets it go.
        course = self.new_course(self.new_client("Ada Lovelace"), start="2028-12-04")
        sessions = "/api/v1/courses/%d/sessions" % course
        self.assert_status(self.request("POST", sessions, {"date": "2028-12-04"},
                                        token=self.staff), 201)
        booking = self.create("/api/v1/courses/%d/bookings" % course,
                              {"date": "2029-01-08", "time": "10:00"}, token=self.staff)
        def due():
            answer = self.request("GET", "/api/v1/due?on=%s&within=3650" % TODAY, token=self.staff)
            return [row["course"] for row in answer.json()]

        self.assertIn(course, due())
        before = self.course(course)

        answer = self.life(course, "discontinue", {"reason": "Client moved away"})
        self.assert_status(answer, 200)
        self.assertEqual(answer.json(), {
            "id": course, "action": "discontinue", "status": "discontinued",
            "previous_status": "active", "next": None, "bookings_cancelled": [booking]})
        shown = self.course(course)
        self.assertEqual(shown, self.server.cli_json("course", "show", str(course)))
        self.assertEqual((shown["status"], shown["next"], shown["bookings"]),
                         ("discontinued", None, []))
        self.assertNotIn(course, due())
        [(_, entity, audit_before, audit_after, reason)] = self.audit("course.discontinue")
        self.assertEqual((entity, reason), (course, "Client moved away"))
        self.assertEqual(audit_before, {"status": "active", "next": before["next"]})
        self.assertEqual(audit_after, {"status": "discontinued", "next": None,
                                       "bookings_cancelled": [booking]})
        [cancelled] = self.audit("booking.cancel")
        self.assertEqual((cancelled[1], cancelled[4]),
                         (booking, "course %d discontinued: Client moved away" % course))
        # A closed course takes no session, and is not discontinued twice.
        self.assert_problem(self.request("POST", sessions, {"date": "2028-12-20"},
                                         token=self.staff), 400, "course")
        self.assert_problem(self.life(course, "discontinue", {"reason": "again"}), 400, "course")
        self.assert_problem(self.life(course, "complete"), 400, "course")

        answer = self.life(course, "reopen", {"reason": "Back in town"})
        self.assert_status(answer, 200)
        self.assertEqual(answer.json()["status"], "active")
        self.assertEqual(answer.json()["next"], before["next"])
        self.assertEqual(self.course(course)["next"], before["next"])
        self.assertIn(course, due())
        self.assertEqual(self.audit("course.reopen")[0][4], "Back in town")
        self.assert_problem(self.life(course, "reopen", {"reason": "again"}), 400, "course")

        # Completing needs no reason, and no body at all.
        answer = self.life(course, "complete")
        self.assert_status(answer, 200)
        self.assertEqual((answer.json()["status"], answer.json()["previous_status"]),
                         ("completed", "active"))
        self.assertEqual(self.audit("course.complete")[0][4], None)
        self.assert_problem(self.life(course, "complete", {}), 400, "course")
        self.assertEqual(self.life(course, "reopen", {"reason": "one more"}).status, 200)
        answer = self.life(course, "complete", {"reason": "Happy with it"})
        self.assertEqual(answer.json()["status"], "completed")
        self.assertEqual(self.audit("course.complete")[-1][4], "Happy with it")

    def test_bad_bodies_are_400_naming_the_field_and_write_nothing(self):
        course = self.new_course(self.new_client("Grace Hopper"))
        audit = self.audit()
        cases = [
            ("discontinue", None, "reason", "required"),
            ("discontinue", {}, "reason", "required"),
            ("discontinue", {"reason": ""}, "reason", "required"),
            ("discontinue", {"reason": "   "}, "reason", "required"),
            ("discontinue", {"reason": 5}, "reason", "string"),
            ("discontinue", {"reason": "moved", "why": "x"}, "why", "unknown field"),
            ("discontinue", {"reason": "moved\u0001away"}, "reason", "control characters"),
            ("reopen", {}, "reason", "required"),
            ("reopen", {"reason": "active already"}, "course", "only a completed or discontinued"),
            ("complete", {"reason": 5}, "reason", "string"),
            ("complete", {"force": True}, "force", "unknown field"),
        ]
        for action, body, field, words in cases:
            with self.subTest(action=action, body=body):
                problem = self.assert_problem(self.life(course, action, body), 400, field)
                self.assertIn(words, problem["detail"])
        for name, body, field in MALFORMED_BODIES:
            with self.subTest(case=name):
                # No body at all is no reason: completing may do without one.
                self.assert_problem(self.life(course, "discontinue", body), 400,
                                    "reason" if body == b"" else field)
        self.assert_problem(self.life(course, "discontinue", b'{"reason": "x"}',
                                      content_type="text/plain"), 415)
        self.assertEqual(self.audit(), audit)
        self.assertEqual(self.course(course)["status"], "active")

    def test_unknown_ids_are_404_and_other_methods_405(self):
        for action, body in (("complete", None), ("discontinue", {"reason": "moved away"}),
                             ("reopen", {"reason": "back"})):
            with self.subTest(action=action):
                self.assert_problem(self.life(999999, action, body), 404, "course")
                response = self.request("GET", "/api/v1/courses/1/%s" % action, token=self.staff)
                self.assert_problem(response, 405)
                self.assertEqual(response.headers.get("Allow"), "POST")


class RecordDatesTest(RecordsTestCase):
    """Dates a record cannot have are 400 naming the field (docs/records.md#dates)."""

    def test_the_clinic_answers_its_today(self):
        clinic = self.request("GET", "/api/v1/clinic", token=self.staff).json()
        self.assertEqual(clinic["today"], TODAY)

    def test_a_session_after_today_or_before_the_start_is_400_and_writes_nothing(self):
        course = self.new_course(self.new_client("Emmy Noether"))
        sessions = "/api/v1/courses/%d/sessions" % course
        bookings = "/api/v1/courses/%d/bookings" % course
        audit = self.audit()
        for path, body, words in (
                (sessions, {"date": "2029-01-01"}, "is after today (2028-12-31 in UTC)"),
                (sessions, {"date": "2029-01-01", "force": True, "reason": "no"}, "after today"),
                (sessions, {"date": "2027-01-03"}, "before the course's start on 2027-01-04"),
                (bookings, {"date": "2027-01-01"}, "before the course's start on 2027-01-04"),
                (sessions, {"date": "0000-12-20"}, "does not exist on the calendar"),
                (bookings, {"date": "9999-12-20"}, "would carry the course past 9999-12-31")):
            with self.subTest(path=path, body=body):
                problem = self.assert_problem(self.request("POST", path, body, token=self.staff),
                                              400, "date")
                self.assertIn(words, problem["detail"])
        self.assertEqual(self.audit(), audit, "not even a safety.refused entry")
        self.assertEqual(self.course(course)["sessions"], [])
        self.assert_status(self.request("POST", sessions, {"date": TODAY}, token=self.staff), 201)
        self.assert_status(self.request("POST", bookings, {"date": "2029-02-04"},
                                        token=self.staff), 201)

    def test_far_future_and_year_0000_are_refused_and_the_reads_still_work(self):
        client = self.new_client("Hypatia")
        course = self.new_course(client)
        audit = self.audit()
        for path, body, field in (
                ("/api/v1/courses", {"client": client, "laxity": "mild", "start": "9999-12-20"},
                 "start"),
                ("/api/v1/courses", {"client": client, "laxity": "severe", "start": "9998-09-01"},
                 "start"),
                ("/api/v1/courses", {"client": client, "laxity": "mild", "start": "0000-06-01"},
                 "start"),
                ("/api/v1/courses/%d/bookings" % course, {"date": "9999-12-20"}, "date")):
            with self.subTest(body=body):
                self.assert_problem(self.request("POST", path, body, token=self.staff), 400, field)
        for query, field in (("on=9999-12-31&within=1", "within"), ("on=9999-12-20", "within"),
                             ("on=0000-12-31", "on")):
            with self.subTest(query=query):
                self.assert_problem(self.request("GET", "/api/v1/due?" + query,
                                                 token=self.staff), 400, field)
        self.assertEqual(self.audit(), audit)
        self.assertEqual(self.request("GET", "/api/v1/due?on=9999-12-31&within=0",
                                      token=self.staff).json()[0]["course"], course)
        for path in ("/api/v1/due", "/api/v1/due.csv", "/api/v1/courses/%d" % course,
                     "/api/v1/clients/%d" % client, "/api/v1/courses/%d.ics" % course):
            with self.subTest(path=path):
                response = self.request("GET", path, token=self.staff)
                self.assert_status(response, 200)
                self.assertNotIn(b"0000-", response.body)
        self.assertNotIn("0000-", self.server.cli("export", "courses").stdout)

    def test_the_clients_stored_skin_type_is_used_when_the_body_leaves_it_out(self):
        client = self.new_client("Mae Jemison", skin_type="VI")
        course = self.new_course(client)
        plan = self.course(course)["plan"]
        self.assertEqual(plan["assessment"]["skin_type"], "VI")
        self.assertEqual(plan["screening"]["status"], "caution")
        self.assertIn("skin-type", [finding["code"] for finding in plan["screening"]["findings"]])
        cli_course = int(self.server.cli("course", "start", "--client", str(client), "--laxity",
                                         "mild", "--areas", "face", "--start", START).stdout)
        self.assertEqual(self.server.cli_json("course", "show", str(cli_course))["plan"], plan,
                         "the command line plans it the same way")
        given = self.new_course(client, skin_type="II")
        self.assertEqual(self.course(given)["plan"]["assessment"]["skin_type"], "II")



class TimeZoneBookingTest(RecordsTestCase):
    """A booking at a time the clinic's clocks skip is 400 naming "time" and the gap."""

    @classmethod
    def prepare(cls, server):
        super().prepare(server)
        server.cli("clinic", "set", "--time-zone", "Europe/Berlin")

    def test_a_time_in_the_spring_forward_gap_is_400_and_writes_nothing(self):
        course = self.new_course(self.new_client("Ada Lovelace"))
        bookings = "/api/v1/courses/%d/bookings" % course
        audit = self.audit()
        for body in ({"date": "2029-03-25", "time": "02:30"},
                     {"date": "2029-03-25", "time": "02:30", "force": True, "reason": "asked"}):
            with self.subTest(body=body):
                problem = self.assert_problem(self.request("POST", bookings, body,
                                                           token=self.staff), 400, "time")
                self.assertEqual(problem["detail"], "time: 02:30 does not exist on 2029-03-25 in "
                                 "Europe/Berlin: clocks go from 02:00 to 03:00")
        self.assertEqual(self.audit(), audit, "not even a safety.refused entry")
        self.assertEqual(self.course(course)["bookings"], [])
        # The autumn's 02:30 occurs twice: bookable, and the calendar says which one.
        self.assert_status(self.request("POST", bookings, {"date": "2029-10-28", "time": "02:30"},
                                        token=self.staff), 201)
        ics = self.request("GET", "/api/v1/courses/%d.ics" % course, token=self.staff).body
        self.assertIn(b"DTSTART:20291028T003000Z", ics, "the first occurrence, in UTC")


# ---------------------------------------------------------------------------
# Login, cookies, CSRF, throttling


class LoginTest(ServerTestCase):

    @classmethod
    def prepare(cls, server):
        server.add_user("nurse@clinic.example", "staff")
        server.add_user("victim@clinic.example", "staff")

    def login(self, email="nurse@clinic.example", password=PASSWORD):
        return self.request("POST", "/api/v1/login", {"email": email, "password": password})

    def session(self):
        """Logs in; returns (cookie header value, csrf token, Set-Cookie attributes)."""
        response = self.login()
        self.assert_status(response, 200)
        set_cookie = response.headers["Set-Cookie"]
        pair, *attributes = [part.strip() for part in set_cookie.split(";")]
        return pair, response.json()["csrf_token"], attributes

    def metric(self, name):
        text = self.request("GET", "/metrics").body.decode()
        match = re.search(r"^%s (\d+)$" % re.escape(name), text, re.M)
        self.assertIsNotNone(match, name)
        return int(match.group(1))

    def test_login_sets_an_httponly_strict_cookie_with_max_age(self):
        response = self.login()
        self.assert_status(response, 200)
        body = response.json()
        self.assertEqual((body["email"], body["role"]), ("nurse@clinic.example", "staff"))
        self.assertRegex(body["csrf_token"], r"^\S{16,}$")
        self.assertNotIn(PASSWORD, response.body.decode())
        cookies = response.headers.get_all("Set-Cookie")
        self.assertEqual(len(cookies), 1)
        pair, *attributes = [part.strip() for part in cookies[0].split(";")]
        name, _, value = pair.partition("=")
        self.assertTrue(name and len(value) >= 16, pair)
        self.assertNotEqual(value, body["csrf_token"])
        lowered = [a.lower() for a in attributes]
        self.assertIn("httponly", lowered)
        self.assertIn("samesite=strict", lowered)
        max_age = [a for a in lowered if a.startswith("max-age=")]
        self.assertEqual(len(max_age), 1, attributes)
        self.assertGreater(int(max_age[0].split("=")[1]), 0)
        self.assertIn("path=/", lowered)

    def test_a_cookie_session_reads_and_needs_the_csrf_token_to_write(self):
        cookie, csrf, _ = self.session()
        me = self.request("GET", "/api/v1/me", cookie=cookie)
        self.assert_status(me, 200)
        self.assertEqual(me.json()["email"], "nurse@clinic.example")
        # The session's own token again, for a page that was reloaded.
        self.assertEqual(me.json()["csrf_token"], csrf)
        before = self.server.cli_json("client", "list")
        for sent in (None, "", "0" * len(csrf), csrf[:-1]):
            with self.subTest(csrf=sent):
                refused = self.request("POST", "/api/v1/clients", {"name": "Forged Client"},
                                       cookie=cookie, csrf=sent)
                self.assert_problem(refused, 403, "X-CSRF-Token")
        self.assertEqual(self.server.cli_json("client", "list"), before)
        # The CSRF token is no credential by itself.
        self.assert_problem(self.request("POST", "/api/v1/clients", {"name": "No Cookie"},
                                         csrf=csrf), 401)
        created = self.request("POST", "/api/v1/clients", {"name": "Cookie Client"},
                               cookie=cookie, csrf=csrf)
        self.assert_status(created, 201)
        names = [c["name"] for c in self.server.cli_json("client", "list")]
        self.assertIn("Cookie Client", names)
        self.assertNotIn("Forged Client", names)

    def test_logout_ends_the_session(self):
        cookie, csrf, _ = self.session()
        other_cookie, _, _ = self.session()
        self.assert_status(self.request("GET", "/api/v1/me", cookie=cookie), 200)
        logout = self.request("POST", "/api/v1/logout", cookie=cookie, csrf=csrf)
        self.assert_status(logout, 204)
        cleared = logout.headers["Set-Cookie"].lower()
        self.assertIn("max-age=0", cleared)
        self.assert_problem(self.request("GET", "/api/v1/me", cookie=cookie), 401)
        self.assert_problem(self.request("POST", "/api/v1/clients", {"name": "After Logout"},
                                         cookie=cookie, csrf=csrf), 401)
        # Another session of the same user is not ended by this one's logout.
        self.assert_status(self.request("GET", "/api/v1/me", cookie=other_cookie), 200)

    def test_failed_logins_are_slowed_and_counted(self):
        failed_before = self.metric("collagenda_logins_failed_total")
        locked_at = time.monotonic()
        wrong = self.login("victim@clinic.example", "not the password at all")
        self.assert_problem(wrong, 401)
        unknown = self.login("nobody@clinic.example", "not the password at all")
        self.assert_problem(unknown, 401)
        self.assertEqual(wrong.json()["detail"], unknown.json()["detail"],
                         "the answer tells which addresses exist")
        failures = 1
        throttled = None
        for _ in range(8):
            sent_at = time.monotonic()
            response = self.login("victim@clinic.example", "not the password at all")
            if response.status == 429:
                throttled = response
                break
            self.assert_problem(response, 401)
            failures += 1
            locked_at = sent_at  # the server judged this failure no earlier
        self.assertIsNotNone(throttled, "8 failed logins in a row were never slowed")
        self.assertLessEqual(failures, 6)
        self.assert_problem(throttled, 429)
        retry_after = int(throttled.headers["Retry-After"])
        self.assertGreaterEqual(retry_after, 1)
        # While locked, even the right password is turned away. The shortest
        # lock is 2 s counted in whole seconds of the clock, so it lasts more
        # than 1 s past the failure that set it; an answer later than that
        # (a stalled machine) may rightly be a login.
        right = self.login("victim@clinic.example")
        if time.monotonic() - locked_at < 1.0:
            self.assert_problem(right, 429)
        else:
            self.assertIn(right.status, (200, 429), right)
        # Other users are not locked out.
        self.assert_status(self.login(), 200)
        self.assertEqual(self.metric("collagenda_logins_failed_total"),
                         failed_before + failures + 1)
        if retry_after <= 3:
            time.sleep(retry_after + 0.2)
            self.assert_status(self.login("victim@clinic.example"), 200)

    def test_login_refuses_bad_bodies(self):
        for name, body, field in MALFORMED_BODIES:
            with self.subTest(case=name):
                self.assert_problem(self.request("POST", "/api/v1/login", body), 400, field)
        for body, field in (({"email": "nurse@clinic.example"}, "password"),
                            ({"email": 1, "password": PASSWORD}, "email"),
                            ({"email": "nurse@clinic.example", "password": PASSWORD,
                              "remember": True}, "remember")):
            with self.subTest(body=body):
                self.assert_problem(self.request("POST", "/api/v1/login", body), 400, field)
        self.assert_problem(self.request("POST", "/api/v1/login", "{}",
                                         content_type="text/plain"), 415)


# ---------------------------------------------------------------------------
# Metrics


METRIC_LINE = re.compile(
    r'^[a-zA-Z_:][a-zA-Z0-9_:]*(\{[a-zA-Z_][a-zA-Z0-9_]*="[^"\\\n]*"'
    r'(,[a-zA-Z_][a-zA-Z0-9_]*="[^"\\\n]*")*\})? -?[0-9.e+-]+$|^[a-zA-Z_:][a-zA-Z0-9_:]*'
    r'(\{.*\})? \+Inf$')


def parse_metrics(text):
    """{(name, frozenset(labels)): value} from Prometheus text; checks each line."""
    samples = {}
    typed = {}
    for line in text.splitlines():
        if line.startswith("# TYPE "):
            _, _, name, kind = line.split(" ", 3)
            typed[name] = kind
            continue
        if line.startswith("#") or not line:
            continue
        if not METRIC_LINE.match(line):
            raise AssertionError("not a Prometheus sample line: %r" % line)
        name_labels, value = line.rsplit(" ", 1)
        name, _, labels = name_labels.partition("{")
        pairs = frozenset(re.findall(r'([a-zA-Z_][a-zA-Z0-9_]*)="([^"]*)"', labels))
        samples[(name, pairs)] = float(value)
    return samples, typed


class MetricsTest(ServerTestCase):

    @classmethod
    def prepare(cls, server):
        cls.token = server.add_user("metrics@clinic.example", "staff")

    def test_metrics_count_requests_plans_and_refused_sessions(self):
        bodies = []

        def sent(body):
            bodies.append(len(json.dumps(body).encode()))
            return body

        for _ in range(3):
            self.assert_status(self.request("POST", "/api/v1/plan", sent({"laxity": "mild"})), 200)
        self.assert_problem(self.request("POST", "/api/v1/plan", sent({"laxity": "huge"})), 400)
        self.assert_problem(self.request("GET", "/no/such/route"), 404)
        self.assert_status(self.request("GET", "/healthz"), 200)
        client = self.create("/api/v1/clients", sent({"name": "Rosalind Franklin"}),
                             token=self.token)
        course = self.create("/api/v1/courses", sent({"client": client, "laxity": "mild",
                                                       "start": START}), token=self.token)
        path = "/api/v1/courses/%d/sessions" % course
        self.assert_status(self.request("POST", path, sent({"date": START}), token=self.token),
                           201)
        for day in ("2027-01-05", "2027-01-06"):
            self.assert_problem(self.request("POST", path, sent({"date": day}), token=self.token),
                                409)
        self.assert_problem(self.request("GET", "/api/v1/clients"), 401)
        answered = 3 + 1 + 1 + 1 + 2 + 1 + 2 + 1

        response = self.request("GET", "/metrics")
        self.assert_status(response, 200)
        self.assertTrue(response.headers["Content-Type"].startswith("text/plain; version=0.0.4"))
        samples, typed = parse_metrics(response.body.decode())

        def requests(method, route, status):
            return samples.get(("collagenda_http_requests_total",
                                frozenset({("route", route), ("method", method),
                                           ("status", str(status))})), 0)

        self.assertEqual(typed.get("collagenda_http_requests_total"), "counter")
        self.assertEqual(requests("POST", "/api/v1/plan", 200), 3)
        self.assertEqual(requests("POST", "/api/v1/plan", 400), 1)
        self.assertEqual(requests("GET", "/healthz", 200), 1)
        self.assertEqual(requests("POST", "/api/v1/clients", 201), 1)
        self.assertEqual(requests("GET", "/api/v1/clients", 401), 1)
        self.assertEqual(requests("POST", "/api/v1/courses/{id}/sessions", 201), 1)
        self.assertEqual(requests("POST", "/api/v1/courses/{id}/sessions", 409), 2)
        self.assertEqual(sum(v for (name, labels), v in samples.items()
                             if name == "collagenda_http_requests_total" and
                             ("status", "404") in labels), 1)
        self.assertEqual(sum(v for (name, _), v in samples.items()
                             if name == "collagenda_http_requests_total"), answered)

        self.assertEqual(typed.get("collagenda_http_request_duration_seconds"), "histogram")
        buckets = sorted(((float("inf") if dict(labels)["le"] == "+Inf" else float(dict(labels)["le"])),
                          value) for (name, labels), value in samples.items()
                         if name == "collagenda_http_request_duration_seconds_bucket")
        self.assertGreaterEqual(len(buckets), 5)
        self.assertEqual(buckets[-1][0], float("inf"))
        counts = [value for _, value in buckets]
        self.assertEqual(counts, sorted(counts), "histogram buckets must be cumulative")
        count = samples[("collagenda_http_request_duration_seconds_count", frozenset())]
        self.assertEqual(counts[-1], count)
        self.assertEqual(count, answered)
        self.assertGreater(samples[("collagenda_http_request_duration_seconds_sum", frozenset())], 0)

        self.assertEqual(samples[("collagenda_plans_computed_total", frozenset())], 3)
        self.assertEqual(samples[("collagenda_sessions_refused_total", frozenset())], 2)
        self.assertEqual(samples[("collagenda_logins_failed_total", frozenset())], 0)
        self.assertEqual(samples[("collagenda_http_request_body_bytes_total", frozenset())],
                         sum(bodies))
        # Every request is answered, so no body is held any more.
        self.assertEqual(samples[("collagenda_http_request_bodies_held_bytes", frozenset())], 0)
        self.assertEqual(typed.get("collagenda_http_request_bodies_held_bytes"), "gauge")
        for name in ("collagenda_plans_computed_total", "collagenda_sessions_refused_total",
                     "collagenda_logins_failed_total", "collagenda_http_request_body_bytes_total"):
            self.assertEqual(typed.get(name), "counter")


# ---------------------------------------------------------------------------
# Two clinics


def cds_request(client, day):
    """A CDS Hooks appointment-book request for client on day (docs/interop.md#formats)."""
    return {"hook": "appointment-book", "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
            "context": {"userId": "Practitioner/1", "patientId": str(client),
                        "appointments": {"resourceType": "Bundle", "entry": [
                            {"resource": {"resourceType": "Appointment", "status": "proposed",
                                          "start": day + "T09:00:00Z"}}]}}}


class ClinicIsolationTest(ServerTestCase):
    """Each clinic's user sees only that clinic's records: other ids are 404."""

    ALICE_NAMES = ["Hypatia Quillfeather", "hypatia@alice.example", "+1 555 0100"]
    BOB_NAMES = ["Ptolemy Brightwater", "ptolemy@bob.example", "+1 555 0199"]

    @classmethod
    def prepare(cls, server):
        cls.alice = server.add_user("alice@alice.example", "admin")
        cls.bob = server.add_user("bob@bob.example", "admin", clinic="Bob Clinic")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ids = {}
        for owner, token, (name, email, phone) in (("alice", cls.alice, cls.ALICE_NAMES),
                                                   ("bob", cls.bob, cls.BOB_NAMES)):
            client = cls.server.request("POST", "/api/v1/clients", {
                "name": name, "email": email, "phone": phone}, token=token).json()["id"]
            course = cls.server.request("POST", "/api/v1/courses", {
                "client": client, "laxity": "mild", "areas": ["face"], "start": START},
                token=token).json()["id"]
            session = cls.server.request("POST", "/api/v1/courses/%d/sessions" % course,
                                         {"date": START}, token=token)
            assert session.status == 201, session
            booking = cls.server.request("POST", "/api/v1/courses/%d/bookings" % course,
                                         {"date": "2027-02-08", "time": "10:00"}, token=token)
            assert booking.status == 201, booking
            cls.ids[owner] = (client, course, booking.json()["id"])

    def assert_leaks_nothing(self, response, names):
        text = response.body.decode("utf-8", "replace").lower()
        for name in names:
            self.assertNotIn(name.lower(), text)

    READS = 6  # the first requests below only read

    def cross_requests(self, client, course, booking):
        return [
            ("GET", "/api/v1/clients/%d" % client, None),
            ("GET", "/api/v1/courses/%d" % course, None),
            ("GET", "/api/v1/courses/%d.ics" % course, None),
            ("GET", "/api/v1/courses/%d/fhir" % course, None),
            ("GET", "/api/v1/courses/%d/timeline.svg" % course, None),
            ("POST", "/cds-services/collagenda-session-safety", cds_request(client, "2027-03-01")),
            ("POST", "/api/v1/courses/%d/sessions" % course, {"date": "2027-03-01"}),
            ("POST", "/api/v1/courses/%d/sessions" % course,
             {"date": "2027-01-05", "force": True, "reason": "cross-clinic"}),
            ("POST", "/api/v1/courses", {"client": client, "laxity": "mild", "start": START}),
            ("POST", "/api/v1/clients/%d/feed" % client, None),
            ("DELETE", "/api/v1/clients/%d/feed" % client, None),
            ("POST", "/api/v1/courses/%d/bookings" % course, {"date": "2027-03-15"}),
            ("POST", "/api/v1/courses/%d/bookings" % course,
             {"date": "2027-02-10", "force": True, "reason": "cross-clinic"}),
            ("DELETE", "/api/v1/bookings/%d" % booking, None),
            ("POST", "/api/v1/courses/%d/complete" % course, None),
            ("POST", "/api/v1/courses/%d/discontinue" % course, {"reason": "cross-clinic"}),
            ("POST", "/api/v1/courses/%d/reopen" % course, {"reason": "cross-clinic"}),
        ]

    def test_the_same_reads_succeed_for_the_owner(self):
        for owner, token in (("alice", self.alice), ("bob", self.bob)):
            for method, path, body in self.cross_requests(*self.ids[owner])[:self.READS]:
                with self.subTest(owner=owner, path=path):
                    self.assert_status(self.request(method, path, body, token=token), 200)

    def test_every_staff_route_with_the_other_clinics_ids_is_404(self):
        for me, token, other, their_names in (("bob", self.bob, "alice", self.ALICE_NAMES),
                                              ("alice", self.alice, "bob", self.BOB_NAMES)):
            client, course, booking = self.ids[other]
            missing = self.cross_requests(999999, 999999, 999999)
            for (method, path, body), (_, missing_path, missing_body) in zip(
                    self.cross_requests(client, course, booking), missing):
                with self.subTest(me=me, method=method, path=path):
                    response = self.request(method, path, body, token=token)
                    problem = self.assert_problem(response, 404)
                    self.assert_leaks_nothing(response, their_names)
                    # Indistinguishable from an id that never existed.
                    never = self.request(method, missing_path, missing_body, token=token).json()
                    self.assertEqual(problem["detail"].replace(str(client), "N").replace(
                        str(course), "N").replace(str(booking), "N"),
                        never["detail"].replace("999999", "N"))
                    self.assertEqual(problem.get("field"), never.get("field"))

    def test_lists_show_only_the_callers_clinic(self):
        for token, mine, theirs, their_email in (
                (self.bob, self.BOB_NAMES, self.ALICE_NAMES, "alice@alice.example"),
                (self.alice, self.ALICE_NAMES, self.BOB_NAMES, "bob@bob.example")):
            for path in ("/api/v1/clients", "/api/v1/due?on=2027-01-01&within=3650",
                         "/api/v1/due.csv?on=2027-01-01&within=3650", "/api/v1/users",
                         "/api/v1/me"):
                with self.subTest(path=path, caller=mine[0]):
                    response = self.request("GET", path, token=token)
                    self.assert_status(response, 200)
                    self.assert_leaks_nothing(response, theirs + [their_email])
            clients = self.request("GET", "/api/v1/clients", token=token).json()
            self.assertEqual([c["name"] for c in clients], [mine[0]])
            due = self.request("GET", "/api/v1/due?on=2027-01-01&within=3650", token=token).json()
            self.assertEqual([row["name"] for row in due], [mine[0]])
        self.assertEqual(self.request("GET", "/api/v1/me", token=self.bob).json()["clinic"],
                         "Bob Clinic")

    def test_nothing_is_written_across_clinics(self):
        for me, token, other, clinic in (("bob", self.bob, "alice", None),
                                         ("alice", self.alice, "bob", "Bob Clinic")):
            client, course, booking = self.ids[other]
            for method, path, body in self.cross_requests(client, course, booking):
                self.request(method, path, body, token=token)
            courses = self.server.cli_json("export", "courses", clinic=clinic)
            self.assertEqual([c["id"] for c in courses], [course])
            shown = self.server.cli_json("course", "show", str(course), clinic=clinic)
            self.assertEqual(len(shown["sessions"]), 1)
            self.assertEqual([b["id"] for b in shown["bookings"]], [booking])
        # Each clinic still has exactly its own one client and one course.
        self.assertEqual(len(self.server.cli_json("client", "list")), 1)
        self.assertEqual(len(self.server.cli_json("client", "list", clinic="Bob Clinic")), 1)


# ---------------------------------------------------------------------------
# Slow clients


class SlowClientsTest(ServerTestCase):
    """200 half-sent requests must not hold up anyone else or grow memory without bound."""

    SLOW_CLIENTS = 200
    PARTIAL_BODY = 64 << 10

    def partial_requests(self):
        """The first bytes of requests that never finish, three kinds in turn."""
        yield b"POST /api/v1/plan HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Ty"
        yield (b"POST /api/v1/plan HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n{\"laxity\": \"mild\""
               % MAX_BODY + b" " * self.PARTIAL_BODY)
        yield (b"POST /api/v1/plan HTTP/1.1\r\nHost: 127.0.0.1\r\n"
               b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
               b"%x\r\n" % (2 * self.PARTIAL_BODY) + b" " * self.PARTIAL_BODY)

    def timed_request(self, method, path, body=None):
        started = time.monotonic()
        response = self.request(method, path, body)
        return response, time.monotonic() - started

    def test_half_sent_requests_do_not_block_others_and_memory_stays_bounded(self):
        for _ in range(20):  # warm up every server thread and allocator arena
            self.assert_status(self.request("POST", "/api/v1/plan", ASSESSMENTS[1]), 200)
        pid = self.server.process.pid
        rss_before = vm_rss_kib(pid)

        slow = []
        kinds = list(self.partial_requests())
        body_bytes = [0, len(b'{"laxity": "mild"') + self.PARTIAL_BODY, self.PARTIAL_BODY]
        expected = self.gauge("collagenda_http_request_body_bytes_total")
        try:
            for index in range(self.SLOW_CLIENTS):
                sock = spread_connection(self.server.port, index, timeout=30)
                sock.sendall(kinds[index % len(kinds)])
                slow.append(sock)
                expected += body_bytes[index % len(kinds)]
            # Memory is measured once the server holds every partial body sent.
            self.wait_for_body_bytes(expected)

            slowest = 0
            for path, body in (("/healthz", None), ("/api/v1/plan", ASSESSMENTS[2]),
                               ("/metrics", None), ("/api/v1/plan", ASSESSMENTS[0])):
                response, seconds = self.timed_request("GET" if body is None else "POST", path,
                                                       body)
                slowest = max(slowest, seconds)
                self.assert_status(response, 200)
                self.assertLess(seconds, 1.0, "%s took %.3f s beside %d slow clients"
                                % (path, seconds, self.SLOW_CLIENTS))

            rss_during = vm_rss_kib(pid)
            growth_mib = (rss_during - rss_before) / 1024
            self.assertLess(growth_mib, 64, "VmRSS grew by %.1f MiB with %d slow clients"
                            % (growth_mib, self.SLOW_CLIENTS))
            # The slow clients are still connected: the server did not just drop them all.
            still_open = 0
            for sock in slow:
                readable, _, _ = select.select([sock], [], [], 0)
                try:
                    if not readable or sock.recv(1, socket.MSG_PEEK):
                        still_open += 1
                except OSError:
                    pass
            self.assertGreater(still_open, self.SLOW_CLIENTS // 2)
            print("\n  slow clients: %d held, %d still open; VmRSS %+.1f MiB; slowest answer %.3f s"
                  % (self.SLOW_CLIENTS, still_open, growth_mib, slowest), file=sys.stderr)
        finally:
            for sock in slow:
                sock.close()
        self.assert_status(self.request("POST", "/api/v1/plan", ASSESSMENTS[0]), 200)
        # The abandoned bodies are given back to the budget.
        self.wait_until(lambda: self.gauge("collagenda_http_request_bodies_held_bytes") == 0, 30,
                        "the body budget is all free")


class BufferedBodiesTest(ServerTestCase):
    """Many nearly full bodies at once: the server holds at most its 64 MiB budget of them.

    What it guards: memory for request bodies stays within the budget however
    many clients send at once, and the budget is neither leaked nor left
    unused. A body that declares its length takes its whole share of the
    budget with its first chunk, atomically, or is dropped then (server.c),
    so how many are kept does not depend on how the server's threads
    interleave: exactly as many as fit. (It once counted growth step by step
    and let a body overshoot for a moment, and the number kept varied with the
    machine's load: 71 against a limit of 68 with both cores busy.)
    """

    CLIENTS = 80  # 80 MiB of bodies if each were kept
    BUDGET = 64 << 20
    ALLOWANCE = 64 << 10  # the first 64 KiB of each body are outside the budget
    # Every body declares MAX_BODY - 1 bytes: the server's buffer for it
    # (with its terminating NUL) is MAX_BODY bytes, the budget's share that
    # less the allowance.
    LENGTH = MAX_BODY - 1
    HELD_PER_BODY = MAX_BODY - ALLOWANCE
    KEPT = BUDGET // HELD_PER_BODY  # 68
    CHUNK = 64 << 10
    HELD = "collagenda_http_request_bodies_held_bytes"
    # In the sanitizer build, ASan keeps freed memory in a quarantine (256 MiB
    # by default) that would count in VmRSS as if the server still held it.
    SERVER_ENVIRONMENT = {"ASAN_OPTIONS": "quarantine_size_mb=0"}

    @staticmethod
    def status_of(sock):
        """The status code of the answer on sock ("HTTP/1.1 400 ...")."""
        line = b""
        while b"\r\n" not in line:
            data = sock.recv(64)
            if not data:
                raise AssertionError("the connection closed without an answer: %r" % line)
            line += data
        return int(line.split(b" ")[1])

    def test_bodies_past_the_budget_are_dropped_and_answered_503(self):
        for _ in range(20):  # warm up every server thread and allocator arena
            self.assert_status(self.request("POST", "/api/v1/plan", ASSESSMENTS[1]), 200)
        pid = self.server.process.pid
        rss_before = vm_rss_kib(pid)
        received = self.gauge("collagenda_http_request_body_bytes_total")
        head = (b"POST /api/v1/plan HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n" % self.LENGTH)
        held = []
        started = time.monotonic()
        try:
            # Every body's first byte: each is kept or dropped as it comes.
            for index in range(self.CLIENTS):
                sock = spread_connection(self.server.port, index, timeout=60)
                sock.sendall(head + b" ")
                held.append(sock)
            received += self.CLIENTS
            self.wait_for_body_bytes(received)
            self.assertEqual(self.gauge(self.HELD), self.KEPT * self.HELD_PER_BODY)

            # All but the last byte of every body, a chunk to each in turn (so
            # no connection is idle for long): the kept ones are held whole.
            left = self.LENGTH - 2
            while left > 0:
                size = min(self.CHUNK, left)
                for sock in held:
                    sock.sendall(b" " * size)
                left -= size
            received += self.CLIENTS * (self.LENGTH - 2)
            self.wait_for_body_bytes(received)
            held_bytes = self.gauge(self.HELD)
            self.assertEqual(held_bytes, self.KEPT * self.HELD_PER_BODY)
            growth_mib = (vm_rss_kib(pid) - rss_before) / 1024
            self.assertLess(growth_mib, self.BUDGET / (1 << 20) + 32,
                            "VmRSS grew by %.1f MiB holding %d bodies of 1 MiB"
                            % (growth_mib, self.KEPT))
            self.assert_status(self.request("POST", "/api/v1/plan", ASSESSMENTS[0]), 200)

            # Each body ends: the kept ones are read (blank, so 400), the dropped ones 503.
            for sock in held:
                sock.sendall(b" ")
            statuses = collections.Counter(self.status_of(sock) for sock in held)
            self.assertEqual(statuses, {400: self.KEPT, 503: self.CLIENTS - self.KEPT})
            print("\n  %d bodies of 1 MiB: %d kept (%.1f MiB counted), VmRSS %+.1f MiB; "
                  "answers %s in %.1f s" % (self.CLIENTS, self.KEPT, held_bytes / (1 << 20),
                                            growth_mib, dict(statuses),
                                            time.monotonic() - started),
                  file=sys.stderr)
        finally:
            for sock in held:
                sock.close()
        # Every body let go of is given back to the budget.
        self.wait_until(lambda: self.gauge(self.HELD) == 0, 30, "the budget is all free")


# ---------------------------------------------------------------------------
# Graceful stop


class GracefulStopTest(ServerTestCase):
    """SIGTERM under a write load: exit 0, and every 2xx answer is in the database."""

    WRITERS = 4

    @classmethod
    def prepare(cls, server):
        cls.token = server.add_user("load@clinic.example", "staff")

    def writer(self, index, stop, results):
        token = self.token
        client = self.create("/api/v1/clients", {"name": "Writer %d" % index}, token=token)
        course = self.create("/api/v1/courses", {"client": client, "laxity": "mild",
                                                  "start": START}, token=token)
        keep_alive = index % 2 == 1  # half the writers reuse one connection
        connection = self.server.connect(timeout=15) if keep_alive else None
        day = 0
        errors_in_a_row = 0
        n = 0
        while not stop.is_set() and errors_in_a_row < 3:
            n += 1
            if n % 2:
                kind, body, path = "client", {"name": "Load %d-%d" % (index, n)}, "/api/v1/clients"
            else:
                day += 30  # past the protocol's floor, so no session is refused
                date = (datetime.date(2027, 1, 4) + datetime.timedelta(days=day)).isoformat()
                kind, body, path = "session", {"date": date}, "/api/v1/courses/%d/sessions" % course
            try:
                response = self.server.request("POST", path, body, token=token,
                                               connection=connection)
                results.append((kind, body, response.status,
                                response.json().get("id") if response.status == 201 else None))
                errors_in_a_row = 0
            except (OSError, http.client.HTTPException) as error:
                results.append((kind, body, None, type(error).__name__))
                errors_in_a_row += 1
                if keep_alive:
                    connection.close()
                    connection = self.server.connect(timeout=15)
                time.sleep(0.01)
        if connection:
            connection.close()

    def test_sigterm_during_writes_exits_0_and_keeps_every_answered_write(self):
        stop = threading.Event()
        results = [[] for _ in range(self.WRITERS)]
        threads = [threading.Thread(target=self.writer, args=(i, stop, results[i]))
                   for i in range(self.WRITERS)]
        for thread in threads:
            thread.start()

        def answered():
            return sum(1 for r in results for item in r if item[2] == 201)

        # The signal must come in the middle of the load: once it is under way.
        self.wait_until(lambda: answered() > 10, 60, "the load got going")
        answered_before = answered()

        stopped_at = time.monotonic()
        self.server.process.send_signal(signal.SIGTERM)
        try:
            status = self.server.process.wait(15)
        except subprocess.TimeoutExpired:
            status = "still running 15 s after SIGTERM"
        stop_seconds = time.monotonic() - stopped_at
        stop.set()
        for thread in threads:
            thread.join(30)
            self.assertFalse(thread.is_alive(), "a writer still runs 30 s after the stop")
        self.server.exit_status = status
        self.assertEqual(status, 0)
        self.assertLess(stop_seconds, 5, "kept-alive connections held the stop up")

        with self.assertRaises(OSError):
            socket.create_connection(("127.0.0.1", self.server.port), timeout=2).close()

        all_results = [item for r in results for item in r]
        statuses = {item[2] for item in all_results}
        self.assertTrue(statuses <= {201, 503, None}, "unexpected answers: %s" % statuses)
        clients = {c["id"]: c["name"] for c in self.server.cli_json("client", "list")}
        sessions = {s["id"]: s for s in self.server.cli_json("export", "sessions")}
        answered = 0
        for kind, body, status, created in all_results:
            if status != 201:
                continue
            answered += 1
            if kind == "client":
                self.assertEqual(clients.get(created), body["name"],
                                 "client %s answered 201 but is not in the database" % created)
            else:
                self.assertIn(created, sessions,
                              "session %s answered 201 but is not in the database" % created)
                self.assertEqual(sessions[created]["date"], body["date"])
        self.assertGreaterEqual(answered, answered_before)
        self.assertEqual(testdb.integrity(self.server.db), "ok")
        print("\n  graceful stop: %d writes answered 201, %d refused or cut off; stopped in %.2f s"
              % (answered, len(all_results) - answered, stop_seconds), file=sys.stderr)


class StopSignalMaskTest(ServerTestCase):
    """Every thread of the server blocks SIGTERM and SIGINT, so only the
    thread that waits for them takes them: a thread that left them unblocked
    (the connection watchdog once did) would be picked by the kernel now and
    then and take the default action, killing the process mid-request."""

    def test_every_thread_blocks_the_stop_signals(self):
        stop_signals = (1 << (signal.SIGTERM - 1)) | (1 << (signal.SIGINT - 1))
        tasks = "/proc/%d/task" % self.server.process.pid
        masks = {}
        for task in os.listdir(tasks):
            # The main thread waits in sigwait, for which the kernel unblocks
            # the awaited signals: it is the one thread meant to take them.
            if task == str(self.server.process.pid):
                continue
            with open(os.path.join(tasks, task, "status")) as status:
                for line in status:
                    if line.startswith("SigBlk:"):
                        masks[task] = int(line.split()[1], 16)
        # The watchdog and the request threads at least.
        self.assertGreaterEqual(len(masks), 2, masks)
        unblocked = [task for task, mask in masks.items() if mask & stop_signals != stop_signals]
        self.assertEqual(unblocked, [], "threads that would die of SIGTERM: %s" % unblocked)


class StopDrainTest(ServerTestCase):
    """After SIGTERM: a request in flight is finished, a new one is refused."""

    @classmethod
    def prepare(cls, server):
        cls.token = server.add_user("drain@clinic.example", "staff")

    def test_a_request_in_flight_finishes_and_a_new_one_on_a_kept_alive_connection_is_refused(self):
        kept_alive = self.server.connect()
        first = self.request("POST", "/api/v1/clients", {"name": "Before Stop"}, token=self.token,
                             connection=kept_alive)
        self.assert_status(first, 201)

        body = json.dumps({"name": "In Flight"}).encode()
        in_flight = socket.create_connection(("127.0.0.1", self.server.port), timeout=30)
        # "100 Continue" is the server's word that it has taken the request
        # in (it comes after the request's first call to the handler, which
        # counts it as in flight): only then is it in flight for sure.
        in_flight.sendall(b"POST /api/v1/clients HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                          b"Authorization: Bearer " + self.token.encode() + b"\r\n"
                          b"Content-Type: application/json\r\nContent-Length: %d\r\n"
                          b"Expect: 100-continue\r\n\r\n" % len(body))
        interim = b""
        while b"\r\n\r\n" not in interim:
            data = in_flight.recv(256)
            self.assertTrue(data, "the connection closed before 100 Continue")
            interim += data
        self.assertTrue(interim.startswith(b"HTTP/1.1 100 "), interim)
        in_flight.sendall(body[:5])
        stopped_at = time.monotonic()
        self.server.process.send_signal(signal.SIGTERM)

        # The server stops listening right after it takes note of the signal.
        def refused_to_connect():
            try:
                socket.create_connection(("127.0.0.1", self.server.port), timeout=5).close()
                return False
            except ConnectionRefusedError:
                return True
        self.wait_until(refused_to_connect, 30, "the server stopped listening")

        # The kept-alive connection's next request came after the signal: refused, not written.
        refused = self.request("POST", "/api/v1/clients", {"name": "After Stop"},
                               token=self.token, connection=kept_alive)
        self.assert_problem(refused, 503)
        self.assertEqual(refused.headers.get("Connection", "").lower(), "close")
        kept_alive.close()

        # The request that was being sent when the signal came is finished and answered.
        in_flight.sendall(body[5:])
        answered = b""
        while b"\r\n\r\n" not in answered or not answered.rstrip().endswith(b"}"):
            data = in_flight.recv(65536)
            if not data:
                break
            answered += data
        in_flight.close()
        finished = parse_response(answered)
        self.assert_status(finished, 201)
        self.assertEqual(self.server.process.wait(30), 0)
        self.server.exit_status = 0
        # The drain ends when the requests in flight do, not at the server's
        # own ten-second limit (which kept-alive connections used to hold it
        # for): the bound is that limit, not a guess at how fast a busy
        # machine is.
        self.assertLess(time.monotonic() - stopped_at, 10)
        names = [client["name"] for client in self.server.cli_json("client", "list")]
        self.assertEqual(names, ["Before Stop", "In Flight"])


# ---------------------------------------------------------------------------
# Access log


ACCESS_LINE = re.compile(r"^(GET|HEAD|POST|PUT|DELETE|PATCH|OPTIONS|[A-Z]+) (\S+) (\d{3}) (\d+)$")


class AccessLogTest(ServerTestCase):

    SECRET_NAME = "Philippa Nightingale-Secret"

    @classmethod
    def prepare(cls, server):
        cls.token = server.add_user("logger@clinic.example", "staff")

    def test_one_line_per_request_without_client_data(self):
        token = self.token
        made = []

        def call(method, path, body=None, **kwargs):
            response = self.request(method, path, body, **kwargs)
            made.append((method, response.status))
            return response

        call("GET", "/healthz")
        call("POST", "/api/v1/plan", {"laxity": "mild", "start": START})
        client = call("POST", "/api/v1/clients", {"name": self.SECRET_NAME,
                                                  "email": "philippa@secret.example",
                                                  "phone": "+44 1632 960000"},
                      token=token).json()["id"]
        call("GET", "/api/v1/clients/%d?name=%s" % (client, "Philippa"), token=token)
        course = call("POST", "/api/v1/courses", {"client": client, "laxity": "mild",
                                                  "start": START}, token=token).json()["id"]
        call("POST", "/api/v1/courses/%d/sessions" % course,
             {"date": START, "notes": "Philippa felt fine"}, token=token)
        call("GET", "/api/v1/due?on=2027-01-01&within=30", token=token)
        call("GET", "/api/v1/clients", token="wrong-" + token)
        login = call("POST", "/api/v1/login", {"email": "logger@clinic.example",
                                               "password": PASSWORD})
        cookie = login.headers["Set-Cookie"].split(";")[0]
        call("GET", "/api/v1/me", cookie=cookie)
        call("GET", "/Philippa/secret-path?token=" + token)
        call("DELETE", "/api/v1/clients/%d" % client, token=token)
        call("POST", "/api/v1/plan", "{broken", )
        call("GET", "/calculator")
        self.assertEqual(self.server.stop(), 0)

        lines = self.server.access_log().splitlines()
        self.assertEqual(len(lines), len(made), "\n".join(lines))
        for line, (method, status) in zip(lines, made):
            match = ACCESS_LINE.match(line)
            self.assertIsNotNone(match, line)
            self.assertEqual((match.group(1), int(match.group(3))), (method, status), line)
            path = match.group(2)
            self.assertNotIn("?", path, line)
            self.assertFalse(re.search(r"/\d+", path), "an id in the log: " + line)
        text = self.server.access_log()
        for secret in (self.SECRET_NAME, "Philippa", "philippa", "secret", "1632", token,
                       cookie.split("=", 1)[1], PASSWORD, "logger@clinic.example", "felt fine",
                       "on=", "within"):
            self.assertNotIn(secret, text)


def main():
    global BINARY
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="the collagenda executable")
    arguments, rest = parser.parse_known_args()
    BINARY = os.path.abspath(arguments.binary)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()

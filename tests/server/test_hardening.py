#!/usr/bin/env python3
"""The server's hardening (docs/design.md#the-servers-limits) against a real `collagenda serve`.

One policy against framing on every answer; /metrics read by Prometheus's
own text parser (python3-prometheus-client, so this file runs on Debian's
interpreter); connections per client address; too many query arguments or
headers answered at once; request smuggling and the 413 a sending client
reads; the login throttle that many addresses cannot flush; HTTPS and a
trusted reverse proxy.

    python3 test_hardening.py --binary build/collagenda [FramingTest]

The server helpers are test_server.py's.
"""

import argparse
import collections
import glob
import http.client
import json
import os
import re
import resource
import select
import socket
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

import test_server
from test_server import ASSESSMENTS, MAX_BODY, PASSWORD, ServerTestCase, parse_response

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.dirname(os.path.dirname(HERE))
FRAMABLE = {"/calculator"}


def route_table():
    """(method, pattern) of every route in src/http/routes.c."""
    with open(os.path.join(SOURCE, "src", "http", "routes.c")) as routes:
        return re.findall(r'\{CLG_HTTP_([A-Z]+), "([^"]+)"', routes.read())


def concrete(pattern):
    """A path the pattern matches: ids 1, a token of 64 zeros."""
    return re.sub(r"\{[a-z_]+\}", lambda m: "0" * 64 if m.group(0) == "{token}" else "1",
                  pattern)


class FramingTest(ServerTestCase):
    """Every answer but /calculator's forbids framing, with one and the same policy."""

    @classmethod
    def prepare(cls, server):
        cls.token = server.add_user("framing@clinic.example", "staff")

    def policy(self, response):
        policies = response.headers.get_all("Content-Security-Policy") or []
        self.assertEqual(len(policies), 1, "%r: %r" % (response, policies))
        return policies[0]

    def test_every_page_and_static_file(self):
        paths = ["/static/" + os.path.relpath(path, os.path.join(SOURCE, "web"))
                 for path in glob.glob(os.path.join(SOURCE, "web", "**", "*"), recursive=True)
                 if os.path.isfile(path)]
        html = [path for path in paths if path.endswith(".html")]
        self.assertGreaterEqual(len(html), 2, paths)
        paths += [concrete(pattern) for method, pattern in route_table() if method == "GET"]
        paths += ["/no/such/page", "/static/no-such.html"]
        seen_html = 0
        strict = None
        for path in sorted(set(paths)):
            for token in (None, self.token):
                with self.subTest(path=path, token=bool(token)):
                    response = self.request("GET", path, token=token)
                    policy = self.policy(response)
                    if response.headers.get("Content-Type", "").startswith("text/html"):
                        seen_html += 1
                    if path in FRAMABLE:
                        self.assertIn("frame-ancestors *", policy)
                        continue
                    self.assertIn("frame-ancestors 'none'", policy, path)
                    strict = strict or policy
                    self.assertEqual(policy, strict, "one policy for every answer")
        self.assertGreaterEqual(seen_html, 2 * (len(html) + 1))


class PrometheusTest(ServerTestCase):
    """/metrics parses with Prometheus's parser and has no two samples alike."""

    @classmethod
    def prepare(cls, server):
        cls.token = server.add_user("prometheus@clinic.example", "staff")

    def test_no_duplicate_samples_with_routes_sharing_a_path(self):
        # GET and POST share /api/v1/clients; HEAD shares / with GET.
        self.assert_status(self.request("GET", "/api/v1/clients", token=self.token), 200)
        self.create("/api/v1/clients", {"name": "Ada Lovelace"}, token=self.token)
        self.assert_status(self.request("HEAD", "/"), 200)
        self.assert_status(self.request("GET", "/"), 200)
        self.assert_problem(self.request("DELETE", "/nowhere"), 404)
        self.assert_problem(self.request("GET", "/nowhere"), 404)
        self.assert_problem(self.request("PUT", "/api/v1/clients"), 405)
        requests = self.samples()
        self.assertEqual(requests[("/api/v1/clients", "GET", "200")], 1)
        self.assertEqual(requests[("/api/v1/clients", "POST", "201")], 1)
        self.assertEqual(requests[("/", "HEAD", "200")], 1)
        self.assertEqual(requests[("/", "GET", "200")], 1)
        self.assertEqual(requests[("none", "DELETE", "404")], 1)
        self.assertEqual(requests[("none", "GET", "404")], 1)
        # Every route once, so that every series the table can give appears.
        for method, pattern in route_table():
            self.request(method, concrete(pattern), token=self.token,
                         body={} if method in ("POST", "PUT", "PATCH") else None)
        routed = {(route, method) for route, method, _ in self.samples()}
        for method, pattern in route_table():
            self.assertIn((pattern, method), routed)

    def samples(self):
        """{(route, method, status): count} of /metrics, parsed by Prometheus's
        parser; fails on a sample that comes twice (same name and labels)."""
        text = self.request("GET", "/metrics").body.decode()
        seen = collections.Counter()
        requests = {}
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                seen[(sample.name, tuple(sorted(sample.labels.items())))] += 1
                if sample.name == "collagenda_http_requests_total":
                    requests[(sample.labels["route"], sample.labels["method"],
                              sample.labels["status"])] = sample.value
        self.assertEqual([key for key, count in seen.items() if count > 1], [])
        self.assertGreater(len(seen), 20)
        return requests


def raw(port, data, timeout=30, source="127.0.0.1"):
    """Sends data on a fresh connection and reads until the server closes it
    or a whole answer is in; returns the bytes read. timeout bounds a hang only."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=timeout,
                                    source_address=(source, 0))
    received = b""
    try:
        try:
            sock.sendall(data)
        except OSError:
            pass  # answered and closed before the rest was read: the answer counts
        while True:
            try:
                parse_response(received)
                break
            except (http.client.HTTPException, ValueError):
                pass
            try:
                chunk = sock.recv(65536)
            except ConnectionResetError:
                break
            if not chunk:
                break
            received += chunk
    finally:
        sock.close()
    return received


def status_line(data):
    return data.split(b"\r\n", 1)[0].decode("latin-1")


class RequestLimitsTest(ServerTestCase):
    """Too many query arguments or headers are answered at once, never dropped;
    ambiguous framing is refused; a 413 reaches a client still sending."""

    MAX_ARGUMENTS = 64  # docs/design.md: CLG_SERVER_MAX_QUERY_ARGUMENTS
    MAX_URI = 4096

    @classmethod
    def prepare(cls, server):
        server.add_user("limits@clinic.example", "staff")

    def get(self, target, headers=b""):
        return raw(self.server.port, b"GET " + target + b" HTTP/1.1\r\nHost: x\r\n" + headers +
                   b"\r\n")

    def test_many_query_arguments_are_answered_414(self):
        def query(count):
            return b"/healthz?" + b"&".join(b"a=%d" % i for i in range(count))
        self.assertEqual(status_line(self.get(query(self.MAX_ARGUMENTS))), "HTTP/1.1 200 OK")
        for count in (self.MAX_ARGUMENTS + 1, 500, 2000):
            with self.subTest(count=count):
                answer = parse_response(self.get(query(count)), "GET")
                self.assert_problem(answer, 414)
        long_value = b"/healthz?a=" + b"v" * self.MAX_URI
        self.assert_problem(parse_response(self.get(long_value), "GET"), 414)
        # Past what the server reads of a request line at all: libmicrohttpd's own 414.
        self.assertIn(" 414 ", status_line(self.get(b"/healthz?a=" + b"v" * 70000)))
        # And the server goes on answering.
        self.assert_status(self.request("GET", "/healthz"), 200)

    def test_too_many_or_too_large_headers_are_answered_431(self):
        many = b"".join(b"X-Header-%d: value\r\n" % i for i in range(3000))
        self.assertIn(" 431 ", status_line(self.get(b"/healthz", many)))
        large = b"X-Large: " + b"v" * 70000 + b"\r\n"
        self.assertIn(" 431 ", status_line(self.get(b"/healthz", large)))
        cookies = b"Cookie: " + b"; ".join(b"c%d=1" % i for i in range(8000)) + b"\r\n"
        self.assertIn(" 431 ", status_line(self.get(b"/healthz", cookies)))
        self.assert_status(self.request("GET", "/healthz"), 200)

    def smuggle(self, framing):
        """A POST whose framing is framing, with a second request in its body."""
        body = b"{}GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
        return raw(self.server.port, b"POST /api/v1/plan HTTP/1.1\r\nHost: x\r\n"
                   b"Content-Type: application/json\r\n" + framing + b"\r\n" + body)

    def test_ambiguous_framing_is_refused(self):
        cases = {
            "two lengths": b"Content-Length: 2\r\nContent-Length: 40\r\n",
            "same length twice": b"Content-Length: 2\r\nContent-Length: 2\r\n",
            "length and chunked": b"Content-Length: 2\r\nTransfer-Encoding: chunked\r\n",
        }
        for name, framing in cases.items():
            with self.subTest(name):
                data = self.smuggle(framing)
                answer = parse_response(data)
                self.assert_problem(answer, 400)
                self.assertIn("Content-Length", answer.json()["detail"])
                # One answer only: the "second request" was never read as one.
                self.assertEqual(data.count(b"HTTP/1.1 "), 1, data)

    def test_a_413_reaches_a_client_that_sends_the_whole_body_first(self):
        for size in (MAX_BODY + 1, 2 * MAX_BODY, 8 * MAX_BODY):
            with self.subTest(size=size):
                request = urllib.request.Request(
                    "http://127.0.0.1:%d/api/v1/plan" % self.server.port, data=b" " * size,
                    headers={"Content-Type": "application/json"})
                with self.assertRaises(urllib.error.HTTPError) as caught:
                    urllib.request.urlopen(request, timeout=60)
                self.assertEqual(caught.exception.code, 413)
                self.assertEqual(json.loads(caught.exception.read())["status"], 413)

    def test_a_failed_login_names_its_challenge(self):
        response = self.request("POST", "/api/v1/login",
                                {"email": "limits@clinic.example", "password": "wrong"})
        self.assert_problem(response, 401)
        self.assertEqual(response.headers.get("WWW-Authenticate"), 'Bearer realm="collagenda"')
        self.assertEqual(self.request("GET", "/api/v1/clients").headers.get("WWW-Authenticate"),
                         'Bearer realm="collagenda"')


def make_certificate(folder, name="server"):
    """A self-signed certificate for 127.0.0.1 and its key (openssl CLI); returns their paths."""
    cert = os.path.join(folder, name + "-cert.pem")
    key = os.path.join(folder, name + "-key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                    "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True, timeout=120)
    return cert, key


class HttpsTest(ServerTestCase):
    """serve --tls-cert --tls-key: HTTPS, HSTS, a Secure cookie; clear errors for bad files."""

    @classmethod
    def prepare(cls, server):
        server.add_user("tls@clinic.example", "staff")
        cls.cert, cls.key = make_certificate(server.folder.name)
        cls.SERVER_ARGUMENTS = ("--tls-cert", cls.cert, "--tls-key", cls.key)

    def https(self, method, path, body=None):
        context = ssl.create_default_context(cafile=self.cert)
        connection = http.client.HTTPSConnection("127.0.0.1", self.server.port, timeout=30,
                                                 context=context)
        try:
            headers = {"Content-Type": "application/json"} if body is not None else {}
            connection.request(method, path, body=None if body is None else json.dumps(body),
                               headers=headers)
            answer = connection.getresponse()
            return test_server.Response(answer.status, answer.headers, answer.read())
        finally:
            connection.close()

    def test_https_with_hsts_and_a_secure_cookie(self):
        health = self.https("GET", "/healthz")
        self.assert_status(health, 200)
        self.assertEqual(health.headers.get("Strict-Transport-Security"), "max-age=31536000")
        login = self.https("POST", "/api/v1/login",
                           {"email": "tls@clinic.example", "password": PASSWORD})
        self.assert_status(login, 200)
        attributes = [part.strip() for part in login.headers["Set-Cookie"].split(";")]
        self.assertIn("Secure", attributes)
        self.assertIn("HttpOnly", attributes)
        self.assertIn("Strict-Transport-Security", self.https("GET", "/").headers)
        # Plain HTTP on the HTTPS port gets no answer in HTTP.
        reply = raw(self.server.port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", timeout=30)
        self.assertFalse(reply.startswith(b"HTTP/1.1 200"), reply[:60])

    def serve_fails(self, *arguments):
        result = subprocess.run([test_server.BINARY, "--db", self.server.db, "serve", "--listen",
                                 "127.0.0.1:0", *arguments], capture_output=True, text=True,
                                timeout=60, stdin=subprocess.DEVNULL)
        self.assertEqual(result.returncode, 2, result)
        return result.stderr

    def test_bad_files_are_exit_2_naming_the_flag(self):
        other_cert, other_key = make_certificate(self.server.folder.name, "other")
        missing = os.path.join(self.server.folder.name, "missing.pem")
        self.assertIn("--tls-cert", self.serve_fails("--tls-cert", missing, "--tls-key", self.key))
        self.assertIn("--tls-key", self.serve_fails("--tls-cert", self.cert, "--tls-key", missing))
        mismatch = self.serve_fails("--tls-cert", self.cert, "--tls-key", other_key)
        self.assertIn("--tls-key", mismatch)
        self.assertIn("--tls-cert", mismatch)
        self.assertIn("--tls-cert", self.serve_fails("--tls-cert", self.key, "--tls-key", self.key))
        self.assertIn("--tls-key", self.serve_fails("--tls-cert", self.cert, "--tls-key", self.cert))
        self.assertIn("--tls-key", self.serve_fails("--tls-cert", self.cert))
        self.assertIn("--trust-proxy", self.serve_fails("--trust-proxy", "proxy.example"))


class ProxyTest(ServerTestCase):
    """--trust-proxy: X-Forwarded-For/-Proto count from that peer only. The
    proxy is 127.0.0.2 (Linux routes all of 127/8 to lo); 127.0.0.1 is anyone."""

    PROXY = "127.0.0.2"
    SERVER_ARGUMENTS = ("--trust-proxy", "127.0.0.2")
    NETWORK_FREE_FAILURES = 20  # docs/design.md: CLG_LOGIN_NETWORK_FREE_FAILURES

    @classmethod
    def prepare(cls, server):
        server.add_user("proxied@clinic.example", "staff")
        server.add_user("victim@clinic.example", "staff")

    def login(self, email, password="not the password", source="127.0.0.1", headers=None):
        body = json.dumps({"email": email, "password": password}).encode()
        head = ("POST /api/v1/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                "Content-Length: %d\r\n" % len(body)).encode()
        for name, value in (headers or {}).items():
            head += ("%s: %s\r\n" % (name, value)).encode()
        return parse_response(raw(self.server.port, head + b"\r\n" + body, source=source))

    def fail_until_throttled(self, limit, email_of, source, forwarded_of):
        """Failed logins (email_of(i), X-Forwarded-For forwarded_of(i)) until
        a 429 or limit of them; returns how many were 401."""
        for index in range(limit):
            headers = {"X-Forwarded-For": forwarded_of(index)} if forwarded_of else {}
            response = self.login(email_of(index), source=source, headers=headers)
            if response.status == 429:
                return index
            self.assert_problem(response, 401)
        return limit

    def test_1_forged_forwarded_for_from_anyone_is_ignored(self):
        failures = self.fail_until_throttled(
            self.NETWORK_FREE_FAILURES + 5, lambda i: "nobody%d@clinic.example" % i,
            "127.0.0.1", lambda i: "198.51.%d.1" % i)
        self.assertEqual(failures, self.NETWORK_FREE_FAILURES + 1,
                         "a forged X-Forwarded-For changed the throttle's address")

    def test_2_the_trusted_proxy_names_the_client(self):
        # One client behind the proxy, failing with many e-mail addresses and
        # a forged address of its own on the left: its network is slowed.
        failures = self.fail_until_throttled(
            self.NETWORK_FREE_FAILURES + 5, lambda i: "guess%d@clinic.example" % i,
            self.PROXY, lambda i: "1.2.%d.4, 192.0.2.%d" % (i, i))
        self.assertEqual(failures, self.NETWORK_FREE_FAILURES + 1)

    def test_4_forwarded_proto_https_from_the_proxy_only(self):
        proxied = self.login("proxied@clinic.example", PASSWORD, source=self.PROXY,
                             headers={"X-Forwarded-For": "198.18.0.1",
                                      "X-Forwarded-Proto": "https"})
        self.assert_status(proxied, 200)
        self.assertIn("Secure", [p.strip() for p in proxied.headers["Set-Cookie"].split(";")])
        self.assertEqual(proxied.headers.get("Strict-Transport-Security"), "max-age=31536000")
        # From another /24 than test_1's 127.0.0.1, whose network throttle that
        # test locked (2 s, then longer): the answer must not hang on the clock.
        forged = self.login("proxied@clinic.example", PASSWORD, source="127.0.1.9",
                            headers={"X-Forwarded-Proto": "https"})
        self.assert_status(forged, 200)
        self.assertNotIn("Secure", [p.strip() for p in forged.headers["Set-Cookie"].split(";")])
        self.assertIsNone(forged.headers.get("Strict-Transport-Security"))


class ProxiedClientsTest(ProxyTest):
    """Behind the trusted proxy, many clients fail without slowing each other,
    and none of their failures frees a locked victim."""

    test_1_forged_forwarded_for_from_anyone_is_ignored = None
    test_2_the_trusted_proxy_names_the_client = None
    test_4_forwarded_proto_https_from_the_proxy_only = None

    def test_many_clients_one_failure_each(self):
        failures = self.fail_until_throttled(
            self.NETWORK_FREE_FAILURES + 2, lambda i: "someone%d@clinic.example" % i,
            self.PROXY, lambda i: "203.0.%d.1" % i)
        self.assertEqual(failures, self.NETWORK_FREE_FAILURES + 2)

    def test_a_victim_keeps_its_count_whoever_else_fails(self):
        def victim(password="not the password", network=0):
            return self.login("victim@clinic.example", password, source=self.PROXY,
                              headers={"X-Forwarded-For": "100.64.%d.1" % network})

        for _ in range(4):  # three free failures, then a lock
            self.assertIn(victim().status, (401, 429))
        locked = victim(PASSWORD, 1)
        self.assert_problem(locked, 429)
        self.fail_until_throttled(12, lambda i: "other%d@clinic.example" % i, self.PROXY,
                                  lambda i: "100.65.%d.1" % i)
        # Once the lock is over, one more failure is the victim's fifth, not a
        # first: it locks again, for longer (4 s).
        retry = locked.headers["Retry-After"]
        time.sleep(int(retry) + 0.2)
        while True:
            sent = time.monotonic()
            answer = victim(network=2)
            if answer.status == 401:
                break
            self.assert_problem(answer, 429)  # the lock was longer than its Retry-After said
            time.sleep(0.5)
        again = victim(PASSWORD, 3)
        if time.monotonic() - sent < 3.0:
            self.assert_problem(again, 429)
            self.assertGreaterEqual(int(again.headers["Retry-After"]), 2)
        else:  # a stalled machine: the lock may rightly be over
            self.assertIn(again.status, (200, 429), again)


class ConnectionsTest(ServerTestCase):
    """More connections than the per-address limit from one address, each
    trickling its request's head: another address is still answered, the
    slowest of the crowd are shed, and a trickler is closed at its deadline."""

    PER_ADDRESS = 64  # docs/design.md: max_connections_per_address
    CROWD = 1100  # the finding: 1,100 trickling connections from one address

    @classmethod
    def setUpClass(cls):
        # A socket each: raise this process's descriptor limit (Debian's soft one is 1,024).
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        wanted = cls.CROWD + 200
        if soft < wanted:
            soft = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
            resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
        # A machine whose hard limit is lower still gets a crowd well past the per-address limit.
        cls.CROWD = min(cls.CROWD, soft - 200)
        assert cls.CROWD > 2 * cls.PER_ADDRESS, "too few file descriptors for the test"
        super().setUpClass()

    def metric(self, name):
        text = self.request("GET", "/metrics").body.decode()
        for family in text_string_to_metric_families(text):
            for sample in family.samples:
                if sample.name == name:
                    return sample.value
        self.fail("no %s in /metrics" % name)

    @staticmethod
    def is_closed(sock):
        poller = select.poll()  # select() stops at descriptor 1,023
        poller.register(sock, select.POLLIN)
        if not poller.poll(0):
            return False
        try:
            return sock.recv(1) == b""
        except OSError:
            return True

    def test_a_crowd_from_one_address_does_not_starve_another(self):
        shed_before = self.metric("collagenda_http_connections_shed_total")
        crowd = []
        try:
            for _ in range(self.CROWD):
                sock = socket.create_connection(("127.0.0.1", self.server.port), timeout=30)
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
                crowd.append(sock)
            # A trickle of header bytes on every connection still open.
            for sock in crowd:
                try:
                    sock.sendall(b"a")
                except OSError:
                    pass
            # Another address is answered, whatever the crowd does; the bound only stops a hang.
            for index in range(5):
                answer = parse_response(raw(self.server.port,
                                            b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
                                            timeout=30, source="127.0.0.2"), "GET")
                self.assert_status(answer, 200)
            # The crowd was cut to the limit: the oldest waiting were shed for the newer.
            self.wait_until(lambda: self.metric("collagenda_http_connections_shed_total")
                            >= shed_before + self.CROWD - self.PER_ADDRESS, 30,
                            "the crowd's connections past the limit are shed")
            self.wait_until(lambda: sum(self.is_closed(s) for s in crowd)
                            >= self.CROWD - self.PER_ADDRESS, 30, "the shed connections close")
            self.assertTrue(self.is_closed(crowd[0]), "the oldest was not the one shed")
        finally:
            for sock in crowd:
                sock.close()

    def test_a_trickled_head_is_closed_at_its_deadline(self):
        # A byte every second would keep an idle timeout from ever firing.
        sock = socket.create_connection(("127.0.0.1", self.server.port), timeout=30)
        opened = time.monotonic()
        try:
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
            closed = False
            while not closed and time.monotonic() - opened < 90:  # a bound on a hang only
                try:
                    sock.sendall(b"X-Drip: 1\r\n")
                except OSError:
                    closed = True
                    break
                readable, _, _ = select.select([sock], [], [], 1.0)
                if readable:
                    try:
                        closed = sock.recv(64) == b""
                    except OSError:
                        closed = True
            self.assertTrue(closed, "a connection trickling its head for 90 s is still open")
            print("\n  trickled head closed after %.1f s" % (time.monotonic() - opened),
                  file=sys.stderr)
        finally:
            sock.close()
        self.assert_status(self.request("GET", "/healthz"), 200)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="the collagenda executable")
    arguments, rest = parser.parse_known_args()
    test_server.BINARY = os.path.abspath(arguments.binary)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""The server's hardening (docs/design.md#the-server-s-limits) against a real `collagenda serve`.

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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="the collagenda executable")
    arguments, rest = parser.parse_known_args()
    test_server.BINARY = os.path.abspath(arguments.binary)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()

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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", required=True, help="the collagenda executable")
    arguments, rest = parser.parse_known_args()
    test_server.BINARY = os.path.abspath(arguments.binary)
    unittest.main(argv=[sys.argv[0]] + rest, verbosity=2)


if __name__ == "__main__":
    main()

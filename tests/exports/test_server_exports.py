#!/usr/bin/python3
"""The server's exports, calendar feeds and CDS Hooks, against the real server.

Starts `collagenda serve` on a free port over a database the CLI fills, and
checks with the standard library only:
- GET /api/v1/courses/{id}.ics, /fhir and /timeline.svg answer what
  `course show --format ics|fhir|svg` writes for the same course (bar the
  clock), with their media types; no login is 401; another clinic's course,
  an unknown course and an unknown format are 404; each export is audited;
- POST /api/v1/clients/{id}/feed gives a secret /feeds/<64 hex>.ics that
  answers, without a login, one calendar with the events of every course of
  the client (each course's UIDs and events as in its own .ics); a new URL
  revokes the old one; DELETE revokes it (then 404, and DELETE again 404);
  only the token's SHA-256 is stored; create and revoke are audited;
- CDS Hooks 2.0: GET /cds-services discovery, and the appointment-book hook
  of POST /cds-services/collagenda-session-safety in the specification's
  request and response shapes: a critical card for a date sooner than the
  course's floor and for a course blocked by screening, a warning card
  before the window opens (under a clinic protocol whose floor is below its
  window) or
  after it closed, no card when all is well, an info card without an open
  course; 404 for an unknown patient; 400 naming the field for bad bodies;
  and a check writes nothing to the database.
- The FHIR Bundles the server answers are also run through the `fhir` npm
  validator when NODE_DIR is given.

usage: test_server_exports.py CLI [NODE_DIR]
"""
import hashlib
import http.client
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid
import xml.etree.ElementTree as ElementTree

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pg"))
import testdb  # noqa: E402 (the database on either backend: tests/pg/testdb.py)

CLI = sys.argv[1]
NODE_DIR = os.path.abspath(sys.argv[2]) if len(sys.argv) > 2 else None
PASSWORD = "correct horse battery staple"
SERVICE = "/cds-services/collagenda-session-safety"
failures = 0
checks = 0


def check(condition, what):
    global failures, checks
    checks += 1
    if not condition:
        failures += 1
        print(f"FAIL: {what}")


def fake_clock(day):
    """The environment that starts a program's clock at day 12:00, running on
    from there (libfaketime, Debian's faketime package): the sessions here are
    recorded on fixed dates, and a session cannot be recorded before its day
    (docs/records.md#dates). The product has no clock of its own to set."""
    return {"LD_PRELOAD": "/usr/$LIB/faketime/libfaketimeMT.so.1",
            "FAKETIME": "@%s 12:00:00" % day, "DONT_FAKE_MONOTONIC": "1",
            "ASAN_OPTIONS": ":".join(filter(None, [os.environ.get("ASAN_OPTIONS"),
                                                   "verify_asan_link_order=0"]))}


# The clock of the CLI and the server: every session recorded here is in its past.
TODAY = "2028-12-31"


def cli(db, *arguments, stdin=None, status=0):
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run([CLI, "--db", db, *arguments], capture_output=True, input=stdin,
                            env=dict(env, **fake_clock(TODAY)))
    if result.returncode != status:
        sys.exit(f"collagenda {' '.join(arguments)}: exit {result.returncode}: "
                 f"{result.stderr.decode()}")
    return result.stdout


class Server:
    def __init__(self, db, log):
        self.log = log
        with open(log, "wb") as errors:
            self.process = subprocess.Popen([CLI, "--db", db, "serve", "--listen",
                                             "127.0.0.1:0"], stdout=subprocess.PIPE, stderr=errors,
                                            env=dict(os.environ, **fake_clock(TODAY)))
        # Bounded: a server that never announces itself fails the test, not hangs it.
        ready, _, _ = select.select([self.process.stdout], [], [], 60)
        line = self.process.stdout.readline().decode() if ready else ""
        found = re.match(r"listening on http://127\.0\.0\.1:(\d+)", line)
        if not found:
            self.process.kill()
            self.process.wait(timeout=30)
            sys.exit(f"the server did not start within 60 s: {line!r}")
        self.port = int(found.group(1))

    def request(self, method, path, body=None, token=None, content_type=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if body is not None and not isinstance(body, bytes):
            body = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if content_type:
            headers["Content-Type"] = content_type
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        connection.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, data

    def stop(self):
        """Stops the server; it must exit 0 (under ASan: no leak, no error)."""
        self.process.send_signal(signal.SIGTERM)
        try:
            status = self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            status = self.process.wait(timeout=30)
        if status != 0:
            with open(self.log, "rb") as errors:
                print(errors.read().decode(errors="replace")[-4000:])
        check(status == 0, f"the server stops cleanly on SIGTERM, exit {status}")


def problem(body):
    try:
        return json.loads(body)
    except ValueError:
        return {}


def without_stamps(ics):
    """The calendar's lines without DTSTAMP, which is when it was made."""
    return [line for line in ics.split(b"\r\n") if not line.startswith(b"DTSTAMP:")]


def events(ics):
    """{UID: the event's unfolded lines bar DTSTAMP} of an iCalendar text."""
    unfolded = ics.replace(b"\r\n ", b"").decode()
    found = {}
    for block in re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT\r\n", unfolded, re.S):
        lines = [line for line in block.split("\r\n") if line and not line.startswith("DTSTAMP:")]
        uid = next(line[4:] for line in lines if line.startswith("UID:"))
        found[uid] = lines
    return found


def audit(db, action):
    return testdb.rows(db, "SELECT count(*) FROM audit_log WHERE action = ?", action)[0][0]


def counts(db):
    return tuple(testdb.rows(db, f"SELECT count(*) FROM {table}")[0][0]
                 for table in ("sessions", "audit_log", "courses", "feeds", "bookings"))


def validate(documents):
    with tempfile.TemporaryDirectory() as directory:
        paths = {}
        for number, (label, document) in enumerate(documents.items()):
            paths[label] = os.path.join(directory, f"{number}.json")
            with open(paths[label], "w", encoding="utf-8") as file:
                json.dump(document, file)
        output = subprocess.run(["node", os.path.join(NODE_DIR, "validate_fhir.js"),
                                 *paths.values()], capture_output=True, check=True, cwd=NODE_DIR)
        results = json.loads(output.stdout)
        return {label: results[path] for label, path in paths.items()}


def check_course_exports(server, db, token, other_token):
    fhir_documents = {}
    for course in (1, 2):
        status, headers, ics = server.request("GET", f"/api/v1/courses/{course}.ics", token=token)
        check(status == 200, f"course {course}.ics: 200, got {status}")
        check(headers.get("content-type") == "text/calendar; charset=utf-8",
              f"course {course}.ics: text/calendar, got {headers.get('content-type')}")
        cli_ics = cli(db, "course", "show", str(course), "--format", "ics")
        check(without_stamps(ics) == without_stamps(cli_ics),
              f"course {course}.ics: the server and `course show --format ics` agree")
        check(re.search(rb"(?<!\r)\n", ics) is None and
              all(len(line) <= 75 for line in ics.split(b"\r\n")),
              f"course {course}.ics: CRLF lines of at most 75 octets")

        status, headers, body = server.request("GET", f"/api/v1/courses/{course}/fhir", token=token)
        check(status == 200 and headers.get("content-type", "").startswith("application/fhir+json"),
              f"course {course}/fhir: 200 application/fhir+json, got {status} "
              f"{headers.get('content-type')}")
        bundle = json.loads(body)
        cli_bundle = json.loads(cli(db, "course", "show", str(course), "--format", "fhir"))
        bundle.pop("timestamp", None)
        cli_bundle.pop("timestamp", None)
        check(bundle == cli_bundle, f"course {course}/fhir: the server and the CLI agree")
        fhir_documents[f"server course {course}"] = json.loads(body)

        status, headers, svg = server.request("GET", f"/api/v1/courses/{course}/timeline.svg",
                                              token=token)
        check(status == 200 and headers.get("content-type") == "image/svg+xml; charset=utf-8",
              f"course {course}/timeline.svg: 200 image/svg+xml, got {status} "
              f"{headers.get('content-type')}")
        root = ElementTree.fromstring(svg)
        check(root.tag == "{http://www.w3.org/2000/svg}svg", f"course {course} svg parses")
        check(svg == cli(db, "course", "show", str(course), "--format", "svg"),
              f"course {course}/timeline.svg: the server and the CLI agree")

    for path in ("/api/v1/courses/1.ics", "/api/v1/courses/1/fhir",
                 "/api/v1/courses/1/timeline.svg"):
        status, _, _ = server.request("GET", path)
        check(status == 401, f"{path} without a login: 401, got {status}")
        status, _, body = server.request("GET", path, token=other_token)
        check(status == 404, f"{path} for another clinic: 404, got {status}")
        status, headers, body = server.request("GET", path.replace("/1", "/999"), token=token)
        check(status == 404 and headers.get("content-type") == "application/problem+json" and
              problem(body).get("field") == "course" and "999" in problem(body).get("detail", ""),
              f"{path} of an unknown course: 404 naming the course, got {status} {body!r}")
    for path in ("/api/v1/courses/1.xml", "/api/v1/courses/1/csv", "/api/v1/courses/1.ICS",
                 "/api/v1/courses/x.ics"):
        status, _, _ = server.request("GET", path, token=token)
        check(status == 404, f"{path}: unknown format or id is 404, got {status}")
    status, headers, _ = server.request("POST", "/api/v1/courses/1.ics", token=token)
    check(status == 405 and headers.get("allow") == "GET", f"POST .ics: 405 Allow GET, got {status}")
    # Six by the server above, and six by `course show --format ics|fhir|svg`
    # for two courses: every door audits its exports.
    check(audit(db, "course.export") == 12,
          f"twelve exports audited, got {audit(db, 'course.export')}")
    return fhir_documents


def check_feeds(server, db, token, other_token):
    status, headers, body = server.request("POST", "/api/v1/clients/1/feed", token=token)
    url = json.loads(body).get("url", "") if status == 201 else ""
    check(status == 201 and re.fullmatch(r"/feeds/[0-9a-f]{64}\.ics", url),
          f"POST feed: 201 with a secret URL, got {status} {body!r}")
    check(headers.get("location") == url, "POST feed: Location is the URL")
    secret = url[len("/feeds/"):-len(".ics")]
    stored = [row[0] for row in testdb.rows(db, "SELECT token_hash FROM feeds")]
    check(stored == [hashlib.sha256(secret.encode()).hexdigest()] and secret not in stored,
          "only the token's SHA-256 is stored")

    status, headers, feed = server.request("GET", url)
    check(status == 200 and headers.get("content-type") == "text/calendar; charset=utf-8",
          f"GET feed without a login: 200 text/calendar, got {status}")
    feed_events = events(feed)
    wanted = {}
    for course in (1, 2):
        _, _, ics = server.request("GET", f"/api/v1/courses/{course}.ics", token=token)
        wanted.update(events(ics))
    check(set(feed_events) == set(wanted) and
          {uid.split("-session-")[0].split("-maintenance-")[0] for uid in feed_events} ==
          {"course-1", "course-2"},
          f"the feed has every event of both courses of the client: {sorted(feed_events)}")
    check(all(feed_events[uid] == lines for uid, lines in wanted.items() if uid in feed_events),
          "each event in the feed is the event of its course's own .ics")
    check(feed.count(b"BEGIN:VCALENDAR") == 1 and feed.endswith(b"END:VCALENDAR\r\n"),
          "the feed is one calendar")

    status, _, body = server.request("POST", "/api/v1/clients/1/feed", token=token)
    new_url = json.loads(body).get("url", "") if status == 201 else ""
    check(status == 201 and new_url != url, "a second POST gives a new URL")
    check(server.request("GET", url)[0] == 404, "the old URL is revoked: 404")
    check(server.request("GET", new_url)[0] == 200, "the new URL answers")
    check(server.request("GET", new_url.upper().replace("/FEEDS/", "/feeds/")
                         .replace(".ICS", ".ics"))[0] == 404, "an upper-case token is 404")
    for bad in ("/feeds/abc.ics", "/feeds/" + "0" * 64 + ".ics", "/feeds/" + "0" * 63 + ".ics",
                new_url[:-4] + ".txt", new_url + "x"):
        check(server.request("GET", bad)[0] == 404, f"{bad}: 404")

    status, _, body = server.request("DELETE", "/api/v1/clients/1/feed", token=token)
    check(status == 204 and body == b"", f"DELETE feed: 204, got {status}")
    check(server.request("GET", new_url)[0] == 404, "a revoked URL is 404")
    status, _, body = server.request("DELETE", "/api/v1/clients/1/feed", token=token)
    check(status == 404 and problem(body).get("field") == "feed",
          f"DELETE without a live feed: 404 naming the feed, got {status} {body!r}")
    status, _, body = server.request("POST", "/api/v1/clients/999/feed", token=token)
    check(status == 404 and problem(body).get("field") == "client",
          f"POST feed for an unknown client: 404 naming the client, got {status}")
    status, _, _ = server.request("POST", "/api/v1/clients/1/feed", token=other_token)
    check(status == 404, f"POST feed for another clinic's client: 404, got {status}")
    status, _, _ = server.request("POST", "/api/v1/clients/1/feed")
    check(status == 401, f"POST feed without a login: 401, got {status}")

    status, _, body = server.request("POST", "/api/v1/clients/3/feed", token=token)
    empty_url = json.loads(body).get("url", "")
    status, _, empty = server.request("GET", empty_url)
    check(status == 200 and b"BEGIN:VCALENDAR" in empty and b"BEGIN:VEVENT" not in empty,
          "a client without courses has an empty calendar")
    check(audit(db, "feed.create") == 3 and audit(db, "feed.revoke") == 2,
          f"feeds audited: {audit(db, 'feed.create')} created, {audit(db, 'feed.revoke')} revoked")


def hook_request(patient, *starts, **changes):
    request = {
        "hook": "appointment-book",
        "hookInstance": str(uuid.uuid4()),
        "fhirServer": "https://ehr.example.org/fhir",
        "context": {
            "userId": "PractitionerRole/17",
            "patientId": str(patient),
            "appointments": {
                "resourceType": "Bundle",
                "type": "collection",
                "entry": [{"resource": {"resourceType": "Appointment", "id": f"proposed-{n}",
                                        "status": "proposed", "start": start,
                                        "participant": [{"actor": {"reference":
                                                                   f"Patient/{patient}"},
                                                         "status": "needs-action"}]}}
                          for n, start in enumerate(starts)],
            },
        },
    }
    for path, value in changes.items():
        target = request
        keys = path.split("__")
        for key in keys[:-1]:
            target = target[int(key)] if isinstance(target, list) else target[key]
        last = int(keys[-1]) if isinstance(target, list) else keys[-1]
        if value is None:
            del target[last]
        else:
            target[last] = value
    return request


def check_card(card, label):
    check(set(card) <= {"uuid", "summary", "detail", "indicator", "source", "suggestions",
                        "selectionBehavior", "overrideReasons", "links"},
          f"{label}: only CDS Hooks 2.0 card members: {sorted(card)}")
    check(isinstance(card.get("summary"), str) and 0 < len(card["summary"]) < 140,
          f"{label}: a summary under 140 characters")
    check(card.get("indicator") in ("info", "warning", "critical"), f"{label}: indicator")
    check(isinstance(card.get("detail"), str) and card["detail"], f"{label}: a detail")
    check(card.get("source", {}).get("label") == "Collagenda", f"{label}: source.label")
    try:
        uuid.UUID(card.get("uuid", ""))
        check(True, f"{label}: uuid")
    except ValueError:
        check(False, f"{label}: uuid is a UUID, got {card.get('uuid')!r}")


def cards(server, token, request, label):
    status, headers, body = server.request("POST", SERVICE, request, token=token)
    check(status == 200 and headers.get("content-type") == "application/json",
          f"{label}: 200 JSON, got {status} {body!r}")
    answer = json.loads(body) if status == 200 else {}
    check(list(answer) == ["cards"] and isinstance(answer["cards"], list),
          f"{label}: the response is {{\"cards\": [...]}}")
    for number, card in enumerate(answer.get("cards", [])):
        check_card(card, f"{label}: card {number}")
    return answer.get("cards", [])


def check_cds(server, db, token, other_token):
    status, headers, body = server.request("GET", "/cds-services")
    services = json.loads(body).get("services", []) if status == 200 else []
    check(status == 200 and headers.get("content-type") == "application/json",
          f"discovery: 200 JSON without a login, got {status}")
    check(len(services) == 1 and services[0].get("hook") == "appointment-book" and
          services[0].get("id") == "collagenda-session-safety" and
          services[0].get("description") and services[0].get("title"),
          f"discovery lists the appointment-book service: {services}")

    before = counts(db)
    # Client 4: sessions on 2027-01-04 and 2027-02-08; session 3's window is 2027-03-08..22,
    # which a standard course's 28-day floor opens.
    too_soon = cards(server, token, hook_request(4, "2027-02-20T09:00:00+01:00"), "too soon")
    check([c["indicator"] for c in too_soon] == ["critical"], f"too soon: one critical card: "
                                                             f"{too_soon}")
    check(too_soon and "2027-02-08" in too_soon[0]["detail"] and "2027-03-08" in
          too_soon[0]["detail"] and "infection and injury" in too_soon[0]["detail"],
          "too soon: the detail names the last session, the earliest day and why")
    at_21_days = cards(server, token, hook_request(4, "2027-03-01T09:00:00Z"), "21 days")
    check([c["indicator"] for c in at_21_days] == ["critical"] and
          "floor of this standard course is 28 days" in at_21_days[0]["detail"],
          f"21 days after is under a standard course's floor: {at_21_days}")
    # Client 6: the same dates under a clinic protocol whose floor (21) is below its window.
    early = cards(server, token, hook_request(6, "2027-03-01T09:00:00Z"), "early")
    check([c["indicator"] for c in early] == ["warning"] and "2027-03-08" in early[0]["summary"],
          f"before the window opens: one warning card naming the window: {early}")
    late = cards(server, token, hook_request(4, "2027-04-20T16:30:00-05:00"), "late")
    check([c["indicator"] for c in late] == ["warning"] and "2027-03-22" in late[0]["summary"],
          f"after the window closed: one warning card naming the window: {late}")
    on_time = cards(server, token, hook_request(4, "2027-03-15T10:00:00+01:00"), "on time")
    check(on_time == [], f"inside the window: no card, got {on_time}")
    date_only = cards(server, token, hook_request(4, "2027-03-16"), "a date without time")
    check(date_only == [], "a start given as a date is read as that day")
    # Client 5's course is blocked by screening (pregnancy), started by force.
    blocked = cards(server, token, hook_request(5, "2027-01-04T09:00:00Z"), "blocked")
    check([c["indicator"] for c in blocked] == ["critical"] and
          "pregnancy" in blocked[0]["detail"],
          f"blocked by screening: one critical card naming the finding: {blocked}")
    several = cards(server, token, hook_request(4, "2027-03-15T10:00:00Z", "2027-02-20T10:00:00Z",
                                                "2027-04-20T10:00:00Z"), "three at once")
    check([c["indicator"] for c in several] == ["critical", "warning"],
          f"three appointments: on time, too soon, late: {[c['indicator'] for c in several]}")
    none = cards(server, token, hook_request(3, "2027-03-15T10:00:00Z"), "no course")
    check([c["indicator"] for c in none] == ["info"], f"no open course: one info card: {none}")
    check(counts(db) == before, f"CDS checks write nothing: {before} -> {counts(db)}")

    for patient, label in (("999", "an unknown client"), ("abc", "a non-numeric id"),
                           ("4", "another clinic's client")):
        status, headers, body = server.request(
            "POST", SERVICE, hook_request(patient, "2027-03-15T10:00:00Z"),
            token=other_token if label.startswith("another") else token)
        check(status == 404 and headers.get("content-type") == "application/problem+json" and
              problem(body).get("field") == "context.patientId",
              f"{label}: 404 naming context.patientId, got {status} {body!r}")

    good = hook_request(4, "2027-03-15T10:00:00Z")
    entry = "context__appointments__entry__0__resource__"
    bad_bodies = [
        ("no hook", hook_request(4, "2027-03-15", hook=None), "hook"),
        ("another hook", hook_request(4, "2027-03-15", hook="patient-view"), "hook"),
        ("a hookInstance that is not a UUID", hook_request(4, "2027-03-15", hookInstance="123"),
         "hookInstance"),
        ("an unknown member", dict(good, surprise=True), "surprise"),
        ("no context", hook_request(4, "2027-03-15", context=None), "context"),
        ("context not an object", hook_request(4, "2027-03-15", context=[]), "context"),
        ("no userId", hook_request(4, "2027-03-15", context__userId=None), "context.userId"),
        ("a userId that is no reference", hook_request(4, "2027-03-15", context__userId="bob"),
         "context.userId"),
        ("no patientId", hook_request(4, "2027-03-15", context__patientId=None),
         "context.patientId"),
        ("a numeric patientId", hook_request(4, "2027-03-15", context__patientId=4),
         "context.patientId"),
        ("an unknown context member", hook_request(4, "2027-03-15", context__draftOrders={}),
         "context.draftOrders"),
        ("no appointments", hook_request(4, "2027-03-15", context__appointments=None),
         "context.appointments"),
        ("appointments not a Bundle",
         hook_request(4, "2027-03-15", context__appointments__resourceType="Appointment"),
         "context.appointments.resourceType"),
        ("entry not an array", hook_request(4, "2027-03-15", context__appointments__entry={}),
         "context.appointments.entry"),
        ("not an Appointment", hook_request(4, "2027-03-15", **{entry + "resourceType": "Patient"}),
         "context.appointments.entry[0].resource.resourceType"),
        ("no start", hook_request(4, "2027-03-15", **{entry + "start": None}),
         "context.appointments.entry[0].resource.start"),
        ("an impossible start", hook_request(4, "2027-02-30T09:00:00Z"),
         "context.appointments.entry[0].resource.start"),
        ("a start that is no instant", hook_request(4, "next tuesday"),
         "context.appointments.entry[0].resource.start"),
        ("a second entry without a resource",
         hook_request(4, "2027-03-15", "2027-03-16", context__appointments__entry__1={}),
         "context.appointments.entry[1].resource"),
    ]
    for label, request, field in bad_bodies:
        status, headers, body = server.request("POST", SERVICE, request, token=token)
        check(status == 400 and headers.get("content-type") == "application/problem+json" and
              problem(body).get("field") == field,
              f"{label}: 400 naming {field}, got {status} {body!r}")
    status, _, body = server.request("POST", SERVICE, b"{not json", token=token,
                                     content_type="application/json")
    check(status == 400 and problem(body).get("field") == "body",
          f"a body that is not JSON: 400 naming the body, got {status}")
    status, _, _ = server.request("POST", SERVICE, json.dumps(good).encode(), token=token,
                                  content_type="text/plain")
    check(status == 415, f"a body that is not application/json: 415, got {status}")
    status, _, _ = server.request("POST", SERVICE, good)
    check(status == 401, f"the hook without a login: 401, got {status}")
    status, _, _ = server.request("POST", "/cds-services/unknown-service", good, token=token)
    check(status == 404, f"an unknown service: 404, got {status}")
    check(counts(db) == before, "bad CDS requests write nothing")


def check_bookings(server, db, token, other_token, admin_token):
    """Bookings and the clinic's time zone over HTTP; returns course 2's FHIR with bookings."""
    status, _, body = server.request("GET", "/api/v1/clinic", token=token)
    check(status == 200 and json.loads(body) == {
        "name": "default", "address": None, "phone": None, "email": None, "time_zone": "UTC",
        "open_days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "hours": None,
        "chairs": None, "today": TODAY},
          f"GET /api/v1/clinic: the clinic on UTC, today by its clock, got {status} {body!r}")
    status, _, body = server.request("PUT", "/api/v1/clinic", {"time_zone": "Europe/Berlin"},
                                     token=token)
    check(status == 403, f"PUT /api/v1/clinic as staff: 403, got {status}")
    before = counts(db)
    for bad, field in (({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
                       ({"time_zone": 5}, "time_zone"), ({"zone": "UTC"}, "zone"), ({}, "settings")):
        status, _, body = server.request("PUT", "/api/v1/clinic", bad, token=admin_token)
        check(status == 400 and problem(body).get("field") == field,
              f"PUT /api/v1/clinic {bad}: 400 naming {field}, got {status} {body!r}")
    check(counts(db) == before, "bad clinic updates write nothing")
    status, _, body = server.request("PUT", "/api/v1/clinic", {"time_zone": "Europe/Berlin"},
                                     token=admin_token)
    check(status == 200 and json.loads(body)["time_zone"] == "Europe/Berlin",
          f"PUT /api/v1/clinic as admin: 200, got {status} {body!r}")

    path = "/api/v1/courses/2/bookings"
    status, _, body = server.request("POST", path, {"date": "2027-09-06", "time": "10:00"},
                                     token=token)
    created = json.loads(body) if status == 201 else {}
    check(status == 201 and created.get("number") == 1 and created.get("forced") is False,
          f"POST {path}: 201 with the session number, got {status} {body!r}")
    before = counts(db)
    status, _, body = server.request("POST", path, {"date": "2027-09-20", "time": "10:00"},
                                     token=token)
    check(status == 409 and problem(body).get("field") == "session" and
          "14 days after" in problem(body).get("detail", ""),
          f"a booking 14 days after the last: 409 naming why, got {status} {body!r}")
    for bad, field in (({"date": "2027-10-11", "time": "9:30"}, "time"),
                       ({"date": "2027-02-30"}, "date"), ({"time": "10:00"}, "date"),
                       ({"date": "2027-10-11", "room": 2}, "room"),
                       ({"date": "2027-10-11", "force": True}, "reason")):
        status, _, body = server.request("POST", path, bad, token=token)
        check(status == 400 and problem(body).get("field") == field,
              f"POST {path} {bad}: 400 naming {field}, got {status} {body!r}")
    status, _, _ = server.request("POST", path, {"date": "2027-10-11"}, token=other_token)
    check(status == 404, f"another clinic's course: 404, got {status}")
    sessions, audit_entries, courses, feeds, booked = before
    check(counts(db) == (sessions, audit_entries + 1, courses, feeds, booked),
          f"refused and bad bookings write nothing but the refusal's audit entry: "
          f"{before} then {counts(db)}")
    status, _, body = server.request("POST", path, {"date": "2027-09-20", "time": "10:00",
                                                    "force": True, "reason": "leaves on 1 Oct"},
                                     token=token)
    forced = json.loads(body) if status == 201 else {}
    check(status == 201 and forced.get("forced") is True and forced.get("number") == 2,
          f"forced with a reason: 201 forced, got {status} {body!r}")

    status, _, body = server.request("GET", "/api/v1/courses/2", token=token)
    bookings = json.loads(body).get("bookings", []) if status == 200 else []
    check([(b["number"], b["date"], b["time"], b["time_zone"]) for b in bookings] ==
          [(1, "2027-09-06", "10:00", "Europe/Berlin"), (2, "2027-09-20", "10:00", "Europe/Berlin")],
          f"GET /api/v1/courses/2 lists the bookings: {bookings}")
    status, _, ics = server.request("GET", "/api/v1/courses/2.ics", token=token)
    check(status == 200 and b"DTSTART;TZID=Europe/Berlin:20270906T100000\r\n" in ics and
          b"BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin\r\n" in ics,
          "course 2.ics: the booking at 10:00 Berlin time with its VTIMEZONE")
    status, _, body = server.request("GET", "/api/v1/courses/2/fhir", token=token)
    bundle = json.loads(body) if status == 200 else {"entry": []}
    starts = sorted(entry["resource"]["start"] for entry in bundle["entry"]
                    if entry["resource"]["resourceType"] == "Appointment")
    check(starts == ["2027-09-06T10:00:00+02:00", "2027-09-20T10:00:00+02:00"],
          f"course 2/fhir: an Appointment per booking at its Berlin time, got {starts}")

    cancel = f"/api/v1/bookings/{forced.get('id')}"
    status, _, _ = server.request("DELETE", cancel, token=other_token)
    check(status == 404, f"DELETE {cancel} from another clinic: 404, got {status}")
    status, _, _ = server.request("DELETE", cancel, token=token)
    check(status == 204, f"DELETE {cancel}: 204, got {status}")
    status, _, _ = server.request("DELETE", cancel, token=token)
    check(status == 404, f"DELETE {cancel} again: 404, got {status}")
    # CDS Hooks asks before booking: the booking of 2027-09-06 counts.
    found = cards(server, token, hook_request(1, "2027-09-13T10:00:00+02:00"),
                  "CDS a week after a booking")
    check(len(found) == 1 and found[0]["indicator"] == "critical" and
          "2027-09-06" in found[0]["detail"],
          f"CDS: a week after a booking is critical, naming the booking's date: {found}")
    found = cards(server, token, hook_request(1, "2027-10-11T10:00:00+02:00"),
                  "CDS five weeks after a booking")
    check(found == [], f"CDS: five weeks after the booking of session 1, no card: {found}")
    check(audit(db, "booking.add") == 2 and audit(db, "booking.cancel") == 1 and
          audit(db, "clinic.set") == 1, "bookings, the cancel and the zone are audited")
    return bundle


def check_blocked_course(server, db, token, admin_token):
    """Course 4 (client 5) is blocked by pregnancy, started by an admin's override.

    A blocked plan has no dates to export (docs/protocol.md#blocked-means-no-dates): every export route
    answers 409 naming the finding, for staff and admins alike, and the
    client's calendar feed leaves the course out.
    """
    before = counts(db)
    for suffix in (".ics", "/fhir", "/timeline.svg"):
        for caller, who in ((token, "staff"), (admin_token, "an admin")):
            status, headers, body = server.request("GET", f"/api/v1/courses/4{suffix}",
                                                   token=caller)
            found = problem(body)
            check(status == 409 and headers.get("content-type") == "application/problem+json"
                  and found.get("field") == "screening" and
                  "blocked by pregnancy" in found.get("detail", "") and
                  "no dates" in found.get("detail", ""),
                  f"blocked course {suffix} for {who}: 409 naming the finding, got {status} "
                  f"{body!r}")
    check(counts(db) == before, "a refused export writes nothing")
    status, _, body = server.request("POST", "/api/v1/clients/5/feed", token=token)
    url = json.loads(body).get("url", "") if status == 201 else ""
    status, _, feed = server.request("GET", url)
    check(status == 200 and feed.startswith(b"BEGIN:VCALENDAR") and b"BEGIN:VEVENT" not in feed,
          f"the feed of a client whose only course is blocked has no events: {status} {feed!r}")


work = tempfile.mkdtemp(prefix="collagenda-server-exports-")
server = None
try:
    db = testdb.new_database(work, "exports")
    cli(db, "user", "add", "--email", "desk@example.org", "--role", "staff",
        stdin=f"{PASSWORD}\n".encode())
    cli(db, "clinic", "add", "Other clinic")
    cli(db, "user", "add", "--email", "other@example.org", "--clinic", "Other clinic",
        stdin=f"{PASSWORD}\n".encode())
    cli(db, "user", "add", "--email", "admin@example.org", "--role", "admin",
        stdin=f"{PASSWORD}\n".encode())
    token = cli(db, "token", "create", "--email", "desk@example.org").decode().strip()
    admin_token = cli(db, "token", "create", "--email", "admin@example.org").decode().strip()
    other_token = cli(db, "token", "create", "--email", "other@example.org").decode().strip()
    for name in ("Anna M\u00fcller", "Bo Client", "Cy Empty", "Dee Safety", "Eve Blocked",
                 "Fay Early"):
        cli(db, "client", "add", "--name", name)
    # Client 1: two courses, one with graded sessions.
    cli(db, "course", "start", "--client", "1", "--laxity", "moderate", "--start", "2027-01-04")
    cli(db, "session", "record", "--course", "1", "--date", "2027-01-04", "--laxity-grade", "3")
    cli(db, "session", "record", "--course", "1", "--date", "2027-02-08", "--laxity-grade", "2.5")
    cli(db, "course", "start", "--client", "1", "--laxity", "mild", "--areas", "neck",
        "--start", "2027-09-06")
    # Client 4: the CDS Hooks course; client 5: a course blocked by screening, forced.
    cli(db, "course", "start", "--client", "4", "--laxity", "moderate", "--start", "2027-01-04")
    cli(db, "session", "record", "--course", "3", "--date", "2027-01-04")
    cli(db, "session", "record", "--course", "3", "--date", "2027-02-08")
    cli(db, "course", "start", "--client", "5", "--laxity", "mild", "--screening", "pregnancy",
        "--start", "2027-01-04", "--force", "--reason", "cleared by the physician")
    # Client 6: course 5, under a clinic's protocol with a 21-day floor below its 28-day window.
    clinic_protocol = json.loads(cli(db, "protocol", "show"))
    clinic_protocol["version"] = "2-floor-21"
    clinic_protocol["interval_floor"]["standard"]["days"] = 21
    clinic_protocol_path = os.path.join(work, "floor-21.json")
    with open(clinic_protocol_path, "w", encoding="utf-8") as file:
        json.dump(clinic_protocol, file)
    cli(db, "course", "start", "--client", "6", "--laxity", "moderate", "--start", "2027-01-04",
        "--protocol", clinic_protocol_path)
    cli(db, "session", "record", "--course", "5", "--date", "2027-01-04")
    cli(db, "session", "record", "--course", "5", "--date", "2027-02-08")

    server = Server(db, os.path.join(work, "server.log"))
    documents = check_course_exports(server, db, token, other_token)
    check_feeds(server, db, token, other_token)
    check_cds(server, db, token, other_token)
    check_blocked_course(server, db, token, admin_token)
    documents["server course 2, booked"] = check_bookings(server, db, token, other_token,
                                                          admin_token)
    if NODE_DIR:
        for label, result in validate(documents).items():
            errors = [m for m in result["messages"] if m["severity"] == "error"]
            check(result["valid"] and not errors, f"{label}: valid FHIR R4: {errors}")
            print(f"{label}: {len(errors)} FHIR errors")
finally:
    if server:
        server.stop()
    shutil.rmtree(work)

print(f"{checks - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)

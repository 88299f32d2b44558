#!/usr/bin/env python3
"""Rows an older collagenda wrote read back the same after the schema migrates.

tests/records/old_schema/ holds a database made by collagenda at commit
be1c34f (schema version 4, the release before the store kept one timestamp
format), saved as its `sqlite3 .dump` (schema-4.sql); the secrets that binary
handed out while making it (secrets.json: bearer tokens, a login session, a
calendar feed); and what that binary printed for every read below
(expected/). The test loads the dump into a new file, lets the binary under
test open it (which migrates it), and checks that

  - every read prints the same bytes the old binary printed: client, course
    and clinic show, lists, exports and `due` on the command line in every
    format, and the server's JSON and calendar feed;
  - the old bearer tokens, login session and feed still let their holders in
    (which reads users, tokens, logins and feeds back);
  - every row's created_at, the audit log's `at` and schema_migrations'
    applied_at are now UTC with milliseconds, "2027-01-04T09:30:00.123Z",
    a converted time the same instant as before, and so are the rows of
    every kind written after the migration;
  - every row is otherwise byte for byte what it was, the audit log's old
    entries untouched, and the database intact.

    python3 old_schema.py --binary build/collagenda
    python3 old_schema.py --binary OLD/collagenda --make   # remake the fixture

--make must only ever be run with the binary of the old release: it builds
the records through the CLI and the server, dumps them, and records what
that binary prints. Python 3 standard library only.

When a later release changes what a read prints on purpose (protocol
version 2 added the course kind's floor to every plan and lists only the
sources a plan cites; the corrections put each session's id on the lines of
`course show`; a calendar's VTIMEZONE starts on 1 January of the year before
its first timed visit), `--update-expected` rewrites expected/ with what the
binary under test prints from the old database, so that the change shows
as a reviewable diff of those files; the rows themselves are still checked
against the old dump. Reads that now fail on purpose are in
CHANGED_ON_PURPOSE.

    python3 old_schema.py --binary build/collagenda --update-expected
"""

import argparse
import http.client
import json
import os
import re
import select
import signal
import sqlite3
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "old_schema")
DUMP = os.path.join(FIXTURE, "schema-4.sql")
SECRETS = os.path.join(FIXTURE, "secrets.json")
EXPECTED = os.path.join(FIXTURE, "expected")

PASSWORD = "correct horse battery staple"
OTHER = "Zweite Praxis"  # a second clinic: reads stay inside their own clinic
# The clock of the exports (2027-03-01T00:00:00Z): DTSTAMP, FHIR timestamps, the SVG's today.
EPOCH = "1804032000"
# Reads whose answer changed on purpose since that release, with what they
# answer now. Protocol version 2 gives a blocked screening no dates: course 2
# was forced over a pregnancy block, so its dated exports are refused (exit 3
# naming the finding) where the old release printed them.
CHANGED_ON_PURPOSE = {
    "course-2.%s" % form: (3, b"collagenda: screening: refused: the plan's screening is "
                              b"blocked by pregnancy; a blocked plan has no dates to export\n")
    for form in ("ics", "fhir", "svg")
}
MILLISECONDS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
SECONDS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


def environment():
    env = dict(os.environ, TZ="UTC", USER="old-schema", SOURCE_DATE_EPOCH=EPOCH)
    env.pop("COLLAGENDA_DB", None)
    # The clinic's "today" (GET /api/v1/clinic) comes from the clock, which
    # stands at EPOCH too: libfaketime (Debian's faketime) preloaded.
    env.update(LD_PRELOAD="/usr/$LIB/faketime/libfaketimeMT.so.1",
               FAKETIME="@2027-03-01 00:00:00", DONT_FAKE_MONOTONIC="1",
               ASAN_OPTIONS=":".join(filter(None, [os.environ.get("ASAN_OPTIONS"),
                                                   "verify_asan_link_order=0"])))
    return env


def cli(binary, db, *args, clinic=None, stdin=None, check=True):
    command = [binary, "--db", db] + (["--clinic", clinic] if clinic else []) + list(args)
    result = subprocess.run(command, input=stdin, capture_output=True, env=environment(),
                            timeout=60)
    if check and result.returncode != 0:
        raise SystemExit("collagenda %s: exit %d: %s"
                         % (" ".join(args), result.returncode, result.stderr.decode()))
    return result


class Server:
    """`collagenda serve` on a database, on a free port, stopped with SIGTERM."""

    def __init__(self, binary, db, folder):
        self.log = open(os.path.join(folder, "server.log"), "wb")
        self.process = subprocess.Popen([binary, "--db", db, "serve", "--listen", "127.0.0.1:0"],
                                        stdout=subprocess.PIPE, stderr=self.log,
                                        stdin=subprocess.DEVNULL, env=environment())
        ready, _, _ = select.select([self.process.stdout], [], [], 20)
        line = self.process.stdout.readline().decode() if ready else ""
        match = re.fullmatch(r"listening on http://127\.0\.0\.1:(\d+)\n", line)
        if not match:
            self.stop()
            raise SystemExit("the server did not announce itself: %r" % line)
        self.port = int(match.group(1))

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            all_headers = dict(headers or {})
            if body is not None:
                body = json.dumps(body).encode()
                all_headers["Content-Type"] = "application/json"
            connection.request(method, path, body=body, headers=all_headers)
            answer = connection.getresponse()
            return answer.status, answer.headers, answer.read()
        finally:
            connection.close()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(20)
        self.process.stdout.close()
        self.log.close()


# ---- the records the old binary wrote (--make only) ----

def build_records(binary, db, folder):
    """Every kind of row, with the awkward values: text with commas, quotes,
    line breaks and non-ASCII, every optional field both given and not, every
    area and every screening word, forced writes with their reasons."""

    def run(*args, clinic=None, stdin=None):
        return cli(binary, db, *args, clinic=clinic, stdin=stdin).stdout.decode().strip()

    run("clinic", "set", "--time-zone", "Europe/Berlin")
    run("client", "add", "--name", "Anna M\u00fcller", "--email", "anna@example.org",
        "--phone", "+49 30 123456", "--birth-date", "1985-03-02", "--skin-type", "III")
    run("client", "add", "--name", "Ben O'Neil, Jr.")
    run("client", "add", "--name", "Chlo\u00e9 \"Coco\" Ng", "--skin-type", "VI",
        "--birth-date", "1999-12-31")
    run("course", "start", "--client", "1", "--laxity", "moderate", "--goal", "improvement",
        "--areas", "face,neck", "--risks", "smoking,sun-damage", "--concerns", "deep-wrinkles",
        "--modality", "rf", "--skin-type", "III", "--start", "2027-01-04",
        "--open-days", "mon,wed,fri")
    run("course", "start", "--client", "2", "--laxity", "mild", "--start", "2027-01-11",
        "--screening", "pregnancy", "--force", "--reason", "cleared by her GP, letter on file")
    run("course", "start", "--client", "3", "--laxity", "severe", "--goal", "transformation",
        "--areas", "under-eyes,face,neck,chest,arms,abdomen", "--start", "2027-02-01")
    run("session", "record", "--course", "1", "--date", "2027-01-04", "--modality", "rf",
        "--areas", "face,neck", "--depth-mm", "1.25", "--device", "Dermapen 4",
        "--practitioner", "Dr. Lee", "--notes", "first session, \"tolerated well\"\nline two",
        "--laxity-grade", "2.5", "--gais", "3", "--screening", "herpes-history")
    run("session", "record", "--course", "1", "--date", "2027-01-20", "--modality",
        "traditional", "--areas", "face", "--laxity-grade", "2", "--force", "--reason",
        "client travelling; agreed with Dr. Lee")
    run("session", "record", "--course", "3", "--date", "2027-02-01", "--modality", "roller",
        "--screening", "active-infection,active-acne,keloid-tendency,pregnancy,pacemaker,"
        "isotretinoin,anticoagulants,immunosuppression,metal-allergy,herpes-history",
        "--laxity-grade", "4", "--gais", "5", "--depth-mm", "0.5",
        "--force", "--reason", "every screening word, once")
    run("session", "record", "--course", "3", "--date", "2027-03-08", "--laxity-grade", "0")
    run("session", "book", "--course", "1", "--date", "2027-02-19", "--time", "09:30")
    run("session", "book", "--course", "1", "--date", "2027-03-26")
    run("session", "book", "--course", "3", "--date", "2027-03-09", "--force", "--reason",
        "only day she can come")
    run("session", "book", "--course", "2", "--date", "2027-01-11", "--time", "17:45",
        "--force", "--reason", "screening cleared")
    run("user", "add", "--email", "admin@example.org", "--role", "admin", stdin=PASSWORD.encode())
    run("user", "add", "--email", "staff@example.org", "--role", "staff", stdin=PASSWORD.encode())
    admin_token = run("token", "create", "--email", "admin@example.org", "--label", "front desk")
    staff_token = run("token", "create", "--email", "staff@example.org")
    feed = run("feed", "create", "--client", "1")
    run("feed", "create", "--client", "3")
    run("feed", "revoke", "--client", "3")

    run("client", "add", "--name", "Dora Other", clinic=OTHER)
    run("course", "start", "--client", "4", "--laxity", "none", "--goal", "prevention",
        "--start", "2027-01-05", clinic=OTHER)
    run("session", "record", "--course", "4", "--date", "2027-01-05", clinic=OTHER)
    run("user", "add", "--email", "other@example.org", "--clinic", OTHER, stdin=PASSWORD.encode())
    other_token = run("token", "create", "--email", "other@example.org")

    server = Server(binary, db, folder)
    try:
        status, headers, body = server.request(
            "POST", "/api/v1/login", {"email": "staff@example.org", "password": PASSWORD})
        if status != 200:
            raise SystemExit("login failed: %d %r" % (status, body))
        cookie = headers["Set-Cookie"].split(";")[0]
        csrf = json.loads(body)["csrf_token"]
    finally:
        server.stop()
    # A login lives for hours; this one must outlive the fixture, so its expiry
    # (Unix seconds, not a timestamp of when it was written) moves to 2100.
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE logins SET expires_at = 4102444800")
    connection.close()
    return {"admin_token": admin_token, "staff_token": staff_token, "other_token": other_token,
            "feed": re.fullmatch(r"/feeds/([0-9a-f]+)\.ics", feed).group(1),
            "cookie": cookie, "csrf_token": csrf}


# ---- the reads, run alike by the old binary (--make) and the new one ----

def cli_reads():
    """(file name, clinic, arguments) of every read on the command line."""
    reads = [("clinic-show.txt", None, ["clinic", "show"]),
             ("clinic-show.json", None, ["clinic", "show", "--format", "json"]),
             ("client-list.txt", None, ["client", "list"]),
             ("client-list.json", None, ["client", "list", "--format", "json"]),
             ("other-client-list.json", OTHER, ["client", "list", "--format", "json"]),
             ("other-course-4.json", OTHER, ["course", "show", "4", "--format", "json"])]
    for client in (1, 2, 3):
        for form in ("txt", "json"):
            reads.append(("client-%d.%s" % (client, form), None,
                          ["client", "show", str(client), "--format",
                           "text" if form == "txt" else form]))
    for course in (1, 2, 3):
        for form in ("txt", "json", "ics", "fhir", "svg"):
            reads.append(("course-%d.%s" % (course, form), None,
                          ["course", "show", str(course), "--format",
                           "text" if form == "txt" else form]))
    for kind in ("clients", "courses", "sessions"):
        for form in ("csv", "json"):
            reads.append(("export-%s.%s" % (kind, form), None,
                          ["export", kind, "--format", form]))
    for form in ("txt", "json", "csv"):
        reads.append(("due.%s" % form, None, ["due", "--on", "2027-01-01", "--within", "3650",
                                              "--format", "text" if form == "txt" else form]))
    return reads


def http_reads(secrets):
    """(file name, path, headers) of every read through the server."""
    admin = {"Authorization": "Bearer " + secrets["admin_token"]}
    staff = {"Authorization": "Bearer " + secrets["staff_token"]}
    other = {"Authorization": "Bearer " + secrets["other_token"]}
    login = {"Cookie": secrets["cookie"]}
    return [("api-me-admin.json", "/api/v1/me", admin),
            ("api-me-login.json", "/api/v1/me", login),
            ("api-me-other.json", "/api/v1/me", other),
            ("api-users.json", "/api/v1/users", admin),
            ("api-clinic.json", "/api/v1/clinic", staff),
            ("api-clients.json", "/api/v1/clients", staff),
            ("api-client-1.json", "/api/v1/clients/1", staff),
            ("api-course-1.json", "/api/v1/courses/1", login),
            ("api-course-2.json", "/api/v1/courses/2", staff),
            ("api-course-3.json", "/api/v1/courses/3", staff),
            ("api-course-4.json", "/api/v1/courses/4", other),
            ("api-due.json", "/api/v1/due?on=2027-01-01&within=3650", staff),
            ("api-due.csv", "/api/v1/due.csv?on=2027-01-01&within=3650", staff),
            ("feed.ics", "/feeds/%s.ics" % secrets["feed"], {})]


def read_everything(binary, db, secrets, folder):
    """{file name: bytes} of every read; HTTP answers start with their status line."""
    results = {}
    for name, clinic, args in cli_reads():
        if name in CHANGED_ON_PURPOSE:
            result = cli(binary, db, *args, clinic=clinic, check=False)
            results[name] = (result.returncode, result.stderr)
            continue
        results[name] = cli(binary, db, *args, clinic=clinic).stdout
    server = Server(binary, db, folder)
    try:
        for name, path, headers in http_reads(secrets):
            status, _, body = server.request("GET", path, headers=headers)
            if name.endswith(".ics"):
                # The feed's DTSTAMP is the server's clock: the one value allowed to differ.
                body = re.sub(rb"DTSTAMP:\d{8}T\d{6}Z", b"DTSTAMP:(the clock)", body)
            results[name] = b"%d\n" % status + body
    finally:
        server.stop()
    return results


def load_dump(path):
    with open(DUMP, encoding="utf-8") as dump:
        script = dump.read()
    connection = sqlite3.connect(path)
    connection.executescript(script)
    connection.close()


def tables(db):
    """{table: [row, ...]} of every table, rows as tuples in rowid order."""
    connection = sqlite3.connect(db)
    try:
        names = [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name")]
        result = {}
        for name in names:
            cursor = connection.execute("SELECT * FROM \"%s\" ORDER BY rowid" % name)
            columns = [d[0] for d in cursor.description]
            result[name] = [dict(zip(columns, row)) for row in cursor]
        return result
    finally:
        connection.close()


def make(binary):
    with tempfile.TemporaryDirectory(prefix="collagenda-old-schema-") as folder:
        db = os.path.join(folder, "old.db")
        secrets = build_records(binary, db, folder)
        dump = subprocess.run(["sqlite3", db, ".dump"], capture_output=True, check=True).stdout
        os.makedirs(EXPECTED, exist_ok=True)
        with open(DUMP, "wb") as out:
            out.write(dump)
        with open(SECRETS, "w") as out:
            json.dump(secrets, out, indent=2, sort_keys=True)
            out.write("\n")
        # The reads run on a fresh load of the dump, exactly as the test will.
        fresh = os.path.join(folder, "fresh.db")
        load_dump(fresh)
        for name, data in read_everything(binary, fresh, secrets, folder).items():
            with open(os.path.join(EXPECTED, name), "wb") as out:
                out.write(data)
    print("wrote %s, %s and %d files in %s" % (DUMP, SECRETS, len(cli_reads()) +
                                               len(http_reads(secrets)), EXPECTED))


# ---- the test ----

class Checker:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
            print("FAIL %s%s" % (name, ("\n" + detail) if detail else ""))


def same_instant(old, new):
    """new is old written with milliseconds: seconds kept, ".000" added, or old as it was."""
    if MILLISECONDS.fullmatch(old):
        return new == old
    return SECONDS.fullmatch(old) is not None and new == old[:-1] + ".000Z"


def check_rows(checker, before, after):
    """Every old row is still there, the same but for its timestamps in the one format."""
    for table, rows in before.items():
        now = after.get(table, [])
        checker.check("%s keeps its %d rows" % (table, len(rows)), len(now) >= len(rows),
                      "%d rows now" % len(now))
        for old, new in zip(rows, now):
            for column, value in old.items():
                label = "%s row %r column %s" % (table, old.get("id", old), column)
                if column in ("created_at", "applied_at", "at"):
                    checker.check(label + " is the same instant in milliseconds",
                                  isinstance(new.get(column), str)
                                  and MILLISECONDS.fullmatch(new[column]) is not None
                                  and same_instant(value, new[column]),
                                  "%r became %r" % (value, new.get(column)))
                else:
                    checker.check(label + " unchanged", new.get(column) == value,
                                  "%r became %r" % (value, new.get(column)))
    for table, rows in after.items():
        for row in rows:
            for column in ("created_at", "applied_at", "at"):
                if column in row:
                    checker.check("%s.%s in milliseconds" % (table, column),
                                  MILLISECONDS.fullmatch(row[column] or "") is not None,
                                  repr(row[column]))


def test(binary):
    checker = Checker()
    with open(SECRETS) as data:
        secrets = json.load(data)
    with tempfile.TemporaryDirectory(prefix="collagenda-old-schema-") as folder:
        db = os.path.join(folder, "old.db")
        load_dump(db)
        before = tables(db)
        seconds = sum(1 for rows in before.values() for row in rows
                      if SECONDS.fullmatch(str(row.get("created_at", ""))))
        checker.check("the fixture has rows in the old seconds format", seconds > 0)

        results = read_everything(binary, db, secrets, folder)
        for name, data in sorted(results.items()):
            if name in CHANGED_ON_PURPOSE:
                checker.check("%s as this release answers it" % name,
                              data == CHANGED_ON_PURPOSE[name], repr(data))
                continue
            with open(os.path.join(EXPECTED, name), "rb") as expected:
                wanted = expected.read()
            checker.check("%s as expected/ has it" % name, data == wanted,
                          "--- expected\n%s\n--- got\n%s" % (
                              wanted.decode("utf-8", "replace")[:2000],
                              data.decode("utf-8", "replace")[:2000]))
        # Rows written now, beside the migrated ones, are stamped the same way.
        cli(binary, db, "user", "add", "--email", "new@example.org", stdin=PASSWORD.encode())
        cli(binary, db, "token", "create", "--email", "new@example.org")
        cli(binary, db, "feed", "create", "--client", "2")
        cli(binary, db, "client", "add", "--name", "Eve New")
        cli(binary, db, "session", "book", "--course", "1", "--date", "2027-04-16")
        after = tables(db)
        check_rows(checker, before, after)
        versions = [row["version"] for row in after["schema_migrations"]]
        checker.check("the migrations after version 4 were applied",
                      versions[:4] == [1, 2, 3, 4] and len(versions) > 4, repr(versions))
        connection = sqlite3.connect(db)
        integrity = connection.execute("PRAGMA integrity_check").fetchall()
        foreign = connection.execute("PRAGMA foreign_key_check").fetchall()
        connection.close()
        checker.check("integrity_check ok", integrity == [("ok",)], repr(integrity))
        checker.check("foreign keys hold", foreign == [], repr(foreign))
    print("%d passed, %d failed" % (checker.passed, checker.failed))
    return 1 if checker.failed else 0


def update_expected(binary):
    with open(SECRETS) as data:
        secrets = json.load(data)
    with tempfile.TemporaryDirectory(prefix="collagenda-old-schema-") as folder:
        db = os.path.join(folder, "old.db")
        load_dump(db)
        for name, data in read_everything(binary, db, secrets, folder).items():
            if name in CHANGED_ON_PURPOSE:
                continue
            with open(os.path.join(EXPECTED, name), "wb") as expected:
                expected.write(data)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--binary", required=True)
    parser.add_argument("--make", action="store_true",
                        help="remake the fixture (run with the old release's binary only)")
    parser.add_argument("--update-expected", action="store_true",
                        help="rewrite expected/ with what this binary prints from the old data")
    options = parser.parse_args()
    if options.make:
        make(os.path.abspath(options.binary))
        return 0
    if options.update_expected:
        update_expected(os.path.abspath(options.binary))
        return 0
    return test(os.path.abspath(options.binary))


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Writers killed with SIGKILL at random moments, KILLS times over.

Two writers run at once on one database, each a loop of the same four
writes (a client, a course for it, its first session, a booking):

  - the command line: `client add`, `course start`, `session record`,
    `session book`, one collagenda process each;
  - the server: the same four as POSTs to `collagenda serve`.

A killer picks one of them at random moments and sends SIGKILL to the
collagenda process doing the work: the CLI process of the moment, or the
server (restarted at once on a new port). A write counts as acknowledged
when the CLI exited 0 and printed its id, or the server answered 2xx with
the id; only collagenda processes are killed, never this script, so the
list of acknowledged writes is exact.

At the end every acknowledged write must be in the database as it was
written (the client's name, the course's client, the session's course and
date, the booking's course and date), PRAGMA integrity_check and
foreign_key_check must pass, and the audit log must match the rows: one
client.add, course.start, session.record and booking.add entry per row,
none for a row that is not there.

usage: sigkill.py PATH/TO/collagenda [KILLS]   (prints the figures at the end)
"""
import datetime
import http.client
import json
import os
import random
import re
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

BINARY = os.path.abspath(sys.argv[1])
KILLS = int(sys.argv[2]) if len(sys.argv) > 2 else 30
PASSWORD = "crash-test-password-1"
TODAY = datetime.date.today()
START = (TODAY - datetime.timedelta(days=120)).isoformat()  # sessions are recorded after the fact
BOOKED = (TODAY + datetime.timedelta(days=60)).isoformat()  # bookings are for days to come


class Failure(Exception):
    pass


class Run:
    def __init__(self, work):
        self.work = work
        self.db = os.path.join(work, "crash.db")
        self.lock = threading.Lock()
        self.acks = []  # (door, kind, id, expected columns)
        self.stop = threading.Event()
        self.cli_process = None  # the collagenda CLI process of the moment
        self.server = None
        self.port = None
        self.server_ready = threading.Event()
        self.attempts = {"cli": 0, "http": 0}
        self.unanswered = 0  # requests the kill cut off
        self.server_errors = 0  # 500/503 answers (a busy database)

    # ---- the command line ----

    def cli(self, *args, stdin=None):
        return subprocess.run([BINARY, "--db", self.db, *args], input=stdin, capture_output=True,
                              text=True, timeout=120)

    def cli_write(self, *args):
        """Runs one write; its id when it exited 0, else None (killed, or refused)."""
        process = subprocess.Popen([BINARY, "--db", self.db, *args, "--format", "json"],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   stdin=subprocess.DEVNULL, text=True)
        with self.lock:
            self.cli_process = process
        out, err = process.communicate(timeout=120)
        with self.lock:
            self.cli_process = None
        self.attempts["cli"] += 1
        if process.returncode != 0:
            if process.returncode > 0 and "database is locked" not in err:
                # A refusal other than a kill or a busy database is a bug in this test.
                raise Failure("collagenda %s: exit %d: %s" % (" ".join(args), process.returncode,
                                                              err))
            return None
        return json.loads(out)["id"]

    def cli_writer(self):
        round = 0
        while not self.stop.is_set():
            round += 1
            name = "cli client %d" % round
            client = self.cli_write("client", "add", "--name", name)
            if client is None:
                continue
            self.ack("cli", "client", client, {"name": name})
            course = self.cli_write("course", "start", "--client", str(client), "--laxity", "mild",
                                    "--start", START)
            if course is None:
                continue
            self.ack("cli", "course", course, {"client_id": client})
            session = self.cli_write("session", "record", "--course", str(course), "--date", START)
            if session is not None:
                self.ack("cli", "session", session, {"course_id": course, "date": START})
            booking = self.cli_write("session", "book", "--course", str(course), "--date", BOOKED)
            if booking is not None:
                self.ack("cli", "booking", booking, {"course_id": course, "date": BOOKED})

    # ---- the server ----

    def start_server(self):
        self.server_ready.clear()
        log = open(os.path.join(self.work, "server.log"), "ab")
        self.server = subprocess.Popen([BINARY, "--db", self.db, "serve", "--listen",
                                        "127.0.0.1:0"], stdout=subprocess.PIPE, stderr=log,
                                       stdin=subprocess.DEVNULL)
        log.close()
        ready, _, _ = select.select([self.server.stdout], [], [], 60)
        line = self.server.stdout.readline().decode() if ready else ""
        match = re.fullmatch(r"listening on http://127\.0\.0\.1:(\d+)\n", line)
        if not match:
            raise Failure("the server did not start: %r" % line)
        self.port = int(match.group(1))
        self.server_ready.set()

    def post(self, path, body):
        """The id of a 2xx answer, or None when the server went away or refused."""
        self.server_ready.wait(120)
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request("POST", path, json.dumps(body),
                               {"Authorization": "Bearer " + self.token,
                                "Content-Type": "application/json"})
            response = connection.getresponse()
            payload = response.read()
        except (OSError, http.client.HTTPException):
            # Killed before it answered: not acknowledged. Wait for the next server.
            self.unanswered += 1
            time.sleep(0.01)
            return None
        finally:
            connection.close()
            self.attempts["http"] += 1
        if 200 <= response.status < 300:
            return json.loads(payload)["id"]
        if response.status not in (500, 503):
            raise Failure("POST %s: %d %s" % (path, response.status, payload[:300]))
        self.server_errors += 1
        return None

    def http_writer(self):
        round = 0
        while not self.stop.is_set():
            round += 1
            name = "http client %d" % round
            client = self.post("/api/v1/clients", {"name": name})
            if client is None:
                continue
            self.ack("http", "client", client, {"name": name})
            course = self.post("/api/v1/courses", {"client": client, "laxity": "mild",
                                                   "start": START})
            if course is None:
                continue
            self.ack("http", "course", course, {"client_id": client})
            session = self.post("/api/v1/courses/%d/sessions" % course, {"date": START})
            if session is not None:
                self.ack("http", "session", session, {"course_id": course, "date": START})
            booking = self.post("/api/v1/courses/%d/bookings" % course, {"date": BOOKED})
            if booking is not None:
                self.ack("http", "booking", booking, {"course_id": course, "date": BOOKED})

    def ack(self, door, kind, id, expected):
        with self.lock:
            self.acks.append((door, kind, id, expected))

    # ---- the killer ----

    def kill_cli(self):
        """SIGKILL to the CLI process of the moment; False when none is running."""
        with self.lock:
            process = self.cli_process
        if process is None or process.poll() is not None:
            return False
        time.sleep(random.uniform(0, 0.02))  # somewhere inside its run
        try:
            process.send_signal(signal.SIGKILL)
        except ProcessLookupError:
            return False
        return True

    def kill_server(self):
        time.sleep(random.uniform(0, 0.15))  # the HTTP writer keeps posting meanwhile
        self.server.send_signal(signal.SIGKILL)
        self.server.wait(60)
        self.server.stdout.close()
        self.start_server()
        return True

    def run(self):
        if self.cli("user", "add", "--email", "crash@example.org", "--role", "admin",
                    stdin=PASSWORD + "\n").returncode != 0:
            raise Failure("user add failed")
        self.token = self.cli("token", "create", "--email", "crash@example.org").stdout.strip()
        self.start_server()
        writers = [threading.Thread(target=self.guard, args=(self.cli_writer,)),
                   threading.Thread(target=self.guard, args=(self.http_writer,))]
        self.errors = []
        for thread in writers:
            thread.start()
        started = time.monotonic()
        kills = {"cli": 0, "server": 0}
        try:
            while sum(kills.values()) < KILLS and not self.errors:
                # A server takes a second to start (it hashes a dummy password
                # for the login's timing), so two kills in three are CLI ones.
                if random.random() < 2 / 3:
                    if self.kill_cli():
                        kills["cli"] += 1
                    else:
                        time.sleep(0.002)
                else:
                    self.kill_server()
                    kills["server"] += 1
        finally:
            self.stop.set()
            for thread in writers:
                thread.join(300)
            self.server.send_signal(signal.SIGTERM)
            self.server.wait(60)
        if self.errors:
            raise self.errors[0]
        elapsed = time.monotonic() - started
        lost = self.check()
        acked = {"cli": sum(1 for a in self.acks if a[0] == "cli"),
                 "http": sum(1 for a in self.acks if a[0] == "http")}
        print("sigkill: %d kills (%d CLI processes, %d servers) in %.0f s; %d writes tried "
              "(%d CLI, %d HTTP), %d acknowledged (%d CLI, %d HTTP), %d lost; "
              "integrity_check ok; audit log matches the rows (%d requests cut off, %d answered "
              "500/503)"
              % (sum(kills.values()), kills["cli"], kills["server"], elapsed,
                 sum(self.attempts.values()), self.attempts["cli"], self.attempts["http"],
                 len(self.acks), acked["cli"], acked["http"], lost, self.unanswered,
                 self.server_errors))
        if lost:
            raise Failure("%d acknowledged writes lost" % lost)

    def guard(self, writer):
        try:
            writer()
        except Exception as error:  # noqa: BLE001 - reported by the main thread
            self.errors.append(error)
            self.stop.set()

    # ---- the checks ----

    def check(self):
        db = sqlite3.connect(self.db, timeout=60)
        result = db.execute("PRAGMA integrity_check").fetchall()
        if result != [("ok",)]:
            raise Failure("integrity_check: %r" % result)
        problems = db.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise Failure("foreign_key_check: %r" % problems[:10])
        tables = {"client": "clients", "course": "courses", "session": "sessions",
                  "booking": "bookings"}
        lost = 0
        for door, kind, id, expected in self.acks:
            columns = ", ".join(expected)
            row = db.execute("SELECT %s FROM %s WHERE id = ?" % (columns, tables[kind]),
                             (id,)).fetchone()
            if row is None or list(row) != list(expected.values()):
                print("lost: %s %s %d: expected %r, found %r" % (door, kind, id, expected, row),
                      file=sys.stderr)
                lost += 1
        actions = {"client": "client.add", "course": "course.start", "session": "session.record",
                   "booking": "booking.add"}
        for kind, table in tables.items():
            rows = [r[0] for r in db.execute("SELECT id FROM %s ORDER BY id" % table)]
            audited = [r[0] for r in db.execute(
                "SELECT entity_id FROM audit_log WHERE action = ? ORDER BY entity_id",
                (actions[kind],))]
            if rows != audited:
                raise Failure("%s: rows %s... and %s entries %s... differ"
                              % (table, rows[:20], actions[kind], audited[:20]))
        db.close()
        return lost


def main():
    work = tempfile.mkdtemp(prefix="collagenda-crash-")
    try:
        Run(work).run()
    except Failure as failure:
        print("sigkill: FAILED: %s (left %s)" % (failure, work), file=sys.stderr)
        return 1
    shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""A PostgreSQL database on a small filesystem that fills up while writes go on.

The PostgreSQL counterpart of full_disk.py. A tmpfs of a few MiB is mounted
(root only; skipped, exit 77, otherwise) and made a tablespace of a private
test server (tests/pg/server.sh run, CLG_TEST_PG_HOST: not the suite's
shared one, since a full tablespace also fails other sessions that must
write its dirty pages out); a new database lives in it. The server runs on that database and the command line writes
to it. A filler file takes most of the room, then clients are added over
HTTP and the CLI until PostgreSQL cannot extend a table (SQLSTATE 53100,
disk_full). The write-ahead log stays on the test server's own disk, so
PostgreSQL keeps running, as it does when a tablespace fills. Then:

  - every failing write is a clear error: HTTP 507 problem+json whose
    detail says the disk is full, CLI exit 1 with "the disk is full" on
    stderr; neither names a file or PostgreSQL's message;
  - the server keeps answering reads (the client list, the due list) and
    /healthz while the tablespace is full;
  - every acknowledged write is there, and the audit log has one
    client.add per client;
  - once the filler is removed, writes work again on both doors.

usage: tests/pg/server.sh run python3 full_disk_pg.py PATH/TO/collagenda
"""
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

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pg"))
import testdb  # noqa: E402 (tests/pg/testdb.py)

BINARY = os.path.abspath(sys.argv[1])
SIZE_MIB = 8
PASSWORD = "full-disk-password-1"
SKIP = 77


class Failure(Exception):
    pass


def run(*args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, timeout=120, **kwargs)


def admin_location(host):
    return "postgresql://postgres@/postgres?host=%s" % host


def psql(location, sql):
    result = run("psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", location, input=sql)
    if result.returncode != 0:
        raise Failure("psql: %s: %s" % (sql, result.stderr.strip()))
    return result.stdout.strip()


class Test:
    def __init__(self, work, disk, host):
        self.work = work
        self.disk = disk
        self.host = host
        name = os.path.basename(work).replace("-", "_").lower()
        self.tablespace = "full_" + name
        self.database = "full_db_" + name
        self.db = "postgresql://postgres@/%s?host=%s" % (self.database, host)
        self.acked = {}  # client id -> name
        self.checks = 0
        self.server = None

    def check(self, condition, what):
        self.checks += 1
        if not condition:
            raise Failure(what)

    def create(self):
        # The tablespace's folder belongs to the account the test server runs as.
        owner = os.stat(self.host)
        os.chown(self.disk, owner.st_uid, owner.st_gid)
        admin = admin_location(self.host)
        psql(admin, "CREATE TABLESPACE %s LOCATION '%s'" % (self.tablespace, self.disk))
        psql(admin, "CREATE DATABASE %s TABLESPACE %s" % (self.database, self.tablespace))

    def drop(self):
        admin = admin_location(self.host)
        for sql in ("DROP DATABASE IF EXISTS %s WITH (FORCE)" % self.database,
                    "DROP TABLESPACE IF EXISTS %s" % self.tablespace):
            run("psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", admin, input=sql)

    def cli(self, *args, stdin=None):
        return run(BINARY, "--db", self.db, *args, input=stdin)

    def start_server(self):
        self.log_path = os.path.join(self.work, "server.log")
        log = open(self.log_path, "ab")
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

    def request(self, method, path, body=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            headers = {"Authorization": "Bearer " + self.token}
            if body is not None:
                headers["Content-Type"] = "application/json"
            connection.request(method, path, json.dumps(body) if body is not None else None,
                               headers)
            response = connection.getresponse()
            return response.status, response.getheader("Content-Type"), response.read()
        finally:
            connection.close()

    def add_http(self, name):
        status, content_type, body = self.request("POST", "/api/v1/clients", {"name": name})
        if status == 201:
            self.acked[json.loads(body)["id"]] = name
        return status, content_type, body

    def add_cli(self, name):
        result = self.cli("client", "add", "--name", name, "--format", "json")
        if result.returncode == 0:
            self.acked[json.loads(result.stdout)["id"]] = name
        return result

    def nothing_inside(self, text, what):
        """No folder, file or PostgreSQL message in a caller's answer."""
        for secret in (self.work, "pg_tblspc", "could not extend", "No space left", "/"):
            self.check(secret not in text, "%s names %r: %r" % (what, secret, text))

    def fill(self):
        """Leaves about 1 MiB free, then adds clients until both doors fail."""
        free = shutil.disk_usage(self.disk).free
        with open(os.path.join(self.disk, "filler"), "wb") as f:
            chunk = b"\0" * (1 << 16)
            for _ in range(max(0, free - (1 << 20)) // len(chunk)):
                f.write(chunk)
        long_name = "x" * 180
        http_failed = cli_failed = None
        for i in range(20000):
            if http_failed is None:
                status, content_type, body = self.add_http("http %d %s" % (i, long_name))
                if status != 201:
                    http_failed = (status, content_type, body)
            if cli_failed is None:
                result = self.add_cli("cli %d %s" % (i, long_name))
                if result.returncode != 0:
                    cli_failed = result
            if http_failed and cli_failed:
                return http_failed, cli_failed
        raise Failure("the tablespace never filled up")

    def run(self):
        self.create()
        self.check(self.cli("user", "add", "--email", "full@example.org", "--role", "admin",
                            stdin=PASSWORD + "\n").returncode == 0, "user add")
        self.token = self.cli("token", "create", "--email", "full@example.org").stdout.strip()
        self.start_server()
        try:
            self.full_disk()
        finally:
            self.server.send_signal(signal.SIGTERM)
            self.server.wait(60)
        self.final_checks()

    def full_disk(self):
        first = self.add_http("Before the disk filled")[0]
        self.check(first == 201, "a write before the disk is full: %d" % first)
        (status, content_type, body), cli = self.fill()
        self.check(status == 507, "HTTP write on a full disk: %d %r" % (status, body[:200]))
        self.check(content_type == "application/problem+json", "content type %r" % content_type)
        problem = json.loads(body)
        self.check(problem["status"] == 507 and "disk is full" in problem["detail"],
                   "problem: %r" % problem)
        self.nothing_inside(body.decode(), "the 507 answer")
        self.messages = (problem["detail"], cli.stderr.strip())
        self.check(cli.returncode == 1, "CLI on a full disk: exit %d: %s" % (cli.returncode,
                                                                             cli.stderr))
        self.check("disk is full" in cli.stderr, "CLI message: %r" % cli.stderr)
        self.nothing_inside(cli.stderr.replace("collagenda: ", ""), "the CLI message")
        for i in range(5):
            status, _, body = self.add_http("still full %d" % i)
            self.check(status in (201, 507), "HTTP again: %d %r" % (status, body[:200]))
        for path in ("/api/v1/clients", "/api/v1/due", "/healthz", "/api/v1/me"):
            status, _, body = self.request("GET", path)
            self.check(status == 200, "GET %s on a full disk: %d %r" % (path, status, body[:200]))
        self.check(self.cli("client", "list").returncode == 0, "client list on a full disk")
        self.full_writes = len(self.acked)
        os.unlink(os.path.join(self.disk, "filler"))
        status, _, body = self.add_http("After the disk was freed")
        self.check(status == 201, "HTTP after freeing: %d %r" % (status, body[:200]))
        result = self.add_cli("After the disk was freed (CLI)")
        self.check(result.returncode == 0, "CLI after freeing: %s" % result.stderr)

    def final_checks(self):
        names = dict(testdb.rows(self.db, "SELECT id, name FROM clients"))
        lost = [i for i, name in self.acked.items() if names.get(i) != name]
        self.check(not lost, "acknowledged clients lost: %r" % lost[:10])
        audited = sorted(r[0] for r in testdb.rows(
            self.db, "SELECT entity_id FROM audit_log WHERE action = 'client.add'"))
        self.check(audited == sorted(names), "client.add entries do not match the clients")
        print("full_disk_pg: %d acknowledged writes until the tablespace was full, all kept; "
              "failing writes answered 507 (HTTP) and exit 1 (CLI) naming nothing inside; reads "
              "answered; writes again once freed; %d checks" % (self.full_writes, self.checks))
        print("full_disk_pg: HTTP said %r; the CLI said %r" % self.messages)


def main():
    host = os.environ.get("CLG_TEST_PG_HOST")
    if not host:
        print("full_disk_pg: run under tests/pg/server.sh run (CLG_TEST_PG_HOST)",
              file=sys.stderr)
        return 2
    if os.geteuid() != 0:
        print("full_disk_pg: SKIPPED: mounting a small filesystem needs root")
        return SKIP
    work = tempfile.mkdtemp(prefix="collagenda-full-pg-")
    disk = os.path.join(work, "disk")
    os.mkdir(disk)
    mounted = run("mount", "-t", "tmpfs", "-o", "size=%dm,mode=0700" % SIZE_MIB, "tmpfs", disk)
    if mounted.returncode != 0:
        print("full_disk_pg: SKIPPED: no tmpfs can be mounted: %s" % mounted.stderr.strip())
        shutil.rmtree(work, ignore_errors=True)
        return SKIP
    os.chmod(work, 0o755)  # the server's account reaches the tablespace through it
    test = Test(work, disk, host)
    print("full_disk_pg: a tablespace on a %d MiB tmpfs" % SIZE_MIB)
    try:
        test.run()
        status = 0
    except Failure as failure:
        print("full_disk_pg: FAILED: %s" % failure, file=sys.stderr)
        log = os.path.join(work, "server.log")
        if os.path.exists(log):
            sys.stderr.write(open(log, errors="replace").read()[-3000:])
        status = 1
    finally:
        if test.server is not None and test.server.poll() is None:
            test.server.kill()
            test.server.wait(30)
        test.drop()
        run("umount", disk)
    shutil.rmtree(work, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())

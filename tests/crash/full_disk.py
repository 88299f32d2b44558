#!/usr/bin/env python3
"""The database on a small filesystem that fills up while writes go on.

A tmpfs of a few MiB is mounted (root only; else a loop-mounted ext4
image). The database lives there; the server runs on it and the command
line writes to it. A filler file takes most of the room, then clients are
added over HTTP and the CLI until the disk is full. Where nothing can be
mounted (not root), a file size limit (RLIMIT_FSIZE, `ulimit -f`) on the
server and the CLI stands in for the full disk: a write past it fails with
EFBIG, as SQLite reports it the same way (exit 77, skipped, only if even
that cannot be set). Either way:

  - every failing write is a clear error: HTTP 507 problem+json whose
    detail says the disk is full, CLI exit 1 with "the disk is full" on
    stderr; neither names a file path;
  - the server keeps answering reads (the client list, the due list, a
    client's record) and /healthz while the disk is full;
  - every acknowledged write is there, integrity_check passes, and the
    audit log has one client.add per client;
  - once the filler is removed (or the limit raised), writes work again
    on both doors.

usage: full_disk.py PATH/TO/collagenda
"""
import http.client
import json
import os
import re
import resource
import select
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile

BINARY = os.path.abspath(sys.argv[1])
SIZE_MIB = 8
PASSWORD = "full-disk-password-1"
SKIP = 77


class Failure(Exception):
    pass


def run(*args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, timeout=120, **kwargs)


def mount_small_filesystem(work):
    """Mounts a SIZE_MIB filesystem at work/disk; returns (path, how) or (None, why not)."""
    disk = os.path.join(work, "disk")
    os.mkdir(disk)
    if os.geteuid() != 0:
        return None, "mounting a small filesystem needs root"
    tmpfs = run("mount", "-t", "tmpfs", "-o", "size=%dm,mode=0700" % SIZE_MIB, "tmpfs", disk)
    if tmpfs.returncode == 0:
        return disk, "tmpfs"
    image = os.path.join(work, "disk.img")
    with open(image, "wb") as f:
        f.truncate(SIZE_MIB << 20)
    made = run("mkfs.ext4", "-q", "-F", "-m", "0", image)
    loop = run("mount", "-o", "loop", image, disk) if made.returncode == 0 else made
    if loop.returncode == 0:
        return disk, "loop-mounted ext4"
    return None, "neither tmpfs (%s) nor a loop-mounted ext4 image (%s) could be mounted" % (
        tmpfs.stderr.strip(), loop.stderr.strip())


class Test:
    def __init__(self, work, disk):
        self.work = work
        self.disk = disk
        self.db = os.path.join(disk, "clinic.db") if disk else None
        self.acked = {}  # client id -> name
        self.checks = 0
        # Without a filesystem of our own: the file size limit of the processes, when set.
        self.by_limit = disk is None
        self.limit = None
        if self.by_limit:
            self.disk = work
            self.db = os.path.join(work, "clinic.db")

    def limited(self):
        """Run in the child before exec: the file size limit, and EFBIG instead of SIGXFSZ."""
        limit = self.limit
        def apply():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # stays ignored across exec
            if limit is not None:
                resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
        return apply

    def check(self, condition, what):
        self.checks += 1
        if not condition:
            raise Failure(what)

    def cli(self, *args, stdin=None):
        return run(BINARY, "--db", self.db, *args, input=stdin, preexec_fn=self.limited())

    def start_server(self):
        self.log_path = os.path.join(self.work, "server.log")
        log = open(self.log_path, "ab")
        self.server = subprocess.Popen([BINARY, "--db", self.db, "serve", "--listen",
                                        "127.0.0.1:0"], stdout=subprocess.PIPE, stderr=log,
                                       stdin=subprocess.DEVNULL, preexec_fn=self.limited())
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

    def no_path(self, text, what):
        self.check(self.work not in text and "/" + os.path.basename(self.db) not in text
                   and ".db" not in text, "%s names a path: %r" % (what, text))

    def set_limit(self, limit):
        """The file size limit of the server (now) and of every CLI run (from now on)."""
        self.limit = limit
        value = limit if limit is not None else resource.RLIM_INFINITY
        resource.prlimit(self.server.pid, resource.RLIMIT_FSIZE, (value, resource.RLIM_INFINITY))

    def fill(self):
        """Leaves about 1 MiB free, then adds clients until both doors fail."""
        if self.by_limit:
            files = [self.db, self.db + "-wal"]
            self.set_limit(max(os.path.getsize(f) for f in files if os.path.exists(f)) + (1 << 20))
        else:
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
        raise Failure("the disk never filled up")

    def run(self):
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
        # HTTP: 507 problem+json saying so, no path.
        self.check(status == 507, "HTTP write on a full disk: %d %r" % (status, body[:200]))
        self.check(content_type == "application/problem+json", "content type %r" % content_type)
        problem = json.loads(body)
        self.check(problem["status"] == 507 and "disk is full" in problem["detail"],
                   "problem: %r" % problem)
        self.no_path(body.decode(), "the 507 answer")
        # CLI: exit 1, a message saying so, no path.
        self.messages = (problem["detail"], cli.stderr.strip())
        self.check(cli.returncode == 1, "CLI on a full disk: exit %d: %s" % (cli.returncode,
                                                                             cli.stderr))
        self.check("disk is full" in cli.stderr, "CLI message: %r" % cli.stderr)
        self.no_path(cli.stderr, "the CLI message")
        # More writes fail the same way; nothing else (a course, a session) slips through.
        for i in range(5):
            status, _, body = self.add_http("still full %d" % i)
            self.check(status in (201, 507), "HTTP again: %d %r" % (status, body[:200]))
        # Reads go on: lists, a client's record, the health check.
        for path in ("/api/v1/clients", "/api/v1/due", "/healthz", "/api/v1/me"):
            status, _, body = self.request("GET", path)
            self.check(status == 200, "GET %s on a full disk: %d %r" % (path, status, body[:200]))
        some = min(self.acked)
        status, _, body = self.request("GET", "/api/v1/clients/%d" % some)
        self.record_read = status
        self.check(status in (200, 507), "GET a client on a full disk: %d %r" % (status,
                                                                                body[:200]))
        self.check(self.cli("client", "list").returncode == 0, "client list on a full disk")
        self.integrity("on a full disk")
        self.full_writes = len(self.acked)
        # Room again: both doors write.
        if self.by_limit:
            self.set_limit(None)
        else:
            os.unlink(os.path.join(self.disk, "filler"))
        status, _, body = self.add_http("After the disk was freed")
        self.check(status == 201, "HTTP after freeing: %d %r" % (status, body[:200]))
        result = self.add_cli("After the disk was freed (CLI)")
        self.check(result.returncode == 0, "CLI after freeing: %s" % result.stderr)
        status, _, body = self.request("GET", "/api/v1/clients/%d" % some)
        self.check(status == 200, "GET a client after freeing: %d" % status)

    def integrity(self, when):
        db = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True, timeout=60)
        try:
            result = db.execute("PRAGMA integrity_check").fetchall()
            self.check(result == [("ok",)], "integrity_check %s: %r" % (when, result))
        finally:
            db.close()

    def final_checks(self):
        self.integrity("at the end")
        db = sqlite3.connect(self.db, timeout=60)
        names = dict(db.execute("SELECT id, name FROM clients"))
        lost = [i for i, name in self.acked.items() if names.get(i) != name]
        self.check(not lost, "acknowledged clients lost: %r" % lost[:10])
        audited = sorted(r[0] for r in db.execute(
            "SELECT entity_id FROM audit_log WHERE action = 'client.add'"))
        self.check(audited == sorted(names), "client.add entries do not match the clients")
        db.close()
        print("full_disk: %d acknowledged writes until the disk was full, all kept; failing "
              "writes answered 507 (HTTP) and exit 1 (CLI) naming no path; reads answered "
              "(a client's record: %d); writes again once freed; %d checks"
              % (self.full_writes, self.record_read, self.checks))
        print("full_disk: HTTP said %r; the CLI said %r" % self.messages)


def main():
    work = tempfile.mkdtemp(prefix="collagenda-full-")
    disk, how = mount_small_filesystem(work)
    if disk is None:
        try:
            resource.setrlimit(resource.RLIMIT_FSIZE, resource.getrlimit(resource.RLIMIT_FSIZE))
        except (ValueError, OSError) as error:
            print("full_disk: SKIPPED: %s, and no file size limit can be set (%s)" % (how, error))
            shutil.rmtree(work)
            return SKIP
        print("full_disk: %s; a file size limit (RLIMIT_FSIZE) stands in for the full disk"
              % how)
    else:
        print("full_disk: the database on a %d MiB %s" % (SIZE_MIB, how))
    try:
        Test(work, disk).run()
        status = 0
    except Failure as failure:
        print("full_disk: FAILED: %s" % failure, file=sys.stderr)
        log = os.path.join(work, "server.log")
        if os.path.exists(log):
            sys.stderr.write(open(log, errors="replace").read()[-3000:])
        status = 1
    finally:
        if disk is not None:
            run("umount", disk)
    shutil.rmtree(work, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())

"""What full_disk.py (SQLite) and full_disk_pg.py (PostgreSQL) share.

Both put the database on a small filesystem, fill it while clients are
added over HTTP and through the command line, and check the same things:
every failing write is a clear 507 / exit 1 naming nothing inside, reads
go on, nothing acknowledged is lost, writes work again once there is room.
A backend's script subclasses FullDiskTest and says only what differs: how
the disk fills and empties, what its answers must not name, and how rows
are read back.
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

SIZE_MIB = 8
PASSWORD = "full-disk-password-1"
SKIP = 77


class Failure(Exception):
    pass


def run(*args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, timeout=120, **kwargs)


def mount_tmpfs(disk):
    """Mounts a SIZE_MIB tmpfs at disk (root only); the mount's result."""
    return run("mount", "-t", "tmpfs", "-o", "size=%dm,mode=0700" % SIZE_MIB, "tmpfs", disk)


def leave_one_mib(folder):
    """Writes folder/filler until about 1 MiB of its filesystem is free."""
    free = shutil.disk_usage(folder).free
    with open(os.path.join(folder, "filler"), "wb") as f:
        chunk = b"\0" * (1 << 16)
        for _ in range(max(0, free - (1 << 20)) // len(chunk)):
            f.write(chunk)


class FullDiskTest:
    name = "full_disk"      # the script's name in its messages
    filled = "the disk"     # what fills up, in words

    def __init__(self, binary, work, disk, db):
        self.binary = binary
        self.work = work
        self.disk = disk
        self.db = db
        self.acked = {}  # client id -> name
        self.checks = 0
        self.server = None

    # ---- what a backend's script says ----

    def child_setup(self):
        """A preexec_fn for the server and the CLI, or None."""
        return None

    def make_full(self):
        leave_one_mib(self.disk)

    def make_room(self):
        os.unlink(os.path.join(self.disk, "filler"))

    def nothing_inside(self, text, what):
        raise NotImplementedError

    def integrity(self, when):
        """The database's own consistency check, where it has one."""

    def rows(self, sql):
        raise NotImplementedError

    # ---- the test ----

    def check(self, condition, what):
        self.checks += 1
        if not condition:
            raise Failure(what)

    def cli(self, *args, stdin=None):
        return run(self.binary, "--db", self.db, *args, input=stdin,
                   preexec_fn=self.child_setup())

    def start_server(self):
        log = open(os.path.join(self.work, "server.log"), "ab")
        self.server = subprocess.Popen([self.binary, "--db", self.db, "serve", "--listen",
                                        "127.0.0.1:0"], stdout=subprocess.PIPE, stderr=log,
                                       stdin=subprocess.DEVNULL, preexec_fn=self.child_setup())
        log.close()
        ready, _, _ = select.select([self.server.stdout], [], [], 60)
        line = self.server.stdout.readline().decode() if ready else ""
        match = re.fullmatch(r"listening on http://127\.0\.0\.1:(\d+)\n", line)
        if not match:
            raise Failure("the server did not start: %r" % line)
        self.port = int(match.group(1))

    def stop_server(self):
        if self.server is not None and self.server.poll() is None:
            self.server.kill()
            self.server.wait(30)

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

    def fill(self):
        """Leaves about 1 MiB free, then adds clients until both doors fail."""
        self.make_full()
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
        raise Failure("%s never filled up" % self.filled)

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
        # HTTP: 507 problem+json saying so, naming nothing inside.
        self.check(status == 507, "HTTP write on a full disk: %d %r" % (status, body[:200]))
        self.check(content_type == "application/problem+json", "content type %r" % content_type)
        problem = json.loads(body)
        self.check(problem["status"] == 507 and "disk is full" in problem["detail"],
                   "problem: %r" % problem)
        self.nothing_inside(body.decode(), "the 507 answer")
        # CLI: exit 1, a message saying so, naming nothing inside.
        self.messages = (problem["detail"], cli.stderr.strip())
        self.check(cli.returncode == 1, "CLI on a full disk: exit %d: %s" % (cli.returncode,
                                                                             cli.stderr))
        self.check("disk is full" in cli.stderr, "CLI message: %r" % cli.stderr)
        self.nothing_inside(cli.stderr.replace("collagenda: ", ""), "the CLI message")
        # More writes fail the same way; nothing else (a course, a session) slips through.
        for i in range(5):
            status, _, body = self.add_http("still full %d" % i)
            self.check(status in (201, 507), "HTTP again: %d %r" % (status, body[:200]))
        # Reads go on: lists, the health check; a client's record (its read is
        # audited, so 507 is an honest answer too).
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
        self.make_room()
        status, _, body = self.add_http("After the disk was freed")
        self.check(status == 201, "HTTP after freeing: %d %r" % (status, body[:200]))
        result = self.add_cli("After the disk was freed (CLI)")
        self.check(result.returncode == 0, "CLI after freeing: %s" % result.stderr)
        status, _, body = self.request("GET", "/api/v1/clients/%d" % some)
        self.check(status == 200, "GET a client after freeing: %d" % status)

    def final_checks(self):
        self.integrity("at the end")
        names = dict(self.rows("SELECT id, name FROM clients"))
        lost = [i for i, name in self.acked.items() if names.get(i) != name]
        self.check(not lost, "acknowledged clients lost: %r" % lost[:10])
        audited = sorted(r[0] for r in self.rows(
            "SELECT entity_id FROM audit_log WHERE action = 'client.add'"))
        self.check(audited == sorted(names), "client.add entries do not match the clients")
        print("%s: %d acknowledged writes until %s was full, all kept; failing writes answered "
              "507 (HTTP) and exit 1 (CLI) naming nothing inside; reads answered (a client's "
              "record: %d); writes again once freed; %d checks"
              % (self.name, self.full_writes, self.filled, self.record_read, self.checks))
        print("%s: HTTP said %r; the CLI said %r" % ((self.name,) + self.messages))

    def report_failure(self, failure):
        print("%s: FAILED: %s" % (self.name, failure), file=sys.stderr)
        log = os.path.join(self.work, "server.log")
        if os.path.exists(log):
            sys.stderr.write(open(log, errors="replace").read()[-3000:])

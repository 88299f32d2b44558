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
  - the server keeps answering reads (the client list, the due list, a
    client's record) and /healthz while the tablespace is full;
  - every acknowledged write is there, and the audit log has one
    client.add per client;
  - once the filler is removed, writes work again on both doors.

usage: tests/pg/server.sh run python3 full_disk_pg.py PATH/TO/collagenda
"""
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pg"))
import testdb  # noqa: E402 (tests/pg/testdb.py)
from full_disk_common import SIZE_MIB, SKIP, Failure, FullDiskTest, mount_tmpfs, run  # noqa: E402


def admin_location(host):
    return "postgresql://postgres@/postgres?host=%s" % host


def psql(location, sql):
    result = run("psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", location, input=sql)
    if result.returncode != 0:
        raise Failure("psql: %s: %s" % (sql, result.stderr.strip()))
    return result.stdout.strip()


class PostgreSQLFullDisk(FullDiskTest):
    name = "full_disk_pg"
    filled = "the tablespace"

    def __init__(self, binary, work, disk, host):
        self.host = host
        name = os.path.basename(work).replace("-", "_").lower()
        self.tablespace = "full_" + name
        self.database = "full_db_" + name
        super().__init__(binary, work, disk,
                         "postgresql://postgres@/%s?host=%s" % (self.database, host))

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

    def run(self):
        self.create()
        super().run()

    def nothing_inside(self, text, what):
        """No folder, file or PostgreSQL message in a caller's answer."""
        for secret in (self.work, "pg_tblspc", "could not extend", "No space left", "/"):
            self.check(secret not in text, "%s names %r: %r" % (what, secret, text))

    def rows(self, sql):
        return testdb.rows(self.db, sql)


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
    mounted = mount_tmpfs(disk)
    if mounted.returncode != 0:
        print("full_disk_pg: SKIPPED: no tmpfs can be mounted: %s" % mounted.stderr.strip())
        shutil.rmtree(work, ignore_errors=True)
        return SKIP
    os.chmod(work, 0o755)  # the server's account reaches the tablespace through it
    test = PostgreSQLFullDisk(os.path.abspath(sys.argv[1]), work, disk, host)
    print("full_disk_pg: a tablespace on a %d MiB tmpfs" % SIZE_MIB)
    try:
        test.run()
        status = 0
    except Failure as failure:
        test.report_failure(failure)
        status = 1
    finally:
        test.stop_server()
        test.drop()
        run("umount", disk)
    shutil.rmtree(work, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())

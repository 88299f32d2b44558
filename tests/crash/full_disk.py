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
import os
import resource
import shutil
import signal
import sqlite3
import sys
import tempfile

from full_disk_common import SIZE_MIB, SKIP, Failure, FullDiskTest, mount_tmpfs, run


def mount_small_filesystem(work):
    """Mounts a SIZE_MIB filesystem at work/disk; returns (path, how) or (None, why not)."""
    disk = os.path.join(work, "disk")
    os.mkdir(disk)
    if os.geteuid() != 0:
        return None, "mounting a small filesystem needs root"
    tmpfs = mount_tmpfs(disk)
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


class SQLiteFullDisk(FullDiskTest):
    def __init__(self, binary, work, disk):
        # Without a filesystem of our own: the file size limit of the processes.
        self.by_limit = disk is None
        self.limit = None
        folder = work if self.by_limit else disk
        super().__init__(binary, work, folder, os.path.join(folder, "clinic.db"))

    def child_setup(self):
        """Run in the child before exec: the file size limit, and EFBIG instead of SIGXFSZ."""
        limit = self.limit
        def apply():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # stays ignored across exec
            if limit is not None:
                resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
        return apply

    def set_limit(self, limit):
        """The file size limit of the server (now) and of every CLI run (from now on)."""
        self.limit = limit
        value = limit if limit is not None else resource.RLIM_INFINITY
        resource.prlimit(self.server.pid, resource.RLIMIT_FSIZE, (value, resource.RLIM_INFINITY))

    def make_full(self):
        if not self.by_limit:
            return super().make_full()
        files = [self.db, self.db + "-wal"]
        self.set_limit(max(os.path.getsize(f) for f in files if os.path.exists(f)) + (1 << 20))

    def make_room(self):
        if not self.by_limit:
            return super().make_room()
        self.set_limit(None)

    def nothing_inside(self, text, what):
        self.check(self.work not in text and "/" + os.path.basename(self.db) not in text
                   and ".db" not in text, "%s names a path: %r" % (what, text))

    def integrity(self, when):
        db = sqlite3.connect("file:%s?mode=ro" % self.db, uri=True, timeout=60)
        try:
            result = db.execute("PRAGMA integrity_check").fetchall()
            self.check(result == [("ok",)], "integrity_check %s: %r" % (when, result))
        finally:
            db.close()

    def rows(self, sql):
        db = sqlite3.connect(self.db, timeout=60)
        try:
            return db.execute(sql).fetchall()
        finally:
            db.close()


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
    test = SQLiteFullDisk(os.path.abspath(sys.argv[1]), work, disk)
    try:
        test.run()
        status = 0
    except Failure as failure:
        test.report_failure(failure)
        status = 1
    finally:
        test.stop_server()
        if disk is not None:
            run("umount", disk)
    shutil.rmtree(work, ignore_errors=True)
    return status


if __name__ == "__main__":
    sys.exit(main())

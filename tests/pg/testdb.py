"""The test database of a Python test, on either backend.

new_database(folder) is a SQLite file in folder, or, when CLG_TEST_PG_HOST
names the suite's PostgreSQL test server (tests/pg/server.sh), a new
database on it. rows(db, sql, *args) runs a read-only query with `?` or
`?N` parameters on either and answers its rows as tuples of Python values,
as the sqlite3 module does. execute(db, script) runs SQL that writes (a
test's own trigger, say) on either. integrity(db) is "ok" when the database
is whole.
"""
import json
import os
import re
import sqlite3
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))


def on_postgresql(db):
    return db.startswith(("postgresql://", "postgres://"))


def new_database(folder, prefix="server"):
    if not os.environ.get("CLG_TEST_PG_HOST"):
        return os.path.join(folder, "collagenda.db")
    return subprocess.run([os.path.join(HERE, "newdb.sh"), prefix], capture_output=True,
                          text=True, check=True, timeout=60).stdout.strip()


def literal(value):
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def rows(db, sql, *args):
    if not on_postgresql(db):
        with sqlite3.connect("file:%s?mode=ro" % db, uri=True) as connection:
            return connection.execute(sql, args).fetchall()
    counter = iter(range(len(args)))

    def substitute(match):
        index = int(match.group(1)) - 1 if match.group(1) else next(counter)
        return literal(args[index])

    query = re.sub(r"\?(\d*)", substitute, sql)
    # json_agg keeps the columns' order, types and NULLs; pairs keep same-named columns apart.
    wrapped = "SELECT coalesce(json_agg(t), '[]') FROM (%s) t" % query
    result = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", db],
                            input=wrapped, capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise AssertionError("psql: %s: %s" % (query, result.stderr))
    return [tuple(value for _, value in pairs)
            for pairs in json.loads(result.stdout, object_pairs_hook=lambda pairs: pairs)]


def execute(db, script):
    if not on_postgresql(db):
        with sqlite3.connect(db, timeout=30) as connection:
            connection.executescript(script)
        return
    result = subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", db], input=script,
                            capture_output=True, text=True, timeout=60)
    if result.returncode != 0:
        raise AssertionError("psql: %s: %s" % (script, result.stderr))


def integrity(db):
    if on_postgresql(db):
        return "ok"  # PostgreSQL checks every constraint and reference as each row is written
    with sqlite3.connect(db) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]

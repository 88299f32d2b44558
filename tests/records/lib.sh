# shellcheck shell=bash
# Helpers for the records integration tests: the CLI test helpers of
# tests/cli/lib.sh (run, assert_*, finish) plus a scratch database per test
# and direct looks into it with the sqlite3 shell or psql.
#
# usage in a test: . "$(dirname "$0")/lib.sh"; records_init BINARY
# After records_init, DB is a fresh database and every `run` uses it
# (through COLLAGENDA_DB), unless the test passes --db itself: a SQLite file,
# or, when CLG_TEST_PG_HOST names a test server (tests/pg/server.sh, the
# suite's `postgresql` variants), a new PostgreSQL database on it. The sql
# helper reads either; a test that needs the SQLite file itself calls
# sqlite_only first.

# shellcheck source=../cli/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../cli/lib.sh"

records_init() {
    cli_init "$1"
    if ! command -v sqlite3 >/dev/null 2>&1; then
        echo "error: the sqlite3 shell is needed (apt-get install sqlite3)" >&2
        exit 2
    fi
    if [ -n "${CLG_TEST_PG_HOST:-}" ]; then
        DB=$("$(dirname "${BASH_SOURCE[0]}")/../pg/newdb.sh" records) || exit 2
    else
        DB=$WORK/records.db
    fi
    export COLLAGENDA_DB=$DB
    export USER=records-test
    unset XDG_DATA_HOME
}

# on_postgresql: the test's database is a PostgreSQL one.
on_postgresql() {
    case $DB in postgres://* | postgresql://*) return 0 ;; esac
    return 1
}

# sqlite_only REASON: ends a test that reads or writes the SQLite file itself
# with "0 passed, 0 failed" and the reason, when it runs on PostgreSQL.
sqlite_only() {
    if on_postgresql; then
        echo "SQLite only: $1"
        echo "0 passed, 0 failed"
        exit 0
    fi
}

# sql DATABASE QUERY: one query (or several, ';'-separated) through the
# sqlite3 shell or psql, as the database is; rows on stdout, columns joined
# by '|', NULL as nothing, as the sqlite3 shell prints them.
sql() {
    case $1 in
    postgres://* | postgresql://*)
        psql -X -q -A -t -v ON_ERROR_STOP=1 "$1" <<<"$2"
        ;;
    *)
        sqlite3 -batch -bail -cmd ".timeout 30000" "$1" "$2"
        ;;
    esac
}

# counts DATABASE: row counts of every table, one line, for "nothing was written" checks.
# A safety refusal leaves only its own audit entry (safety.refused), which
# the tests check separately, so it is not counted here.
counts() {
    sql "$1" "SELECT (SELECT count(*) FROM clinics) || ' ' || (SELECT count(*) FROM clients) \
        || ' ' || (SELECT count(*) FROM courses) || ' ' || (SELECT count(*) FROM sessions) \
        || ' ' || (SELECT count(*) FROM protocols) \
        || ' ' || (SELECT count(*) FROM bookings) \
        || ' ' || (SELECT count(*) FROM audit_log WHERE action <> 'safety.refused')"
}

# stamp COLUMN: SQL reading a timestamp column as SQLite stores it, in UTC
# with milliseconds, "2027-01-04T09:30:00.123Z", on either backend.
stamp() {
    if on_postgresql; then
        echo "to_char($1 AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')"
    else
        echo "$1"
    fi
}

# json_field COLUMN KEY: SQL reading the member KEY of a JSON column, on either backend.
json_field() {
    if on_postgresql; then
        echo "($1)::json ->> '$2'"
    else
        echo "json_extract($1, '\$.$2')"
    fi
}

# integrity DATABASE: "ok" when the database is whole. PostgreSQL checks every
# constraint and reference as each row is written, and has nothing more to ask.
integrity() {
    if [[ $1 == postgres* ]]; then
        echo ok
    else
        sql "$1" "PRAGMA integrity_check"
    fi
}

# assert_integrity NAME DATABASE: PRAGMA integrity_check says ok, and foreign keys hold.
assert_integrity() {
    local result
    if [[ $2 == postgres* ]]; then
        # PostgreSQL checks every constraint and reference as each row is written.
        assert_eq "$1: integrity_check ok" "ok" "ok"
        return
    fi
    result=$(sql "$2" "PRAGMA integrity_check; PRAGMA foreign_key_check;" 2>&1)
    assert_eq "$1: integrity_check ok" "ok" "$result"
}

# assert_unchanged NAME BEFORE DATABASE: the counts are what they were.
assert_unchanged() {
    assert_eq "$1: nothing written" "$2" "$(counts "$3")"
}

# wait_until SECONDS COMMAND...: runs COMMAND until it succeeds, every 10 ms;
# returns 1 after SECONDS. A test waits for what it needs to have happened,
# never for a time it guesses is enough, and never without a bound.
wait_until() {
    local deadline=$((${EPOCHREALTIME//[^0-9]/} + $1 * 1000000)) # in microseconds
    shift
    until "$@"; do
        if ((${EPOCHREALTIME//[^0-9]/} >= deadline)); then
            return 1
        fi
        sleep 0.01
    done
}

# leads_group PID: PID is a live process and the leader of its own process group.
leads_group() {
    local stat fields
    read -r stat 2>/dev/null <"/proc/$1/stat" || return 1
    stat=${stat##*) } # after "(command) ", which may hold spaces
    read -r -a fields <<<"$stat"  # state, parent, process group, ...
    [ "${fields[0]}" != Z ] && [ "${fields[2]}" = "$1" ]
}

# group_gone PGID: no live process is left in process group PGID. Zombies
# (dead, waiting for their parent to collect them) do not count.
group_gone() {
    local file stat fields
    for file in /proc/[0-9]*/stat; do
        read -r stat 2>/dev/null <"$file" || continue # the process just ended
        stat=${stat##*) }
        read -r -a fields <<<"$stat"
        if [ "${fields[2]}" = "$1" ] && [ "${fields[0]}" != Z ]; then
            return 1
        fi
    done
    return 0
}

# ended PID: PID, a child of this shell, is gone (bash collects its children
# as they end, so a dead one does not linger as a zombie here).
ended() {
    ! kill -0 "$1" 2>/dev/null
}

# all_ended PID...: every one of them is gone.
all_ended() {
    local pid
    for pid in "$@"; do
        ended "$pid" || return 1
    done
}

# wait_jobs SECONDS PID...: waits until the background jobs PID... (children
# of this shell) have ended, at most SECONDS in all; then kills whatever is
# left, with its children, and returns 1. After it returns 0, `wait PID`
# collects each one's status at once.
wait_jobs() {
    local limit=$1 pid
    shift
    if wait_until "$limit" all_ended "$@"; then
        return 0
    fi
    for pid in "$@"; do
        if ! ended "$pid"; then
            pkill -KILL -P "$pid"
            kill -KILL "$pid"
        fi
    done
    return 1
}

# lines FILE: the number of lines in FILE.
lines() {
    wc -l <"$1"
}

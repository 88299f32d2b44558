# shellcheck shell=bash
# Helpers for the records integration tests: the CLI test helpers of
# tests/cli/lib.sh (run, assert_*, finish) plus a scratch database per test
# and direct looks into it with the sqlite3 shell.
#
# usage in a test: . "$(dirname "$0")/lib.sh"; records_init BINARY
# After records_init, DB is a fresh database path and every `run` uses it
# (through COLLAGENDA_DB), unless the test passes --db itself.

# shellcheck source=../cli/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../cli/lib.sh"

records_init() {
    cli_init "$1"
    if ! command -v sqlite3 >/dev/null 2>&1; then
        echo "error: the sqlite3 shell is needed (apt-get install sqlite3)" >&2
        exit 2
    fi
    DB=$WORK/records.db
    export COLLAGENDA_DB=$DB
    export USER=records-test
    unset XDG_DATA_HOME
}

# sql DATABASE QUERY: one query through the sqlite3 shell, result on stdout.
sql() {
    sqlite3 -batch -bail -cmd ".timeout 30000" "$1" "$2"
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

# assert_integrity NAME DATABASE: PRAGMA integrity_check says ok, and foreign keys hold.
assert_integrity() {
    local result
    result=$(sql "$2" "PRAGMA integrity_check; PRAGMA foreign_key_check;" 2>&1)
    assert_eq "$1: integrity_check ok" "ok" "$result"
}

# assert_unchanged NAME BEFORE DATABASE: the counts are what they were.
assert_unchanged() {
    assert_eq "$1: nothing written" "$2" "$(counts "$3")"
}

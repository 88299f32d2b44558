#!/usr/bin/env bash
# Export formats on the command line, asked for wrongly: each is a usage error
# (exit 2) with stdout empty and one "collagenda: what: why" line naming the
# flag at fault and what is allowed. fhir needs no start date: its
# activities then simply carry no period.
#
# usage: bad_input.sh PATH/TO/collagenda PROTOCOL_FILE
set -u
CLI=$1 PROTOCOL=$2
passed=0 failed=0
OUT=$(mktemp) ERR=$(mktemp)
trap 'rm -f "$OUT" "$ERR"' EXIT

# expect NAME STATUS STDERR_LINE ARGS...: exit STATUS, empty stdout, stderr
# exactly STDERR_LINE (a glob pattern: only the core's wording of a date
# error is left open).
expect() {
    local name=$1 status=$2 message=$3
    shift 3
    "$@" >"$OUT" 2>"$ERR"
    local rc=$?
    if [ "$rc" -eq "$status" ] && [ ! -s "$OUT" ] && [[ $(cat "$ERR") == $message ]]; then
        passed=$((passed + 1))
    else
        failed=$((failed + 1))
        printf 'FAIL: %s\n  exit %s (wanted %s), stdout %s bytes\n  stderr: %s\n  wanted: %s\n' \
            "$name" "$rc" "$status" "$(wc -c <"$OUT")" "$(cat "$ERR")" "$message"
    fi
}

expect "unknown plan format" 2 \
    "collagenda: --format: 'xml' is not allowed; use one of: text, json, ics, fhir, svg" \
    "$CLI" plan --laxity mild --start 2027-01-04 --format xml
expect "ics without --start" 2 \
    "collagenda: --start: is required for --format ics; give the first session's date (YYYY-MM-DD)" \
    "$CLI" plan --laxity mild --format ics
expect "svg without --start" 2 \
    "collagenda: --start: is required for --format svg; give the first session's date (YYYY-MM-DD)" \
    "$CLI" plan --laxity mild --format svg
expect "ics with an impossible start" 2 \
    "collagenda: --start: *2027-02-30*" \
    "$CLI" plan --laxity mild --start 2027-02-30 --format ics
expect "batch does not write ics" 2 \
    "collagenda: --batch: writes JSON Lines only; drop --format ics" \
    "$CLI" plan --batch - --format ics
expect "malformed SOURCE_DATE_EPOCH" 2 \
    "collagenda: SOURCE_DATE_EPOCH: 'yesterday' is not a whole number of seconds since 1970-01-01 (0 to 253402300799)" \
    env SOURCE_DATE_EPOCH=yesterday "$CLI" plan --laxity mild --start 2027-01-04 --format ics
expect "unknown protocol format" 2 \
    "collagenda: --format: 'ics' is not allowed; use one of: json, fhir" \
    "$CLI" protocol show --format ics
expect "protocol check takes no format" 2 \
    "collagenda: --format: applies to 'protocol show' only" \
    "$CLI" protocol check "$PROTOCOL" --format fhir

# Exports of stored courses and calendar feeds: an unknown course, client or
# format is named precisely, before anything is written.
DB_DIR=$(mktemp -d)
trap 'rm -f "$OUT" "$ERR"; rm -rf "$DB_DIR"' EXIT
DB=$DB_DIR/clinic.db
"$CLI" --db "$DB" client add --name "Anna" >/dev/null
"$CLI" --db "$DB" course start --client 1 --laxity mild --start 2027-01-04 >/dev/null
"$CLI" --db "$DB" clinic add "Other clinic" >/dev/null
expect "unknown course show format" 2 \
    "collagenda: --format: 'xml' is not allowed; use one of: text, json, ics, fhir, svg" \
    "$CLI" --db "$DB" course show 1 --format xml
for format in ics fhir svg; do
    expect "course show --format $format of an unknown course" 2 \
        "collagenda: course: no course with id 999" \
        "$CLI" --db "$DB" course show 999 --format "$format"
done
expect "course show --format ics of a malformed id" 2 \
    "collagenda: course: 'abc' is not an id; use a positive whole number such as 12" \
    "$CLI" --db "$DB" course show abc --format ics
expect "course show of another clinic's course" 2 \
    "collagenda: course: no course with id 1" \
    "$CLI" --db "$DB" --clinic "Other clinic" course show 1 --format ics
expect "course start prints no export" 2 \
    "collagenda: --format: 'course start' prints the new id as text or json; use 'course show ID --format fhir' for the export" \
    "$CLI" --db "$DB" course start --client 1 --laxity mild --format fhir
expect "feed without --client" 2 \
    "collagenda: --client: is required (a client id)" \
    "$CLI" --db "$DB" feed create
expect "feed for an unknown client" 2 \
    "collagenda: client: no client with id 999" \
    "$CLI" --db "$DB" feed create --client 999
expect "feed revoke without a feed" 2 \
    "collagenda: feed: client 1 has no calendar feed to revoke" \
    "$CLI" --db "$DB" feed revoke --client 1
expect "feed with an unknown action" 2 \
    "collagenda: feed: use 'feed create --client ID' or 'feed revoke --client ID'; see 'collagenda feed --help'" \
    "$CLI" --db "$DB" feed rotate --client 1
if [ "$(sqlite3 "$DB" "SELECT count(*) FROM feeds")" = 0 ]; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
    echo "FAIL: refused feed commands wrote no feed"
fi

# fhir without a start date is fine.
if "$CLI" plan --laxity mild --format fhir >"$OUT" 2>"$ERR" && [ ! -s "$ERR" ] &&
    grep -q '"resourceType": "CarePlan"' "$OUT" && ! grep -q scheduledPeriod "$OUT"; then
    passed=$((passed + 1))
else
    failed=$((failed + 1))
    echo "FAIL: fhir without --start gives a CarePlan without periods: $(cat "$ERR")"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

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

#!/usr/bin/env bash
# Dates a record cannot have (docs/records.md#dates), with the real binary
# and a real database file on a fixed clock (faketime, 2027-03-10 12:00
# UTC): a session after the clinic's today (in its time zone) or before the
# course's start, a booking before the start, a course, session or booking
# that would carry the course's dates past 9999-12-31, a `due` look-ahead
# past it, and year 0000: each invalid input naming the field (exit 2),
# nothing written, and `due`, `course show`, `client show` and `export
# courses` still work afterwards. Also: the defaults that are "today" (a
# course's start, `due --on`) are the clinic's today, and the client's
# stored skin type is used when the command leaves it out.
#
# usage: dates.sh PATH/TO/collagenda
. "$(dirname "$0")/lib.sh"
records_init "$1"
fake_today 2027-03-10 # 12:00 UTC: already 2027-03-11 in Kiritimati (UTC+14)

# refuses NAME EXPECTED_STDERR ARGS...: exit 2, exactly that message, nothing written.
refuses() {
    local name=$1 expected=$2
    shift 2
    run "$@"
    assert_rc "$name: exit 2" 2
    assert_eq "$name: message" "$expected" "$ERR"
    assert_empty "$name: stdout empty" "$OUT"
    assert_unchanged "$name" "$before" "$DB"
}

# still_reads NAME: due, course show, client show and export courses all work,
# and none prints a year 0000.
still_reads() {
    local command
    for command in "due --format json" "due --on 9999-12-31 --within 0" "course show 1" \
        "course show 1 --format json" "client show 1 --format json" "export courses" \
        "export courses --format json" "course show 1 --format ics"; do
        # shellcheck disable=SC2086 # the command's words
        run $command
        assert_rc "$1: $command works" 0
        assert_not_contains "$1: $command prints no year 0000" "0000-" "$OUT"
    done
}

run client add --name "Ada Client" --skin-type V
run course start --client 1 --laxity mild --start 2027-01-04
run session record --course 1 --date 2027-01-04
assert_rc "a session of a day gone by" 0

# --- after today, in the clinic's time zone -----------------------------------------
before=$(counts "$DB")
refuses "a session after today (UTC)" \
    "collagenda: --date: 2027-03-11 is after today (2027-03-10 in UTC); a session is recorded once it has taken place, and booked before" \
    session record --course 1 --date 2027-03-11
refuses "the issue's session in December" \
    "collagenda: --date: 2027-12-20 is after today (2027-03-10 in UTC); a session is recorded once it has taken place, and booked before" \
    session record --course 1 --date 2027-12-20
refuses "a session before the course's start" \
    "collagenda: --date: 2027-01-03 is before the course's start on 2027-01-04" \
    session record --course 1 --date 2027-01-03
refuses "a booking before the course's start" \
    "collagenda: --date: 2027-01-01 is before the course's start on 2027-01-04" \
    session book --course 1 --date 2027-01-01
assert_eq "no refusal was audited: these are not safety refusals" "0" \
    "$(sql "$DB" "SELECT count(*) FROM audit_log WHERE action = 'safety.refused'")"

run clinic set --time-zone Pacific/Kiritimati
run session record --course 1 --date 2027-03-11
assert_rc "in Kiritimati it is already 2027-03-11" 0
before=$(counts "$DB")
refuses "but not yet 2027-03-12" \
    "collagenda: --date: 2027-03-12 is after today (2027-03-11 in Pacific/Kiritimati); a session is recorded once it has taken place, and booked before" \
    session record --course 1 --date 2027-03-12
run session book --course 1 --date 2027-04-15
assert_rc "a booking to come is fine" 0

# The defaults that mean "today" are the clinic's today.
run course start --client 1 --laxity mild --areas neck
assert_rc "course start without --start" 0
assert_eq "starts on the clinic's today" "2027-03-11" \
    "$(sql "$DB" "SELECT start_date FROM courses WHERE id = $OUT")"
run due --within 0 --format json
assert_jq "due without --on counts from the clinic's today" \
    '[.[] | {course, due, overdue_days}] == [{"course": 2, "due": "2027-03-11", "overdue_days": 0}]' "$OUT"
run clinic set --time-zone UTC

# --- past 9999-12-31 -----------------------------------------------------------------
before=$(counts "$DB")
refuses "a course starting 9999-12-20" \
    "collagenda: --start: the course and its maintenance visit would run past 9999-12-31" \
    course start --client 1 --laxity mild --start 9999-12-20
# Severe laxity: six sessions, the visit 6 months after the last, its window up to 12.
refuses "a course whose maintenance window would end past 9999-12-31" \
    "collagenda: --start: 9998-09-01 would carry the course past 9999-12-31: the maintenance window would end after the last day a date can hold" \
    course start --client 1 --laxity severe --start 9998-09-01
refuses "a session on 9999-12-20 (after today)" \
    "collagenda: --date: 9999-12-20 is after today (2027-03-10 in UTC); a session is recorded once it has taken place, and booked before" \
    session record --course 1 --date 9999-12-20
refuses "a booking on 9999-12-20" \
    "collagenda: --date: 9999-12-20 would carry the course past 9999-12-31: the maintenance window would end after the last day a date can hold" \
    session book --course 1 --date 9999-12-20
refuses "due --on 9999-12-31 --within 1" \
    "collagenda: --within: 9999-12-31 plus 1 day runs past 9999-12-31, the last day a date can hold; look ahead at most 0 days from it" \
    due --on 9999-12-31 --within 1
refuses "due --on 9999-12-20 and its default look-ahead" \
    "collagenda: --within: 9999-12-20 plus 14 days runs past 9999-12-31, the last day a date can hold; look ahead at most 11 days from it" \
    due --on 9999-12-20
still_reads "after the far-future dates"

# A course that does fit near the end of the calendar: its bookings still may not push it past.
run client add --name "Late Client"
late_client=$OUT
run course start --client "$late_client" --laxity mild --start 9998-06-01
assert_rc "a course that ends (maintenance included) by 9999-09-14" 0
late=$OUT
run session book --course "$late" --date 9998-07-06
assert_rc "its session 2 booked on time" 0
before=$(counts "$DB")
refuses "a late booking that pushes its maintenance past 9999-12-31" \
    "collagenda: --date: 9998-12-01 would carry the course past 9999-12-31: the maintenance window would end after the last day a date can hold" \
    session book --course "$late" --date 9998-12-01

# The issue's session on 9999-12-20, on a day when it has taken place.
run client add --name "Year 9999"
run course start --client "$OUT" --laxity mild --start 9998-06-01
last=$OUT
before=$(counts "$DB")
FAKETIME="@9999-12-25 12:00:00" run session record --course "$last" --date 9999-12-20
assert_rc "a session on 9999-12-20, recorded on 9999-12-25: exit 2" 2
assert_eq "it would carry the course past 9999-12-31" \
    "collagenda: --date: 9999-12-20 would carry the course past 9999-12-31: a session or its window would end after the last day a date can hold" \
    "$ERR"
assert_unchanged "the session on 9999-12-20" "$before" "$DB"
still_reads "after the session on 9999-12-20"
assert_eq "no date of year 0000 anywhere in the database" "0" \
    "$(sql "$DB" "SELECT (SELECT count(*) FROM courses WHERE CAST(next_date AS TEXT) LIKE '0000%' OR CAST(start_date AS TEXT) LIKE '0000%')
        + (SELECT count(*) FROM sessions WHERE CAST(date AS TEXT) LIKE '0000%')
        + (SELECT count(*) FROM bookings WHERE CAST(date AS TEXT) LIKE '0000%')")"

# --- year 0000 -----------------------------------------------------------------------
before=$(counts "$DB")
refuses "a session in year 0000" \
    "collagenda: --date: '0000-12-20' does not exist on the calendar (month 01-12, day within the month, year 0001-9999)" \
    session record --course 1 --date 0000-12-20
refuses "a booking in year 0000" \
    "collagenda: --date: '0000-01-01' does not exist on the calendar (month 01-12, day within the month, year 0001-9999)" \
    session book --course 1 --date 0000-01-01
refuses "a course starting in year 0000" \
    "collagenda: --start: '0000-06-01' does not exist on the calendar (month 01-12, day within the month, year 0001-9999)" \
    course start --client 1 --laxity mild --start 0000-06-01
refuses "due on a day of year 0000" \
    "collagenda: --on: '0000-12-31' does not exist on the calendar (month 01-12, day within the month, year 0001-9999)" \
    due --on 0000-12-31
still_reads "after year 0000"

# --- the client's stored facts are used ---------------------------------------------------
run client add --name "Stored VI" --skin-type VI
stored=$OUT
run course start --client "$stored" --laxity mild --start 2027-01-04
stored_course=$OUT
run course show "$stored_course" --format json
assert_jq "without --skin-type, the client's stored skin type is planned with" \
    '.plan.assessment.skin_type == "VI"' "$OUT"
assert_jq "and the screening reflects it" \
    '.plan.screening.status == "caution" and ([.plan.screening.findings[].code] | index("skin-type"))' "$OUT"
assert_eq "the course's stored request holds it" '"VI"' \
    "$(sql "$DB" "SELECT $(json_field request skin_type) FROM courses WHERE id = $stored_course" | jq -R .)"
run course start --client "$stored" --laxity mild --start 2027-01-04 --skin-type II
run course show "$OUT" --format json
assert_jq "a skin type given on the command line wins" \
    '.plan.assessment.skin_type == "II" and .plan.screening.status == "clear"' "$OUT"
run client add --name "No skin type"
run course start --client "$OUT" --laxity mild --start 2027-01-04
run course show "$OUT" --format json
assert_jq "a client without one plans without one" \
    '(.plan.assessment | has("skin_type") | not) and .plan.screening.status == "clear"' "$OUT"

assert_integrity "after all of it" "$DB"
finish

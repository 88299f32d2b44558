#!/usr/bin/env bash
# Bookings at the clock changes, with the real binary and a real database
# file, in Europe/Berlin and America/New_York: a time in the spring-forward
# gap is invalid input (exit 2) naming the field and the gap, with nothing
# written, for a booking and a forced booking alike; a time in the autumn
# overlap is accepted and exported as its first occurrence, iCalendar (in
# UTC, which no reader can read two ways) and FHIR alike, with DTEND after
# DTSTART. (tests/exports/check_time_zones.py
# reads the same exports with python3-icalendar, ical.js and khal.)
#
# usage: time_zones.sh PATH/TO/collagenda
. "$(dirname "$0")/lib.sh"
records_init "$1"
fake_today 2026-12-01 # every booking below is ahead of today

# start_course CLINIC DATE: a new client of CLINIC starts a course on DATE; OUT is its id.
clients=0
start_course() {
    clients=$((clients + 1))
    run --clinic "$1" client add --name "Client $clients"
    run --clinic "$1" course start --client "$OUT" --laxity mild --start "$2"
}

# book_gap NAME CLINIC ZONE DATE TIME: a course starting on DATE, whose first
# session cannot be booked at TIME on DATE; the message names the gap.
book_gap() {
    local name=$1 clinic=$2 zone=$3 date=$4 time=$5 expected=$6
    local course before
    start_course "$clinic" "$date"
    course=$OUT
    before=$(counts "$DB")
    run --clinic "$clinic" session book --course "$course" --date "$date" --time "$time"
    assert_rc "$name: a time in the gap" 2
    assert_eq "$name: names the field and the gap" "collagenda: --time: $expected" "$ERR"
    assert_unchanged "$name" "$before" "$DB"
    run --clinic "$clinic" session book --course "$course" --date "$date" --time "$time" \
        --force --reason "the client insists"
    assert_rc "$name: forcing does not make the time exist" 2
    assert_unchanged "$name, forced" "$before" "$DB"
    run --clinic "$clinic" session book --course "$course" --date "$date" --time 03:00
    assert_rc "$name: the hour after the gap is bookable" 0
}

# book_overlap NAME CLINIC DATE TIME ICS_START ICS_END FHIR_START FHIR_END: a
# booking at TIME on DATE, which occurs twice, accepted and exported as the
# first occurrence; the visit (30 minutes) may end in the second one. Both
# are written in UTC: calendar readers differ on which occurrence a local
# time means, and only a wall time that occurs once keeps its TZID.
book_overlap() {
    local name=$1 clinic=$2 date=$3 time=$4
    local course
    start_course "$clinic" "$date"
    course=$OUT
    run --clinic "$clinic" session book --course "$course" --date "$date" --time "$time"
    assert_rc "$name: a time that occurs twice is bookable" 0
    run --clinic "$clinic" course show "$course" --format json
    assert_jq "$name: the booking keeps the time asked" \
        ".bookings[0].date == \"$date\" and .bookings[0].time == \"$time\"" "$OUT"
    run --clinic "$clinic" course show "$course" --format ics
    assert_rc "$name: ics" 0
    local event
    event=$(printf '%s' "$OUT" | tr -d '\r' | awk '/^BEGIN:VEVENT/{n++} n==1' | grep -E '^DT(START|END)')
    assert_eq "$name: DTSTART is the first occurrence, DTEND after it" "$5
$6" "$event"
    run --clinic "$clinic" course show "$course" --format fhir
    assert_jq "$name: the FHIR Appointment has the same instants" \
        "[.entry[].resource | select(.resourceType == \"Appointment\") | .start, .end] == [\"$7\", \"$8\"]" \
        "$OUT"
}

run --clinic Berlin clinic set --time-zone Europe/Berlin
assert_rc "Berlin's zone" 0
run --clinic Berlin clinic add "New York"
run --clinic "New York" clinic set --time-zone America/New_York
assert_rc "New York's zone" 0

# --- spring forward: 02:00 to 03:00 -----------------------------------------
book_gap "Berlin 2027-03-28 02:30" Berlin Europe/Berlin 2027-03-28 02:30 \
    "02:30 does not exist on 2027-03-28 in Europe/Berlin: clocks go from 02:00 to 03:00"
book_gap "Berlin 2027-03-28 02:00" Berlin Europe/Berlin 2027-03-28 02:00 \
    "02:00 does not exist on 2027-03-28 in Europe/Berlin: clocks go from 02:00 to 03:00"
book_gap "New York 2027-03-14 02:59" "New York" America/New_York 2027-03-14 02:59 \
    "02:59 does not exist on 2027-03-14 in America/New_York: clocks go from 02:00 to 03:00"
start_course Berlin 2027-03-28
run --clinic Berlin session book --course "$OUT" --date 2027-03-28 --time 01:59
assert_rc "the minute before the gap is bookable" 0
start_course Berlin 2027-03-14
run --clinic Berlin session book --course "$OUT" --date 2027-03-14 --time 02:30
assert_rc "New York's gap is no gap in Berlin" 0
start_course Berlin 2027-03-28
run --clinic Berlin session book --course "$OUT" --date 2027-03-28
assert_rc "an all-day booking on the night of the change" 0
all_day=$OUT
run --clinic Berlin booking move "$all_day" --date 2027-03-28 --time 02:30
assert_rc "a booking moved into the gap is invalid input" 2
assert_eq "naming the gap" \
    "collagenda: --time: 02:30 does not exist on 2027-03-28 in Europe/Berlin: clocks go from 02:00 to 03:00" \
    "$ERR"
run --clinic Berlin course show "$(sql "$DB" "SELECT course_id FROM bookings WHERE id = $all_day")" --format json
assert_jq "the booking stays all day" ".bookings[0].time == null" "$OUT"
run --clinic Berlin clinic add "UTC clinic"
start_course "UTC clinic" 2027-03-28
run --clinic "UTC clinic" session book --course "$OUT" --date 2027-03-28 --time 02:30
assert_rc "a clinic in UTC has no gap" 0

# --- fall back: 03:00 to 02:00 (Berlin), 02:00 to 01:00 (New York) ------------
book_overlap "Berlin 2027-10-31 02:30" Berlin 2027-10-31 02:30 \
    "DTSTART:20271031T003000Z" "DTEND:20271031T010000Z" \
    "2027-10-31T02:30:00+02:00" "2027-10-31T02:00:00+01:00"
book_overlap "Berlin 2027-10-31 02:00" Berlin 2027-10-31 02:00 \
    "DTSTART:20271031T000000Z" "DTEND:20271031T003000Z" \
    "2027-10-31T02:00:00+02:00" "2027-10-31T02:30:00+02:00"
book_overlap "New York 2027-11-07 01:30" "New York" 2027-11-07 01:30 \
    "DTSTART:20271107T053000Z" "DTEND:20271107T060000Z" \
    "2027-11-07T01:30:00-04:00" "2027-11-07T01:00:00-05:00"

# --- the VTIMEZONE: from the year before, with the yearly rules -------------
run --clinic Berlin course show 1 --format ics
ics=$(printf '%s' "$OUT" | tr -d '\r')
assert_contains "the VTIMEZONE starts in the year before the first timed visit" \
    "DTSTART:20260101T" "$ics"
assert_contains "the summer rule is a yearly RRULE" \
    "RRULE:FREQ=YEARLY;UNTIL=20370329T010000Z;BYDAY=-1SU;BYMONTH=3" "$ics"
assert_contains "so is the winter rule" \
    "RRULE:FREQ=YEARLY;UNTIL=20361026T010000Z;BYDAY=-1SU;BYMONTH=10" "$ics"

assert_eq "each gap refusal wrote no audit entry either" "0" \
    "$(sql "$DB" "SELECT count(*) FROM audit_log WHERE action = 'safety.refused'")"
assert_integrity "after the clock changes" "$DB"
finish

#!/usr/bin/env bash
# The clinic's diary (docs/records.md#diary) with the real binary and a
# real database file: bookings of a day or more in time order (by date,
# all-day bookings first, then by time), with the client's name and phone,
# the course, which visit (session k of n), the areas and the session's
# length by the plan; text, JSON, CSV and iCalendar (read back by
# python3-icalendar: the clinic's zone, LOCATION, a UID that survives a
# move); empty days; the bounds of --on
# and --days; another clinic's bookings never shown; and the store's
# query one range of the bookings_by_day index.
#
# usage: diary.sh PATH/TO/collagenda
. "$(dirname "$0")/lib.sh"
records_init "$1"
fake_today 2027-02-08 # a Monday: the diary's default day

run diary
assert_rc "an empty diary" 0
assert_eq "today, the clinic's, with no bookings" "Mon 2027-02-08
  no bookings" "$OUT"
run diary --format json
assert_json_eq "an empty diary as JSON" '[]' "$OUT"

run client add --name "Ada Client" --phone "+44 20 7946 0001" --email ada@example.org
run client add --name "Bob, Client"
run course start --client 1 --laxity mild --start 2027-01-04
run course start --client 2 --laxity moderate --areas face,neck --start 2027-01-05
run session record --course 1 --date 2027-01-04
run session record --course 2 --date 2027-01-05
run session book --course 1 --date 2027-02-08 --time 10:30
assert_rc "book Ada's session 2 at 10:30" 0
run session book --course 2 --date 2027-02-08
assert_rc "book Bob's session 2 all day" 0
run session book --course 1 --date 2027-03-15 --time 09:00
assert_rc "book Ada's session 3" 0
run session book --course 2 --date 2027-03-15 --time 08:00
assert_rc "book Bob's session 3" 0
run clinic add "Other clinic"
run --clinic "Other clinic" client add --name "Other Client"
run --clinic "Other clinic" course start --client 3 --laxity mild --start 2027-02-08
run --clinic "Other clinic" session book --course 3 --date 2027-02-08 --time 08:00
assert_rc "another clinic's booking on the same day" 0

run diary
assert_rc "diary" 0
assert_eq "today: all day first, then by time; the other clinic's booking not shown" \
    "Mon 2027-02-08
  all day   45 min  course 2       session 2 of 6    Bob, Client  -  face,neck
  10:30     30 min  course 1       session 2 of 4    Ada Client  +44 20 7946 0001  face" "$OUT"

run diary --on 2027-02-01 --days 60 --format json
assert_rc "diary --days 60 --format json" 0
assert_jq "in time order across the days, each visit numbered as the course counts it" \
    '[.[] | [.booking, .date, .time, .course, .kind, .number, .sessions, .minutes]] == [
      [2, "2027-02-08", null, 2, "session", 2, 6, 45],
      [1, "2027-02-08", "10:30", 1, "session", 2, 4, 30],
      [4, "2027-03-15", "08:00", 2, "session", 3, 6, 45],
      [3, "2027-03-15", "09:00", 1, "session", 3, 4, 30]]' "$OUT"
assert_jq "with the client, phone and areas" \
    '.[1] | .client == 1 and .name == "Ada Client" and .phone == "+44 20 7946 0001" and .areas == ["face"]' "$OUT"
assert_jq "an absent phone is null" '.[0].phone == null and .[0].areas == ["face", "neck"]' "$OUT"

run diary --on 2027-02-07 --days 3
assert_eq "each day headed, an empty one says so" "Sun 2027-02-07
  no bookings
Mon 2027-02-08
  all day   45 min  course 2       session 2 of 6    Bob, Client  -  face,neck
  10:30     30 min  course 1       session 2 of 4    Ada Client  +44 20 7946 0001  face
Tue 2027-02-09
  no bookings" "$OUT"

run diary --on 2027-02-08 --days 366 --format csv
assert_rc "diary --format csv" 0
assert_eq "CSV: the JSON's members, a name with a comma quoted" \
    "booking,date,time,minutes,client,name,phone,course,kind,number,sessions,areas
2,2027-02-08,,45,2,\"Bob, Client\",,2,session,2,6,\"face,neck\"
1,2027-02-08,10:30,30,1,Ada Client,'+44 20 7946 0001,1,session,2,4,face
4,2027-03-15,08:00,45,2,\"Bob, Client\",,2,session,3,6,\"face,neck\"
3,2027-03-15,09:00,30,1,Ada Client,'+44 20 7946 0001,1,session,3,4,face" "$(tr -d '\r' <<<"$OUT")"

run --clinic "Other clinic" diary --format json
assert_jq "the other clinic sees its own booking only" \
    '[.[] | [.booking, .name]] == [[5, "Other Client"]]' "$OUT"

# --- iCalendar: the desk's calendar program reads the days ------------------
run clinic set --time-zone Europe/Berlin --address "1 Long Lane, London"
assert_rc "the clinic in Berlin, with an address" 0
read_ics() { # prints "UID|start|end|summary|location|description" per event
    /usr/bin/python3 -c '
import sys, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.read())
zones = [str(z["TZID"]) for z in cal.walk("VTIMEZONE")]
print("zones", zones)
for e in cal.walk("VEVENT"):
    start = e.decoded("DTSTART")
    end = e.decoded("DTEND") if "DTEND" in e else None
    iso = lambda t: t.isoformat() if t is not None else "-"
    print("|".join([str(e["UID"]), iso(start), iso(end), str(e["SUMMARY"]),
                    str(e.get("LOCATION", "-")), str(e["DESCRIPTION"]), str(e["STATUS"])]))
'
}
run diary --on 2027-02-08 --days 60 --format ics
assert_rc "diary --format ics" 0
assert_contains "a calendar" "BEGIN:VCALENDAR" "$OUT"
events=$(read_ics <<<"$OUT")
assert_eq "every booking an event in the clinic's zone, all day or timed for its length" \
    "zones ['Europe/Berlin']
diary-booking-2@collagenda|2027-02-08|2027-02-09|Bob, Client: session 2 of 6|default, 1 Long Lane, London|Course 2, session 2 of 6. Areas: face,neck. About 45 minutes.|CONFIRMED
diary-booking-1@collagenda|2027-02-08T10:30:00+01:00|2027-02-08T11:00:00+01:00|Ada Client: session 2 of 4|default, 1 Long Lane, London|Course 1, session 2 of 4. Areas: face. Phone: +44 20 7946 0001. About 30 minutes.|CONFIRMED
diary-booking-4@collagenda|2027-03-15T08:00:00+01:00|2027-03-15T08:45:00+01:00|Bob, Client: session 3 of 6|default, 1 Long Lane, London|Course 2, session 3 of 6. Areas: face,neck. About 45 minutes.|CONFIRMED
diary-booking-3@collagenda|2027-03-15T09:00:00+01:00|2027-03-15T09:30:00+01:00|Ada Client: session 3 of 4|default, 1 Long Lane, London|Course 1, session 3 of 4. Areas: face. Phone: +44 20 7946 0001. About 30 minutes.|CONFIRMED" "$events"
run booking move 3 --date 2027-04-05 --time 11:15
assert_rc "move Ada's session 3 into summer time" 0
run diary --on 2027-04-05 --format ics
assert_eq "the moved booking keeps its UID, at its new time with the summer offset" \
    "zones ['Europe/Berlin']
diary-booking-3@collagenda|2027-04-05T11:15:00+02:00|2027-04-05T11:45:00+02:00|Ada Client: session 3 of 4|default, 1 Long Lane, London|Course 1, session 3 of 4. Areas: face. Phone: +44 20 7946 0001. About 30 minutes.|CONFIRMED" \
    "$(read_ics <<<"$OUT")"
run diary --on 2027-02-09 --format ics
assert_rc "a day with no bookings as iCalendar" 0
assert_eq "an empty calendar, no zone needed" "zones []" "$(read_ics <<<"$OUT")"
run --clinic "Other clinic" diary --on 2027-02-08 --format ics
assert_contains "the other clinic's calendar has its own booking" "Other Client" "$OUT"
assert_not_contains "and not this clinic's" "Ada Client" "$OUT"

# --- bad input: exit 2, naming the flag and what is allowed -------------------
for days in 0 367 -1 abc 1.5 ""; do
    run diary --days "$days"
    assert_rc "--days '$days'" 2
    assert_eq "--days '$days' says what is allowed" \
        "collagenda: --days: '$days' is not allowed; use a whole number of days from 1 to 366" "$ERR"
    assert_empty "--days '$days' prints nothing" "$OUT"
done
run diary --on 2027-02-30
assert_rc "an impossible --on" 2
assert_contains "names --on" "--on:" "$ERR"
run diary --on 9999-12-30 --days 3
assert_rc "a range past 9999-12-31" 2
assert_eq "names --days and the most allowed" \
    "collagenda: --days: 3 days from 9999-12-30 run past 9999-12-31, the last day a date can hold; show at most 2 days from it" "$ERR"
run diary --on 9999-12-30 --days 2
assert_rc "the range up to 9999-12-31" 0
run diary --format xml
assert_rc "an unknown format" 2
assert_contains "the formats allowed" "text, json, csv, ics" "$ERR"
run diary --help
assert_rc "diary --help" 0
assert_contains "the help says the order" "all-day bookings first" "$OUT"

# --- the store reads one index range ------------------------------------------
if on_postgresql; then
    # A table this small is cheaper to read whole; the planner is asked what it would do with more.
    plan=$(sql "$DB" "SET enable_seqscan = off; EXPLAIN SELECT b.id FROM bookings b WHERE b.clinic_id = 1 AND b.date BETWEEN '2027-02-08' AND '2027-02-08' ORDER BY b.date, b.start_minute NULLS FIRST, b.id")
    assert_match "the day is a range of bookings_by_day" "Index (Only )?Scan using bookings_by_day on bookings b" "$plan"
    assert_not_contains "with no sort step" "Sort" "$plan"
else
plan=$(sql "$DB" "EXPLAIN QUERY PLAN SELECT b.id FROM bookings b WHERE b.clinic_id = 1 AND b.date BETWEEN '2027-02-08' AND '2027-02-08' ORDER BY b.date, b.start_minute, b.id")
assert_contains "the day is a range of bookings_by_day" "SEARCH b USING COVERING INDEX bookings_by_day (clinic_id=? AND date>? AND date<?)" "$plan"
assert_not_contains "with no sort step" "TEMP B-TREE" "$plan"
fi
assert_integrity "after the diary" "$DB"
finish

#!/usr/bin/env bash
# Booking sessions ahead with the real binary and a real database file:
# the clinic's time zone (checked, audited), bookings judged like recorded
# sessions (the course's earlier bookings counted as done, the client's
# bookings in other courses counted for the floor), too soon refused with
# exit 3 and nothing written, forced with a reason and audited, bookings in
# date order only, the course fully booked, cancelling, and a recorded
# session settling the booking it was for.
#
# usage: bookings.sh PATH/TO/collagenda
. "$(dirname "$0")/lib.sh"
records_init "$1"
fake_today 2028-12-31 # the sessions below are on days gone by

# --- the clinic's time zone ---------------------------------------------------
run clinic show --format json
assert_rc "clinic show" 0
assert_jq "a new clinic keeps UTC" '.name == "default" and .time_zone == "UTC"' "$OUT"
before=$(counts "$DB")
run clinic set --time-zone Mars/Olympus_Mons
assert_rc "an unknown zone is refused" 2
assert_eq "naming the flag and what is allowed" \
    "collagenda: --time-zone: 'Mars/Olympus_Mons' is not a known IANA time zone; use a name like Europe/Berlin, America/New_York or UTC" "$ERR"
assert_unchanged "unknown zone" "$before" "$DB"
run clinic set
assert_rc "clinic set without a setting" 2
assert_contains "names the settings" "needs at least one of" "$ERR"
run clinic set --time-zone Europe/Berlin
assert_rc "clinic set --time-zone Europe/Berlin" 0
assert_empty "prints nothing" "$OUT"
run clinic show
assert_contains "clinic show (text)" "Clinic: default
Address: not set
Phone: not set
E-mail: not set
Time zone: Europe/Berlin" "$OUT"
assert_jq "the change is audited with the old and new zone" \
    '.[0].time_zone == "UTC" and .[1].time_zone == "Europe/Berlin"' \
    "$(sql "$DB" "SELECT json_array(json(before_json), json(after_json)) FROM audit_log WHERE action = 'clinic.set'")"
run clinic add "Other clinic"
run --clinic "Other clinic" clinic show --format json
assert_jq "another clinic has its own zone" '.name == "Other clinic" and .time_zone == "UTC"' "$OUT"

# --- a course booked ahead ------------------------------------------------------
run client add --name "Ada Client"
run course start --client 1 --laxity mild --start 2027-01-04
run session record --course 1 --date 2027-01-04
run session book --course 1 --date 2027-02-08 --time 10:30
assert_rc "book session 2" 0
assert_eq "session book prints the booking's id" "1" "$OUT"
assert_empty "no warning inside the window" "$ERR"
run session book --course 1 --date 2027-03-15 --time 09:00 --format json
assert_rc "book session 3, counting session 2's booking as done" 0
assert_json_eq "--format json gives the id" '{"id": 2}' "$OUT"
assert_empty "session 3's window follows the booking of session 2" "$ERR"
run course show 1 --format json
assert_jq "course show lists the bookings with their numbers and local times" \
    '[.bookings[] | [.id, .number, .date, .time, .time_zone]] == [[1, 2, "2027-02-08", "10:30", "Europe/Berlin"], [2, 3, "2027-03-15", "09:00", "Europe/Berlin"]]' "$OUT"
assert_jq "the next item is still the next session to be done" \
    '.next.kind == "session" and .next.number == 2' "$OUT"
assert_eq "each booking is audited" "2" \
    "$(sql "$DB" "SELECT count(*) FROM audit_log WHERE action = 'booking.add'")"

# --- too soon: refused, nothing written; then forced ---------------------------
before=$(counts "$DB")
run session book --course 1 --date 2027-03-25 --time 11:00
assert_rc "a booking 10 days after the last booking is refused" 3
assert_eq "the refusal is precise" \
    "collagenda: session: refused: 2027-03-25 is 10 days after the session of 2027-03-15 on face; the floor of this standard course is 28 days (earliest allowed 2027-04-12): sessions closer together disrupt the skin's healing and raise the risk of infection and injury [F]; use --force --reason TEXT to override" \
    "$ERR"
assert_empty "stdout stays empty on refusal" "$OUT"
assert_unchanged "refused booking" "$before" "$DB"
assert_jq "the refusal is audited" '.date == "2027-03-25" and (.refused | test("10 days after"))' \
    "$(sql "$DB" "SELECT after_json FROM audit_log WHERE action = 'safety.refused' ORDER BY id DESC LIMIT 1")"
run session book --course 1 --date 2027-03-25 --force
assert_rc "--force without --reason is a usage error" 2
assert_unchanged "--force alone" "$before" "$DB"
run session book --course 1 --date 2027-03-25 --time 11:00 --force --reason "client moves abroad in April"
assert_rc "forced with a reason" 0
assert_contains "the override is reported" "warning: override recorded: 2027-03-25 is 10 days after" "$ERR"
assert_contains "and the early booking too" "before the window of session 4 opens" "$ERR"
assert_contains "in booking words" "booked as early" "$ERR"
forced_id=$OUT
assert_eq "the reason is stored" "1|client moves abroad in April" \
    "$(sql "$DB" "SELECT forced, force_reason FROM bookings WHERE id = $forced_id")"
assert_eq "the override is audited with the reason" "client moves abroad in April" \
    "$(sql "$DB" "SELECT reason FROM audit_log WHERE action = 'safety.override' AND entity = 'booking' AND entity_id = $forced_id")"

# --- the order of bookings, a full course, bad input ------------------------------
before=$(counts "$DB")
run session book --course 1 --date 2027-03-01
assert_rc "a booking before the course's last booking" 2
assert_contains "says bookings go in date order" "is before session 4 of this course on 2027-03-25; sessions are booked in date order" "$ERR"
# (the mild course is booked through: its maintenance visit is booked in booking_life.sh)
run session book --course 1 --date 2027-05-10 --time 24:00
assert_rc "a time past 23:59" 2
assert_contains "names --time" "--time: '24:00' is not a time of day; use HH:MM from 00:00 to 23:59" "$ERR"
run session book --course 1 --date 2027-02-30
assert_rc "an impossible date" 2
assert_contains "names --date" "--date: '2027-02-30' does not exist on the calendar" "$ERR"
run session book --course 99 --date 2027-05-10
assert_rc "an unknown course" 2
assert_contains "names the course" "course" "$ERR"
run session book --course 1 --date 2027-05-10 --notes "hello"
assert_rc "a record-only flag" 2
assert_contains "says it is for session record" "--notes: is for 'session record'" "$ERR"
run session record --course 1 --date 2027-05-10 --time 10:00
assert_rc "--time on session record" 2
run session cancel --booking 0
assert_rc "a booking id of 0" 2
run session cancel --booking 77
assert_rc "an unknown booking" 2
assert_contains "names the booking" "booking: no booking with id 77" "$ERR"
assert_unchanged "bad bookings" "$before" "$DB"

# --- another course of the same client: its bookings count for the floor ---------
run course start --client 1 --laxity mild --areas face --start 2027-02-15
run session book --course 2 --date 2027-02-15
assert_rc "a second course's booking a week after the first's" 3
assert_contains "is too soon against the booking of course 1" "2027-02-15 is 7 days after the session of 2027-02-08 on face" "$ERR"
run session book --course 2 --date 2027-02-15 --force --reason "different device trial"
assert_rc "forced for the second course" 0
trial_id=$OUT

# --- cancelling -------------------------------------------------------------------
run session cancel --booking "$trial_id"
assert_rc "session cancel" 0
assert_empty "prints nothing" "$OUT"
assert_eq "the booking is gone" "0" "$(sql "$DB" "SELECT count(*) FROM bookings WHERE id = $trial_id")"
assert_jq "the cancel is audited with what the booking was" '.booking.date == "2027-02-15" and .booking.forced == true' \
    "$(sql "$DB" "SELECT before_json FROM audit_log WHERE action = 'booking.cancel' AND entity_id = $trial_id")"
run session cancel --booking "$trial_id"
assert_rc "cancelling it again" 2

# --- a recorded session settles the booking it was for ----------------------------
run session record --course 1 --date 2027-02-06
assert_rc "session 2 recorded two days before its booking" 0
run course show 1 --format json
assert_jq "the earliest booking was settled, the others move up" \
    '[.bookings[] | [.id, .number]] == [[2, 3], [3, 4]] and (.sessions | length) == 2' "$OUT"
assert_jq "the settle is audited naming the session" '.session == 2 and .booking.id == 1' \
    "$(sql "$DB" "SELECT after_json FROM audit_log WHERE action = 'booking.settle' AND entity_id = 1")"
run session record --course 1 --date 2027-03-26
assert_rc "session 3 recorded the day after both remaining bookings' dates" 0
run course show 1 --format json
assert_jq "every booking on or before the session's date is settled" \
    '(.bookings | length) == 0 and (.sessions | length) == 3' "$OUT"
assert_eq "three settles audited" "3" \
    "$(sql "$DB" "SELECT count(*) FROM audit_log WHERE action = 'booking.settle'")"

# --- another clinic's booking is not found ----------------------------------------
run session book --course 1 --date 2027-04-30 --time 08:15
other_booking=$OUT
run --clinic "Other clinic" session cancel --booking "$other_booking"
assert_rc "another clinic cannot cancel it" 2
assert_contains "it is not found there" "no booking with id $other_booking" "$ERR"

assert_integrity "bookings" "$DB"
finish

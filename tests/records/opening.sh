#!/usr/bin/env bash
# The clinic's hours and chairs hold for every booking (docs/records.md#bookings):
# a timed booking lies inside the opening hours, session and all, and no
# more bookings than the clinic has chairs overlap it; a moved booking holds
# no chair against itself; an all-day booking has no time to check. A
# refusal is invalid input naming the time (exit 2), nothing written.
#
# usage: opening.sh PATH/TO/collagenda
. "$(dirname "$0")/lib.sh"
records_init "$1"
fake_today 2027-03-01

run clinic set --hours 09:00-12:00 --chairs 1
assert_rc "hours and one chair" 0
for name in Ada Bea Cy; do
    run client add --name "$name Client"
    run course start --client "$OUT" --laxity mild --start 2027-03-08
done
run course show 1 --format json
minutes=$(jq -r .plan.session_minutes <<<"$OUT")
assert_eq "a face session is 30 minutes" "30" "$minutes"

before=$(counts "$DB")
run session book --course 1 --date 2027-03-08 --time 08:30
assert_rc "before the clinic opens" 2
assert_eq "naming the hours" \
    "collagenda: --time: a 30-minute session at 08:30 on 2027-03-08 is outside the clinic's hours 09:00-12:00" \
    "$ERR"
run session book --course 1 --date 2027-03-08 --time 11:45
assert_rc "a session that would end after closing" 2
assert_unchanged "refused for the hours" "$before" "$DB"

run session book --course 1 --date 2027-03-08 --time 10:00
assert_rc "inside the hours, a free chair" 0
ada=$OUT
before=$(counts "$DB")
run session book --course 2 --date 2027-03-08 --time 10:15
assert_rc "the only chair is taken" 2
assert_eq "naming the chairs and the time" \
    "collagenda: --time: all 1 of the clinic's chairs are taken between 10:15 and 10:45 on 2027-03-08; choose another time" \
    "$ERR"
assert_unchanged "refused for the chairs" "$before" "$DB"
run session book --course 2 --date 2027-03-08 --time 10:30
assert_rc "once the first session is over the chair is free" 0
bea=$OUT
run session book --course 3 --date 2027-03-08
assert_rc "an all-day booking has no time to hold a chair" 0

run booking move "$ada" --date 2027-03-08 --time 10:20
assert_rc "moved onto a chair taken by another" 2
assert_contains "naming the chairs" "chairs are taken" "$ERR"
run booking move "$ada" --date 2027-03-08 --time 09:45
assert_rc "moved within its own slot: it holds no chair against itself" 0

run clinic set --chairs 2
run booking move "$bea" --date 2027-03-08 --time 09:50
assert_rc "with two chairs, two sessions overlap" 0

assert_integrity "opening database" "$DB"
finish

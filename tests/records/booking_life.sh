#!/usr/bin/env bash
# A booking's life with the real binary and a real database file: the
# maintenance visit booked like a session; a booking moved (re-judged like
# a new booking with itself left out: too soon refused with exit 3 and
# nothing written but the refusal, forced with a reason, kept in its place
# among the course's bookings); cancelled; attended (the session recorded
# through the record workflow, the booking settled, only on or after its
# day); no-show (kept, released, audited); bad input for each.
#
# usage: booking_life.sh PATH/TO/collagenda
. "$(dirname "$0")/lib.sh"
records_init "$1"
fake_today 2027-03-01 # the clinic's today: earlier bookings can be attended, later ones not

run client add --name "Ada Client"
run course start --client 1 --laxity mild --start 2027-01-04
run session record --course 1 --date 2027-01-04
run session book --course 1 --date 2027-02-08 --time 10:30
b2=$OUT
run session book --course 1 --date 2027-03-15 --time 09:00
b3=$OUT
run session book --course 1 --date 2027-04-19
b4=$OUT

# --- the maintenance visit is booked like a session --------------------------------
run session book --course 1 --date 2027-05-01
assert_rc "a maintenance visit too soon after the last booked session is refused" 3
assert_contains "by the floor" "2027-05-01 is 12 days after the session of 2027-04-19" "$ERR"
run session book --course 1 --date 2028-04-10 --time 11:00 --format json
assert_rc "the maintenance visit is booked once the sessions are" 0
maint=$(jq -r .id <<<"$OUT")
assert_empty "in its window: no warning" "$ERR"
run course show 1 --format json
assert_jq "course show labels it maintenance" \
    "[.bookings[] | [.id, .kind]] == [[$b2, \"session\"], [$b3, \"session\"], [$b4, \"session\"], [$maint, \"maintenance\"]]" "$OUT"
assert_jq "its audit entry says so" '.booking.kind == "maintenance" and .booking.number == 5' \
    "$(sql "$DB" "SELECT after_json FROM audit_log WHERE action = 'booking.add' AND entity_id = $maint")"
run course show 1
assert_contains "the text names the maintenance visit" "2028-04-10  11:00  booking $maint  maintenance visit" "$OUT"
run course show 1 --format ics
assert_contains "the calendar's maintenance visit is on its booked day" "DTSTART;VALUE=DATE:20280410" "$OUT"
assert_eq "and the sessions stay numbered of 4" "4" "$(grep -c 'SUMMARY:Microneedling session [1-4] of 4' <<<"$OUT")"

# --- move: re-judged, refused, forced, in place ------------------------------------
before=$(counts "$DB")
run booking move "$b3" --date 2027-02-20
assert_rc "a move too soon after booking $b2 is refused" 3
assert_contains "naming the floor" "2027-02-20 is 12 days after the session of 2027-02-08 on face" "$ERR"
assert_empty "stdout stays empty" "$OUT"
assert_unchanged "refused move" "$before" "$DB"
assert_jq "the refusal is audited" '.date == "2027-02-20" and (.refused | test("12 days after"))' \
    "$(sql "$DB" "SELECT after_json FROM audit_log WHERE action = 'safety.refused' ORDER BY id DESC LIMIT 1")"
run booking move "$b3" --date 2027-03-18
assert_rc "a move that is only re-judged against itself would be too soon: itself is left out" 0
assert_eq "prints the booking's id" "$b3" "$OUT"
assert_eq "the date moved, the time cleared (all day)" "2027-03-18|" \
    "$(sql "$DB" "SELECT date, start_minute FROM bookings WHERE id = $b3")"
run booking move "$b3" --date 2027-03-16 --time 14:00 --format json
assert_rc "moved again with a time" 0
assert_json_eq "--format json gives the id" "{\"id\": $b3}" "$OUT"
assert_jq "booking.move is audited with before and after" \
    '.[0].booking.date == "2027-03-18" and .[0].booking.time == null and .[1].booking.date == "2027-03-16" and .[1].booking.time == "14:00" and .[1].booking.number == 3' \
    "$(sql "$DB" "SELECT json_array(json(before_json), json(after_json)) FROM audit_log WHERE action = 'booking.move' ORDER BY id DESC LIMIT 1")"
run booking move "$b3" --date 2027-04-19
assert_rc "a move past the course's next booking" 2
assert_contains "keeps its place" "is not before the course's next booking ($b4) on 2027-04-19" "$ERR"
run booking move "$b4" --date 2027-03-30 --force --reason "travels in April"
assert_rc "a forced move" 0
assert_contains "the override is reported" "warning: override recorded: 2027-03-30 is 14 days after" "$ERR"
assert_eq "stored with its reason" "1|travels in April" \
    "$(sql "$DB" "SELECT forced, force_reason FROM bookings WHERE id = $b4")"
assert_eq "the override is audited" "travels in April" \
    "$(sql "$DB" "SELECT reason FROM audit_log WHERE action = 'safety.override' AND entity = 'booking' AND entity_id = $b4")"
before=$(counts "$DB")
run booking move "$b4" --date 2027-03-30 --force
assert_rc "--force without --reason" 2
run booking move "$b4"
assert_rc "move without --date" 2
assert_contains "names --date" "--date: is required" "$ERR"
run booking move "$b4" --date 2027-02-30
assert_rc "an impossible date" 2
run booking move "$b4" --date 2027-04-01 --time 25:00
assert_rc "an impossible time" 2
run booking move 999 --date 2027-04-01
assert_rc "an unknown booking" 2
assert_contains "not found" "no booking with id 999" "$ERR"
run booking move "$b4" --date 2027-04-01 --notes x
assert_rc "a flag move does not take" 2
assert_contains "names it" "--notes: is not for 'booking move'" "$ERR"
run booking move abc --date 2027-04-01
assert_rc "a bad id" 2
run booking jump "$b4"
assert_rc "an unknown action" 2
assert_unchanged "bad moves" "$before" "$DB"

# --- attend: the session is recorded from the booking, the booking settled -----------
run booking attend "$b3"
assert_rc "attend a booking after the clinic's today" 2
assert_contains "says when" "booking $b3 is on 2027-03-16, after today (2027-03-01 in UTC)" "$ERR"
assert_unchanged "a future attend" "$before" "$DB"
run booking attend "$b2" --notes "went well" --practitioner "Dr B" --format json
assert_rc "attend booking $b2" 0
session=$(jq -r .id <<<"$OUT")
assert_eq "the session is recorded on the booking's day" "2|2027-02-08|went well|Dr B" \
    "$(sql "$DB" "SELECT number, date, notes, practitioner FROM sessions WHERE id = $session")"
assert_eq "the booking is settled" "0" "$(sql "$DB" "SELECT count(*) FROM bookings WHERE id = $b2")"
assert_jq "booking.attend names the session" ".session == $session and .booking.id == $b2" \
    "$(sql "$DB" "SELECT after_json FROM audit_log WHERE action = 'booking.attend' AND entity_id = $b2")"
assert_eq "recorded through the record workflow" "1|1" \
    "$(sql "$DB" "SELECT (SELECT count(*) FROM audit_log WHERE action = 'session.record' AND entity_id = $session), (SELECT count(*) FROM audit_log WHERE action = 'booking.settle' AND entity_id = $b2)")"
run booking attend "$b2"
assert_rc "attending it again" 2
assert_contains "it is gone" "no booking with id $b2" "$ERR"

# --- no-show: kept, released, audited ------------------------------------------------
fake_today 2027-03-20
run booking no-show "$b4"
assert_rc "a no-show before its day" 2
assert_contains "says to cancel instead" "a no-show is marked on or after the day" "$ERR"
run booking no-show "$b3"
assert_rc "no-show booking $b3" 0
assert_empty "prints nothing" "$OUT"
assert_eq "kept with status no-show" "no-show" "$(sql "$DB" "SELECT status FROM bookings WHERE id = $b3")"
assert_jq "booking.no_show is audited before/after" '.[0].booking.status == "booked" and .[1].booking.status == "no-show"' \
    "$(sql "$DB" "SELECT json_array(json(before_json), json(after_json)) FROM audit_log WHERE action = 'booking.no_show' AND entity_id = $b3")"
run course show 1 --format json
# Bookings are numbered by their place: with one released, the later ones move up.
assert_jq "released: the course lists it no more, the later bookings move up" \
    "[.bookings[] | [.id, .number]] == [[$b4, 3], [$maint, 4]]" "$OUT"
before=$(counts "$DB")
run booking no-show "$b3"
assert_rc "no-show twice" 2
assert_contains "says it is marked" "booking $b3 is marked no-show" "$ERR"
run booking attend "$b3"
assert_rc "attend a no-show" 2
run booking move "$b3" --date 2027-05-01
assert_rc "move a no-show" 2
run booking cancel "$b3"
assert_rc "cancel a no-show" 2
assert_unchanged "no-show bad input" "$before" "$DB"
run session record --course 1 --date 2027-03-19
assert_rc "released: a session three days after the no-show's day is not too soon against it" 0

# --- cancel, and the old spelling ---------------------------------------------------
run booking cancel "$maint"
assert_rc "booking cancel" 0
assert_eq "it is gone" "0" "$(sql "$DB" "SELECT count(*) FROM bookings WHERE id = $maint")"
assert_eq "audited as booking.cancel" "1" \
    "$(sql "$DB" "SELECT count(*) FROM audit_log WHERE action = 'booking.cancel' AND entity_id = $maint")"
run session book --course 1 --date 2028-03-01
again=$OUT
run session cancel --booking "$again"
assert_rc "session cancel --booking stays an alias" 0
run booking cancel "$again"
assert_rc "cancelling it twice" 2

# --- another clinic's booking is not found --------------------------------------------
run session book --course 1 --date 2028-03-01
theirs=$OUT
run clinic add "Other clinic"
run --clinic "Other clinic" clinic show
before=$(counts "$DB")
for action in cancel attend no-show; do
    run --clinic "Other clinic" booking "$action" "$theirs"
    assert_rc "another clinic cannot $action it" 2
    assert_contains "$action: not found there" "no booking with id $theirs" "$ERR"
done
run --clinic "Other clinic" booking move "$theirs" --date 2028-03-02
assert_rc "another clinic cannot move it" 2
assert_unchanged "other clinic" "$before" "$DB"

assert_integrity "booking life" "$DB"
finish

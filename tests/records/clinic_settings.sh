#!/usr/bin/env bash
# The clinic's settings with the real binary and a real database file
# (docs/records.md#clinic-settings): `clinic show | set | add`, each
# setting checked and audited, an unknown --clinic refused (exit 2 listing
# the clinics, nothing created) for reads and writes alike, the clinic's
# open days used by a course's plan unless it gives its own, and the
# clinic's name and address as the calendar events' LOCATION.
#
# usage: clinic_settings.sh PATH/TO/collagenda
. "$(dirname "$0")/lib.sh"
records_init "$1"

# --- a fresh database: its first command creates the clinic it names ----------------------------
run clinic show --format json
assert_rc "clinic show on a fresh database" 0
assert_json_eq "the default clinic, nothing set" \
    '{"name": "default", "address": null, "phone": null, "email": null, "time_zone": "UTC",
      "open_days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "hours": null, "chairs": null}' \
    "$OUT"

# --- an unknown --clinic is refused, for reads and writes, and creates nothing --------------------
before=$(counts "$DB")
for command in "client list" "clinic show" "due" "client add --name Typo"; do
    # shellcheck disable=SC2086 # the command's words
    run --clinic "Defualt" $command
    assert_rc "$command for an unknown clinic" 2
    assert_eq "$command: says which and lists the clinics" \
        "collagenda: --clinic: no clinic named 'Defualt'; the clinics are: 'default' (add one with 'collagenda clinic add NAME')" \
        "$ERR"
done
assert_unchanged "unknown clinics" "$before" "$DB"

# --- clinic add ------------------------------------------------------------------------------------
run clinic add "Praxis Nord"
assert_rc "clinic add" 0
assert_eq "prints the new clinic's id" "2" "$OUT"
assert_eq "audited" "clinic.create|2" \
    "$(sql "$DB" "SELECT action || '|' || entity_id FROM audit_log ORDER BY id DESC LIMIT 1")"
before=$(counts "$DB")
run clinic add "Praxis Nord"
assert_rc "an existing name" 2
assert_eq "says so" "collagenda: --name: a clinic named 'Praxis Nord' exists" "$ERR"
run clinic add ""
assert_rc "an empty name" 2
assert_contains "names the name" "collagenda: --name:" "$ERR"
run clinic add
assert_rc "no name" 2
assert_unchanged "refused adds" "$before" "$DB"
run --clinic "Praxis Nord" clinic show --format json
assert_jq "the new clinic is found by --clinic" '.name == "Praxis Nord"' "$OUT"
run --clinic "Nope" clinic show
assert_contains "the list names every clinic" "the clinics are: 'Praxis Nord', 'default'" "$ERR"

# --- clinic set: each bad value names its flag, and writes nothing -----------------------------
before=$(counts "$DB")
bad() { # bad NAME PATTERN FLAG VALUE
    local name=$1 pattern=$2
    shift 2
    run clinic set "$@"
    assert_rc "$name: exit 2" 2
    assert_match "$name: says why" "$pattern" "$ERR"
    assert_unchanged "$name" "$before" "$DB"
}
bad "an empty name" "^collagenda: --name: " --name ""
bad "another clinic's name" "^collagenda: --name: another clinic is named 'Praxis Nord'" \
    --name "Praxis Nord"
bad "a control character in the address" "^collagenda: --address: " --address $'Main St\x01'
bad "a phone with letters" "^collagenda: --phone: " --phone "call us"
bad "an e-mail without @" "^collagenda: --email: " --email "desk.example.org"
bad "an unknown zone" "^collagenda: --time-zone: 'Mars/Base' is not a known IANA time zone" \
    --time-zone Mars/Base
bad "an unknown weekday" "^collagenda: --open-days: .*funday" --open-days mon,funday
bad "no open day" "^collagenda: --open-days: " --open-days ""
bad "hours without a dash" "^collagenda: --hours: '0900' is not opening hours; use HH:MM-HH:MM" \
    --hours 0900
bad "hours past midnight" "^collagenda: --hours: '09:00-25:00' is not opening hours" \
    --hours 09:00-25:00
bad "hours closing before opening" "^collagenda: --hours: '18:00-09:00' closes before it opens" \
    --hours 18:00-09:00
bad "no chairs" "^collagenda: --chairs: '0' is not a number of chairs; use a whole number from 1 to 100" \
    --chairs 0
bad "too many chairs" "^collagenda: --chairs: '101' is not a number of chairs" --chairs 101
bad "chairs in words" "^collagenda: --chairs: 'two' is not a number of chairs" --chairs two
bad "a good value beside a bad one" "^collagenda: --chairs: " --hours 09:00-18:00 --chairs -1
run clinic show --time-zone UTC
assert_rc "a setting is for clinic set" 2
assert_contains "says so" "--time-zone is for 'clinic set'" "$ERR"

run clinic set --name "Haut & Nadel" --address "Lindenstraße 5, 10969 Berlin" \
    --phone "+49 30 1234567" --email desk@haut.example --time-zone Europe/Berlin \
    --open-days mon,tue,wed,thu,fri --hours 09:00-18:00 --chairs 2
assert_rc "clinic set, every setting" 0
assert_empty "prints nothing" "$OUT"
run --clinic "Haut & Nadel" clinic show --format json
assert_json_eq "clinic show answers them" \
    '{"name": "Haut & Nadel", "address": "Lindenstraße 5, 10969 Berlin", "phone": "+49 30 1234567",
      "email": "desk@haut.example", "time_zone": "Europe/Berlin",
      "open_days": ["mon", "tue", "wed", "thu", "fri"], "hours": "09:00-18:00", "chairs": 2}' "$OUT"
run --clinic "Haut & Nadel" clinic show
assert_eq "clinic show (text)" "Clinic: Haut & Nadel
Address: Lindenstraße 5, 10969 Berlin
Phone: +49 30 1234567
E-mail: desk@haut.example
Time zone: Europe/Berlin
Open days: mon,tue,wed,thu,fri
Hours: 09:00-18:00
Chairs: 2" "$OUT"
assert_jq "audited as clinic.set with the settings before and after" \
    '.[0].name == "default" and .[0].chairs == null and .[1].name == "Haut & Nadel" and .[1].chairs == 2 and .[1].hours == "09:00-18:00"' \
    "$(sql "$DB" "SELECT json_array(json(before_json), json(after_json)) FROM audit_log WHERE action = 'clinic.set'")"
run clinic show
assert_rc "the old name is no clinic any more" 2
assert_contains "and is not created again" "the clinics are: 'Haut & Nadel', 'Praxis Nord'" "$ERR"
clinic=(--clinic "Haut & Nadel")

# --- open days: the clinic's, unless the course gives its own ----------------------------------
run "${clinic[@]}" client add --name "Ada Client"
client=$OUT
# 2027-01-02 is a Saturday: the plan starts on the next open day, Monday 2027-01-04.
run "${clinic[@]}" course start --client "$client" --laxity moderate --start 2027-01-02 --format json
assert_rc "course start" 0
course=$(jq -r .id <<<"$OUT")
run "${clinic[@]}" course show "$course" --format json
assert_jq "every session of the plan is on an open day" \
    '[.plan.schedule[].date | strptime("%Y-%m-%d") | mktime | strftime("%a")] | all(. != "Sat" and . != "Sun")' \
    "$OUT"
assert_jq "the first on Monday" '.plan.schedule[0].date == "2027-01-04"' "$OUT"
run "${clinic[@]}" course start --client "$client" --laxity moderate --start 2027-01-02 \
    --open-days sat --format json --force --reason "a second course, for the test"
own=$(jq -r .id <<<"$OUT")
run "${clinic[@]}" course show "$own" --format json
assert_jq "a course's own open days win" \
    '[.plan.schedule[].date | strptime("%Y-%m-%d") | mktime | strftime("%a")] | all(. == "Sat")' \
    "$OUT"

# --- the calendar's LOCATION is the clinic's name and address ---------------------------------
run "${clinic[@]}" course show "$course" --format ics
assert_rc "course show --format ics" 0
assert_contains "LOCATION names the clinic and its address" \
    'LOCATION:Haut & Nadel\, Lindenstraße 5\, 10969 Berlin' "$(tr -d '\r' <<<"$OUT" | sed -e ':a' -e 'N' -e '$!ba' -e 's/\n //g')"
run "${clinic[@]}" course show "$course" --format svg
assert_contains "the timeline names the clinic" "Haut &amp; Nadel" "$OUT"

# --- clearing ------------------------------------------------------------------------------------
run "${clinic[@]}" clinic set --address "" --hours "" --chairs ""
assert_rc "an empty value clears" 0
run "${clinic[@]}" clinic show --format json
assert_jq "cleared" '.address == null and .hours == null and .chairs == null and .phone == "+49 30 1234567"' "$OUT"
run "${clinic[@]}" course show "$course" --format ics
assert_contains "LOCATION is the name alone" 'LOCATION:Haut & Nadel' "$(tr -d '\r' <<<"$OUT")"

finish

#!/usr/bin/env bash
# A stored course keeps the protocol version it was planned with, and is
# re-planned under the current one only on demand (`course replan`), which
# the audit log records with the version before and after.
#
# A course started under protocol version 1 (tests/data, as every course
# started before version 2 stored it) keeps version 1's numbers: one 21-day
# floor, 9 months' maintenance for a mild course with a load. Re-planned, it
# follows version 2: the 28-day floor judges its next session, 12 months.
#
# usage: protocol_versions.sh PATH/TO/collagenda
. "$(dirname "$0")/lib.sh"
records_init "$1"
fake_today 2028-12-31 # the sessions below are on days gone by
version_1=$(dirname "$0")/../data/protocol-version-1.json

run client add --name "Ada Client"
run course start --client 1 --laxity mild --risks smoking --start 2027-01-04 --protocol "$version_1"
assert_rc "a course started under version 1" 0
run course start --client 1 --laxity mild --areas neck --start 2027-01-04
assert_rc "a course started under the default, version 2" 0
assert_eq "both protocol documents are stored" "collagenda-default|1
collagenda-default|2" "$(sql "$DB" "SELECT name, version FROM protocols ORDER BY version")"

# --- the stored course keeps version 1 ----------------------------------------
run course show 1 --format json
assert_jq "course 1 keeps version 1: its floor is 21 days, maintenance 9 months" \
    '.plan.protocol.version == "1" and .plan.interval_days.floor == 21
     and .plan.maintenance_months.recommended == 9' "$OUT"
run course show 2 --format json
assert_jq "course 2 follows version 2: floor 28, maintenance 12" \
    '.plan.protocol.version == "2" and .plan.interval_days.floor == 28
     and .plan.maintenance_months.recommended == 12' "$OUT"
run session record --course 1 --date 2027-01-04
run session record --course 1 --date 2027-01-25
assert_rc "version 1 course: 21 days after the last is at its floor, accepted" 0
assert_contains "as early (its window opens at 28 days)" "early: 2027-01-25" "$ERR"

# --- re-planned on demand: version 2 ----------------------------------------------
before_sessions=$(sql "$DB" "SELECT count(*) FROM sessions")
run course replan 1
assert_rc "course replan" 0
assert_eq "says what changed" \
    "course 1 re-planned: protocol collagenda-default version 1 -> collagenda-default version 2" "$OUT"
run course show 1 --format json
assert_jq "course 1 now follows version 2: floor 28, maintenance 12" \
    '.plan.protocol.version == "2" and .plan.interval_days.floor == 28
     and .plan.maintenance_months.recommended == 12' "$OUT"
assert_jq "its sessions stay as recorded" '[.sessions[].date] == ["2027-01-04", "2027-01-25"]' "$OUT"
assert_eq "no session written or removed" "$before_sessions" "$(sql "$DB" "SELECT count(*) FROM sessions")"
assert_eq "the course row names version 2" "collagenda-default|2" \
    "$(sql "$DB" "SELECT protocol_name, protocol_version FROM courses WHERE id = 1")"
assert_jq "the stored plan is version 2's" '.protocol.version == "2" and .interval_days.floor == 28' \
    "$(sql "$DB" "SELECT plan FROM courses WHERE id = 1")"
audit=$(sql "$DB" "SELECT json_object('who', who, 'before', json(before_json), 'after', json(after_json))
                   FROM audit_log WHERE action = 'course.replan' AND entity = 'course' AND entity_id = 1")
assert_jq "the audit log says so: version 1 before, version 2 after, and who" \
    '.who == "records-test" and .before.protocol == {"name": "collagenda-default", "version": "1"}
     and .after.protocol == {"name": "collagenda-default", "version": "2"}
     and .after.next.kind == "session"' "$audit"
run session record --course 1 --date 2027-02-16
assert_rc "under version 2, 22 days after the last is refused" 3
assert_contains "by the 28-day floor" "the floor of this standard course is 28 days" "$ERR"

# --- again: nothing to do, nothing written ------------------------------------------
before=$(counts "$DB")
run course replan 1 --format json
assert_rc "re-planning under the same version" 0
assert_json_eq "answers that nothing changed" \
    '{"id": 1, "changed": false, "previous": {"name": "collagenda-default", "version": "2"},
      "protocol": {"name": "collagenda-default", "version": "2"}}' "$OUT"
assert_unchanged "re-planning under the same version" "$before" "$DB"

# --- a protocol that would block the assessment leaves the course as it is ------------
run course start --client 1 --laxity mild --screening herpes-history --start 2027-03-01
assert_eq "a course with a caution" "3" "$OUT"
run protocol show
jq '.version = "2-strict" | (.screening[] | select(.code == "herpes-history") | .level) = "blocked"' \
    <<<"$OUT" >"$WORK/strict.json"
before=$(counts "$DB")
run course replan 3 --protocol "$WORK/strict.json"
assert_rc "re-planning into a block is refused" 3
assert_eq "naming the finding and the version kept" \
    "collagenda: course: refused: under protocol collagenda-default version 2-strict the assessment's screening is blocked by herpes-history; the course stays on version 2" \
    "$ERR"
assert_unchanged "the refused re-plan" "$before" "$DB"

# --- bad input ------------------------------------------------------------------------
run course replan 99
assert_rc "an unknown course" 2
assert_eq "is not found" "collagenda: course: no course with id 99" "$ERR"
run course replan
assert_rc "no id" 2
run course replan 1 --laxity severe
assert_rc "assessment flags are for course start" 2
assert_contains "saying so" "--laxity is for 'course start'" "$ERR"
run course replan 1 --format ics
assert_rc "no export format" 2

assert_integrity "protocol versions database" "$DB"
finish

#!/usr/bin/env bash
# The course's life (docs/records.md#course-life) walked with the real binary
# and a real database file, on a fixed today (2027-03-20, faketime): a
# course discontinued with its reason (its bookings from today on cancelled
# and audited, an older one kept; out of `due`; no session or booking
# taken), reopened (status and next due date worked out again from its
# sessions, back in `due`), completed without a reason, reopened; a course
# in maintenance completed and reopened into maintenance. A closed course's
# exports keep the sessions done and nothing to come. Each change is
# audited with the status and next item before and after. Bad input to each
# command is refused naming the field, exit 2, nothing written. A course a
# database from before this release stored as `cancelled` reads as
# discontinued.
#
# usage: life.sh PATH/TO/collagenda
. "$(dirname "$0")/lib.sh"
records_init "$1"
fake_today 2027-03-20

# audit ACTION: the newest audit entry of ACTION as one JSON object.
audit() {
    if on_postgresql; then
        sql "$DB" "SELECT json_build_object('who', who, 'entity', entity, 'id', entity_id,
            'before', before_json::json, 'after', after_json::json, 'reason', reason)
            FROM audit_log WHERE action = '$1' ORDER BY id DESC LIMIT 1"
        return
    fi
    sql "$DB" "SELECT json_object('who', who, 'entity', entity, 'id', entity_id,
        'before', json(before_json), 'after', json(after_json), 'reason', reason)
        FROM audit_log WHERE action = '$1' ORDER BY id DESC LIMIT 1"
}

# due_courses: the ids of the courses `due` lists, looking ten years ahead.
due_courses() {
    run due --on 2027-03-20 --within 3650 --format json
    jq -c '[.[].course]' <<<"$OUT"
}

# --- a course with sessions and bookings ----------------------------------------
run client add --name "Ada Client" --skin-type III
run course start --client 1 --laxity mild --start 2027-01-04
run session record --course 1 --date 2027-01-04
run session record --course 1 --date 2027-02-08
# Session 3, booked for a day now gone by and never recorded; session 4 still to come.
run session book --course 1 --date 2027-03-15 --time 10:00
assert_rc "a booking of a day gone by" 0
run session book --course 1 --date 2027-04-19 --time 11:00
assert_rc "a booking to come" 0
assert_eq "due lists the course" '[1]' "$(due_courses)"
assert_eq "the course row is active with its next session" "active|session|2027-03-15" \
    "$(sql "$DB" "SELECT status, next_kind, next_date FROM courses WHERE id = 1")"

# --- bad input: refused naming the field, nothing written --------------------------
run clinic add "Other clinic" >/dev/null
run --clinic "Other clinic" client add --name "Other client"
before=$(counts "$DB")

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

refuses "an unknown course" "collagenda: course: no course with id 99" \
    course complete 99
refuses "another clinic's course is not found" "collagenda: course: no course with id 1" \
    --clinic "Other clinic" course discontinue 1 --reason "moved away"
refuses "discontinue without a reason" \
    "collagenda: --reason: is required: say why the course stops (the client stopped, moved away...)" \
    course discontinue 1
refuses "a blank reason" \
    "collagenda: --reason: is required: say why the course stops (the client stopped, moved away...)" \
    course discontinue 1 --reason "   "
refuses "reopen without a reason" \
    "collagenda: --reason: is required: say why the course is taken up again" \
    course reopen 1
refuses "reopen an active course" \
    "collagenda: course: course 1 is active; only a completed or discontinued course can be reopened" \
    course reopen 1 --reason "why not"
refuses "a reason that is not clean text" \
    "collagenda: --reason: must be UTF-8 text without control characters or noncharacters such as U+FFFE (tab and line breaks are allowed)" \
    course discontinue 1 --reason "$(printf 'moved\001away')"
refuses "no id" "collagenda: course: 'course discontinue' needs exactly one ID" \
    course discontinue --reason "moved away"
refuses "an id that is not a number" \
    "collagenda: course: 'one' is not an id; use a positive whole number such as 12" \
    course complete one
refuses "--force is not for it" "collagenda: course: --force is not for 'course discontinue'" \
    course discontinue 1 --reason "moved away" --force
refuses "an assessment flag is not for it" "collagenda: course: --laxity is not for 'course complete'" \
    course complete 1 --laxity mild
refuses "an export format" "collagenda: --format: 'course complete' answers as text or json" \
    course complete 1 --format ics
assert_eq "bookings untouched" "2" "$(sql "$DB" "SELECT count(*) FROM bookings")"

# --- discontinued ----------------------------------------------------------------
run course discontinue 1 --reason "Client moved away"
assert_rc "course discontinue" 0
assert_eq "it says what it did" "course 1 discontinued (was active); bookings cancelled: 2" "$OUT"
assert_eq "the row: discontinued, nothing next" "discontinued||" \
    "$(sql "$DB" "SELECT status, next_kind, next_date FROM courses WHERE id = 1")"
assert_eq "the booking to come is cancelled, the one of a day gone by kept" "1|2027-03-15" \
    "$(sql "$DB" "SELECT id, date FROM bookings")"
assert_json_eq "audited with the status and next item before and after, and the reason" \
    '{"who": "records-test", "entity": "course", "id": 1,
      "before": {"status": "active", "next": {"kind": "session", "number": 3, "date": "2027-03-15", "earliest": "2027-03-08", "latest": "2027-03-22"}},
      "after": {"status": "discontinued", "next": null, "bookings_cancelled": [2]},
      "reason": "Client moved away"}' "$(audit course.discontinue)"
assert_jq "the cancelled booking is audited with what it was and why" \
    '.id == 2 and .before.booking.date == "2027-04-19" and .after == null
     and .reason == "course 1 discontinued: Client moved away"' "$(audit booking.cancel)"
assert_eq "due no longer lists it" '[]' "$(due_courses)"
run course show 1 --format json
assert_jq "course show: discontinued, nothing next" '.status == "discontinued" and .next == null' "$OUT"
run client show 1 --format json
assert_jq "client show: the course is discontinued" '.courses[0].status == "discontinued"' "$OUT"
run export courses --format json
assert_jq "export courses: discontinued" '.[0].status == "discontinued" and .[0].next == null' "$OUT"
run course show 1 --format ics
assert_eq "its calendar keeps the two sessions done, nothing to come" "2" \
    "$(grep -c BEGIN:VEVENT <<<"$OUT")"
run course show 1 --format fhir
assert_jq "its FHIR CarePlan is revoked, with no appointment to come" \
    '([.entry[].resource | select(.resourceType == "CarePlan") | .status] == ["revoked"])
     and ([.entry[].resource | select(.resourceType == "Appointment") | .status] | all(. == "fulfilled"))' "$OUT"

before=$(counts "$DB")
refuses "a session on a discontinued course" \
    "collagenda: course: the course is discontinued; no session can be recorded on it" \
    session record --course 1 --date 2027-03-18
refuses "a booking on a discontinued course" \
    "collagenda: course: the course is discontinued; no session can be booked on it" \
    session book --course 1 --date 2027-04-20
refuses "discontinue it again" "collagenda: course: course 1 is already discontinued" \
    course discontinue 1 --reason "again"
refuses "complete it while discontinued" \
    "collagenda: course: course 1 is discontinued; reopen it before it can be completed" \
    course complete 1

# --- reopened: where its sessions left it ---------------------------------------------
run course reopen 1 --reason "Back in town" --format json
assert_rc "course reopen" 0
assert_json_eq "the answer: active again, its next session due as before" \
    '{"id": 1, "action": "reopen", "status": "active", "previous_status": "discontinued",
      "next": {"kind": "session", "number": 3, "date": "2027-03-15", "earliest": "2027-03-08", "latest": "2027-03-22"},
      "bookings_cancelled": []}' "$OUT"
assert_eq "the row: active, next session restored" "active|session|2027-03-15" \
    "$(sql "$DB" "SELECT status, next_kind, next_date FROM courses WHERE id = 1")"
assert_jq "audited" '.before == {"status": "discontinued", "next": null}
    and .after.status == "active" and .after.next.date == "2027-03-15" and .reason == "Back in town"' \
    "$(audit course.reopen)"
assert_eq "due lists it again" '[1]' "$(due_courses)"
assert_eq "the cancelled booking stays cancelled" "1" "$(sql "$DB" "SELECT count(*) FROM bookings")"
run session record --course 1 --date 2027-03-18
assert_rc "a session is recorded on the reopened course" 0
assert_eq "it settles the booking of that visit" "0" "$(sql "$DB" "SELECT count(*) FROM bookings")"
assert_eq "the course re-flows from it" "active|session|2027-04-22" \
    "$(sql "$DB" "SELECT status, next_kind, next_date FROM courses WHERE id = 1")"

# --- completed without a reason, then reopened --------------------------------------
run course complete 1
assert_rc "course complete, no reason needed" 0
assert_eq "it says what it did" "course 1 completed (was active)" "$OUT"
assert_eq "the row: completed, nothing next" "completed||" \
    "$(sql "$DB" "SELECT status, next_kind, next_date FROM courses WHERE id = 1")"
assert_jq "audited without a reason" \
    '.before.status == "active" and .before.next.number == 4 and .after == {"status": "completed", "next": null, "bookings_cancelled": []}
     and .reason == null' "$(audit course.complete)"
assert_eq "due does not list it" '[]' "$(due_courses)"
run course show 1 --format fhir
assert_jq "its FHIR CarePlan is completed" \
    '[.entry[].resource | select(.resourceType == "CarePlan") | .status] == ["completed"]' "$OUT"
before=$(counts "$DB")
refuses "complete it again" "collagenda: course: course 1 is already completed" course complete 1
refuses "discontinue it while completed" \
    "collagenda: course: course 1 is completed; reopen it before it can be discontinued" \
    course discontinue 1 --reason "stopped"
run course reopen 1 --reason "Session 4 after all"
assert_rc "reopen the completed course" 0
assert_eq "it says where the course stands" \
    "course 1 reopened: active, next session 4 due 2027-04-22" "$OUT"
run course show 1 --format ics
assert_eq "its calendar has session 4 and the maintenance visit to come again" "5" \
    "$(grep -c BEGIN:VEVENT <<<"$OUT")"

# --- a course in maintenance: completed and reopened into maintenance -------------------
run client add --name "Bo Client"
bo=$OUT # ids are the database's, across clinics: the other clinic's client came before
run course start --client "$bo" --laxity mild --start 2026-01-05
assert_eq "course 2" "2" "$OUT"
for day in 2026-01-05 2026-02-09 2026-03-16 2026-04-20; do
    run session record --course 2 --date "$day"
done
assert_eq "course 2 is in maintenance" "maintenance|maintenance|2027-04-20" \
    "$(sql "$DB" "SELECT status, next_kind, next_date FROM courses WHERE id = 2")"
run course complete 2 --reason "Client is happy with the result" --format json
assert_jq "completed from maintenance" \
    '.status == "completed" and .previous_status == "maintenance" and .next == null' "$OUT"
assert_jq "the optional reason is audited" '.reason == "Client is happy with the result"' \
    "$(audit course.complete)"
assert_eq "due lists only course 1" '[1]' "$(due_courses)"
run course reopen 2 --reason "Wants the yearly visit after all"
assert_eq "back in maintenance with its visit" \
    "course 2 reopened: maintenance, next maintenance visit due 2027-04-20" "$OUT"
assert_eq "due lists both, soonest first" '[2,1]' "$(due_courses)"

# --- every change is audited, and the log is whole ---------------------------------------
assert_eq "the course's life in the audit log, in order" \
    "course.discontinue|1 course.reopen|1 course.complete|1 course.reopen|1 course.complete|2 course.reopen|2" \
    "$(sql "$DB" "SELECT action || '|' || entity_id FROM audit_log WHERE action LIKE 'course.%'
        AND action NOT IN ('course.start', 'course.read', 'course.export') ORDER BY id" | paste -sd ' ')"
assert_integrity "after the course's life" "$DB"

# --- a database from before: `cancelled` reads as discontinued ---------------------------
OLD=$WORK/old.db
sql "$OLD" ".read $(dirname "$0")/old_schema/schema-4.sql"
sql "$OLD" "UPDATE courses SET status = 'cancelled', next_kind = NULL, next_date = NULL WHERE id = 1"
run --db "$OLD" course show 1 --format json
assert_rc "the old database opens (migrated)" 0
assert_jq "a cancelled course reads as discontinued" '.status == "discontinued" and .next == null' "$OUT"
assert_eq "and is stored so" "discontinued" "$(sql "$OLD" "SELECT status FROM courses WHERE id = 1")"
assert_eq "no row is stored as cancelled" "0" \
    "$(sql "$OLD" "SELECT count(*) FROM courses WHERE status = 'cancelled'")"
run --db "$OLD" course reopen 1 --reason "Entered as cancelled by mistake"
assert_rc "and reopens like any discontinued course" 0
assert_integrity "the migrated database" "$OLD"

finish

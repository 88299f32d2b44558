#!/usr/bin/env bash
# docs/records.md#records-and-safety walked with the real binary and a real database file: a course
# started, sessions on time, too soon for the course kind's floor (refused
# with the reason, exit 3, nothing written: 24 days on a standard course, 20
# on an intensive one), exactly at the floor (accepted: 28 days, 21 days),
# early (a warning; only under a clinic's floor below its window), forced
# with a reason (stored and audited), late (the rest re-flows from the
# actual date), the move to maintenance, and the due list with overdue
# days. Also: areas that do not overlap, blocked screening (no dates to
# export), clinic scoping, the append-only audit log, the database's
# location and mode, backup, and the PostgreSQL URI.
#
# usage: workflow.sh PATH/TO/collagenda
. "$(dirname "$0")/lib.sh"
records_init "$1"
fake_today 2028-12-31 # the sessions below are on days gone by

# --- a client and a course ---------------------------------------------------
run client add --name "Ada Client" --email ada@example.org --birth-date 1980-02-29 --skin-type II
assert_rc "client add" 0
assert_eq "client add prints the id" "1" "$OUT"
if ! on_postgresql; then
    assert_eq "the database file is private (0600)" "600" "$(stat -c %a "$DB")"
fi
run course start --client 1 --laxity mild --start 2027-01-04 --format json
assert_rc "course start" 0
assert_json_eq "course start prints {\"id\": N}" '{"id": 1}' "$OUT"
run course show 1 --format json
assert_rc "course show" 0
assert_jq "a new course is active" '.id == 1 and .client == 1 and .status == "active"' "$OUT"
assert_jq "its next item is session 1 on the start date" \
    '.next == {"kind": "session", "number": 1, "date": "2027-01-04", "earliest": "2027-01-04", "latest": "2027-01-04"}' "$OUT"
assert_jq "the plan is the docs/design.md#plan-json plan" \
    '.plan.sessions.recommended == 4 and .plan.schedule[1].date == "2027-02-08" and .plan.protocol.name == "collagenda-default"' "$OUT"
assert_eq "the protocol document is stored by (name, version)" "collagenda-default|2" \
    "$(sql "$DB" "SELECT name, version FROM protocols")"

# --- on time ------------------------------------------------------------------
run session record --course 1 --date 2027-01-04 --depth-mm 0.5 --laxity-grade 2.5 --gais 3 \
    --device "Dermapen 4" --practitioner "Dr. Lee" --notes "first session"
assert_rc "session 1 on time" 0
assert_eq "session record prints the id" "1" "$OUT"
assert_empty "no warning on time" "$ERR"

# --- too soon for a standard course's 28-day floor: refused, nothing written ---------
before=$(counts "$DB")
run session record --course 1 --date 2027-01-28
assert_rc "session 24 days after the last is refused" 3
assert_eq "the refusal is precise and says why there is a floor" \
    "collagenda: session: refused: 2027-01-28 is 24 days after the session of 2027-01-04 on face; the floor of this standard course is 28 days (earliest allowed 2027-02-01): sessions closer together disrupt the skin's healing and raise the risk of infection and injury [F]; use --force --reason TEXT to override" \
    "$ERR"
assert_empty "stdout stays empty on refusal" "$OUT"
assert_unchanged "refused session" "$before" "$DB"
assert_jq "the refusal itself is audited, with the date asked for and why" \
    '.date == "2027-01-28" and (.refused | test("24 days after the session of 2027-01-04"))
     and (.refused | test("infection and injury"))' \
    "$(sql "$DB" "SELECT after_json FROM audit_log WHERE action = 'safety.refused' AND entity = 'course' AND entity_id = 1")"
assert_eq "the course's next due date is untouched" "session|2027-02-08" \
    "$(sql "$DB" "SELECT next_kind, next_date FROM courses WHERE id = 1")"
run session record --course 1 --date 2027-01-31
assert_rc "27 days after the last is still refused" 3
run session record --course 1 --date 2027-01-28 --force
assert_rc "--force without --reason is a usage error" 2
assert_unchanged "--force without --reason" "$before" "$DB"

# --- exactly at the floor: the window opens there, so on time ----------------
run session record --course 1 --date 2027-02-01
assert_rc "session 2, 28 days after the last, is accepted" 0
assert_empty "on time: no warning" "$ERR"
assert_eq "and stored as neither early nor late" "0|0|0" \
    "$(sql "$DB" "SELECT early, late, forced FROM sessions WHERE id = 2")"

# --- late: accepted, marked, the rest re-flows ----------------------------------
run session record --course 1 --date 2027-03-20
assert_rc "session 3 after its window is accepted" 0
assert_contains "with a late warning" "late: 2027-03-20 is after the window of session 3 closed (2027-03-01 to 2027-03-15)" "$ERR"
run course show 1 --format json
assert_jq "session 3 is marked late" '.sessions[2] | .number == 3 and .late == true and .early == false' "$OUT"
assert_jq "session 4 re-flows from the actual date (+35, window +28..+42)" \
    '.next == {"kind": "session", "number": 4, "date": "2027-04-24", "earliest": "2027-04-17", "latest": "2027-05-01"}' "$OUT"
assert_jq "the plan's schedule shows the actual dates" \
    '[.plan.schedule[].date] == ["2027-01-04", "2027-02-01", "2027-03-20", "2027-04-24"]' "$OUT"
assert_jq "recorded details round-trip" \
    '.sessions[0] | .depth_mm == 0.5 and .laxity_grade == 2.5 and .gais == 3 and .device == "Dermapen 4" and .practitioner == "Dr. Lee" and .notes == "first session" and .areas == ["face"] and .modality == "traditional"' "$OUT"

# --- maintenance ------------------------------------------------------------------
run session record --course 1 --date 2027-04-24
assert_rc "session 4 (the last initial one)" 0
run course show 1 --format json
assert_jq "the course moves to maintenance" '.status == "maintenance"' "$OUT"
assert_jq "next is the first maintenance visit, 12 months on" \
    '.next.kind == "maintenance" and .next.date == "2028-04-24" and .plan.maintenance == [{"date": "2028-04-24"}]' "$OUT"
assert_eq "the course row carries the maintenance due date" "maintenance|maintenance|2028-04-24" \
    "$(sql "$DB" "SELECT status, next_kind, next_date FROM courses WHERE id = 1")"

# --- the course's exports carry the recorded sessions -----------------------------
SOURCE_DATE_EPOCH=1800000000 run course show 1 --format ics
assert_rc "course show --format ics" 0
assert_contains "a done session in the calendar" $'UID:course-1-session-3@collagenda\r\nDTSTAMP:20270115T080000Z\r\nSUMMARY:Microneedling session 3 of 4\r\nDESCRIPTION:Done on 2027-03-20' "$OUT"
run course show 1 --format fhir
assert_jq "course show --format fhir is a FHIR Bundle with a CarePlan" \
    '.resourceType == "Bundle" and ([.entry[].resource.resourceType] | index("CarePlan") != null)' "$OUT"
run course show 1 --format svg
assert_match "course show --format svg is an SVG" "^<svg " "$OUT"

# --- forced with a reason: stored and audited ---------------------------------------
run client add --name "Bo Client"
run course start --client 2 --laxity mild --start 2027-01-04
assert_eq "second course" "2" "$OUT"
run session record --course 2 --date 2027-01-04
run session record --course 2 --date 2027-01-15 --force --reason "client leaves the country"
assert_rc "a too-soon session forced with a reason is recorded" 0
assert_contains "the override is reported" "override recorded: 2027-01-15 is 11 days after the session of 2027-01-04 on face" "$ERR"
assert_eq "the reason is stored on the session" "1|client leaves the country" \
    "$(sql "$DB" "SELECT forced, force_reason FROM sessions WHERE course_id = 2 AND number = 2")"
assert_eq "the override is in the audit log with who and why" \
    "records-test|session|client leaves the country" \
    "$(sql "$DB" "SELECT who, entity, reason FROM audit_log WHERE action = 'safety.override'")"
assert_jq "the audit entry names the rule overridden" '.overridden | test("11 days after")' \
    "$(sql "$DB" "SELECT after_json FROM audit_log WHERE action = 'safety.override'")"

# --- overlapping and non-overlapping areas across courses ---------------------------
run course start --client 2 --laxity mild --areas neck --start 2027-01-16
assert_eq "a neck course for the same client" "3" "$OUT"
run session record --course 3 --date 2027-01-16
assert_rc "the neck the day after the face is fine (no overlap)" 0
before=$(counts "$DB")
run session record --course 3 --date 2027-02-12 --areas neck,face
assert_rc "face and neck 27 days after the neck (28 after the face) is refused" 3
assert_contains "naming the area too close" "after the session of 2027-01-16 on neck" "$ERR"
run session record --course 3 --date 2027-02-13 --areas neck,face
assert_rc "face and neck 28 days after the neck, 29 after the face, is accepted" 0
run session record --course 2 --date 2027-02-15 --areas face,neck
assert_rc "a face+neck session 2 days after the neck is refused" 3
assert_contains "naming the overlapping area" "after the session of 2027-02-13 on face,neck" "$ERR"

# --- the due list ----------------------------------------------------------------------
run due --on 2027-05-01 --within 0 --format json
assert_rc "due" 0
assert_json_eq "due lists the overdue courses, soonest first, with overdue days" \
    '[{"client": 2, "name": "Bo Client", "course": 2, "kind": "session", "due": "2027-02-19", "overdue_days": 71},
      {"client": 2, "name": "Bo Client", "course": 3, "kind": "session", "due": "2027-03-20", "overdue_days": 42}]' \
    "$(jq 'map({client, name, course, kind, due, overdue_days})' <<<"$OUT")"
assert_jq "sorted by due" '[.[].due] == ([.[].due] | sort)' "$OUT"
run due --on 2028-04-20 --within 7 --format json
assert_jq "--within reaches the maintenance visit, not overdue yet" \
    'map(select(.course == 1) | {client, name, course, kind, due, overdue_days}) == [{"client": 1, "name": "Ada Client", "course": 1, "kind": "maintenance", "due": "2028-04-24", "overdue_days": 0}]' "$OUT"
run due --on 2028-05-04 --within 0 --format csv
assert_eq "due as CSV, with the contact, the window and the booking" $'client,name,course,kind,due,overdue_days,email,phone,earliest,latest,booked_date,booked_time\r\n1,Ada Client,1,maintenance,2028-04-24,10,ada@example.org,,2027-10-24,2028-04-24,,\r' \
    "$(grep -E '^(client|1,)' "$WORK/out")"
run due --on 2027-01-01 --within 0
assert_rc "nothing due" 0
assert_eq "text due list with only its header" "DUE         OVERDUE  KIND         COURSE  CLIENT  NAME" "$OUT"

# --- blocked screening -------------------------------------------------------------------
before=$(counts "$DB")
run course start --client 1 --laxity mild --screening pregnancy --start 2027-06-01
assert_rc "starting a course with blocked screening is refused" 3
assert_eq "naming the finding" \
    "collagenda: course: refused: the assessment's screening is blocked by pregnancy; use --force --reason TEXT to override" "$ERR"
assert_unchanged "refused course" "$before" "$DB"
assert_eq "the refused start is audited against the client" "1" \
    "$(sql "$DB" "SELECT count(*) FROM audit_log WHERE action = 'safety.refused' AND entity = 'client' AND entity_id = 1")"
run course start --client 1 --laxity mild --screening pregnancy --start 2027-06-01 --force --reason "cleared by obstetrician"
assert_rc "forced with a reason" 0
blocked=$OUT
assert_eq "the course stores the reason" "1|cleared by obstetrician" \
    "$(sql "$DB" "SELECT forced, force_reason FROM courses WHERE id = $blocked")"
run course show "$blocked" --format json
assert_jq "the forced course has its dates from its start" \
    '.plan.screening.status == "blocked" and .next.date == "2027-06-01"' "$OUT"
for format in ics fhir svg; do
    run course show "$blocked" --format "$format"
    assert_rc "a blocked course's --format $format is refused (exit 3)" 3
    assert_eq "naming the finding ($format)" \
        "collagenda: screening: refused: the plan's screening is blocked by pregnancy; a blocked plan has no dates to export" \
        "$ERR"
done
run session record --course "$blocked" --date 2027-06-01
assert_rc "a session on a blocked course is refused" 3
assert_contains "saying why" "refused: the course's screening is blocked by pregnancy" "$ERR"
run session record --course 1 --date 2028-04-24 --screening active-infection
assert_rc "a blocking finding at the session refuses it" 3

# --- an intensive course's floor is 21 days (a database of its own) -----------------------------
intensive_db=$WORK/intensive.db
run --db "$intensive_db" client add --name "Cy Client"
run --db "$intensive_db" course start --client 1 --laxity mild --risks smoking,diabetes --start 2027-01-04
run --db "$intensive_db" course show 1 --format json
assert_jq "an intensive course: 21-28 days, every 24, floor 21" \
    '.plan.course == "intensive" and .plan.interval_days == {"min": 21, "max": 28, "recommended": 24, "floor": 21}' "$OUT"
run --db "$intensive_db" session record --course 1 --date 2027-01-04
before=$(counts "$intensive_db")
run --db "$intensive_db" session record --course 1 --date 2027-01-24
assert_rc "intensive: 20 days after the last is refused" 3
assert_eq "intensive: the refusal names the course's floor and why" \
    "collagenda: session: refused: 2027-01-24 is 20 days after the session of 2027-01-04 on face; the floor of this intensive course is 21 days (earliest allowed 2027-01-25): sessions closer together disrupt the skin's healing and raise the risk of infection and injury [F]; use --force --reason TEXT to override" \
    "$ERR"
assert_unchanged "intensive: refused session" "$before" "$intensive_db"
run --db "$intensive_db" session record --course 1 --date 2027-01-25
assert_rc "intensive: 21 days after the last is accepted" 0
assert_empty "intensive: on time at the floor" "$ERR"

# --- early: only a clinic's floor below its window allows it ---------------------------------------
early_db=$WORK/early.db
run protocol show
jq '.version = "2-floor-21" | .interval_floor.standard.days = 21' <<<"$OUT" >"$WORK/floor-21.json"
run --db "$early_db" client add --name "Di Client"
run --db "$early_db" course start --client 1 --laxity mild --start 2027-01-04 --protocol "$WORK/floor-21.json"
assert_rc "a course under a clinic protocol" 0
run --db "$early_db" session record --course 1 --date 2027-01-04
run --db "$early_db" session record --course 1 --date 2027-01-25
assert_rc "at the clinic's 21-day floor, before the window, is accepted" 0
assert_contains "with an early warning" "warning: early: 2027-01-25 is before the window of session 2 opens (2027-02-01 to 2027-02-15)" "$ERR"
assert_eq "and stored as early" "1|0|0" "$(sql "$early_db" "SELECT early, late, forced FROM sessions WHERE number = 2")"

# --- the audit log is append-only ------------------------------------------------------------
audit_rows=$(sql "$DB" "SELECT count(*) FROM audit_log")
assert_true "every write is audited" test "$audit_rows" -ge 15
if sql "$DB" "UPDATE audit_log SET who = 'mallory'" 2>/dev/null; then
    fail "UPDATE on audit_log is refused by the database"
else
    pass
fi
if sql "$DB" "DELETE FROM audit_log" 2>/dev/null; then
    fail "DELETE on audit_log is refused by the database"
else
    pass
fi
assert_eq "the audit log is intact" "$audit_rows|0" \
    "$(sql "$DB" "SELECT count(*), sum(CASE WHEN who = 'mallory' THEN 1 ELSE 0 END) FROM audit_log")"
assert_eq "client.add records the client as after-JSON" "Ada Client" \
    "$(sql "$DB" "SELECT after_json FROM audit_log WHERE action = 'client.add' AND entity_id = 1" | jq -r .name)"

# --- clinics: another clinic's ids behave as not found ------------------------------------------
run clinic add "Second Site" >/dev/null
run --clinic "Second Site" course show 1
assert_rc "another clinic's course is not found" 2
assert_eq "as not found" "collagenda: course: no course with id 1" "$ERR"
run --clinic "Second Site" client list --format json
assert_json_eq "another clinic starts empty" "[]" "$OUT"
run --clinic "Second Site" client add --name "Site Two Client"
assert_eq "ids are global, scoped on read" "3" "$OUT"
run client show 3
assert_rc "the default clinic cannot see it" 2
run --clinic "Second Site" session record --course 1 --date 2028-04-24
assert_rc "nor record on another clinic's course" 2
run client show 1 --format json
assert_jq "client show lists the client's courses" \
    '.id == 1 and .name == "Ada Client" and .birth_date == "1980-02-29" and .skin_type == "II" and ([.courses[].id] == [1, '"$blocked"'])' "$OUT"

# --- where the database lives ---------------------------------------------------------------------
home=$WORK/home
mkdir -p "$home"
HOME=$home COLLAGENDA_DB='' "$CLI" client add --name "Home Default" >/dev/null
assert_true "without --db or COLLAGENDA_DB: ~/.local/share/collagenda/collagenda.db" \
    test -f "$home/.local/share/collagenda/collagenda.db"
HOME=$home XDG_DATA_HOME=$WORK/xdg COLLAGENDA_DB='' "$CLI" client add --name "XDG" >/dev/null
assert_true "XDG_DATA_HOME is honoured" test -f "$WORK/xdg/collagenda/collagenda.db"
assert_eq "created with its folder, mode 0600" "600" "$(stat -c %a "$WORK/xdg/collagenda/collagenda.db")"
run --db "$WORK/other.db" client list --format json
assert_json_eq "--db wins over COLLAGENDA_DB" "[]" "$OUT"
run --db "postgresql://clinic@/collagenda?host=$WORK/no-server-here" client list
assert_rc "a PostgreSQL server that cannot be reached is an operational failure" 1
assert_contains "saying which database" "--db: cannot connect to the postgresql database collagenda" "$ERR"

# --- reads and exports are audited from the command line too ---------------------------------------
reads_before=$(sql "$DB" "SELECT count(*) FROM audit_log WHERE action IN ('client.read', 'course.read', 'course.export', 'records.export')")
run client show 1 --format json
assert_rc "client show" 0
run course show 1
assert_rc "course show" 0
run course show 1 --format ics
assert_rc "course show --format ics" 0
run export sessions --format csv
assert_rc "export sessions" 0
assert_eq "each read is one audit entry, naming who read what and how" \
    "client.read|client|1|
course.read|course|1|
course.export|course|1|{\"format\":\"ics\"}
records.export|clinic|1|{\"table\":\"sessions\",\"format\":\"csv\"}" \
    "$(sql "$DB" "SELECT action, entity, entity_id, coalesce(after_json, '') FROM audit_log
                  WHERE action IN ('client.read', 'course.read', 'course.export', 'records.export')
                  ORDER BY id LIMIT 1000000 OFFSET $reads_before")"
assert_eq "the reader is the user at the command line" "1" \
    "$(sql "$DB" "SELECT count(DISTINCT who) FROM audit_log WHERE action = 'client.read'")"

# --- backup ---------------------------------------------------------------------------------------
if on_postgresql; then
    run backup "$WORK/backup.db"
    assert_rc "backup of a PostgreSQL database is pg_dump's job" 2
    assert_contains "saying so" "back it up with pg_dump" "$ERR"
else
run backup "$WORK/backup.db"
assert_rc "backup" 0
assert_integrity "backup" "$WORK/backup.db"
assert_eq "the backup has every session" "$(sql "$DB" "SELECT count(*) FROM sessions")" \
    "$(sql "$WORK/backup.db" "SELECT count(*) FROM sessions")"
assert_eq "the backup is private" "600" "$(stat -c %a "$WORK/backup.db")"
run backup "$WORK/backup.db"
assert_rc "an existing backup file is never replaced" 2
fi

# --- schema: migrations are recorded; reopening changes nothing ---------------------------------
if on_postgresql; then
    # PostgreSQL databases begin at version 11 (src/store/pg_schema.c), one migration each after.
    assert_eq "every migration recorded once, in order" \
        "$(sql "$DB" "SELECT count(*) + 10 FROM schema_migrations")" \
        "$(sql "$DB" "SELECT max(version) FROM schema_migrations")"
else
assert_eq "every migration recorded once, in order" "$(sql "$DB" "SELECT count(*) FROM schema_migrations")" \
    "$(sql "$DB" "SELECT max(version) FROM schema_migrations")"
assert_eq "WAL mode" "wal" "$(sql "$DB" "PRAGMA journal_mode")"
fi

# A database written by a newer collagenda is refused, not downgraded.
if on_postgresql; then
    newer=$DB
    sql "$DB" "INSERT INTO schema_migrations (version, applied_at) VALUES (99, now())"
else
    newer=$WORK/newer.db
    cp "$DB" "$newer"
    sql "$newer" "INSERT INTO schema_migrations (version, applied_at) VALUES (99, 'later')"
fi
run --db "$newer" client list
assert_rc "a newer schema is an operational failure" 1
assert_match "saying so" "has schema version 99, newer than this collagenda knows \([0-9]+\); upgrade collagenda" "$ERR"
if on_postgresql; then
    sql "$DB" "DELETE FROM schema_migrations WHERE version = 99"
fi

assert_integrity "workflow database" "$DB"
finish

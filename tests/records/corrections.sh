#!/usr/bin/env bash
# Corrections (docs/records.md#corrections) with the real binary and a real
# database file: duplicate clients refused unless --allow-duplicate (add,
# edit, import), client edit, session amend (a new date judged like a new
# record, as if the session had never been recorded), session void, and
# client merge. After each: the rows, the audit entry with before and after,
# the course re-flowed and `due`. Bad input for each: a clear error naming
# the field, exit 2 or 3, and nothing written.
#
# Today is fixed at 2026-06-15 under Debian's faketime (the product has no
# clock override): sessions are in the past, bookings in the future.
#
# usage: corrections.sh PATH/TO/collagenda
. "$(dirname "$0")/lib.sh"
records_init "$1"

# Every run sees the same today: libfaketime preloaded (as lib.sh's
# at_time does), in a wrapper so every `run` and helper calling $CLI gets it.
need_libfaketime
cat >"$WORK/collagenda-today" <<EOF
#!/bin/sh
LD_PRELOAD='/usr/\$LIB/faketime/libfaketimeMT.so.1' FAKETIME='@2026-06-15 12:00:00' \\
    DONT_FAKE_MONOTONIC=1 ASAN_OPTIONS="\${ASAN_OPTIONS:+\$ASAN_OPTIONS:}verify_asan_link_order=0" \\
    exec "$CLI" "\$@"
EOF
chmod +x "$WORK/collagenda-today"
CLI=$WORK/collagenda-today

# audit ACTION: the newest entry of ACTION as {"entity", "id", "before", "after", "reason", "who"}.
audit() {
    if on_postgresql; then
        sql "$DB" "SELECT json_build_object('entity', entity, 'id', entity_id,
            'before', before_json::json, 'after', after_json::json, 'reason', reason, 'who', who)
            FROM audit_log WHERE action = '$1' ORDER BY id DESC LIMIT 1"
        return
    fi
    sql "$DB" "SELECT json_object('entity', entity, 'id', entity_id, 'before', json(before_json),
        'after', json(after_json), 'reason', reason, 'who', who)
        FROM audit_log WHERE action = '$1' ORDER BY id DESC LIMIT 1"
}

# due_json: the recall list on today with no look-ahead, as JSON.
due_json() {
    run due --on 2026-06-15 --within 0 --format json
    printf '%s' "$OUT"
}

# refused NAME STATUS STDERR_PATTERN ARGS...: runs ARGS, expects STATUS, the
# error matching STDERR_PATTERN, an empty stdout and nothing written.
refused() {
    local name=$1 status=$2 pattern=$3 before
    shift 3
    before=$(counts "$DB")
    run "$@"
    assert_rc "$name: exit $status" "$status"
    assert_match "$name: says why" "$pattern" "$ERR"
    assert_empty "$name: stdout stays empty" "$OUT"
    assert_unchanged "$name" "$before" "$DB"
}

# --- another clinic, whose ids the default clinic must not reach -------------
run clinic show >/dev/null # a fresh database's first command creates the default clinic
run clinic add "Other clinic" >/dev/null
run --clinic "Other clinic" client add --name "Olga Other" --email olga@example.org
other_client=$OUT
run --clinic "Other clinic" course start --client "$other_client" --laxity mild --start 2026-01-05
other_course=$OUT
run --clinic "Other clinic" session record --course "$other_course" --date 2026-01-05
other_session=$OUT
assert_rc "the other clinic's session" 0

# --- duplicates ------------------------------------------------------------------
run client add --name "Ada Client" --email ada@example.org --phone "+44 20 7946 0000"
assert_rc "client add" 0
ada=$OUT
refused "the same e-mail in another case" 2 \
    "^collagenda: --email: 'ADA@Example.org' already belongs to client $ada \(Ada Client\); use --allow-duplicate to keep it anyway$" \
    client add --name "Ada Again" --email ADA@Example.org
refused "the same phone typed otherwise" 2 \
    "^collagenda: --phone: '\+44-20-7946-0000' already belongs to client $ada \(Ada Client\); use --allow-duplicate" \
    client add --name "Ada Again" --phone "+44-20-7946-0000"
run client add --name "Ada Again" --email ada@example.org --allow-duplicate
assert_rc "--allow-duplicate adds her anyway" 0
ada_twin=$OUT
assert_jq "the duplicate is audited like any client" '.after.email == "ada@example.org"' "$(audit client.add)"
run client add --name "Bob Builder" --email bob@example.org --phone "+1 555 0100"
bob=$OUT

# import: a row already on file, or twice in the file, is refused by its line.
printf 'name,email,phone\nCarla New,carla@example.org,\nAda Third,,+44 (20) 7946.0000\n' >"$WORK/dup.csv"
refused "an imported row already on file" 2 \
    "^collagenda: .*/dup.csv: line 3: phone: '\+44 \(20\) 7946.0000' already belongs to client $ada \(Ada Client\); use --allow-duplicate" \
    import clients "$WORK/dup.csv"
printf 'name,email\nCarla New,carla@example.org\nCarla Twice,Carla@example.org\n' >"$WORK/twice.csv"
refused "a row repeating an earlier row" 2 \
    "^collagenda: .*/twice.csv: line 3: email: 'Carla@example.org' already belongs to client [0-9]+ \(Carla New\)" \
    import clients "$WORK/twice.csv"
run import clients "$WORK/twice.csv" --allow-duplicate --format json
assert_rc "import --allow-duplicate" 0
assert_jq "both rows added" '.ids | length == 2' "$OUT"

# --- client edit -----------------------------------------------------------------
refused "edit to another client's e-mail" 2 \
    "^collagenda: --email: 'ada@example.org' already belongs to client $ada \(Ada Client\); use --allow-duplicate" \
    client edit "$bob" --email ada@example.org
refused "edit of an unknown client" 2 "^collagenda: client: no client with id 9999$" \
    client edit 9999 --name X
refused "edit of another clinic's client" 2 "^collagenda: client: no client with id $other_client$" \
    client edit "$other_client" --name X
refused "edit with nothing to change" 2 "^collagenda: client: nothing to edit" client edit "$bob"
refused "edit to an empty name" 2 "^collagenda: --name: " client edit "$bob" --name ""
refused "edit to a skin type out of range" 2 "^collagenda: --skin-type: 'VII' is not allowed" \
    client edit "$bob" --skin-type VII
refused "edit to a birth date to come" 2 "^collagenda: --birth-date: 2027-01-01 is in the future" \
    client edit "$bob" --birth-date 2027-01-01
run client edit "$bob" --name "Bob the Builder" --phone "" --skin-type III --birth-date 1980-02-03
assert_rc "client edit" 0
assert_empty "prints nothing" "$OUT"
assert_eq "the row holds the new details" "Bob the Builder|bob@example.org||1980-02-03|3" \
    "$(sql "$DB" "SELECT name, email, phone, birth_date, skin_type FROM clients WHERE id = $bob")"
entry=$(audit client.edit)
assert_jq "client.edit keeps the details before" \
    '.before.name == "Bob Builder" and .before.phone == "+1 555 0100" and .before.skin_type == null' "$entry"
assert_jq "and after" \
    '.after.name == "Bob the Builder" and .after.phone == null and .after.skin_type == "III" and .after.birth_date == "1980-02-03"' "$entry"
assert_jq "on the client, by who" ".entity == \"client\" and .id == $bob and .who == \"records-test\"" "$entry"
run client edit "$bob" --email ada@example.org --allow-duplicate --format json
assert_rc "edit --allow-duplicate" 0
assert_jq "--format json prints the client as edited" ".id == $bob and .email == \"ada@example.org\"" "$OUT"
run client edit "$bob" --name "Bob Builder"
assert_rc "a duplicate kept on purpose does not block another edit" 0

# --- a course of three sessions -----------------------------------------------------
run course start --client "$ada" --laxity mild --start 2026-01-05
course=$OUT
run session record --course "$course" --date 2026-01-05
s1=$OUT
run session record --course "$course" --date 2026-02-09
s2=$OUT
run session record --course "$course" --date 2026-03-16
s3=$OUT
assert_rc "three sessions" 0
assert_jq "due: session 4 on 2026-04-20" \
    "[.[] | select(.course == $course) | {client, name, course, kind, due, overdue_days}] == [{\"client\": $ada, \"name\": \"Ada Client\", \"course\": $course, \"kind\": \"session\", \"due\": \"2026-04-20\", \"overdue_days\": 56}]" \
    "$(due_json)"

# --- session amend -----------------------------------------------------------------
refused "an amend to a date too soon before the next session" 3 \
    "^collagenda: session: refused: 2026-02-20 is 24 days before the session of 2026-03-16 on face; the floor of this standard course is 28 days \(latest allowed 2026-02-16\)" \
    session amend "$s2" --date 2026-02-20 --reason "typed the wrong day"
assert_jq "the refusal is audited on the session" \
    ".entity == \"session\" and .id == $s2 and .after.date == \"2026-02-20\" and (.after.refused | test(\"24 days before\"))" \
    "$(audit safety.refused)"
assert_eq "the session keeps its date" "2026-02-09" "$(sql "$DB" "SELECT date FROM sessions WHERE id = $s2")"
refused "an amend of an unknown session" 2 "^collagenda: session: no session with id 9999$" \
    session amend 9999 --notes x --reason "r"
refused "an amend of another clinic's session" 2 "^collagenda: session: no session with id $other_session$" \
    session amend "$other_session" --notes x --reason "r"
refused "an amend without a reason" 2 "^collagenda: --reason: an amendment needs a reason" \
    session amend "$s2" --notes x
refused "an amend with a blank reason" 2 "^collagenda: --reason: " \
    session amend "$s2" --notes x --reason "  "
refused "an amend of nothing" 2 "^collagenda: session: nothing to amend" \
    session amend "$s2" --reason "r"
refused "an amend to a GAIS out of range" 2 "^collagenda: --gais: " \
    session amend "$s2" --gais 9 --reason "r"
refused "an amend with a flag amend has not" 2 "^collagenda: --areas: is not for 'session amend'" \
    session amend "$s2" --areas neck --reason "r"
refused "an amend past the next session, even forced" 2 \
    "^collagenda: --date: 2026-03-20 is after session 3 of this course on 2026-03-16; an amended session stays between" \
    session amend "$s2" --date 2026-03-20 --force --reason "r"

run session amend "$s2" --date 2026-02-12 --depth-mm 0.5 --gais 2 --notes "redness settled" \
    --reason "typed the wrong day"
assert_rc "an amend of date, depth, GAIS and notes" 0
assert_empty "prints nothing" "$OUT"
assert_eq "the row holds the new values" "2026-02-12|50|2|redness settled|2" \
    "$(sql "$DB" "SELECT date, depth_hundredths_mm, gais, notes, number FROM sessions WHERE id = $s2")"
entry=$(audit session.amend)
assert_jq "session.amend keeps the values before" \
    '.before.session.date == "2026-02-09" and .before.session.depth_mm == null and .before.session.notes == null' "$entry"
assert_jq "and after, with the reason" \
    ".after.session.date == \"2026-02-12\" and .after.session.depth_mm == 0.5 and .after.session.gais == 2 and .reason == \"typed the wrong day\" and .id == $s2" "$entry"
assert_jq "with the course before and after" \
    '.before.course.next.date == "2026-04-20" and .after.course.next.date == "2026-04-20"' "$entry"

run session amend "$s3" --date 2026-03-23 --reason "entered a week early" --format json
assert_rc "an amend of the last session's date" 0
assert_jq "--format json: the session, where the course stands" \
    ".session.id == $s3 and .session.date == \"2026-03-23\" and .status == \"active\" and .next.date == \"2026-04-27\" and .warning == null" "$OUT"
assert_eq "the course re-flows: its next due date moves a week" "session|2026-04-27" \
    "$(sql "$DB" "SELECT next_kind, next_date FROM courses WHERE id = $course")"
assert_jq "and due follows" "[.[] | select(.course == $course) | .due] == [\"2026-04-27\"]" "$(due_json)"
assert_jq "the audit entry has the course's next date before and after" \
    '.before.course.next.date == "2026-04-20" and .after.course.next.date == "2026-04-27"' "$(audit session.amend)"

refused "a last session moved too close to the one before" 3 \
    "^collagenda: session: refused: 2026-03-01 is 17 days after the session of 2026-02-12 on face" \
    session amend "$s3" --date 2026-03-01 --reason "r"
run session amend "$s3" --date 2026-03-01 --force --reason "the client came back early; we saw her that day"
assert_rc "forced with the reason" 0
assert_contains "the override is reported" "warning: override recorded: 2026-03-01 is 17 days after" "$ERR"
assert_eq "stored as forced, with its reason" "1|the client came back early; we saw her that day" \
    "$(sql "$DB" "SELECT forced, force_reason FROM sessions WHERE id = $s3")"
assert_jq "and audited as an override" \
    ".entity == \"session\" and .id == $s3 and .reason == \"the client came back early; we saw her that day\"" \
    "$(audit safety.override)"
run session amend "$s3" --date 2026-03-23 --reason "the override was a mistake"
assert_rc "moved back" 0
assert_eq "a date that needs no override drops the override" "0|" \
    "$(sql "$DB" "SELECT forced, coalesce(force_reason, '') FROM sessions WHERE id = $s3")"
run session amend "$s2" --notes "" --depth-mm "" --reason "notes belonged to another client"
assert_rc "empty values clear" 0
assert_eq "cleared" "||2" "$(sql "$DB" "SELECT notes, depth_hundredths_mm, gais FROM sessions WHERE id = $s2")"

# --- session void -------------------------------------------------------------------
refused "a void without a reason" 2 "^collagenda: --reason: a void needs a reason" session void "$s2"
refused "a void of an unknown session" 2 "^collagenda: session: no session with id 9999$" \
    session void 9999 --reason "r"
refused "a void of another clinic's session" 2 "^collagenda: session: no session with id $other_session$" \
    session void "$other_session" --reason "r"
run session void "$s2" --reason "entered in error: another client's visit"
assert_rc "session void" 0
assert_eq "the session stays, marked void with its number" "2|entered in error: another client's visit" \
    "$(sql "$DB" "SELECT number, void_reason FROM sessions WHERE id = $s2")"
assert_eq "the course's later session moves up a number" "2" \
    "$(sql "$DB" "SELECT number FROM sessions WHERE id = $s3")"
entry=$(audit session.void)
assert_jq "session.void: before, after, the renumbered sessions, the reason" \
    ".id == $s2 and .before.session.void_reason == null and .after.session.void_reason == \"entered in error: another client's visit\" and .after.renumbered == [$s3] and .reason == \"entered in error: another client's visit\"" "$entry"
assert_jq "the course re-flows from two sessions" \
    '.before.course.next.number == 4 and .after.course.next.number == 3 and .after.course.next.date == "2026-04-27"' "$entry"
run course show "$course" --format json
assert_jq "course show counts two sessions, the voided one apart" \
    "[.sessions[] | [.id, .number]] == [[$s1, 1], [$s3, 2]] and [.voided[].id] == [$s2] and .next.number == 3" "$OUT"
run course show "$course"
assert_contains "the text lists each session's id" "2026-03-23  traditional face                  (id $s3)" "$OUT"
assert_contains "and the voided one with its reason" "entered in error: entered in error: another client's visit" "$OUT"
run export sessions --format json
assert_jq "exports leave the voided session out" "[.[].id] | index($s2) == null and index($s3) != null" "$OUT"
refused "a void of a void" 2 \
    "^collagenda: session: session $s2 is already void \(entered in error: entered in error: another client's visit\)$" \
    session void "$s2" --reason "again"
refused "an amend of a voided session" 2 "^collagenda: session: session $s2 is void .*cannot be amended" \
    session amend "$s2" --notes x --reason "r"
# The voided session no longer counts for the floor: session 2 may now sit
# 4 days after its date (and 35 after session 1).
run session amend "$s3" --date 2026-02-16 --reason "the real date, from the paper chart"
assert_rc "the floor ignores a voided session" 0
run session amend "$s3" --date 2026-03-23 --reason "no: the paper chart was another client's"

# Voiding brings a course in maintenance back to its initial sessions.
run session record --course "$course" --date 2026-04-27
s4=$OUT
run session record --course "$course" --date 2026-06-01
s5=$OUT
run course show "$course" --format json
assert_jq "four sessions: maintenance" '.status == "maintenance" and .next.kind == "maintenance"' "$OUT"
run session void "$s5" --reason "recorded on the wrong course" --format json
assert_rc "void the last session" 0
assert_jq "the course is active again, session 4 next" \
    '.status == "active" and .next.kind == "session" and .next.number == 4 and .next.date == "2026-06-01"' "$OUT"
assert_eq "its status and next due date are written back" "active|session|2026-06-01" \
    "$(sql "$DB" "SELECT status, next_kind, next_date FROM courses WHERE id = $course")"
assert_jq "due lists session 4 again" \
    "[.[] | select(.course == $course) | [.kind, .due, .overdue_days]] == [[\"session\", \"2026-06-01\", 14]]" "$(due_json)"
run session record --course "$course" --date 2026-06-01
s5b=$OUT
assert_rc "the session recorded again on its right course takes number 4" 0
assert_eq "number 4" "4" "$(sql "$DB" "SELECT number FROM sessions WHERE id = $s5b")"

# --- client merge -------------------------------------------------------------------
run course start --client "$ada_twin" --laxity mild --start 2026-05-20
twin_course=$OUT
run session record --course "$twin_course" --date 2026-05-20 --areas neck
twin_session=$OUT
run session book --course "$twin_course" --date 2026-06-24
assert_rc "the twin's next session is booked" 0
twin_booking=$OUT
run feed create --client "$ada_twin"
assert_rc "the twin has a calendar feed" 0
refused "a merge into itself" 2 "^collagenda: other: client $ada cannot be merged into itself" \
    client merge "$ada" "$ada" --reason "r"
refused "a merge without a reason" 2 "^collagenda: --reason: a merge needs a reason" \
    client merge "$ada" "$ada_twin"
refused "a merge of an unknown client" 2 "^collagenda: other: no client with id 9999$" \
    client merge "$ada" 9999 --reason "r"
refused "a merge of another clinic's client" 2 "^collagenda: other: no client with id $other_client$" \
    client merge "$ada" "$other_client" --reason "r"
refused "a merge into another clinic's client" 2 "^collagenda: client: no client with id $other_client$" \
    client merge "$other_client" "$ada_twin" --reason "r"
refused "a merge with one id" 2 "^collagenda: client: 'client merge' needs the client to KEEP" \
    client merge "$ada" --reason "r"

run client merge "$ada" "$ada_twin" --reason "the same person, entered twice at the desk" --format json
assert_rc "client merge" 0
assert_json_eq "what moved" \
    "{\"client\": $ada, \"merged\": $ada_twin, \"moved\": {\"courses\": 1, \"sessions\": 1, \"bookings\": 1}, \"feed_revoked\": true}" "$OUT"
assert_eq "the twin's course, session and booking are Ada's now" "$ada|$ada|$ada" \
    "$(sql "$DB" "SELECT (SELECT client_id FROM courses WHERE id = $twin_course) || '|' ||
        (SELECT client_id FROM sessions WHERE id = $twin_session) || '|' ||
        (SELECT client_id FROM bookings WHERE id = $twin_booking)")"
assert_eq "the twin is a record merged into Ada" "$ada" \
    "$(sql "$DB" "SELECT merged_into FROM clients WHERE id = $ada_twin")"
assert_eq "its feed is revoked" "1" "$(sql "$DB" "SELECT revoked FROM feeds WHERE client_id = $ada_twin")"
assert_eq "audited on both clients" "$ada $ada_twin" \
    "$(sql "$DB" "SELECT entity_id FROM audit_log WHERE action = 'client.merge' ORDER BY entity_id" | paste -sd ' ')"
entry=$(audit client.merge)
assert_jq "client.merge: both clients before and after, what moved, the reason" \
    ".before.other.merged_into == null and .after.other.merged_into == $ada and .after.keep.id == $ada and .after.moved == {\"courses\": [$twin_course], \"sessions\": [$twin_session], \"bookings\": [$twin_booking]} and .reason == \"the same person, entered twice at the desk\"" "$entry"
run client list --format json
assert_jq "the merged record is left out of the client list" "[.[].id] | index($ada_twin) == null" "$OUT"
run client show "$ada_twin" --format json
assert_jq "client show names where it went" ".merged_into == $ada and .courses == []" "$OUT"
run client show "$ada_twin"
assert_contains "in words too" "Merged into client $ada" "$OUT"
run client show "$ada"
assert_contains "Ada has both courses" "Course $twin_course: active" "$OUT"
run due --on 2026-06-15 --within 14 --format json
assert_jq "due shows the twin's course under Ada" \
    "[.[] | select(.course == $twin_course) | [.client, .name, .due]] == [[$ada, \"Ada Client\", \"2026-06-24\"]]" "$OUT"
# The judge sees both as one client: a face session on the twin's course
# within the floor of Ada's own face session of 2026-06-01 is refused now.
refused "after the merge the floor spans both clients' sessions" 3 \
    "^collagenda: session: refused: 2026-06-08 is 7 days after the session of 2026-06-01 on face" \
    session record --course "$twin_course" --date 2026-06-08 --areas face
refused "a merge of a merged record" 2 "^collagenda: other: client $ada_twin is already merged into client $ada$" \
    client merge "$bob" "$ada_twin" --reason "r"
refused "a merge into a merged record" 2 "^collagenda: client: client $ada_twin was merged into client $ada; use client $ada$" \
    client merge "$ada_twin" "$bob" --reason "r"
refused "an edit of a merged record" 2 "^collagenda: client: client $ada_twin was merged into client $ada" \
    client edit "$ada_twin" --name X
refused "a course for a merged record" 2 "^collagenda: client: client $ada_twin was merged into client $ada" \
    course start --client "$ada_twin" --laxity mild --start 2026-06-01
refused "a feed for a merged record" 2 "^collagenda: client: client $ada_twin was merged into client $ada" \
    feed create --client "$ada_twin"
run client add --name "Ada Fourth" --email ada@example.org
assert_rc "a merged record's contact is not a duplicate, but Ada's still is" 2
assert_contains "naming Ada" "already belongs to client $ada (Ada Client)" "$ERR"

assert_integrity "after every correction" "$DB"
finish

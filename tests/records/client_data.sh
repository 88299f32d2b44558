#!/usr/bin/env bash
# The client's data with the real binary and a real database file: `client
# export` (everything held about one client: the client, courses with their
# stored request and plan, sessions, bookings, calendar feeds without their
# secret, the audit entries about them; itself audited), and `client erase`
# (a tombstone for the identity, clinical rows kept without it, session
# notes gone, the live feed revoked, audited without the erased data; the
# exports, `due` and the audit reader show the tombstone). Bad input is
# refused naming the field, exit 2, with nothing written.
#
# Every command runs at a fixed "today" under Debian's faketime (the
# product has no clock override), so dates before it are the past.
#
# usage: client_data.sh PATH/TO/collagenda
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
records_init "$1"
if ! command -v faketime >/dev/null 2>&1; then
    echo "error: faketime is needed (apt-get install faketime)" >&2
    exit 2
fi
NOW="2027-03-01 10:00:00"
# An ASan build links its runtime dynamically; faketime's preload must not stop it.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
# run ARGS...: the binary at $NOW in UTC (lib.sh's run, with the clock fixed).
run() {
    TZ=UTC at_time "$NOW" "$CLI" "$@" >"$WORK/out" 2>"$WORK/err"
    # shellcheck disable=SC2034 # read by lib.sh's assert_rc
    RC=$?
    OUT=$(cat "$WORK/out")
    ERR=$(cat "$WORK/err")
}

# --- a client with everything: a course, sessions with notes, a booking, a feed ----------------
run client add --name "Ada Lovelace" --email ada@example.org --phone "+44 20 7946 0958" \
    --birth-date 1980-05-01 --skin-type III
run client add --name "Bea Other" --email bea@example.org
run clinic add "Other clinic" >/dev/null
run --clinic "Other clinic" client add --name "Cy Elsewhere"
other_clinic_client=$OUT
run course start --client 1 --laxity mild --start 2027-01-04
run session record --course 1 --date 2027-01-04 --notes "Ada was nervous; her sister Grace came along" \
    --depth-mm 1.5
assert_rc "session 1" 0
run session record --course 1 --date 2027-02-08 --notes "calm" --gais 2
assert_rc "session 2" 0
run session book --course 1 --date 2027-03-15 --time 10:30
assert_rc "session 3 booked" 0
run feed create --client 1
assert_rc "a calendar feed" 0
feed_path=$OUT
feed_token=${feed_path#/feeds/}
feed_token=${feed_token%.ics}
run course start --client 2 --laxity moderate --start 2027-01-11
run session record --course 2 --date 2027-01-11 --notes "Bea's notes"

# --- export ------------------------------------------------------------------------------------
exports_before=$(sql "$DB" "SELECT count(*) FROM audit_log WHERE action = 'client.export'")
last_before=$(sql "$DB" "SELECT max(id) FROM audit_log")
run client export 1
assert_rc "client export" 0
assert_empty "nothing on stderr" "$ERR"
assert_jq "the document says what it is" \
    '.format == "collagenda-client-export" and .version == 1 and .exported_on == "2027-03-01"' "$OUT"
assert_json_eq "the client as held" \
    '{"id": 1, "name": "Ada Lovelace", "email": "ada@example.org", "phone": "+44 20 7946 0958", "birth_date": "1980-05-01", "skin_type": "III", "erased_at": null}' \
    "$(jq -c .client <<<"$OUT")"
assert_jq "one course, the client's" '[.courses[] | [.id, .client, .status, .start]] == [[1, 1, "active", "2027-01-04"]]' "$OUT"
assert_json_eq "the course's request exactly as stored" "$(sql "$DB" "SELECT request FROM courses WHERE id = 1")" \
    "$(jq -c '.courses[0].request' <<<"$OUT")"
assert_json_eq "and its plan as first computed" "$(sql "$DB" "SELECT plan FROM courses WHERE id = 1")" \
    "$(jq -c '.courses[0].plan' <<<"$OUT")"
assert_jq "both sessions with their notes and grades, and nobody else's" \
    '[.sessions[] | [.id, .date, .notes, .depth_mm, .gais]] == [[1, "2027-01-04", "Ada was nervous; her sister Grace came along", 1.5, null], [2, "2027-02-08", "calm", null, 2]]' "$OUT"
assert_jq "the open booking in the clinic's time" \
    '[.bookings[] | [.id, .course, .date, .time]] == [[1, 1, "2027-03-15", "10:30"]]' "$OUT"
assert_jq "the feed, live, without its secret" \
    '(.feeds | length) == 1 and .feeds[0].revoked == false and (.feeds[0] | keys) == ["created_at", "id", "revoked"]' "$OUT"
assert_not_contains "the feed's token is nowhere in the export" "$feed_token" "$OUT"
assert_not_contains "nor its hash" "$(sql "$DB" "SELECT token_hash FROM feeds WHERE client_id = 1")" "$OUT"
assert_jq "the audit entries about the client, its course, sessions, booking and feed, oldest first" \
    '[.audit[].action] == ["client.add", "course.start", "session.record", "session.record", "booking.add", "feed.create"]' "$OUT"
assert_jq "each with who, when, the record and its before and after" \
    '.audit[0] | .who == "records-test" and (.at | test("^2027-03-01T10:00:")) and .entity == "client" and .entity_id == 1 and .client == 1 and .after.name == "Ada Lovelace" and .before == null' "$OUT"
assert_not_contains "nothing of the other client" "Bea" "$OUT"
assert_eq "the export is audited" "$((exports_before + 1))" \
    "$(sql "$DB" "SELECT count(*) FROM audit_log WHERE action = 'client.export'")"
assert_eq "as client.export of client 1 in json, by the user" "records-test|client|1|1|{\"format\":\"json\"}" \
    "$(sql "$DB" "SELECT who, entity, entity_id, client_id, after_json FROM audit_log WHERE id > $last_before")"
run client export 1
assert_jq "a second export lists the first" '[.audit[].action][-1] == "client.export"' "$OUT"

# --- export: bad input ---------------------------------------------------------------------------
before=$(counts "$DB")
run client export 99
assert_rc "an unknown client" 2
assert_eq "names the client" "collagenda: client: no client with id 99" "$ERR"
assert_empty "stdout stays empty" "$OUT"
run client export "$other_clinic_client"
assert_rc "another clinic's client is unknown here" 2
assert_eq "as if it did not exist" "collagenda: client: no client with id $other_clinic_client" "$ERR"
run client export seven
assert_rc "not an id" 2
assert_contains "says so" "client: 'seven' is not an id" "$ERR"
run client export 1 --format csv
assert_rc "only JSON" 2
assert_eq "names the flag and the format" "collagenda: --format: 'csv' is not allowed; use one of: json" "$ERR"
run client export 1 --reason "why"
assert_rc "--reason is erase's" 2
run client export
assert_rc "no id" 2
assert_unchanged "refused exports" "$before" "$DB"

# --- erase: bad input -----------------------------------------------------------------------------
client_row() {
    sql "$DB" "SELECT name, email, phone, birth_date, skin_type, $(stamp erased_at) FROM clients WHERE id = 1"
}
row_before=$(client_row)
run client erase 1
assert_rc "a reason is required" 2
assert_eq "names --reason" "collagenda: --reason: is required: say why the client is erased (without saying who)" "$ERR"
run client erase 1 --reason "   "
assert_rc "a blank reason" 2
assert_contains "names --reason" "collagenda: --reason: is required" "$ERR"
run client erase 1 --reason "Ada Lovelace asked to be forgotten"
assert_rc "a reason that repeats the name" 2
assert_eq "is refused: the reason stays in the log" \
    "collagenda: --reason: repeats the client's name; the reason stays in the audit log, so say why without saying who" "$ERR"
run client erase 1 --reason "e-mail from ADA@EXAMPLE.ORG"
assert_rc "a reason that repeats the e-mail, in any case" 2
assert_contains "names the e-mail" "repeats the client's e-mail" "$ERR"
run client erase 1 --reason "called from +44 20 7946 0958"
assert_rc "a reason that repeats the phone" 2
assert_contains "names the phone" "repeats the client's phone" "$ERR"
run client erase 99 --reason "request"
assert_rc "an unknown client" 2
assert_eq "names the client" "collagenda: client: no client with id 99" "$ERR"
run client erase "$other_clinic_client" --reason "request"
assert_rc "another clinic's client" 2
run client erase 1 --reason "request" --format csv
assert_rc "a bad format" 2
assert_unchanged "refused erasures" "$before" "$DB"
assert_eq "the client row is untouched" "$row_before" "$(client_row)"

# --- erase -------------------------------------------------------------------------------------------
last_before=$(sql "$DB" "SELECT max(id) FROM audit_log")
courses_before=$(sql "$DB" "SELECT id, client_id, status, start_date, request, plan, next_date FROM courses ORDER BY id")
run client erase 1 --reason "right-to-erasure request of 2027-02-28" --format json
assert_rc "client erase" 0
assert_json_eq "answers the client as now held: a tombstone" \
    '{"id": 1, "name": "erased client 1", "email": null, "phone": null, "birth_date": null, "skin_type": null}' "$OUT"
assert_match "the row: the tombstone, nothing else, and when" \
    '^erased client 1\|\|\|\|\|2027-03-01T10:00:[0-9.]+Z$' "$(client_row)"
assert_eq "the courses are kept as they were, still the client's" "$courses_before" \
    "$(sql "$DB" "SELECT id, client_id, status, start_date, request, plan, next_date FROM courses ORDER BY id")"
assert_eq "the sessions are kept without their notes; the other client's notes stay" \
    "1|1|2027-01-04|150||
2|1|2027-02-08||2|
3|2|2027-01-11|||Bea's notes" \
    "$(sql "$DB" "SELECT id, client_id, date, depth_hundredths_mm, gais, notes FROM sessions ORDER BY id")"
assert_eq "the booking is kept" "1|1|2027-03-15" "$(sql "$DB" "SELECT id, client_id, date FROM bookings")"
assert_eq "the feed is revoked" "1" "$(sql "$DB" "SELECT revoked FROM feeds WHERE client_id = 1")"
assert_eq "audited: the feed's revocation, then the erasure" "feed.revoke|client|1|
client.erase|client|1|right-to-erasure request of 2027-02-28" \
    "$(sql "$DB" "SELECT action, entity, entity_id, reason FROM audit_log WHERE id > $last_before ORDER BY id")"
erase_entry=$(sql "$DB" "SELECT coalesce(before_json, '') || ' ' || after_json || ' ' || reason FROM audit_log WHERE action = 'client.erase'")
assert_jq "the erasure's entry says what was erased, not what it held" \
    '.client.name == "erased client 1" and .erased == ["name", "email", "phone", "birth_date", "skin_type"] and .session_notes_erased == 2 and .feed_revoked == true' \
    "$(sql "$DB" "SELECT after_json FROM audit_log WHERE action = 'client.erase'")"
assert_eq "and keeps no before" "" "$(sql "$DB" "SELECT before_json FROM audit_log WHERE action = 'client.erase'")"
for personal in "Ada" "Lovelace" "ada@example.org" "7946" "1980-05-01" "nervous" "III"; do
    assert_not_contains "the erasure's entry does not hold '$personal'" "$personal" "$erase_entry"
done
assert_integrity "after the erasure" "$DB"

# --- erase again ----------------------------------------------------------------------------------
before=$(counts "$DB")
run client erase 1 --reason "request"
assert_rc "an erased client cannot be erased again" 2
assert_match "names the client and when" "^collagenda: client: client 1 was already erased at 2027-03-01T10:00:" "$ERR"
assert_unchanged "a second erasure" "$before" "$DB"

# --- afterwards, every door shows the tombstone ------------------------------------------------------
run client export 1
assert_rc "the erased client's export" 0
assert_jq "shows the tombstone and when it was erased" \
    '.client.name == "erased client 1" and .client.email == null and (.client.erased_at | test("^2027-03-01T10:00:"))' "$OUT"
assert_jq "the clinical rows, without notes" '[.sessions[] | .notes] == [null, null] and (.courses | length) == 1 and (.bookings | length) == 1' "$OUT"
assert_jq "the feed, revoked" '.feeds[0].revoked == true' "$OUT"
assert_jq "the audit entries, the erasure's among them" '[.audit[].action] | index("client.erase") != null' "$OUT"
assert_jq "earlier entries masked: the name is the tombstone" \
    '.audit[0].action == "client.add" and .audit[0].after == {"id": 1, "name": "erased client 1", "email": null, "phone": null, "birth_date": null, "skin_type": null}' "$OUT"
assert_jq "a session's notes masked, its clinical values kept" \
    '[.audit[] | select(.action == "session.record") | .after.session | [.notes, .date]] == [[null, "2027-01-04"], [null, "2027-02-08"]]' "$OUT"
assert_jq "the course's assessment, a clinical fact, is kept" \
    '.audit[] | select(.action == "course.start") | .after.assessment.laxity == "mild"' "$OUT"
for personal in "Ada" "Lovelace" "ada@example.org" "7946" "1980-05-01" "nervous"; do
    assert_not_contains "the export does not show '$personal'" "$personal" "$OUT"
done
run audit --format json
for personal in "Ada" "Lovelace" "ada@example.org" "7946" "1980-05-01" "nervous"; do
    assert_not_contains "nor does the audit reader: '$personal'" "$personal" "$OUT"
done
assert_contains "the other client's entries are not masked" "Bea Other" "$OUT"
assert_contains "nor her notes" "Bea's notes" "$OUT"
assert_eq "the log itself was not rewritten (append-only): the old entry still holds the name" "1" \
    "$(sql "$DB" "SELECT count(*) FROM audit_log WHERE action = 'client.add' AND after_json LIKE '%Ada Lovelace%'")"
run due --on 2027-03-20 --format json
assert_jq "due shows the tombstone" \
    '[.[] | select(.client == 1) | .name] == ["erased client 1"]' "$OUT"
run client show 1 --format json
assert_jq "client show shows it" '.name == "erased client 1" and .email == null and (.courses | length) == 1' "$OUT"
run client list --format json
assert_jq "client list shows it" '[.[].name] == ["erased client 1", "Bea Other"]' "$OUT"
run export clients
assert_contains "the clients export shows it" $'\n1,erased client 1,,,,\r' "$OUT"$'\n'
run export sessions --format json
assert_jq "the sessions export has no notes for the erased client" \
    '[.[] | select(.client == 1) | .notes] == [null, null]' "$OUT"
run course show 1
assert_contains "the course names the tombstone" "Course 1 for erased client 1 (client 1)" "$OUT"
run course show 1 --format fhir
assert_not_contains "the FHIR export does not name her" "Lovelace" "$OUT"
assert_contains "but the tombstone" "erased client 1" "$OUT"
# --- the reason's check goes by whole words -------------------------------------------------------
run client add --name "Al" --email al@example.org
al=$OUT
run client erase "$al" --reason "al asked in person"
assert_rc "the name as a word is refused" 2
run client erase "$al" --reason "Also at her request"
assert_rc "the name inside another word is not the name" 0

# --- an erased client's identity does not come back ------------------------------------------------
before_edit=$(client_row)
run client edit 1 --name "Ada Lovelace"
assert_rc "an erased client is not edited" 2
assert_contains "saying why, naming the client" "client 1 was erased" "$ERR"
assert_eq "the tombstone stays" "$before_edit" "$(client_row)"
run client merge "$al" 1 --reason "same person"
assert_rc "nor merged into another" 2
run course start --client 1 --laxity mild --start 2027-02-01
assert_rc "nor given a new course" 2

assert_integrity "client data database" "$DB"
finish

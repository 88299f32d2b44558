#!/usr/bin/env bash
# The audit reader with the real binary and a real database file: `audit`
# lists the clinic's log oldest first; --client finds the entries about a
# client and its courses, sessions and bookings (a cancelled booking, whose
# row is gone, and entries written before the log kept a client, included);
# --since counts from the start of the day in the clinic's time zone;
# --action takes an action or the word before its dot; text, JSON and CSV;
# every reading is itself audited, and so is every read of a client's
# record from the command line. Bad input is refused naming the flag,
# exit 2, with nothing written.
#
# The entries are stamped at chosen instants under Debian's faketime (the
# product has no clock override).
#
# usage: audit_reader.sh PATH/TO/collagenda
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
records_init "$1"
# An ASan build links its runtime dynamically; faketime's preload must not stop it.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
NOW="2027-03-01 10:00:00"
# run_at TIME ARGS...: the binary with the clock at TIME (UTC).
run_at() {
    local time=$1
    shift
    TZ=UTC at_time "$time" "$CLI" "$@" >"$WORK/out" 2>"$WORK/err"
    # shellcheck disable=SC2034 # read by lib.sh's assert_rc
    RC=$?
    OUT=$(cat "$WORK/out")
    ERR=$(cat "$WORK/err")
}
run() {
    run_at "$NOW" "$@"
}
# entries_since ID: the log's actions after entry ID, one line each.
actions_after() {
    sql "$DB" "SELECT action FROM audit_log WHERE id > $1 ORDER BY id"
}

# --- a clinic's day in Berlin, one entry at a time ---------------------------------------------
run_at "2027-01-04 08:00:00" clinic set --time-zone Europe/Berlin
run_at "2027-01-04 22:30:00" client add --name "Ada Client" # 23:30 on the 4th in Berlin
run_at "2027-01-04 23:30:00" course start --client 1 --laxity mild --start 2027-01-04 # 00:30 on the 5th
run_at "2027-01-05 09:00:00" client add --name "Bea Client"
run_at "2027-01-05 09:10:00" course start --client 2 --laxity mild --start 2027-01-05
run_at "2027-01-05 09:20:00" session record --course 1 --date 2027-01-04
run_at "2027-01-05 09:30:00" session record --course 2 --date 2027-01-05
run_at "2027-01-20 10:00:00" session book --course 1 --date 2027-02-08
run_at "2027-01-20 10:05:00" session cancel --booking 1
run_at "2027-01-20 10:10:00" session book --course 1 --date 2027-01-25
assert_rc "a booking too soon is refused" 3
run_at "2027-01-20 10:15:00" session book --course 1 --date 2027-01-25 --force --reason "travels in February"
assert_rc "and forced" 0
# SQLite gives the new booking the id the cancelled one left free (both are
# booking 1); PostgreSQL's identity never hands an id out twice (booking 2).
second=$(sql "$DB" "SELECT max(id) FROM bookings")
run_at "2027-01-21 10:00:00" feed create --client 2
run_at "2027-01-21 11:00:00" clinic add "Other clinic" >/dev/null
run_at "2027-01-21 11:00:00" --clinic "Other clinic" client add --name "Cy Elsewhere"
other_clinic_client=$OUT
# An entry as an older collagenda wrote it, before entries kept their client (no client_id),
# and one with an action this version no longer writes.
sql "$DB" "INSERT INTO audit_log (clinic_id, at, who, action, entity, entity_id)
           VALUES (1, '2027-01-22T08:00:00.000Z', 'old-version', 'session.record', 'session', 1),
                  (1, '2027-01-22T08:30:00.000Z', 'old-version', 'course.retired_action', 'course', 2)"
first_read=$(sql "$DB" "SELECT max(id) FROM audit_log")

# --- everything, oldest first ------------------------------------------------------------------
run audit --format json
assert_rc "audit" 0
assert_empty "nothing on stderr" "$ERR"
assert_jq "every entry of the clinic, oldest first" \
    '[.[].action] == ["clinic.create", "clinic.set", "client.add", "protocol.store", "course.start", "client.add", "course.start", "session.record", "session.record", "booking.add", "booking.cancel", "safety.refused", "booking.add", "safety.override", "feed.create", "session.record", "course.retired_action"] and ([.[].id] | . == sort)' "$OUT"
assert_jq "entries have the documented members" \
    '.[2] == {"id": .[2].id, "at": "2027-01-04T22:30:00.000Z", "who": "records-test", "action": "client.add", "entity": "client", "entity_id": 1, "client": 1, "before": null, "after": {"id": 1, "name": "Ada Client", "email": null, "phone": null, "birth_date": null, "skin_type": null}, "reason": null}' \
    "$(jq '.[2].at |= sub(":[0-9.]+Z$"; ":00.000Z")' <<<"$OUT")"
assert_jq "the forced booking's reason" \
    '[.[] | select(.action == "safety.override") | .reason] == ["travels in February"]' "$OUT"
assert_jq "a clinic entry names no client" '.[1].client == null and .[1].entity == "clinic"' "$OUT"
assert_not_contains "nothing of the other clinic" "Cy Elsewhere" "$OUT"
assert_eq "the reading is audited with what it asked and found" \
    'audit.read|clinic|1||{"client":null,"since":null,"action":null,"format":"json","entries":17}' \
    "$(sql "$DB" "SELECT action, entity, entity_id, coalesce(CAST(client_id AS TEXT), ''), after_json FROM audit_log WHERE id > $first_read")"

# --- --client: the client's own entries, its course's, sessions', bookings' ----------------------
run audit --client 1 --format json
assert_rc "audit --client 1" 0
assert_jq "entries about client 1, its course, session, bookings (a cancelled one too), refusal and override" \
    '[.[] | [.action, .entity, .entity_id]] == [["client.add", "client", 1], ["course.start", "course", 1], ["session.record", "session", 1], ["booking.add", "booking", 1], ["booking.cancel", "booking", 1], ["safety.refused", "course", 1], ["booking.add", "booking", '"$second"'], ["safety.override", "booking", '"$second"'], ["session.record", "session", 1]]' "$OUT"
assert_jq "all about client 1" '[.[].client] | unique == [1]' "$OUT"
assert_jq "the older entry without a client is found through its session" \
    '.[-1].who == "old-version"' "$OUT"
run audit --client 2 --format json
assert_jq "client 2's, with the earlier reading of client 1 left out" \
    '[.[].action] == ["client.add", "course.start", "session.record", "feed.create", "course.retired_action"]' "$OUT"
assert_eq "a reading about a client is audited about that client" "client|2|2" \
    "$(sql "$DB" "SELECT entity, entity_id, client_id FROM audit_log WHERE action = 'audit.read' ORDER BY id DESC LIMIT 1")"
run audit --client 2 --action audit --format json
assert_jq "so that the client's own history shows who read it" \
    '[.[] | [.action, .after.client]] == [["audit.read", 2]]' "$OUT"

# --- --since: from the start of the day in the clinic's zone (Berlin, UTC+1 in January) -----------
run audit --since 2027-01-05 --format json
assert_jq "from 2027-01-04T23:00Z: the course started at 00:30 Berlin time, not the client added at 23:30" \
    '.[0].at[0:16] == "2027-01-04T23:30" and ([.[].action] | index("course.start")) == 1 and ([.[] | select(.action == "client.add") | .entity_id] == [2])' "$OUT"
run audit --since 2027-01-21 --action feed --format json
assert_jq "--since and --action together" '[.[].action] == ["feed.create"]' "$OUT"
run audit --since 2027-03-02 --format json
assert_jq "a day after the last entry: none yet" '. == []' "$OUT"
run audit --since 1900-01-01 --action clinic.create --format json
assert_jq "a day before any entry: all of them" '[.[].action] == ["clinic.create"]' "$OUT"

# --- --action: one action, or every action of a kind ---------------------------------------------
run audit --action booking.add --format json
assert_jq "one action" '[.[] | [.action, .entity_id, .client]] == [["booking.add", 1, 1], ["booking.add", '"$second"', 1]]' "$OUT"
run audit --action safety --format json
assert_jq "the word before the dot: every action of its kind" \
    '[.[].action] == ["safety.refused", "safety.override"]' "$OUT"
run audit --action course.retired_action --format json
assert_jq "an action this version no longer writes, found because the log holds it" \
    '[.[].who] == ["old-version"]' "$OUT"
run audit --client 1 --action booking --since 2027-01-20 --format json
assert_jq "all three filters" '[.[].action] == ["booking.add", "booking.cancel", "booking.add"]' "$OUT"

# --- formats -------------------------------------------------------------------------------------
run audit --action client.add
assert_rc "text" 0
assert_eq "text: a table for people" \
    "AT                        ACTION            RECORD        WHO: REASON
2027-01-04T22:30:00.000Z  client.add        client 1      records-test
2027-01-05T09:00:00.000Z  client.add        client 2      records-test" \
    "$(sed -E 's/T([0-9]{2}:[0-9]{2}):[0-9]{2}\.[0-9]{3}Z/T\1:00.000Z/' <<<"$OUT")"
run audit --action safety.override
assert_contains "the reason after who" "booking $second     records-test: travels in February" "$OUT"
run audit --client 1 --format csv
assert_rc "csv" 0
assert_eq "csv: the header" "id,at,who,action,entity,entity_id,client,before,after,reason" "$(head -n 1 <<<"$OUT" | tr -d '\r')"
csv_check=$(python3 -c '
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline="")))
json.dumps([json.loads(r["after"]) for r in rows if r["after"]])
print(len(rows), rows[0]["action"], rows[3]["entity"], rows[3]["client"], rows[-1]["before"] == "")
' "$WORK/out")
# Nine entries, and the two readings about client 1 above, each about client 1 itself.
assert_eq "csv: one record per entry, the JSON in its cells reads back" "11 client.add booking 1 True" "$csv_check"
run audit --client 1 --format json
assert_eq "the same entries as JSON, and the CSV reading" "12" "$(jq length <<<"$OUT")"

# --- bad input: the flag named, exit 2, nothing written --------------------------------------------
before=$(counts "$DB")
run audit --client 0
assert_rc "--client 0" 2
assert_contains "names --client" "collagenda: --client: '0' is not an id" "$ERR"
run audit --client abc
assert_rc "--client abc" 2
run audit --client 99
assert_rc "an unknown client" 2
assert_eq "names the client" "collagenda: client: no client with id 99" "$ERR"
run audit --client "$other_clinic_client"
assert_rc "another clinic's client" 2
assert_eq "is unknown here" "collagenda: client: no client with id $other_clinic_client" "$ERR"
run audit --since 2027-02-30
assert_rc "an impossible day" 2
assert_contains "names --since" "collagenda: --since: '2027-02-30' does not exist on the calendar" "$ERR"
run audit --since yesterday
assert_rc "not a date" 2
assert_contains "names --since" "collagenda: --since:" "$ERR"
run audit --action session.deleted
assert_rc "an unknown action" 2
assert_contains "names --action and lists the actions" \
    "collagenda: --action: 'session.deleted' is not an action of the audit log; use one of: clinic.create|time_zone|set|mail, client.add|edit|merge|erase|opt_out|reminders|read|export," "$ERR"
run audit --action "x'; DROP TABLE audit_log; --"
assert_rc "not an action at all" 2
run audit --action ""
assert_rc "an empty action" 2
run audit --format xml
assert_rc "--format xml" 2
assert_eq "names --format" "collagenda: --format: 'xml' is not allowed; use one of: text, json, csv" "$ERR"
run audit extra
assert_rc "no positional argument" 2
assert_empty "stdout stays empty" "$OUT"
assert_unchanged "refused readings" "$before" "$DB"

# --- every read of a client's record from the command line is audited ------------------------------
last=$(sql "$DB" "SELECT max(id) FROM audit_log")
run client list
run due --on 2027-03-01
assert_eq "lists are not reads of a record: nothing audited" "" "$(actions_after "$last")"
run client show 1
run course show 1
run course show 1 --format json
run course show 1 --format ics
run course show 1 --format fhir
run course show 1 --format svg
run export clients
run export sessions --format json
run client export 1
run audit --client 1
read_entries=$(($(wc -l <"$WORK/out") - 1))
assert_eq "each read, export and reading of the log, in order" \
    "client.read
course.read
course.read
course.export
course.export
course.export
records.export
records.export
client.export
audit.read" "$(actions_after "$last")"
assert_eq "each by the user, about what it read" \
    "client|1|1|
course|1|1|
course|1|1|
course|1|1|{\"format\":\"ics\"}
course|1|1|{\"format\":\"fhir\"}
course|1|1|{\"format\":\"svg\"}
clinic|1||{\"table\":\"clients\",\"format\":\"csv\"}
clinic|1||{\"table\":\"sessions\",\"format\":\"json\"}
client|1|1|{\"format\":\"json\"}
client|1|1|{\"client\":1,\"since\":null,\"action\":null,\"format\":\"text\",\"entries\":$read_entries}" \
    "$(sql "$DB" "SELECT entity, entity_id, coalesce(CAST(client_id AS TEXT), ''), coalesce(after_json, '') FROM audit_log WHERE id > $last AND who = 'records-test' ORDER BY id")"

assert_integrity "audit reader database" "$DB"
finish

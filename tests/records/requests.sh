#!/usr/bin/env bash
# Consultation requests with the real binary and a real database
# (docs/records.md#consultation-requests): `requests list | show | close`.
# Requests arrive only through the server's public POST (tests/server/
# test_requests.py), so here they are written into the table as the server
# writes them. A course starts from a request's assessment (the stored JSON
# is one `plan --batch` reads) and closing names it; closing is audited,
# a closed request is not closed twice, and bad input is exit 2 with
# nothing written.
#
# usage: requests.sh PATH/TO/collagenda
. "$(dirname "$0")/lib.sh"
records_init "$1"

# add_request NAME EMAIL PHONE ASSESSMENT STAMP: a request as the server stores it.
add_request() {
    local email=NULL phone=NULL
    [ -n "$2" ] && email="'$2'"
    [ -n "$3" ] && phone="'$3'"
    sql "$DB" "INSERT INTO consultation_requests (clinic_id, name, email, phone, consent,
               assessment, address_hash, created_at)
               VALUES (1, '$1', $email, $phone, 1, '$4', '$(printf '%064d' 7)', '$5')"
}
# everything: the rows closing writes, for "nothing was written".
everything() {
    sql "$DB" "SELECT id, status, closed_at, closed_by, close_note, client_id, course_id
               FROM consultation_requests ORDER BY id; SELECT count(*) FROM audit_log"
}

run clinic show # a fresh database: the clinic (id 1) and the schema
assert_rc "clinic show" 0
assert_eq "migration 15 applied" "1" \
    "$(sql "$DB" "SELECT count(*) FROM schema_migrations WHERE version = 15")"
add_request "Ada Lovelace" ada@example.com "" '{"laxity":"moderate","areas":["face","neck"],"goal":"prevention"}' \
    2027-01-04T09:30:00.000Z
add_request "Bob Byte" "" "+44 20 7946 0000" '{"laxity":"mild"}' 2027-01-05T10:00:00.000Z

# --- list ----------------------------------------------------------------------------------------
run requests list
assert_rc "list" 0
assert_eq "newest first, one line each" 2 "$(wc -l <<<"$OUT")"
assert_match "Bob's line first: id, day, status, name, contact" \
    "^2  2027-01-05  open    Bob Byte  <\+44 20 7946 0000>  laxity mild$" "$(head -1 <<<"$OUT")"
assert_contains "Ada's assessment in a line" "laxity moderate; areas face, neck; goal prevention" "$OUT"
run requests list --format json
assert_rc "list json" 0
assert_jq "two requests, ids newest first" '[.[].id] == [2, 1]' "$OUT"
assert_jq "the assessment is the object itself" \
    '.[1].assessment == {"laxity":"moderate","areas":["face","neck"],"goal":"prevention"}' "$OUT"
assert_jq "open, no close fields" \
    '.[0] | .status == "open" and .closed_at == null and .course == null and .email == null' "$OUT"
run requests list --format csv
assert_rc "list csv" 0
assert_eq "csv header" "id,created_at,status,name,email,phone,assessment,closed_at,closed_by,note,client,course" \
    "$(head -1 <<<"$OUT" | tr -d '\r')"
assert_eq "csv rows" 3 "$(wc -l <<<"$OUT")"
run requests list --status nonsense
assert_rc "a bad --status is exit 2" 2
assert_contains "naming the flag and the choices" "--status: use open, closed or all" "$ERR"

# --- show ----------------------------------------------------------------------------------------
run requests show 1
assert_rc "show" 0
assert_contains "show: status" "request 1 (open)" "$OUT"
assert_contains "show: e-mail" "e-mail:     ada@example.com" "$OUT"
run requests show 1 --format json
assert_jq "show json" '.id == 1 and .name == "Ada Lovelace" and .assessment.laxity == "moderate"' "$OUT"
run requests show 99
assert_rc "an unknown request is exit 2" 2
assert_contains "saying so" "no consultation request 99" "$ERR"
run requests show
assert_rc "show without an id is exit 2" 2

# --- a course from the request -------------------------------------------------------------------
assessment=$(sql "$DB" "SELECT assessment FROM consultation_requests WHERE id = 1")
printf '%s\n' "$assessment" >"$WORK/assessment.jsonl"
run plan --batch "$WORK/assessment.jsonl"
assert_rc "the stored assessment is one the planner reads" 0
run client add --name "Ada Lovelace" --email ada@example.com
assert_rc "client from the request" 0
client=$OUT
run course start --client "$client" --laxity moderate --areas face,neck --goal prevention --start 2027-01-11
assert_rc "course from the request's assessment" 0
course=$OUT

# --- close ---------------------------------------------------------------------------------------
before=$(everything)
run requests close 2 --course 999
assert_rc "closing with an unknown course is exit 2" 2
assert_contains "naming the course" "course" "$ERR"
run requests close 1 --format json
assert_rc "close takes no --format" 2
run requests close 1 --note "$(printf 'bad\001note')"
assert_rc "a control character in the note is exit 2" 2
assert_eq "nothing written by the refusals" "$before" "$(everything)"

run requests close 1 --note "started a course" --course "$course"
assert_rc "close" 0
run requests show 1 --format json
assert_jq "closed, by whom, with the note, course and client" \
    '.status == "closed" and .closed_by == "records-test" and .note == "started a course"
     and .course == $course and .client == $client' "$OUT" \
    --argjson course "$course" --argjson client "$client"
run requests show 1
assert_contains "text: the course" "course:     $course (client $client)" "$OUT"
before=$(everything)
run requests close 1
assert_rc "closing twice is exit 2" 2
assert_contains "saying it is closed" "request 1 is already closed" "$ERR"
assert_eq "and writes nothing" "$before" "$(everything)"
run requests close 2
assert_rc "close without note or course" 0

run requests list
assert_rc "list after closing" 0
assert_empty "no open requests left" "$OUT"
run requests list --status closed --format json
assert_jq "both closed" 'length == 2' "$OUT"
run requests list --status all --format json
assert_jq "all: both" 'length == 2' "$OUT"

# --- audit ---------------------------------------------------------------------------------------
run audit --action request.close --format json
assert_rc "audit of closes" 0
assert_jq "two closes, the first about the client" \
    'length == 2 and .[0].entity == "request" and .[0].entity_id == 1 and .[0].client == $client
     and .[0].after.course == $course' "$OUT" --argjson client "$client" --argjson course "$course"
run audit --action request
assert_rc "request is a kind of action the reader knows" 0

# --- erasure -------------------------------------------------------------------------------------
# The request that became the client held their name, contact and answers:
# erasing the client deletes it with them; the request closed without a
# client stays.
run client erase "$client" --reason "asked to be forgotten"
assert_rc "erase the client" 0
assert_eq "the client's request is gone, the other stays" "1|0" \
    "$(sql "$DB" "SELECT count(*) FROM consultation_requests WHERE id <> 1")|$(sql "$DB" "SELECT count(*) FROM consultation_requests WHERE id = 1")"
assert_eq "the erasure's entry counts it" "1" \
    "$(sql "$DB" "SELECT after_json FROM audit_log WHERE action = 'client.erase'" | jq .requests_erased)"

# --- delete --------------------------------------------------------------------------------------
# A request deleted for good (a prospective client who asks to be
# forgotten): a reason is required and may not say who; the entry keeps none
# of the contact.
before=$(everything)
run requests delete 2
assert_rc "delete needs a reason" 2
assert_eq "naming the flag" "collagenda: --reason: is required: why the request is deleted" "$ERR"
run requests delete 2 --reason "Bob Byte asked"
assert_rc "a reason that names the person" 2
assert_contains "says why not" "repeats the client's name" "$ERR"
assert_eq "nothing written by the refusals" "$before" "$(everything)"
run requests delete 2 --reason "asked by phone to be forgotten"
assert_rc "delete" 0
assert_eq "the request is gone" "0" "$(sql "$DB" "SELECT count(*) FROM consultation_requests")"
assert_eq "audited with the reason, no contact" "asked by phone to be forgotten|{\"status\":\"closed\"}" \
    "$(sql "$DB" "SELECT reason || '|' || before_json FROM audit_log WHERE action = 'request.delete' AND entity_id = 2")"
assert_not_contains "the entry holds no contact" "7946" \
    "$(sql "$DB" "SELECT coalesce(before_json, '') || coalesce(after_json, '') FROM audit_log WHERE action = 'request.delete'")"
run requests delete 2 --reason "again"
assert_rc "an unknown request" 2
run requests close 1 --reason "x"
assert_rc "--reason is for delete" 2

finish

#!/usr/bin/env bash
# The docs/design.md#plan-json example, run through the real binary: `plan --laxity mild
# --areas face --start 2027-01-04` must give that JSON field for field
# (protocol version 2), and the text output must show the same schedule,
# list only the sources it cites, end with the evidence note, and put a
# screening block first. A blocked plan has no dates, and its dated exports
# are refused naming the finding (docs/protocol.md#screening).
#
# usage: spec_example.sh PATH/TO/collagenda
. "$(dirname "$0")/lib.sh"
cli_init "$1"

# docs/design.md#plan-json, everything but the abridged reasons and aftercare.
expected_fields='{
  "protocol": {"name": "collagenda-default", "version": "2"},
  "assessment": {"laxity": "mild", "goal": "improvement", "areas": ["face"],
                 "risks": [], "concerns": [], "modality": "auto"},
  "course": "standard",
  "modality": "traditional",
  "sessions": {"min": 3, "max": 4, "recommended": 4},
  "interval_days": {"min": 28, "max": 42, "recommended": 35, "floor": 28},
  "maintenance_months": {"min": 6, "max": 12, "recommended": 12},
  "session_minutes": 30,
  "screening": {"status": "clear", "findings": []},
  "schedule": [
    {"number": 1, "date": "2027-01-04", "earliest": "2027-01-04", "latest": "2027-01-04"},
    {"number": 2, "date": "2027-02-08", "earliest": "2027-02-01", "latest": "2027-02-15"},
    {"number": 3, "date": "2027-03-15", "earliest": "2027-03-08", "latest": "2027-03-22"},
    {"number": 4, "date": "2027-04-19", "earliest": "2027-04-12", "latest": "2027-04-26"}
  ],
  "maintenance": [{"date": "2028-04-19"}],
  "warnings": []
}'
spec_keys='["aftercare","assessment","course","interval_days","maintenance","maintenance_months",
            "modality","protocol","reasons","schedule","screening","session_minutes","sessions",
            "warnings"]'

# --- JSON ------------------------------------------------------------------
run plan --laxity mild --areas face --start 2027-01-04 --format json
assert_rc "json: exit status" 0
assert_empty "json: stderr" "$ERR"
plan=$OUT
assert_eq "json: exactly one JSON document" 1 "$(jq -s length <<<"$plan" 2>/dev/null)"

for field in $(jq -r 'keys_unsorted[]' <<<"$expected_fields"); do
    assert_json_eq "json: $field as in docs/design.md#plan-json" \
        "$(jq -c --arg f "$field" '.[$f]' <<<"$expected_fields")" \
        "$(jq -c --arg f "$field" '.[$f]' <<<"$plan")"
done
assert_json_eq "json: top-level keys are exactly the contract's (docs/design.md#plan-json)" "$spec_keys" "$(jq -c 'keys' <<<"$plan")"

assert_json_eq "json: reasons[0] is the base course from [F]" \
    '{"rule": "base-course", "source": "F"}' \
    "$(jq -c '.reasons[0] | {rule, source}' <<<"$plan")"
assert_json_eq "json: each reason carries the source that states its number" \
    '[["base-course","F"],["interval","D"],["interval-floor","F"],["maintenance","D"],
      ["modality","F"],["session-length","F"]]' \
    "$(jq -c '[.reasons[] | [.rule, .source]]' <<<"$plan")"
assert_jq "json: the floor's reason says why there is one, with its source" \
    '.reasons[] | select(.rule == "interval-floor") | .effect
        | test("never less than 28 days") and test("infection and injury \\[F\\]")' "$plan"
assert_eq "json: reasons[0] says what it did" "mild laxity: 3-4 sessions" \
    "$(jq -r '.reasons[0].effect' <<<"$plan")"
assert_jq "json: every reason is {rule, source, effect}, all non-empty strings" \
    '.reasons | length > 0 and all(.[]; (keys == ["effect", "rule", "source"]) and
        ([.rule, .source, .effect] | all(type == "string" and length > 0)))' "$plan"
assert_jq "json: aftercare is a non-empty array of non-empty strings" \
    '.aftercare | type == "array" and length > 0 and all(.[]; type == "string" and length > 0)' \
    "$plan"
assert_jq "json: all day counts are integers" \
    '[.sessions[], .interval_days[], .maintenance_months[], .session_minutes,
      .schedule[].number] | all(type == "number" and . == floor)' "$plan"

# Every reason's source tag is one the protocol lists.
run protocol show
tags=$(jq -c '[.sources[].tag]' <<<"$OUT")
# shellcheck disable=SC2016 # $tags is jq's variable
assert_jq "json: every reason's source is listed by 'protocol show'" \
    '[.reasons[].source] - $tags == []' "$plan" --argjson tags "$tags"

# --- text ------------------------------------------------------------------
run plan --laxity mild --areas face --start 2027-01-04
assert_rc "text: exit status" 0
assert_empty "text: stderr" "$ERR"
for date in 2027-01-04 2027-02-08 2027-03-15 2027-04-19 2028-04-19; do
    assert_contains "text: schedule shows $date" "$date" "$OUT"
done
assert_contains "text: shows the session count" "4 sessions" "$OUT"
last_line=$(tail -n 1 <<<"$OUT")
assert_contains "text: last line is the evidence note" "not from clinical trials" "$last_line"
assert_contains "text: the evidence note leaves the decision to the practitioner" \
    "practitioner" "$last_line"
assert_eq "text: is the default format" "$OUT" \
    "$("$CLI" plan --laxity mild --areas face --start 2027-01-04 --format text)"
assert_contains "text: shows the floor" "never less than 28 days" "$OUT"

# Sources: only the ones its reasons, findings and aftercare cite, each with its kind.
sources_of() { sed -n '/^Sources$/,/^$/p' <<<"$1" | sed -n 's/^  \[\([^]]*\)\].*/\1/p' | paste -sd' '; }
assert_eq "text: lists only the sources it cites" "D F" "$(sources_of "$OUT")"
assert_contains "text: a source with its kind" \
    "[F] Fade Aesthetics, Does Microneedling Tighten Skin? (marketing)" "$OUT"
run plan --laxity none --areas face,neck --screening pregnancy,isotretinoin
assert_eq "text: the protocol's own choices and the findings' sources" \
    "D F P asds-2017 clinic-practice" "$(sources_of "$OUT")"
assert_contains "text: P says what it is" \
    "[P] This protocol's own choice, where no source states the number (clinic-practice)" "$OUT"
assert_not_contains "text: no trial that no rule uses" "El-Domyati" "$OUT"

# --- screening: blocked still answers, block first --------------------------
run plan --laxity mild --areas face --start 2027-01-04 --screening pregnancy
assert_rc "blocked text: still exit 0" 0
assert_empty "blocked text: stderr" "$ERR"
first_line=$(head -n 1 <<<"$OUT")
assert_match "blocked text: starts with the block" '^SCREENING BLOCKED' "$first_line"
block=$(sed -n '1,/^$/p' <<<"$OUT")
assert_contains "blocked text: the opening block names the finding" "pregnancy" "$block"
assert_contains "blocked text: still the evidence note at the end" "not from clinical trials" \
    "$(tail -n 1 <<<"$OUT")"
assert_contains "blocked text: says there are no dates" "none: a blocked plan has no dates" "$OUT"
for date in 2027-02-08 2027-03-15 2027-04-19 2028-04-19; do
    assert_not_contains "blocked text: no date $date" "$date" "$OUT"
done

run plan --laxity mild --areas face --start 2027-01-04 --screening pregnancy --format json
assert_rc "blocked json: still exit 0" 0
assert_json_eq "blocked json: status and finding" \
    '{"status": "blocked", "findings": [{"code": "pregnancy", "level": "blocked",
      "source": "clinic-practice"}]}' \
    "$(jq -c '.screening | {status, findings: [.findings[] | {code, level, source}]}' <<<"$OUT")"
assert_json_eq "blocked json: the course is still planned" \
    "$(jq -c '{course, sessions, interval_days}' <<<"$expected_fields")" \
    "$(jq -c '{course, sessions, interval_days}' <<<"$OUT")"
assert_json_eq "blocked json: no dates, even with a start" '{"schedule": [], "maintenance": []}' \
    "$(jq -c '{schedule, maintenance}' <<<"$OUT")"
assert_jq "blocked json: the finding has a message" \
    '.screening.findings[0].message | type == "string" and length > 0' "$OUT"
for format in ics fhir svg; do
    run plan --laxity mild --areas face --start 2027-01-04 --screening pregnancy --format "$format"
    assert_rc "blocked --format $format: refused (exit 3)" 3
    assert_empty "blocked --format $format: nothing on stdout" "$OUT"
    assert_eq "blocked --format $format: names the finding" \
        "collagenda: screening: refused: the plan's screening is blocked by pregnancy; a blocked plan has no dates to export" \
        "$ERR"
done
run plan --laxity mild --areas face --start 2027-01-04 --screening isotretinoin --format ics
assert_rc "caution --format ics: still exported" 0

run plan --laxity mild --screening pacemaker,herpes-history
assert_rc "caution text: exit 0" 0
assert_match "caution text: is not presented as blocked" '^Plan ' "$(head -n 1 <<<"$OUT")"

finish

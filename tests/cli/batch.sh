#!/usr/bin/env bash
# `plan --batch FILE|-` through the real binary (docs/records.md#command-line): JSON Lines in, one
# plan or {"line": N, "error": "..."} out per assessment line, in input order,
# each plan identical to what `plan --format json` gives for the same
# assessment typed as flags.
#
# usage: batch.sh PATH/TO/collagenda
. "$(dirname "$0")/lib.sh"
cli_init "$1"

# Assessments as command-line flags; each becomes one batch line below.
cases=(
    "--laxity mild --areas face --start 2027-01-04"
    "--laxity none --goal prevention --areas under-eyes"
    "--laxity moderate --areas face,neck --risks smoking --start 2027-03-31 --open-days mon,wed,fri"
    "--laxity severe --goal transformation --areas face,neck,chest --concerns deep-wrinkles,loose-neck-skin --start 2028-02-29"
    "--laxity mild --modality roller --start 2027-01-31 --open-days sat,sun"
    "--laxity moderate --screening pacemaker,isotretinoin --skin-type VI --start 2027-12-20 --open-days tue,thu"
    "--laxity severe --modality rf --screening pregnancy --areas arms,abdomen --start 2029-06-15"
    "--laxity none --risks diabetes,autoimmune,sun-damage --areas under-eyes --modality traditional --start 2027-01-01 --open-days mon,tue,wed,thu,fri"
    "--laxity mild --goal transformation --concerns enlarged-pores --skin-type I"
)

# to_json FLAGS...: the same assessment as a batch line, with the API's field
# names (--skin-type is skin_type) and comma lists as JSON arrays.
to_json() {
    local filter='{}'
    local -a jq_args=()
    local index=0
    while [ $# -ge 2 ]; do
        local field=${1#--}
        field=${field//-/_}
        case $field in
        areas | risks | concerns | screening | open_days)
            filter+=" | .$field = (\$v$index | split(\",\"))" ;;
        *)
            filter+=" | .$field = \$v$index" ;;
        esac
        jq_args+=(--arg "v$index" "$2")
        index=$((index + 1))
        shift 2
    done
    jq -n -c "${jq_args[@]}" "$filter"
}

# --- every case, one line each, equals the flags' plan ------------------------
: >"$WORK/cases.jsonl"
for flags in "${cases[@]}"; do
    # shellcheck disable=SC2086 # the flags are meant to split into words
    to_json $flags >>"$WORK/cases.jsonl"
done

run plan --batch "$WORK/cases.jsonl"
assert_rc "file: exit status" 0
assert_empty "file: stderr" "$ERR"
assert_eq "file: one output line per input line" "${#cases[@]}" "$(wc -l <"$WORK/out")"
cp "$WORK/out" "$WORK/cases.out"

number=0
for flags in "${cases[@]}"; do
    number=$((number + 1))
    line=$(sed -n "${number}p" "$WORK/cases.out")
    if ! jq -e . >/dev/null 2>&1 <<<"$line"; then
        fail "line $number parses as JSON" "${line:0:300}"
        continue
    fi
    pass
    # shellcheck disable=SC2086
    expected=$("$CLI" plan $flags --format json)
    assert_json_eq "line $number equals 'plan $flags --format json'" "$expected" "$line"
done

run plan --batch - <"$WORK/cases.jsonl"
assert_rc "stdin: exit status" 0
assert_eq "stdin: the same lines as from the file" "$(cat "$WORK/cases.out")" "$OUT"

# Output lines are compact: exactly one line per plan, whatever its size.
assert_true "every output line is one compact JSON value" \
    jq -e -s "length == ${#cases[@]}" "$WORK/cases.out"

# --- blank lines, CRLF, no final newline, line numbers ------------------------
{
    printf '\n'                                         # 1: blank
    printf '%s\n' '{"laxity": "mild", "start": "2027-01-04"}' # 2
    printf '\n\n'                                       # 3, 4: blank
    printf '%s\n' '{"laxity": "loose"}'                 # 5: bad value
    printf '%s\r\n' '{"laxity": "severe"}'              # 6: CRLF line end
    printf '%s\n' '{"laxity": "mild", "laxity": "none"}' # 7: duplicate key
    printf '%s\n' '{"laxity": "mild", "colour": "red"}' # 8: unknown field
    printf '\r\n'                                       # 9: blank (CRLF)
    printf '%s\n' '{"laxity": "mild", "start": "2027-02-30"}' # 10: impossible date
    printf '%s\n' '{"laxity": "mild", "areas": "face"}' # 11: list field given a string
    printf '%s\n' '["mild"]'                            # 12: not an object
    printf '%s\n' '{"laxity": "mild"'                   # 13: broken JSON
    printf '%s\n' '{"laxity": "mild", "open_days": ["mon", "someday"]}' # 14: unknown day
    printf '%s\n' '{"areas": ["face"]}'                 # 15: laxity missing
    printf '%s' '{"laxity": "none", "start": "2027-01-04"}' # 16: no final newline
} >"$WORK/mixed.jsonl"

run plan --batch "$WORK/mixed.jsonl"
assert_rc "mixed: a bad line makes the exit status 2" 2
assert_empty "mixed: nothing on stderr (errors are in the output lines)" "$ERR"
assert_eq "mixed: blank lines give no output" 12 "$(wc -l <"$WORK/out")"
if jq -e . "$WORK/out" >/dev/null 2>&1; then pass; else fail "mixed: every output line is JSON" "$OUT"; fi
assert_eq "mixed: errors carry 1-based input line numbers, plans keep input order" \
    "plan 2|error 5|plan 6|error 7|error 8|error 10|error 11|error 12|error 13|error 14|error 15|plan 16" \
    "$(jq -r 'if has("line") then "error \(.line)" else "plan \(.assessment.laxity | if . == "mild" then 2 elif . == "severe" then 6 else 16 end)" end' "$WORK/out" | paste -sd '|')"

# error_for LINE: the error text reported for an input line.
error_for() {
    jq -r --argjson n "$1" 'select(.line == $n) | .error' "$WORK/out"
}
assert_jq "mixed: error objects are exactly {line, error}" \
    'all(.[] | select(has("line")); keys == ["error", "line"])' "$(cat "$WORK/out")" -s
assert_contains "mixed: a bad value names the field" "laxity" "$(error_for 5)"
assert_contains "mixed: a bad value names the word" "loose" "$(error_for 5)"
assert_contains "mixed: a duplicate key is an error" "duplicate" "$(error_for 7)"
assert_contains "mixed: an unknown field is named" "colour" "$(error_for 8)"
assert_contains "mixed: an unknown field error lists the allowed fields" "open_days" "$(error_for 8)"
assert_contains "mixed: an impossible date names start" "start" "$(error_for 10)"
assert_contains "mixed: a string for a list names the field" "areas" "$(error_for 11)"
assert_contains "mixed: a non-object line says it must be an object" "object" "$(error_for 12)"
assert_contains "mixed: broken JSON says so" "JSON" "$(error_for 13)"
assert_contains "mixed: an unknown day names the word" "someday" "$(error_for 14)"
assert_contains "mixed: a missing laxity is named" "laxity" "$(error_for 15)"
assert_json_eq "mixed: the CRLF line is planned like any other" \
    "$("$CLI" plan --laxity severe --format json)" "$(sed -n 3p "$WORK/out")"
assert_json_eq "mixed: the last line without a newline is planned" \
    "$("$CLI" plan --laxity none --start 2027-01-04 --format json)" "$(sed -n 12p "$WORK/out")"

run plan --batch - <"$WORK/mixed.jsonl"
assert_rc "mixed from stdin: exit status" 2
assert_eq "mixed from stdin: the same output as from the file" 12 "$(wc -l <"$WORK/out")"

# --- edge inputs --------------------------------------------------------------
run plan --batch - </dev/null
assert_rc "empty input: exit 0" 0
assert_empty "empty input: no output" "$OUT"

printf '\n\n  \n\t\n' >"$WORK/blank.jsonl"
run plan --batch "$WORK/blank.jsonl"
assert_rc "only blank and whitespace lines: exit 0" 0
assert_empty "only blank and whitespace lines: no output" "$OUT"

run plan --batch "$WORK/cases.jsonl" --protocol "$WORK/absent.json"
assert_rc "batch with a missing --protocol: exit 1" 1
assert_empty "batch with a missing --protocol: stdout" "$OUT"

# Input that ends exactly as a round of blocks fills every worker (one block of
# 256 KiB per core, the last one short): the next round finds nothing to read.
# Lines are padded with JSON whitespace to keep the output small.
workers=$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)
[ "$workers" -gt 8 ] && workers=8
[ "$workers" -lt 1 ] && workers=1
padded=$(printf '{"laxity": "mild"%*s}' 180 '')
round_lines=$((((workers - 1) * 262144 + 131072) / (${#padded} + 1)))
for ((i = 0; i < round_lines; i++)); do printf '%s\n' "$padded"; done >"$WORK/round.jsonl"
run plan --batch "$WORK/round.jsonl"
assert_rc "input ending on a round boundary: exit 0" 0
assert_eq "input ending on a round boundary: every line planned" "$round_lines" \
    "$(jq -s 'map(select(.sessions.recommended == 4)) | length' "$WORK/out")"

# A line longer than a whole block (600 KiB of JSON whitespace) between short ones.
{
    printf '%s\n' '{"laxity": "none"}'
    printf '{"laxity": "severe"%*s}\n' 614400 ''
    printf '%s\n' '{"laxity": "moderate"}'
} >"$WORK/long-line.jsonl"
run plan --batch "$WORK/long-line.jsonl"
assert_rc "a line longer than a block: exit 0" 0
assert_eq "a line longer than a block: planned in order with its neighbours" \
    "none severe moderate" "$(jq -r .assessment.laxity "$WORK/out" | paste -sd ' ')"

# --- many lines: blocks planned in parallel still come out in input order -------
# Every line starts on a different day (2027-01-04 + i days); every 997th is bad.
total=15000
jq -n -r --argjson total "$total" '
    range(0; $total) as $i
    | if ($i + 1) % 997 == 0 then "{\"laxity\": \"bad-\($i + 1)\"}"
      else {laxity: (["none", "mild", "moderate", "severe"][$i % 4]),
            start: (1799020800 + $i * 86400 | strftime("%Y-%m-%d"))} | tojson end' \
    >"$WORK/many.jsonl"
jq -r 'if (.laxity | startswith("bad-")) then "error \(.laxity[4:])" else .start end' \
    "$WORK/many.jsonl" >"$WORK/many.expected"
run plan --batch "$WORK/many.jsonl"
assert_rc "many lines: exit 2 (some are bad)" 2
assert_eq "many lines: one output per input line" "$total" "$(wc -l <"$WORK/out")"
jq -r 'if has("line") then "error \(.line)" else .schedule[0].date end' "$WORK/out" \
    >"$WORK/many.actual" 2>&1
if cmp -s "$WORK/many.expected" "$WORK/many.actual"; then
    pass
else
    fail "many lines: outputs in input order, errors numbered by input line" \
        "$(diff "$WORK/many.expected" "$WORK/many.actual" | head -n 5)"
fi

finish

#!/usr/bin/env bash
# Bad input, through the real binary. docs/records.md#command-line: invalid input exits 2, leaves
# stdout empty, and says on stderr "collagenda: what: why" naming the field or
# flag; a file that cannot be read is an operational failure (exit 1).
#
# usage: bad_input.sh PATH/TO/collagenda
. "$(dirname "$0")/lib.sh"
cli_init "$1"

# rejects NAME EXIT NEEDLE ARGS...: the run exits EXIT, prints nothing on
# stdout, and every stderr line is "collagenda: ..." with at least one
# mentioning NEEDLE (the field, flag or file at fault).
rejects() {
    local name=$1 status=$2 needle=$3
    shift 3
    run "$@"
    assert_rc "$name: exit status" "$status"
    assert_empty "$name: stdout" "$OUT"
    if [ -z "$ERR" ]; then
        fail "$name: stderr" "expected a 'collagenda: ' line, got nothing"
        return
    fi
    local line ok=1
    while IFS= read -r line; do
        [[ $line == "collagenda: "* ]] || ok=0
    done <<<"$ERR"
    if [ "$ok" -eq 1 ]; then pass; else fail "$name: every stderr line starts 'collagenda: '" "$ERR"; fi
    if [[ $ERR == *"collagenda: collagenda:"* ]]; then
        fail "$name: the 'collagenda: ' prefix is not doubled" "$ERR"
    else
        pass
    fi
    assert_contains "$name: stderr names $needle" "$needle" "$ERR"
}

# invalid NAME NEEDLE ARGS...: a usage or input error (exit 2).
invalid() {
    local name=$1 needle=$2
    shift 2
    rejects "$name" 2 "$needle" "$@"
}

s=2027-01-04

# --- assessment values -----------------------------------------------------
invalid "unknown laxity" "--laxity" plan --laxity loose
invalid "unknown laxity lists the allowed values" "none, mild, moderate, severe" plan --laxity loose
invalid "missing --laxity" "--laxity" plan --areas face --start $s
invalid "unknown goal" "--goal" plan --laxity mild --goal glow
invalid "unknown area" "--areas" plan --laxity mild --areas face,nose
invalid "unknown area names the word" "'nose'" plan --laxity mild --areas face,nose
invalid "empty --areas" "--areas" plan --laxity mild --areas ""
invalid "duplicate area" "--areas" plan --laxity mild --areas face,neck,face
invalid "duplicate area says twice" "twice" plan --laxity mild --areas face,neck,face
invalid "empty item in --areas" "--areas" plan --laxity mild --areas face,,neck
invalid "unknown risk" "--risks" plan --laxity mild --risks sunbathing
invalid "duplicate risk" "--risks" plan --laxity mild --risks smoking,smoking
invalid "unknown concern" "--concerns" plan --laxity mild --concerns freckles
invalid "unknown modality" "--modality" plan --laxity mild --modality laser
invalid "two modalities" "--modality" plan --laxity mild --modality rf,roller
invalid "unknown screening code" "--screening" plan --laxity mild --screening flu
invalid "skin type VII" "--skin-type" plan --laxity mild --skin-type VII
invalid "skin type as a number" "--skin-type" plan --laxity mild --skin-type 5
invalid "uppercase laxity" "--laxity" plan --laxity MILD

# --- dates and days --------------------------------------------------------
invalid "impossible date 2027-02-30" "--start" plan --laxity mild --start 2027-02-30
invalid "2027 is not a leap year" "--start" plan --laxity mild --start 2027-02-29
invalid "month 13" "--start" plan --laxity mild --start 2027-13-01
invalid "malformed date 2027-1-4" "--start" plan --laxity mild --start 2027-1-4
invalid "date with a time" "--start" plan --laxity mild --start 2027-01-04T10:00
invalid "date with trailing text" "--start" plan --laxity mild --start "2027-01-04 "
invalid "unknown open day" "--open-days" plan --laxity mild --start $s --open-days mon,funday
invalid "empty --open-days" "--open-days" plan --laxity mild --start $s --open-days ""
invalid "duplicate open day" "--open-days" plan --laxity mild --start $s --open-days mon,mon

# --- flags and commands ----------------------------------------------------
invalid "unknown flag --foo" "--foo" plan --laxity mild --foo
invalid "single-dash flag" "-x" plan --laxity mild -x
invalid "flag missing its value" "--laxity" plan --laxity
invalid "--start missing its value" "--start" plan --laxity mild --start
invalid "flag given twice" "--laxity" plan --laxity mild --laxity moderate
invalid "flag given twice, --areas" "--areas" plan --laxity mild --areas face --areas neck
invalid "--format xml" "--format" plan --laxity mild --format xml
invalid "--format xml names the allowed ones" "json" plan --laxity mild --format xml
invalid "stray argument to plan" "extra" plan --laxity mild extra
invalid "--format ics without --start" "--start" plan --laxity mild --format ics
invalid "--format svg without --start" "--start" plan --laxity mild --format svg
invalid "protocol show --format xml" "--format" protocol show --format xml
invalid "unknown command" "frobnicate" frobnicate
invalid "unknown option before the command" "--foo" --foo plan --laxity mild
invalid "protocol without a subcommand" "protocol" protocol
invalid "protocol with an unknown subcommand" "protocol" protocol print
invalid "protocol check without a file" "protocol check" protocol check
invalid "--batch combined with --laxity" "--batch" plan --batch - --laxity mild </dev/null
invalid "--batch with --format text" "--batch" plan --batch - --format text </dev/null

# Records commands: the same contract (the database lives in the scratch directory).
db=(--db "$WORK/records.db")
invalid "client with an unknown subcommand" "client" "${db[@]}" client frob
invalid "client add without --name" "--name" "${db[@]}" client add
invalid "course show of a non-number" "abc" "${db[@]}" course show abc
invalid "session record without --course" "--course" "${db[@]}" session record --date $s
invalid "due --within not a number" "--within" "${db[@]}" due --within x
invalid "due --on an impossible date" "--on" "${db[@]}" due --on 2027-02-30
invalid "export of an unknown kind" "export" "${db[@]}" export widgets
invalid "backup without a FILE" "backup" "${db[@]}" backup
invalid "--db without its value" "--db" --db

# No command at all: usage on stderr, exit 2, nothing on stdout.
run
assert_rc "no command: exit status" 2
assert_empty "no command: stdout" "$OUT"
assert_contains "no command: usage on stderr" "usage: collagenda" "$ERR"

# --- protocol files ---------------------------------------------------------
printf '{"format": "collagenda-protocol/1", "name": ' >"$WORK/broken.json"
run protocol show
printf '%s\n' "$OUT" >"$WORK/default.json"
jq '.base_course[1].sessions.max = 0' "$WORK/default.json" >"$WORK/bad-number.json"
jq '.base_course[1].sessions.max = "four"' "$WORK/default.json" >"$WORK/bad-type.json"
jq '.interval_floor.standard.days = 3' "$WORK/default.json" >"$WORK/low-floor.json"
jq '.interval_floor.standard.days = 43' "$WORK/default.json" >"$WORK/high-floor.json"
jq '.interval_floor.intensive.days = 29' "$WORK/default.json" >"$WORK/high-intensive-floor.json"
jq '.title = "two\nlines"' "$WORK/default.json" >"$WORK/control-title.json"
jq '.screening[3].message = "bell\u0007"' "$WORK/default.json" >"$WORK/control-message.json"
jq '.name = ("n" * 201)' "$WORK/default.json" >"$WORK/long-name.json"
jq '.modality.roller_warning.code = "Roller_Less"' "$WORK/default.json" >"$WORK/bad-code.json"
jq 'del(.name)' "$WORK/default.json" >"$WORK/no-name.json"

invalid "--protocol with broken JSON" "broken.json" plan --laxity mild --protocol "$WORK/broken.json"
invalid "--protocol with broken JSON says JSON" "JSON" plan --laxity mild --protocol "$WORK/broken.json"
invalid "--protocol with a bad number names the field path" "sessions.max" \
    plan --laxity mild --protocol "$WORK/bad-number.json"
invalid "--protocol with a bad number names the whole path" "base_course[1].sessions.max" \
    plan --laxity mild --protocol "$WORK/bad-number.json"
invalid "--protocol with a string for a number" "sessions.max" \
    plan --laxity mild --protocol "$WORK/bad-type.json"
invalid "--protocol with a floor below 7 days" "interval_floor.standard.days" \
    plan --laxity mild --protocol "$WORK/low-floor.json"
invalid "protocol check: a floor above its interval's max" \
    "interval_floor.standard.days: 43 is above the standard interval's max" \
    protocol check "$WORK/high-floor.json"
invalid "protocol check: an intensive floor above its interval's max" \
    "interval_floor.intensive.days: 29 is above the intensive interval's max" \
    protocol check "$WORK/high-intensive-floor.json"
invalid "protocol check: a control character in the title" \
    "title: must not contain control characters (found U+000A)" \
    protocol check "$WORK/control-title.json"
invalid "protocol check: a control character in a message" \
    "screening[3].message: must not contain control characters" \
    protocol check "$WORK/control-message.json"
invalid "protocol check: a name over 200 bytes" "name: is 201 bytes long" \
    protocol check "$WORK/long-name.json"
invalid "protocol check: a warning code that is not lowercase-hyphen words" \
    "modality.roller_warning.code: 'Roller_Less' is not a code" \
    protocol check "$WORK/bad-code.json"
invalid "--protocol without a name" "name" plan --laxity mild --protocol "$WORK/no-name.json"
invalid "protocol check of broken JSON" "broken.json" protocol check "$WORK/broken.json"
invalid "protocol check of a bad number" "sessions.max" protocol check "$WORK/bad-number.json"
invalid "protocol show --protocol of a bad file" "sessions.max" \
    protocol show --protocol "$WORK/bad-number.json"

# A file that is not there is an operational failure, not bad input.
rejects "missing --protocol file" 1 "$WORK/absent.json" \
    plan --laxity mild --protocol "$WORK/absent.json"
rejects "protocol check of a missing file" 1 "$WORK/absent.json" protocol check "$WORK/absent.json"
rejects "missing --batch file" 1 "$WORK/absent.jsonl" plan --batch "$WORK/absent.jsonl"

# --- a broken --batch line ------------------------------------------------
# Good lines are still planned; the bad one becomes {"line": N, "error": ...}.
printf '%s\n' '{"laxity": "mild", "start": "2027-01-04"}' \
    '{"laxity": "loose"}' \
    '{"laxity": "severe", "areas": ["face", "neck"]}' >"$WORK/batch.jsonl"
run plan --batch "$WORK/batch.jsonl"
assert_rc "batch with a bad line: exit status" 2
assert_eq "batch with a bad line: one output line per input line" 3 "$(wc -l <"$WORK/out")"
assert_true "batch with a bad line: every output line is JSON" jq -e . "$WORK/out"
assert_jq "batch with a bad line: line 2 is the error, naming laxity" \
    '.line == 2 and (.error | contains("laxity")) and (keys == ["error", "line"])' \
    "$(sed -n 2p "$WORK/out")"
assert_jq "batch with a bad line: line 1 is still planned" \
    '.sessions.recommended == 4 and (.schedule | length) == 4' "$(sed -n 1p "$WORK/out")"
assert_jq "batch with a bad line: line 3 is still planned" \
    '.assessment.laxity == "severe" and .course == "standard"' "$(sed -n 3p "$WORK/out")"

finish

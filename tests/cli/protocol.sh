#!/usr/bin/env bash
# The protocol is data (docs/protocol.md#rules): `protocol show` prints the compiled-in
# default exactly as protocols/default.json says it, every number's source is
# listed with its kind, and a clinic's edited copy changes the plan without
# touching C. Also: --help for every command, and --version.
#
# usage: protocol.sh PATH/TO/collagenda SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_init "$1"
default_json=$2/protocols/default.json
if [ ! -r "$default_json" ]; then
    echo "error: cannot read $default_json" >&2
    exit 2
fi

# --- protocol show -----------------------------------------------------------
run protocol show
assert_rc "show: exit status" 0
assert_empty "show: stderr" "$ERR"
shown=$OUT
assert_eq "show: one JSON document" 1 "$(jq -s length <<<"$shown" 2>/dev/null)"
assert_json_eq "show: equals protocols/default.json" "$(cat "$default_json")" "$shown"

assert_jq "show: every source has a tag, a title and a known kind" \
    '.sources | length > 0 and all(.[]; (.tag | type == "string" and length > 0)
        and (.title | type == "string" and length > 0)
        and (.kind | IN("marketing", "study", "review", "consensus", "clinic-practice")))' \
    "$shown"
assert_jq "show: source tags are unique" '[.sources[].tag] | length == (unique | length)' "$shown"
# Every "source" member anywhere in the document (rules, warnings, aftercare,
# screening) must be one of the listed tags.
unlisted=$(jq -c '[.sources[].tag] as $tags
    | [.. | objects | select(has("source")) | .source] | unique - $tags' <<<"$shown")
assert_eq "show: every source tag used is listed under sources" "[]" "$unlisted"
assert_jq "show: the seed sources D and F (docs/protocol.md#sources) are there" \
    '[.sources[].tag] | contains(["D", "F"])' "$shown"
assert_jq "show: every screening finding has a source" \
    'all(.screening[]; (.source | type == "string"))' "$shown"
assert_jq "show: names itself as the plan does" \
    '.name == "collagenda-default" and .version == "2"' "$shown"
assert_eq "show: protocol version 2" '"2"' "$(jq .version <<<"$shown")"
assert_jq "show: P, the protocol's own choice, is a clinic-practice source" \
    '.sources[] | select(.tag == "P") | .kind == "clinic-practice"' "$shown"
assert_jq "show: each course kind has its floor, and why" \
    '.interval_floor.standard.days == 28 and .interval_floor.intensive.days == 21
     and (.interval_floor.why.says | test("infection"))' "$shown"
# Every number no seed states rests on P (docs/protocol.md#rules).
assert_json_eq "show: the numbers no seed states are tagged P" \
    '["P", "P", "P", "P", "P"]' \
    "$(jq -c '[(.base_course[] | select(.laxity == "none") | .source), .small_area.source,
               .difficulty.source, .maintenance.sooner.source,
               .session_minutes.each_further_area_source]' <<<"$shown")"
assert_jq "show: carries the evidence note" '.evidence_note | test("not from clinical trials")' \
    "$shown"

# --- protocol check ------------------------------------------------------------
run protocol check "$default_json"
assert_rc "check default.json: exit 0" 0
assert_empty "check default.json: stderr" "$ERR"
assert_contains "check default.json: says ok" "ok" "$OUT"

printf '%s\n' "$shown" >"$WORK/shown.json"
run protocol check "$WORK/shown.json"
assert_rc "check of what 'show' printed: exit 0" 0

# --- a clinic's own protocol changes the plan, no C involved ------------------------
jq '(.base_course[] | select(.laxity == "mild") | .sessions) = {"min": 2, "max": 3}' \
    "$default_json" >"$WORK/mild-2-3.json"
run protocol check "$WORK/mild-2-3.json"
assert_rc "edited copy: passes check" 0

run plan --laxity mild --areas face --start 2027-01-04 --format json
default_plan=$OUT
run plan --laxity mild --areas face --start 2027-01-04 --format json --protocol "$WORK/mild-2-3.json"
assert_rc "edited copy: plan exit 0" 0
edited_plan=$OUT
assert_json_eq "edited copy: mild laxity now 2-3 sessions" \
    '{"min": 2, "max": 3, "recommended": 3}' "$(jq -c .sessions <<<"$edited_plan")"
assert_eq "edited copy: one session fewer in the schedule" 3 \
    "$(jq '.schedule | length' <<<"$edited_plan")"
assert_eq "edited copy: the reason shows the new range" "mild laxity: 2-3 sessions" \
    "$(jq -r '.reasons[] | select(.rule == "base-course") | .effect' <<<"$edited_plan")"
assert_json_eq "edited copy: nothing else about the course changed" \
    "$(jq -c '{interval_days, maintenance_months, modality, course, session_minutes}' <<<"$default_plan")" \
    "$(jq -c '{interval_days, maintenance_months, modality, course, session_minutes}' <<<"$edited_plan")"

run protocol show --protocol "$WORK/mild-2-3.json"
assert_json_eq "edited copy: 'protocol show --protocol' prints it" "$(cat "$WORK/mild-2-3.json")" "$OUT"

# A renamed protocol is named in every plan made with it.
jq '.name = "clinic-north" | .version = "7"' "$default_json" >"$WORK/renamed.json"
run plan --laxity mild --format json --protocol "$WORK/renamed.json"
assert_json_eq "renamed copy: the plan records its name and version" \
    '{"name": "clinic-north", "version": "7"}' "$(jq -c .protocol <<<"$OUT")"

# A clinic's 14-day floor (allowed: never below 7) shows in the plan.
jq '.interval_floor.intensive.days = 14 | .intensive.interval_days = {"min": 14, "max": 21}' \
    "$default_json" >"$WORK/floor-14.json"
run plan --laxity severe --risks smoking,diabetes --format json --protocol "$WORK/floor-14.json"
assert_rc "14-day floor: plan exit 0" 0
assert_jq "14-day floor: the intensive interval may go down to 14" \
    '.course == "intensive" and .interval_days.min == 14 and .interval_days.floor == 14' "$OUT"
run plan --laxity severe --format json --protocol "$WORK/floor-14.json"
assert_jq "14-day floor: the standard course keeps its own floor" \
    '.course == "standard" and .interval_days.floor == 28' "$OUT"

# Protocol version 1 (format 1), as every course started before version 2 stored it, still loads.
version_1=$2/tests/data/protocol-version-1.json
run protocol check "$version_1"
assert_rc "version 1: passes check" 0
run plan --laxity mild --risks smoking,diabetes --format json --protocol "$version_1"
assert_jq "version 1: plans as version 1 did" \
    '.protocol.version == "1" and .interval_days == {"min": 21, "max": 28, "recommended": 21,
     "floor": 21} and .maintenance_months.recommended == 6' "$OUT"

# --- --help and --version ----------------------------------------------------
run --help
assert_rc "collagenda --help: exit 0" 0
assert_empty "collagenda --help: stderr" "$ERR"
assert_match "collagenda --help: prints usage" '^usage: collagenda' "$OUT"
top_help=$OUT

# Every command the top-level help lists answers COMMAND --help.
commands=$(sed -n '/^Commands:/,/^$/p' <<<"$top_help" | awk 'NF >= 2 && /^  / {print $1}')
for command in plan protocol; do
    assert_contains "collagenda --help lists $command" $'\n'"  $command " "$top_help"
done
for command in $commands; do
    run "$command" --help
    assert_rc "$command --help: exit 0" 0
    assert_empty "$command --help: stderr" "$ERR"
    # Global options may come first: "usage: collagenda [--db PATH] user add ...".
    assert_match "$command --help: prints usage" "^usage: collagenda( \[[^]]*\])* $command( |$)" "$OUT"
done

run --version
assert_rc "--version: exit 0" 0
assert_match "--version: prints a version" '^collagenda [0-9]+\.[0-9]+\.[0-9]+' "$OUT"

finish

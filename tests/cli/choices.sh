#!/usr/bin/env bash
# The choices made where the product contract is silent (README, "Choices where the spec is
# silent"; collagenda(1), NOTES), and the
# calendar rules of docs/design.md#plan-json, pinned through the real binary so that the manual
# and the program cannot drift apart.
#
# usage: choices.sh PATH/TO/collagenda
. "$(dirname "$0")/lib.sh"
cli_init "$1"

# plan_json ARGS...: `plan ARGS --format json`, checked to succeed, into PLAN.
plan_json() {
    run plan "$@" --format json
    if [ "$RC" -ne 0 ]; then
        fail "plan $* succeeds" "exit $RC: $ERR"
    fi
    PLAN=$OUT
}

# --- optional assessment fields are echoed only when given ------------------------
plan_json --laxity mild
assert_jq "assessment: no screening or skin_type when not given" \
    '.assessment | has("screening") or has("skin_type") | not' "$PLAN"
plan_json --laxity mild --screening isotretinoin,herpes-history --skin-type II
assert_json_eq "assessment: screening and skin_type echoed when given" \
    '{"screening": ["isotretinoin", "herpes-history"], "skin_type": "II"}' \
    "$(jq -c '.assessment | {screening, skin_type}' <<<"$PLAN")"
assert_eq "screening: two caution findings make status caution" "caution" \
    "$(jq -r .screening.status <<<"$PLAN")"
plan_json --laxity mild --skin-type VI
assert_json_eq "screening: skin type VI is a caution finding" \
    '{"status": "caution", "codes": ["skin-type"]}' \
    "$(jq -c '.screening | {status, codes: [.findings[].code]}' <<<"$PLAN")"
plan_json --laxity mild --skin-type IV
assert_eq "screening: skin type IV is clear" "clear" "$(jq -r .screening.status <<<"$PLAN")"

# --- a pacemaker with modality auto: traditional, not RF ------------------------
plan_json --laxity moderate --screening pacemaker
assert_json_eq "pacemaker + auto: traditional, finding stays caution" \
    '{"modality": "traditional", "status": "caution", "level": "caution"}' \
    "$(jq -c '{modality, status: .screening.status, level: .screening.findings[0].level}' <<<"$PLAN")"
assert_jq "pacemaker + auto: the modality reason says why" \
    '[.reasons[] | select(.rule == "modality") | .effect | test("device|pacemaker")] == [true]' \
    "$PLAN"
plan_json --laxity moderate
assert_eq "moderate laxity without a pacemaker: RF" "rf" "$(jq -r .modality <<<"$PLAN")"
plan_json --laxity moderate --screening pacemaker --modality rf
assert_json_eq "pacemaker + asked-for RF: blocked" '{"modality": "rf", "status": "blocked"}' \
    "$(jq -c '{modality, status: .screening.status}' <<<"$PLAN")"
plan_json --laxity mild --modality roller
assert_jq "roller: always warns roller-less-effective" \
    '[.warnings[].code] == ["roller-less-effective"]' "$PLAN"
plan_json --laxity severe --modality roller
assert_jq "roller for severe laxity: the stronger warning too" \
    '[.warnings[].code] | contains(["roller-less-effective", "roller-insufficient-for-laxity"])' \
    "$PLAN"

# --- a closed start day moves session 1; the maintenance date is not moved ---------------
# 2027-01-04 is a Monday.
plan_json --laxity mild --start 2027-01-04 --open-days tue,thu
assert_json_eq "closed start day: session 1 on the next open day, no window" \
    '{"number": 1, "date": "2027-01-05", "earliest": "2027-01-05", "latest": "2027-01-05"}' \
    "$(jq -c '.schedule[0]' <<<"$PLAN")"
assert_jq "closed start day: warning start-moved-to-open-day" \
    '[.warnings[].code] == ["start-moved-to-open-day"]' "$PLAN"
plan_json --laxity mild --start 2027-01-04 --open-days mon
assert_json_eq "open start day: no warning" '[]' "$(jq -c .warnings <<<"$PLAN")"
assert_eq "maintenance on a closed day (a Wednesday) is not moved" "2028-04-19" \
    "$(jq -r '.maintenance[0].date' <<<"$PLAN")"
plan_json --laxity mild --start 2027-01-04 --open-days mon,tue,wed,thu,fri,sat,sun
assert_json_eq "every day open: the same schedule as no open days" \
    "$("$CLI" plan --laxity mild --start 2027-01-04 --format json | jq -c .schedule)" \
    "$(jq -c .schedule <<<"$PLAN")"

# --- session dates on closed days, with a clinic's narrow window ---------------------
# Interval 30-33 days: the recommended 31 (the midpoint, rounded down to a
# whole day) is not whole weeks, so dates drift across weekdays. Open Monday
# and Tuesday only.
run protocol show
jq '.interval_days.min = 30 | .interval_days.max = 33' <<<"$OUT" >"$WORK/narrow.json"
plan_json --laxity mild --start 2027-01-04 --open-days mon,tue --protocol "$WORK/narrow.json"
# Session 2: 2027-02-04 (Thu), window Wed..Sat: no open day, stays.
# Session 3: 2027-03-07 (Sun), window Sat..Tue 03-09: moves to Monday.
assert_json_eq "narrow window: dates move to the next open day inside the window" \
    '["2027-01-04", "2027-02-04", "2027-03-08", "2027-04-08"]' \
    "$(jq -c '[.schedule[].date]' <<<"$PLAN")"
assert_json_eq "narrow window: the next window counts from the moved date" \
    '{"earliest": "2027-04-07", "latest": "2027-04-10"}' \
    "$(jq -c '.schedule[3] | {earliest, latest}' <<<"$PLAN")"
assert_jq "narrow window: no open day in a window is a warning, given once" \
    '[.warnings[].code] == ["no-open-day-in-window"]' "$PLAN"
assert_eq "narrow window: recommended is the midpoint rounded down to a whole day" 31 \
    "$(jq .interval_days.recommended <<<"$PLAN")"

# --- maintenance: same day of month, clamped to the month's end ---------------------
# A clinic's 9-month usual maintenance; moderate laxity: 5 sessions 35 days
# apart, the last on May 31.
run protocol show
jq '.maintenance.usual.months = 9' <<<"$OUT" >"$WORK/nine-months.json"
plan_json --laxity moderate --start 2027-01-11 --protocol "$WORK/nine-months.json"
assert_eq "last session on May 31" "2027-05-31" "$(jq -r '.schedule[-1].date' <<<"$PLAN")"
assert_eq "May 31 + 9 months = Feb 29 in a leap year" "2028-02-29" \
    "$(jq -r '.maintenance[0].date' <<<"$PLAN")"
plan_json --laxity moderate --start 2026-01-11 --protocol "$WORK/nine-months.json"
assert_eq "May 31 + 9 months = Feb 28 otherwise" "2027-02-28" \
    "$(jq -r '.maintenance[0].date' <<<"$PLAN")"
# The default: moderate laxity comes back yearly.
plan_json --laxity moderate --start 2027-01-11
assert_eq "moderate laxity: May 31 + 12 months" "2028-05-31" \
    "$(jq -r '.maintenance[0].date' <<<"$PLAN")"

# --- each course kind's floor holds in every window ---------------------------------
for case in "28:--laxity mild" "21:--laxity severe --risks smoking,diabetes" \
    "28:--laxity none --areas under-eyes --open-days sat" \
    "28:--laxity moderate --goal transformation" "28:--laxity none --areas arms,abdomen"; do
    floor=${case%%:*} flags=${case#*:}
    # shellcheck disable=SC2086
    plan_json $flags --start 2027-01-04
    assert_eq "floor: the plan shows its course kind's floor ($flags)" "$floor" \
        "$(jq .interval_days.floor <<<"$PLAN")"
    # shellcheck disable=SC2016 # $s is jq's variable
    assert_jq "floor: no window opens less than $floor days after the previous date ($flags)" \
        '[.schedule as $s | range(1; $s | length)
          | (($s[.].earliest | strptime("%Y-%m-%d") | mktime)
             - ($s[. - 1].date | strptime("%Y-%m-%d") | mktime)) / 86400]
         | all(. >= $floor)' "$PLAN" --argjson floor "$floor"
done

finish

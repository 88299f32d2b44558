#!/usr/bin/env bash
# Prints every plan of the planner benchmark's mix (bench_plan.c) in every
# format, by two collagenda binaries, and fails on the first byte that
# differs: the check that a refactoring changed no output.
#   bench/compare_plans.sh OLD_BINARY NEW_BINARY
# Exports read the clock; SOURCE_DATE_EPOCH pins it for both runs.
set -euo pipefail
old=$1
new=$2
export SOURCE_DATE_EPOCH=1798761600 # 2027-01-01T00:00:00Z

mix=(
  "--laxity mild --areas face --start 2027-01-04"
  "--laxity none --goal prevention --areas under-eyes"
  "--laxity moderate --areas face,neck --start 2027-03-31 --open-days mon,tue,wed,thu,fri"
  "--laxity severe --risks smoking,sun-damage --concerns deep-wrinkles --start 2028-02-29"
  "--laxity mild --goal transformation --modality roller"
  "--laxity moderate --screening pacemaker,herpes-history --skin-type V --start 2027-12-31 --open-days sat"
  "--laxity severe --areas face,neck,chest,arms,abdomen --start 2027-06-15"
  "--laxity none --areas face,neck"
)
compared=0
for flags in "${mix[@]}"; do
  for format in text json ics fhir svg; do
    # shellcheck disable=SC2086 # the flags are words on purpose
    old_out=$("$old" plan $flags --format "$format" 2>&1; echo "exit $?")
    # shellcheck disable=SC2086
    new_out=$("$new" plan $flags --format "$format" 2>&1; echo "exit $?")
    if [ "$old_out" != "$new_out" ]; then
      echo "differs: plan $flags --format $format" >&2
      diff <(printf '%s\n' "$old_out") <(printf '%s\n' "$new_out") | head -20 >&2
      exit 1
    fi
    compared=$((compared + 1))
  done
done
echo "compare_plans: $compared outputs (${#mix[@]} plans x 5 formats) are byte-identical"

#!/usr/bin/env bash
# Planner benchmarks (issue: the planner). Prints a results table in Markdown.
#   bench/run.sh [BUILD_DIR] [LINES]
# 1. instructions per plan (core only, no JSON) with callgrind: deterministic;
# 2. plans per second (core only) from bench_plan;
# 3. `plan --batch` over LINES JSON Lines (default 1,000,000) beside `jq -c .`
#    re-printing the same file, both timed by hyperfine in one run.
set -euo pipefail
build=${1:-build}
lines=${2:-1000000}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cmake --build "$build" --target bench_plan collagenda_cli >/dev/null

rounds=1000
valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" \
  --toggle-collect=clg_plan_compute "$build/bench/bench_plan" "$rounds" >/dev/null 2>"$work/callgrind.log"
instructions=$(grep -oP 'Collected : \K[0-9]+' "$work/callgrind.log")
plans=$((rounds * 8))
echo "| metric | value |"
echo "| --- | --- |"
echo "| instructions per plan (core, callgrind, mix of 8) | $((instructions / plans)) |"
"$build/bench/bench_plan" 500000 | awk '{for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "plans_per_second") printf "| plans per second (core, one thread) | %d |\n", kv[2] }}'

python3 "$here/make_batch.py" "$lines" >"$work/batch.jsonl"
hyperfine --warmup 1 --runs 5 --export-json "$work/hyperfine.json" --style none \
  -n "collagenda plan --batch" "$build/collagenda plan --batch $work/batch.jsonl >/dev/null" \
  -n "jq -c ." "jq -c . $work/batch.jsonl >/dev/null" >/dev/null
python3 - "$work/hyperfine.json" "$lines" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
lines = int(sys.argv[2])
ours, jq = results["collagenda plan --batch"], results["jq -c ."]
for name, r in (("collagenda plan --batch", ours), ("jq -c . (same file)", jq)):
    print(f"| {name}, {lines:,} lines | {r['mean']:.2f} s ± {r['stddev']:.2f} ({lines / r['mean']:,.0f} lines/s) |")
print(f"| batch time / jq time | {ours['mean'] / jq['mean']:.2f} |")
PY

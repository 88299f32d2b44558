#!/usr/bin/env bash
# Runs every libFuzzer harness of fuzz/ for SECONDS each, JOBS at a time
# (`make fuzz`: 600 s; `make fuzz-smoke`, part of `make check`: 20 s).
# Each harness starts from its committed seeds (fuzz/corpus/NAME, read only)
# and keeps what it finds in BUILD/fuzz/corpus/NAME, so a later run goes on
# from there. A crash, leak, timeout or sanitizer report fails the run; the
# input that did it is left in BUILD/fuzz/crashes/ and the log in
# BUILD/fuzz/logs/. Prints one line per harness: runs, runs per second,
# coverage (cov: edges, ft: features) and corpus size.
#
# usage: fuzz/run.sh BUILD SECONDS [JOBS] [HARNESS...]
set -euo pipefail
build=$(cd "${1:?usage: fuzz/run.sh BUILD SECONDS [JOBS] [HARNESS...]}" && pwd)
seconds=${2:?seconds}
jobs=${3:-2}
shift 3 2>/dev/null || shift $#
here=$(cd "$(dirname "$0")" && pwd)
harnesses=("$@")
if ((${#harnesses[@]} == 0)); then
    harnesses=(fuzz_plan fuzz_protocol fuzz_parsers fuzz_csv_import fuzz_http_body fuzz_router)
fi
out=$build/fuzz
mkdir -p "$out/logs" "$out/crashes"

run_one() {
    local name=$1 scratch
    mkdir -p "$out/corpus/$name"
    # Scratch files of a harness (fuzz_http_body's database), removed even after a crash.
    scratch=$(mktemp -d "$( [[ -w /dev/shm ]] && echo /dev/shm || echo /tmp)/clg-fuzz-$name-XXXXXX")
    # -timeout: one input may take this long (a loaded machine included);
    # -rss_limit_mb: libFuzzer's default, said out loud.
    if CLG_FUZZ_TMP=$scratch ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        "$out/$name" -max_total_time="$seconds" -timeout=60 -rss_limit_mb=2048 \
        -dict="$here/$name.dict" -artifact_prefix="$out/crashes/$name-" \
        -print_final_stats=1 "$out/corpus/$name" "$here/corpus/$name" \
        >"$out/logs/$name.log" 2>&1; then
        echo ok >"$out/logs/$name.result"
    else
        echo "failed ($?)" >"$out/logs/$name.result"
    fi
    rm -rf "$scratch"
}

pids=()
for name in "${harnesses[@]}"; do
    [[ -x $out/$name ]] || { echo "fuzz: $out/$name is not built (make fuzz builds it)" >&2; exit 2; }
    rm -f "$out/logs/$name.result"
    while (($(jobs -rp | wc -l) >= jobs)); do wait -n || true; done
    run_one "$name" &
    pids+=($!)
done
wait "${pids[@]}" || true

failed=0
printf '%-16s %12s %8s %7s %7s %7s  %s\n' harness runs exec/s cov ft corpus result
for name in "${harnesses[@]}"; do
    log=$out/logs/$name.log
    result=$(cat "$out/logs/$name.result" 2>/dev/null || echo "no result")
    # The last status line ("#N DONE cov: C ft: F corp: K/S exec/s: E ...") or the last pulse.
    line=$(grep -aE '^#[0-9]+' "$log" | tail -n 1 || true)
    runs=$(sed -nE 's/^#([0-9]+).*/\1/p' <<<"$line")
    cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$line")
    ft=$(sed -nE 's/.* ft: ([0-9]+).*/\1/p' <<<"$line")
    corp=$(sed -nE 's/.* corp: ([0-9]+).*/\1/p' <<<"$line")
    rate=$(grep -aE '^stat::average_exec_per_sec' "$log" | awk '{print $2}' || true)
    printf '%-16s %12s %8s %7s %7s %7s  %s\n' "$name" "${runs:-?}" "${rate:-?}" "${cov:-?}" \
        "${ft:-?}" "${corp:-?}" "$result"
    if [[ $result != ok ]]; then
        failed=1
        echo "--- $log (last lines)" >&2
        tail -n 40 "$log" >&2
    fi
done
exit $failed

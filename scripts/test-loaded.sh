#!/usr/bin/env bash
# Runs the server and records suites of a build once more while stress-ng
# keeps every core busy. These are the tests that lean on timing and on
# process races; on a loaded machine they must hold just the same, because
# they assert what the program guarantees, not what a quiet schedule shows.
#   test-loaded.sh BUILD_DIR [CTEST_ARGS...]
set -euo pipefail

build=${1:?usage: test-loaded.sh BUILD_DIR [CTEST_ARGS...]}
shift
if ! command -v stress-ng >/dev/null; then
  echo "test-loaded: stress-ng is missing (scripts/install-deps.sh installs it)" >&2
  exit 1
fi

# stress-ng stops by itself after 15 minutes, far beyond the suites' own
# TIMEOUTs, and timeout(1) kills it 30 s later if it did not; the trap stops
# it as soon as the tests are done, whatever way they end.
timeout --kill-after=30 960 stress-ng --cpu 0 --timeout 900s --quiet &
stress=$!
stop_stress() {
  local waited=0
  if kill -TERM "$stress" 2>/dev/null; then # already gone is fine: it ended on its own
    while kill -0 "$stress" 2>/dev/null; do
      if [ "$waited" -ge 300 ]; then
        echo "test-loaded: stress-ng still runs 30 s after SIGTERM; killing it" >&2
        # timeout(1) leads its own process group, stress-ng and its workers in it.
        kill -KILL -- "-$stress" || kill -KILL "$stress"
        break
      fi
      sleep 0.1
      waited=$((waited + 1))
    done
  fi
  wait "$stress" || true
}
trap stop_stress EXIT

# The first test starts once every core has its stress worker
# (timeout -> stress-ng -> one stress-ng-cpu per core).
workers() {
  local parent
  parent=$(pgrep -P "$stress") || { echo 0; return; }
  pgrep -c -P "$parent" || true # prints 0 when there is none
}
cores=$(nproc)
for _ in $(seq 1 100); do
  [ "$(workers)" -ge "$cores" ] && break
  sleep 0.1
done
if [ "$(workers)" -lt "$cores" ]; then
  echo "test-loaded: stress-ng did not start a worker per core within 10 s" >&2
  exit 1
fi
echo "test-loaded: stress-ng --cpu 0 on $cores cores; load $(cut -d' ' -f1-3 /proc/loadavg)"
started=$(date +%s)
cd "$build"
ctest --output-on-failure --no-tests=error -L '^(server|records)$' "$@"
echo "test-loaded: server and records suites passed under load in $(($(date +%s) - started)) s"

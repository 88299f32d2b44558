#!/usr/bin/env bash
# Browser tests of the web app: starts the real `collagenda serve` on a fresh
# database on loopback, then runs the Playwright tests (node's test runner,
# playwright-core driving Debian's headless chromium) against it.
#   run.sh COLLAGENDA_BINARY ARTIFACT_DIR
# Screenshots of every main screen are left in ARTIFACT_DIR.
set -euo pipefail

bin=$(realpath "$1")
artifacts=$(realpath -m "$2")
here=$(cd "$(dirname "$0")" && pwd)
chromium=${CHROMIUM:-/usr/bin/chromium}

fail() {
  echo "web tests: $*" >&2
  exit 1
}

[ -x "$bin" ] || fail "no collagenda binary at $bin"
[ -x "$chromium" ] || fail "no chromium at $chromium (Debian package chromium; scripts/install-deps.sh installs it)"
command -v node >/dev/null || fail "no node (Debian packages nodejs npm; scripts/install-deps.sh installs them)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 20 ] || fail "playwright-core needs Node.js 20 or newer, found $(node --version)"

# playwright-core only: it never downloads a browser.
if [ ! -d "$here/node_modules/playwright-core" ] || [ ! -d "$here/node_modules/axe-core" ]; then
  (cd "$here" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error) ||
    fail "npm ci failed in $here"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/collagenda-web.XXXXXX")
server_pid=

# stop_server SECONDS: SIGTERM, then waits at most SECONDS for the server to
# end (SIGKILL after that, and status 124). Sets server_status.
stop_server() {
  local waited=0
  kill -TERM "$server_pid"
  while kill -0 "$server_pid" 2>/dev/null; do
    if [ "$waited" -ge $(($1 * 10)) ]; then
      kill -KILL "$server_pid"
      wait "$server_pid" || true
      server_status=124
      return
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  server_status=0
  wait "$server_pid" || server_status=$?
}

# shellcheck disable=SC2317  # called by the EXIT trap
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    stop_server 30
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# A SQLite file, or a new database on the PostgreSQL test server (web_browser.pg).
if [ -n "${CLG_TEST_PG_HOST:-}" ]; then
  db=$("$here/../pg/newdb.sh" web)
else
  db="$work/web.db"
fi
email=admin@example.test
password="web-test-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
"$bin" --db "$db" client list >/dev/null
printf '%s\n' "$password" | "$bin" --db "$db" user add --email "$email" --role admin >/dev/null

# Made before the server starts: the poll below may read it before the
# background job has opened it, and under set -e a missing file ends the run.
: >"$work/server.out"
"$bin" --db "$db" serve --listen 127.0.0.1:0 >"$work/server.out" 2>"$work/server.err" &
server_pid=$!
url=
# A bound on the start, far above what it takes on a busy machine under ASan.
for _ in $(seq 1 600); do
  url=$(sed -n 's/^listening on \(http:\/\/127\.0\.0\.1:[0-9]*\).*$/\1/p' "$work/server.out")
  [ -n "$url" ] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.err" >&2; fail "the server exited"; }
  sleep 0.1
done
[ -n "$url" ] || fail "the server did not say where it listens within 60 s"
echo "web tests: server at $url, artifacts in $artifacts"

mkdir -p "$artifacts"
status=0
# run_tests FILE...: one run of node's test runner over FILE... against the server.
run_tests() {
  COLLAGENDA_URL="$url" COLLAGENDA_BIN="$bin" COLLAGENDA_DB="$db" COLLAGENDA_ADMIN_EMAIL="$email" \
  COLLAGENDA_ADMIN_PASSWORD="$password" COLLAGENDA_ARTIFACTS="$artifacts" CHROMIUM="$chromium" \
    node --test --test-concurrency=1 --test-reporter=spec "$@" || status=$?
}
# staff.test.mjs starts from an empty clinic; the files after it add to what it left.
run_tests "$here/calculator.test.mjs" "$here/staff.test.mjs"
run_tests "$here/corrections.test.mjs" "$here/a11y.test.mjs"
run_tests "$here/booking_life.test.mjs" "$here/staff_accounts.test.mjs"
run_tests "$here/requests.test.mjs"
# The client portal last: it sets the clinic's hours for its own run and puts them back.
run_tests "$here/portal.test.mjs"

# The server must have lived through the tests and stop cleanly on SIGTERM
# (under ASan this is also where a leak would show).
if ! kill -0 "$server_pid" 2>/dev/null; then
  echo "web tests: the server died during the tests" >&2
  cat "$work/server.err" >&2
  exit 1
fi
stop_server 30
server_pid=
if [ "$server_status" -ne 0 ]; then
  echo "web tests: the server exited with status $server_status on SIGTERM (124: still running 30 s after it)" >&2
  tail -n 40 "$work/server.err" >&2
  exit 1
fi
exit "$status"

#!/usr/bin/env bash
# HTTP benchmark (issue: the server): POST /api/v1/plan with wrk, 64
# connections, beside nginx serving a static file of the same size on the
# same machine in the same run. Prints a Markdown table; the target is a
# ratio of at least 0.5.
#   bench/http/run.sh [BUILD_DIR] [SECONDS]
# Both servers get the same cores (collagenda's thread pool and nginx's
# workers are sized to them) and wrk runs beside them with 2 threads.
# wrk and nginx are Debian packages, installed when missing.
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
seconds=${2:-10}
here=$(cd "$(dirname "$0")" && pwd)
cores=$(nproc)
work=$(mktemp -d "${TMPDIR:-/tmp}/collagenda-http-bench.XXXXXX")
server_pid=""
nginx_started=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ -n "$nginx_started" ]; then
    nginx -c "$work/nginx.conf" -s stop 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

PATH=$PATH:/usr/sbin:/sbin
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || missing+=(nginx)
command -v curl >/dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
[ -x "$build/collagenda" ] || { echo "run.sh: no $build/collagenda; build first" >&2; exit 2; }

"$build/collagenda" --db "$work/bench.db" serve --listen 127.0.0.1:0 >"$work/serve.out" 2>"$work/serve.log" &
server_pid=$!
for _ in $(seq 200); do grep -q listening "$work/serve.out" && break; sleep 0.05; done
url=$(grep -oE 'http://[0-9.:]+' "$work/serve.out") || { echo "run.sh: the server did not start" >&2; cat "$work/serve.log" >&2; exit 1; }

# The same bytes nginx will serve: the plan the benchmark request gets back.
body=$(grep -oP "wrk.body = '\K[^']+" "$here/post_plan.lua")
curl -sf -X POST -H 'Content-Type: application/json' -d "$body" "$url/api/v1/plan" >"$work/plan.json"
size=$(stat -c %s "$work/plan.json")
mkdir -p "$work/www"
cp "$work/plan.json" "$work/www/plan.json"
# nginx's workers run as an unprivileged user when started by root.
chmod 755 "$work" "$work/www"
chmod 644 "$work/www/plan.json"
cat >"$work/nginx.conf" <<CONF
worker_processes $cores;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work;
  uwsgi_temp_path $work; scgi_temp_path $work;
  server { listen 127.0.0.1:18089; root $work/www; default_type application/json; }
}
CONF
nginx -c "$work/nginx.conf"
nginx_started=1
static="http://127.0.0.1:18089/plan.json"
for _ in $(seq 100); do curl -sf -o /dev/null "$static" && break; sleep 0.05; done
curl -sf "$static" | cmp -s - "$work/plan.json" || { echo "run.sh: nginx does not serve the same bytes" >&2; exit 1; }

run_wrk() { wrk -t2 -c64 -d"${seconds}s" --latency "$@" 2>&1; }
# Every answer must be a 200: wrk counts refusals as requests too.
check() {
  if grep -qE 'Non-2xx|Socket errors' <<<"$2"; then
    echo "run.sh: $1 answered errors:" >&2
    echo "$2" >&2
    exit 1
  fi
}
ours=$(run_wrk -s "$here/post_plan.lua" "$url/api/v1/plan")
check collagenda "$ours"
theirs=$(run_wrk "$static")
check nginx "$theirs"

rps() { grep -oP 'Requests/sec:\s+\K[0-9.]+' <<<"$1"; }
p99() { grep -oP '^\s+99%\s+\K\S+' <<<"$1"; }
echo "| server ($cores cores, wrk -t2 -c64 -d${seconds}s) | requests/s | p99 latency |"
echo "| --- | --- | --- |"
echo "| collagenda POST /api/v1/plan ($size-byte answer) | $(rps "$ours") | $(p99 "$ours") |"
echo "| nginx, static file of $size bytes | $(rps "$theirs") | $(p99 "$theirs") |"
awk -v a="$(rps "$ours")" -v b="$(rps "$theirs")" 'BEGIN { printf "| ratio collagenda / nginx | %.2f | |\n", a / b }'

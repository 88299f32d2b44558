#!/usr/bin/env bash
# HTTP benchmark (issue: the server): POST /api/v1/plan with wrk, 64
# connections, beside nginx serving a static file of the same size on the
# same machine in the same run. Prints a Markdown table.
#   bench/http/run.sh [BUILD_DIR] [SECONDS]
set -euo pipefail
build=${1:-build}
seconds=${2:-10}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
server_pid=""
nginx_started=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [ -n "$nginx_started" ] && nginx -c "$work/nginx.conf" -s stop 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

for tool in wrk nginx; do
  command -v "$tool" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null; }
done

"$build/collagenda" --db "$work/bench.db" serve --listen 127.0.0.1:0 >"$work/serve.out" 2>/dev/null &
server_pid=$!
for _ in $(seq 100); do grep -q listening "$work/serve.out" && break; sleep 0.05; done
url=$(grep -oE 'http://[0-9.:]+' "$work/serve.out")

# The same bytes nginx will serve: the plan the benchmark request gets back.
body=$(grep -oP "wrk.body = '\K[^']+" "$here/post_plan.lua")
curl -s -X POST -H 'Content-Type: application/json' -d "$body" "$url/api/v1/plan" >"$work/plan.json"
size=$(stat -c %s "$work/plan.json")
mkdir -p "$work/www"
cp "$work/plan.json" "$work/www/plan.json"
cat >"$work/nginx.conf" <<CONF
worker_processes 2;
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

run_wrk() { wrk -t2 -c64 -d"${seconds}s" --latency "$@" 2>/dev/null; }
ours=$(run_wrk -s "$here/post_plan.lua" "$url/api/v1/plan")
theirs=$(run_wrk "http://127.0.0.1:18089/plan.json")

rps() { grep -oP 'Requests/sec:\s+\K[0-9.]+' <<<"$1"; }
p99() { grep -oP '^\s+99%\s+\K\S+' <<<"$1"; }
echo "| server | requests/s | p99 latency |"
echo "| --- | --- | --- |"
echo "| collagenda POST /api/v1/plan ($size-byte answer) | $(rps "$ours") | $(p99 "$ours") |"
echo "| nginx, static file of $size bytes | $(rps "$theirs") | $(p99 "$theirs") |"
awk -v a="$(rps "$ours")" -v b="$(rps "$theirs")" 'BEGIN { printf "| ratio collagenda / nginx | %.2f | |\n", a / b }'

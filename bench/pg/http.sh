#!/usr/bin/env bash
# HTTP through nginx (README, "Outgrowing one machine"): wrk (2 threads, 64
# connections) on POST /api/v1/plan and GET /api/v1/due, through nginx to 2
# servers on one PostgreSQL database, beside nginx to 1 server on a SQLite
# file holding the same records (copied there with `collagenda copy`).
# PostgreSQL runs with its durable defaults (tests/pg/server.sh,
# CLG_PG_DURABLE=1). wrk and nginx are Debian packages, installed when
# missing. Prints a Markdown table; appends it to bench/pg/RESULTS.md.
#   bench/pg/http.sh [BUILD_DIR] [SECONDS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-build}" && pwd)
seconds=${2:-10}
cli=$build/collagenda
work=$(mktemp -d "${TMPDIR:-/tmp}/collagenda-pghttp.XXXXXX")
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    [ -f "$work/nginx.pid" ] && nginx -c "$work/nginx.conf" -s stop 2>/dev/null || true
    bash "$root/tests/pg/server.sh" stop "$work/pg" || true
    rm -rf "$work"
}
trap cleanup EXIT
PATH=$PATH:/usr/sbin:/sbin
missing=()
command -v wrk >/dev/null || missing+=(wrk)
command -v nginx >/dev/null || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The records: 100 clients with a course each (about a third due), a staff token.
lite=$work/clinic.db
for ((i = 1; i <= 100; i++)); do
    "$cli" --db "$lite" client add --name "client $i" >/dev/null
    "$cli" --db "$lite" course start --client "$i" --laxity mild --start "2026-0$((i % 9 + 1))-05" >/dev/null
done
printf 'bench password 1\n' | "$cli" --db "$lite" user add --email bench@clinic.example --role staff >/dev/null
token=$("$cli" --db "$lite" token create --email bench@clinic.example)
CLG_PG_DURABLE=1 bash "$root/tests/pg/server.sh" start "$work/pg"
CLG_TEST_PG_HOST=$(cat "$work/pg") bash "$root/tests/pg/newdb.sh" http >"$work/pg.url"
pg=$(cat "$work/pg.url")
"$cli" copy --from "$lite" --to "$pg" >/dev/null

serve() { # serve DB PORT
    # nginx is the servers' trusted proxy, as in the README's picture: its connections are
    # not held to the per-address limit (64), which nginx's keep-alive pool can pass.
    "$cli" --db "$1" serve --listen "127.0.0.1:$2" --trust-proxy 127.0.0.1 >/dev/null 2>&1 &
    pids+=($!)
    for _ in $(seq 200); do curl -sf -o /dev/null "http://127.0.0.1:$2/healthz" && return; sleep 0.05; done
    echo "http.sh: the server on port $2 did not start" >&2
    exit 1
}
serve "$pg" 18101
serve "$pg" 18102
serve "$lite" 18103
chmod 755 "$work"
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work; proxy_temp_path $work; fastcgi_temp_path $work;
  uwsgi_temp_path $work; scgi_temp_path $work;
  upstream pg { server 127.0.0.1:18101; server 127.0.0.1:18102; keepalive 64; }
  upstream lite { server 127.0.0.1:18103; keepalive 64; }
  server { listen 127.0.0.1:18091; location / { proxy_pass http://pg; proxy_http_version 1.1; proxy_set_header Connection ""; } }
  server { listen 127.0.0.1:18092; location / { proxy_pass http://lite; proxy_http_version 1.1; proxy_set_header Connection ""; } }
}
CONF
nginx -c "$work/nginx.conf"
for port in 18091 18092; do
    for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.05; done
done
due_pg=$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:18091/api/v1/due?on=2026-12-01&within=90")
due_lite=$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:18092/api/v1/due?on=2026-12-01&within=90")
[ "$due_pg" = "$due_lite" ] || { echo "http.sh: the two backends answer due differently" >&2; exit 1; }

run_wrk() { wrk -t2 -c64 -d"${seconds}s" --latency "$@" 2>&1; }
check() {
    if grep -qE 'Non-2xx|Socket errors' <<<"$2"; then
        echo "http.sh: $1 answered errors:" >&2
        echo "$2" >&2
        exit 1
    fi
}
rps() { grep -oP 'Requests/sec:\s+\K[0-9.]+' <<<"$1"; }
p99() { grep -oP '^\s+99%\s+\K\S+' <<<"$1"; }
table="| wrk -t2 -c64 -d${seconds}s through nginx | requests/s | p99 latency |
| --- | ---: | ---: |"
for target in "pg:18091:PostgreSQL, 2 servers" "lite:18092:SQLite, 1 server"; do
    IFS=: read -r name port label <<<"$target"
    plan=$(run_wrk -s "$root/bench/http/post_plan.lua" "http://127.0.0.1:$port/api/v1/plan")
    check "$name plan" "$plan"
    due=$(run_wrk -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/due?on=2026-12-01&within=90")
    check "$name due" "$due"
    table+="
| POST /api/v1/plan, $label | $(rps "$plan") | $(p99 "$plan") |
| GET /api/v1/due ($(grep -o '"course"' <<<"$due_pg" | wc -l) rows), $label | $(rps "$due") | $(p99 "$due") |"
done
echo "$table"
{
    echo
    echo "## HTTP through nginx ($(date -u +%Y-%m-%d), \`bench/pg/http.sh build $seconds\`)"
    echo
    echo "$table"
} >>"$here/RESULTS.md"

#!/usr/bin/env bash
# The records benchmark: sessions recorded per second, and the `due` query
# over 10,000, 100,000 and 1,000,000 clients with about 100 courses due in
# each, in-process (bench_records) and through the CLI (hyperfine); then
# the diary for one day over 10,000 and 1,000,000 bookings (diary.sh).
# Writes bench/records/RESULTS.md. Not part of ctest: it takes a few minutes and
# a few hundred MB of scratch space.
#
# usage: bench/records/run.sh [BUILD_DIR] [SCRATCH_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:-build}" && pwd)
cli=$build/collagenda
bench=$build/bench/bench_records
scratch=${2:-$(mktemp -d "${TMPDIR:-/tmp}/collagenda-bench.XXXXXX")}
results=$here/RESULTS.md
sizes=(10000 100000 1000000)
on=2027-01-15
within=14
for tool in sqlite3 hyperfine jq; do
    command -v "$tool" >/dev/null || { echo "run.sh: $tool is needed" >&2; exit 2; }
done
[ -x "$bench" ] || { echo "run.sh: build $bench first" >&2; exit 2; }

calc() {
    awk "BEGIN { printf \"%.6f\", $1 }"
}

# make_database N PATH: N clients with one course each, about 100 of them due
# by $on + $within; the rest due over the next four years. The first client
# and course go through the CLI (schema, protocol, a real course row); the
# rest copy that course in one transaction with bound parameters.
make_database() {
    local n=$1 db=$2
    rm -f "$db" "$db-wal" "$db-shm"
    "$cli" --db "$db" client add --name "client 1" >/dev/null
    "$cli" --db "$db" course start --client 1 --laxity moderate --start 2027-01-04 >/dev/null
    sqlite3 -batch -bail "$db" <<SQL
.parameter set :n $n
.parameter set :every $((n / 100))
BEGIN IMMEDIATE;
WITH RECURSIVE seq(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM seq WHERE i < :n)
INSERT INTO clients (id, clinic_id, name, created_at)
SELECT i, 1, 'client ' || i, '2027-01-01T00:00:00.000Z' FROM seq;
WITH RECURSIVE seq(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM seq WHERE i < :n)
INSERT INTO courses (id, clinic_id, client_id, protocol_name, protocol_version, request, plan,
                     start_date, status, next_kind, next_date, created_at)
SELECT i, 1, i, t.protocol_name, t.protocol_version, t.request, '{}', t.start_date, 'active',
       'session',
       CASE WHEN i % :every = 0 THEN date('2027-01-01', '+' || (i % 28) || ' days')
            ELSE date('2027-03-01', '+' || (i % 1460) || ' days') END,
       t.created_at
FROM seq, courses t WHERE t.id = 1;
COMMIT;
SQL
}

echo "== sessions per second"
rm -f "$scratch/sessions.db"
sessions_out=$("$bench" sessions "$scratch/sessions.db" 2000)
echo "$sessions_out"
# Through the CLI: one process per session, as a front desk would run it.
rm -f "$scratch/cli.db"
for ((i = 1; i <= 200; i++)); do
    "$cli" --db "$scratch/cli.db" client add --name "c$i" >/dev/null
    "$cli" --db "$scratch/cli.db" course start --client "$i" --laxity mild --start 2025-01-06 >/dev/null
done
start=$(date +%s.%N)
# A date gone by: a session is recorded once it has taken place.
for ((i = 1; i <= 200; i++)); do
    "$cli" --db "$scratch/cli.db" session record --course "$i" --date 2025-01-06 >/dev/null
done
cli_seconds=$(calc "$(date +%s.%N) - $start")
cli_rate=$(calc "200 / $cli_seconds")
printf 'CLI: 200 sessions in %.2f s (%.0f per second)\n' "$cli_seconds" "$cli_rate"

declare -A generate_seconds in_process cli_mean rows db_size
for n in "${sizes[@]}"; do
    echo "== due over $n clients"
    db=$scratch/due-$n.db
    start=$(date +%s.%N)
    make_database "$n" "$db"
    generate_seconds[$n]=$(printf '%.1f' "$(calc "$(date +%s.%N) - $start")")
    db_size[$n]=$(du -m "$db" | cut -f1)
    line=$("$bench" due "$db" "$on" "$within" 500)
    echo "$line"
    rows[$n]=$(sed -E 's/^due: ([0-9]+) rows.*/\1/' <<<"$line")
    in_process[$n]=$(sed -E 's/.*median ([0-9.]+) us.*/\1/' <<<"$line")
    hyperfine --warmup 5 --runs 50 --export-json "$scratch/due-$n.json" -N \
        "$cli --db $db due --on $on --within $within --format json" >/dev/null
    cli_mean[$n]=$(jq '.results[0].mean * 1000' "$scratch/due-$n.json")
    printf 'CLI mean %.2f ms\n' "${cli_mean[$n]}"
done
hyperfine --warmup 5 --runs 50 --export-json "$scratch/version.json" -N "$cli --version" >/dev/null
startup=$(jq '.results[0].mean * 1000' "$scratch/version.json")
plan=$(sqlite3 "$scratch/due-1000000.db" "EXPLAIN QUERY PLAN SELECT c.id, c.client_id, k.name, c.next_kind, c.next_date FROM courses c JOIN clients k ON k.id = c.client_id AND k.clinic_id = c.clinic_id WHERE c.clinic_id = 1 AND c.next_date <= '2027-01-29' ORDER BY c.next_date, c.id")
ratio=$(calc "${in_process[1000000]} / ${in_process[10000]}")
cli_ratio=$(calc "${cli_mean[1000000]} / ${cli_mean[10000]}")

{
    echo "# Records benchmark"
    echo
    echo "Reproduce: \`cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo && cmake --build build -j2 && bench/records/run.sh build\`"
    echo
    echo "Machine: $(nproc) cores, $(uname -sr), SQLite $(sqlite3 --version | cut -d' ' -f1); $(date -u +%Y-%m-%d)."
    echo "The database is WAL with synchronous=FULL: every recorded session is fsynced before"
    echo "the command reports it."
    echo
    echo "## Sessions recorded per second"
    echo
    echo "Each session is one transaction: BEGIN IMMEDIATE, the client's sessions read for the"
    echo "interval floor, the course re-planned, the session inserted, the course's next due date"
    echo "updated, an audit entry appended, COMMIT."
    echo
    echo '```'
    echo "$sessions_out"
    printf 'CLI (one process per session): 200 sessions in %.2f s (%.0f per second)\n' "$cli_seconds" "$cli_rate"
    echo '```'
    echo
    echo "## \`due\` as the clinic grows"
    echo
    echo "Each client has one course; about 100 are due by $on + $within days, the rest later."
    echo "The next due date is kept on the course row, indexed by (clinic_id, next_date), and"
    echo "updated in the same transaction as every write, so \`due\` is one index range scan."
    echo "Generated rows copy one real course but carry an empty plan snapshot ('{}'), so"
    echo "\`due\` finds no ranges there for the window it reports (it reads them all the same)."
    echo
    echo "| clients | due rows | generate (s) | size (MB) | in-process median (µs) | CLI mean (ms) |"
    echo "| ---: | ---: | ---: | ---: | ---: | ---: |"
    for n in "${sizes[@]}"; do
        printf '| %s | %s | %s | %s | %s | %.2f |\n' "$n" "${rows[$n]}" "${generate_seconds[$n]}" \
            "${db_size[$n]}" "${in_process[$n]}" "${cli_mean[$n]}"
    done
    echo
    printf 'For scale, starting the binary at all (`collagenda --version`) takes %.2f ms here, so the\n' "$startup"
    echo "CLI column is mostly process start-up; the in-process column is the query itself."
    echo
    printf '1,000,000 vs 10,000 clients: %.2fx the in-process time, %.2fx the CLI time (the goal: at most 3x).\n' "$ratio" "$cli_ratio"
    echo
    echo "Query plan at 1,000,000 clients:"
    echo
    echo '```'
    echo "$plan"
    echo '```'
} >"$results"
echo >>"$results"
"$here/diary.sh" "$build" "$scratch" >>"$results"
echo "wrote $results"

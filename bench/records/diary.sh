#!/usr/bin/env bash
# The diary benchmark: `diary` for one day over a clinic with 10,000 and
# with 1,000,000 bookings, the same number of bookings on the day asked
# about (20) in both, in-process (bench_records diary) and through the CLI
# (hyperfine). Prints a Markdown section (the numbers, the ratio, the
# command and the query plan) on stdout, progress on stderr; run.sh
# appends it to RESULTS.md, `make bench-diary` runs it alone.
#
# usage: bench/records/diary.sh [BUILD_DIR] [SCRATCH_DIR]
set -euo pipefail
build=$(cd "${1:-build}" && pwd)
cli=$build/collagenda
bench=$build/bench/bench_records
scratch=${2:-$(mktemp -d "${TMPDIR:-/tmp}/collagenda-diary.XXXXXX")}
sizes=(10000 1000000)
per_day=20
on=2027-06-01
for tool in sqlite3 hyperfine jq; do
    command -v "$tool" >/dev/null || { echo "diary.sh: $tool is needed" >&2; exit 2; }
done
[ -x "$bench" ] || { echo "diary.sh: build $bench first" >&2; exit 2; }

calc() {
    awk "BEGIN { printf \"%.6f\", $1 }"
}

# make_database N PATH: N bookings, $per_day a day from 2027-01-01 on, at
# half-hour steps from 08:00, over N/10 clients with a course each (ten
# bookings a course, as a course books its sessions ahead). The first
# client and course go through the CLI (schema, protocol, a real plan);
# the rest copy that course in one transaction.
make_database() {
    local n=$1 db=$2 courses=$(($1 / 10))
    rm -f "$db" "$db-wal" "$db-shm"
    "$cli" --db "$db" client add --name "client 1" --phone "+44 20 7946 0000" >/dev/null
    "$cli" --db "$db" course start --client 1 --laxity moderate --start 2027-01-04 >/dev/null
    sqlite3 -batch -bail "$db" <<SQL
.parameter set :n $n
.parameter set :courses $courses
.parameter set :per_day $per_day
BEGIN IMMEDIATE;
WITH RECURSIVE seq(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM seq WHERE i < :courses)
INSERT INTO clients (id, clinic_id, name, phone, created_at)
SELECT i, 1, 'client ' || i, '+44 20 7946 ' || (i % 10000), '2027-01-01T00:00:00.000Z' FROM seq;
WITH RECURSIVE seq(i) AS (SELECT 2 UNION ALL SELECT i + 1 FROM seq WHERE i < :courses)
INSERT INTO courses (id, clinic_id, client_id, protocol_name, protocol_version, request, plan,
                     start_date, status, next_kind, next_date, created_at)
SELECT i, 1, i, t.protocol_name, t.protocol_version, t.request, t.plan, t.start_date, 'active',
       'session', t.next_date, t.created_at
FROM seq, courses t WHERE t.id = 1;
WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < :n - 1)
INSERT INTO bookings (clinic_id, course_id, client_id, date, start_minute, areas, created_at)
SELECT 1, i % :courses + 1, i % :courses + 1, date('2027-01-01', '+' || (i / :per_day) || ' days'),
       480 + (i % :per_day) * 30, 'face', '2027-01-01T00:00:00.000Z' FROM seq;
COMMIT;
ANALYZE;
SQL
}

declare -A in_process cli_mean rows
for n in "${sizes[@]}"; do
    echo "== diary over $n bookings" >&2
    db=$scratch/diary-$n.db
    make_database "$n" "$db"
    line=$("$bench" diary "$db" "$on" 1 500)
    echo "$line" >&2
    rows[$n]=$(sed -E 's/^diary: ([0-9]+) rows.*/\1/' <<<"$line")
    in_process[$n]=$(sed -E 's/.*median ([0-9.]+) us.*/\1/' <<<"$line")
    hyperfine --warmup 5 --runs 50 --export-json "$scratch/diary-$n.json" -N \
        "$cli --db $db diary --on $on --format json" >/dev/null 2>&1
    cli_mean[$n]=$(jq '.results[0].mean * 1000' "$scratch/diary-$n.json")
    printf 'CLI mean %.2f ms\n' "${cli_mean[$n]}" >&2
done
big=${sizes[1]}
small=${sizes[0]}
# The diary's own statement (src/store/sqlite_diary.c), as the store runs it.
query=$(sed -n '/^static const char list_sql\[\] =/,/;$/p' "$(dirname "$0")/../../src/store/sqlite_diary.c" |
    sed -E '1d; s/^ *"//; s/" *;?$//; s/\\"/"/g' | tr -d '\n')
query=${query//\?1/1}
query=${query//\?2/\'$on\'}
query=${query//\?3/\'$on\'}
plan=$(sqlite3 "$scratch/diary-$big.db" "EXPLAIN QUERY PLAN $query")
ratio=$(calc "${in_process[$big]} / ${in_process[$small]}")
cli_ratio=$(calc "${cli_mean[$big]} / ${cli_mean[$small]}")

echo "## \`diary\` for one day as the bookings grow"
echo
echo "Reproduce: \`make bench-diary\` (or \`bench/records/diary.sh build\`)."
echo "$per_day bookings on the day asked about ($on) in both clinics, ten bookings per course."
echo
echo "| bookings | rows | in-process median (µs) | CLI mean (ms) |"
echo "| ---: | ---: | ---: | ---: |"
for n in "${sizes[@]}"; do
    printf '| %s | %s | %s | %.2f |\n' "$n" "${rows[$n]}" "${in_process[$n]}" "${cli_mean[$n]}"
done
echo
printf '1,000,000 vs 10,000 bookings: %.2fx the in-process time, %.2fx the CLI time (the goal: at most 3x).\n' "$ratio" "$cli_ratio"
echo
echo "Query plan at 1,000,000 bookings: one range of bookings_by_day, no sort; each row's"
echo "client and course by primary key, its visit number from the course's own rows."
echo
echo '```'
echo "$plan"
echo '```'

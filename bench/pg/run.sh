#!/usr/bin/env bash
# The PostgreSQL benchmark (README, "Outgrowing one machine"), on a private
# PostgreSQL server with its durable defaults (tests/pg/server.sh,
# CLG_PG_DURABLE=1: every commit flushed, as SQLite's synchronous=FULL):
#  1. sessions recorded per second through the HTTP API by 1, 4 and 16
#     concurrent writers, through 2 servers on PostgreSQL and 1 on SQLite;
#  2. `due` and the diary's day over 10,000 and 1,000,000 clients on
#     PostgreSQL: the backend's own queries, timed by EXPLAIN ANALYZE
#     (median of 21 runs), and their plans.
# Writes bench/pg/RESULTS.md. Not part of ctest: it takes minutes.
#
# usage: bench/pg/run.sh [BUILD_DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-build}" && pwd)
cli=$build/collagenda
results=$here/RESULTS.md
scratch=$(mktemp -d "${TMPDIR:-/tmp}/collagenda-pgbench.XXXXXX")
state=$scratch/server
trap 'bash "$root/tests/pg/server.sh" stop "$state"; rm -rf "$scratch"' EXIT
CLG_PG_DURABLE=1 bash "$root/tests/pg/server.sh" start "$state"
CLG_TEST_PG_HOST=$(cat "$state")
export CLG_TEST_PG_HOST
newdb() { bash "$root/tests/pg/newdb.sh" "$1"; }

echo "== sessions per second"
pg_sessions=$(python3 "$here/writers.py" --binary "$cli" --db "$(newdb sessions)" --servers 2)
echo "$pg_sessions"
sqlite_sessions=$(python3 "$here/writers.py" --binary "$cli" --db "$scratch/sessions.db" --servers 1)
echo "$sqlite_sessions"

# make_database N: N clients with one course and one booking each: about 100
# courses due by 2027-01-29, and 20 bookings on 2027-02-08, the rest spread
# over four years. The first client and course go through the CLI.
make_database() {
    local n=$1 db
    db=$(newdb "due$n")
    "$cli" --db "$db" client add --name "client 1" >/dev/null
    "$cli" --db "$db" course start --client 1 --laxity moderate --start 2027-01-04 >/dev/null
    psql -X -q -v ON_ERROR_STOP=1 -v n="$n" -v every=$((n / 100)) -v day=$((n / 20)) "$db" <<'SQL' >/dev/null
INSERT INTO clients (id, clinic_id, name, created_at)
SELECT i, 1, 'client ' || i, now() FROM generate_series(2, :n) i;
INSERT INTO courses (id, clinic_id, client_id, protocol_name, protocol_version, request, plan,
                     start_date, status, next_kind, next_date, created_at)
SELECT i, 1, i, t.protocol_name, t.protocol_version, t.request, t.plan, t.start_date, 'active',
       'session',
       CASE WHEN i % :every = 0 THEN date '2027-01-01' + (i % 28)
            ELSE date '2027-03-01' + (i % 1460) END, now()
FROM generate_series(2, :n) i, courses t WHERE t.id = 1;
INSERT INTO bookings (clinic_id, course_id, client_id, date, start_minute, areas, created_at)
SELECT 1, i, i, CASE WHEN i % :day = 0 THEN date '2027-02-08' ELSE date '2027-03-01' + (i % 1460) END,
       540 + (i % 16) * 30, 'face', now()
FROM generate_series(2, :n) i;
SELECT setval(pg_get_serial_sequence('clients', 'id'), :n);
SELECT setval(pg_get_serial_sequence('courses', 'id'), :n);
VACUUM ANALYZE;
SQL
    echo "$db"
}

# The backend's queries (src/store/pg_courses.c, pg_diary.c) with the values bound.
due_query="SELECT c.id, c.client_id, k.name, c.next_kind, c.next_date, k.email, k.phone,
 (SELECT max(s.date) FROM sessions s WHERE s.course_id = c.id AND s.void_reason IS NULL),
 trunc((j.interval_days ->> 'min')::numeric)::integer,
 trunc((j.interval_days ->> 'max')::numeric)::integer,
 trunc((j.maintenance_months ->> 'min')::numeric)::integer,
 trunc((j.maintenance_months ->> 'max')::numeric)::integer,
 b.date, b.start_minute
 FROM courses c
 JOIN LATERAL (SELECT k.name, k.email, k.phone FROM clients k
   WHERE k.id = c.client_id AND k.clinic_id = c.clinic_id LIMIT 1) k ON true
 CROSS JOIN LATERAL json_to_record(c.plan) AS j(interval_days json, maintenance_months json)
 LEFT JOIN LATERAL (SELECT e.date, e.start_minute FROM bookings e
   WHERE e.clinic_id = c.clinic_id AND e.course_id = c.id AND e.status = 'booked'
   ORDER BY e.date, coalesce(e.start_minute, -1), e.id LIMIT 1) b ON true
 WHERE c.clinic_id = 1 AND c.next_date <= '2027-01-29' ORDER BY c.next_date, c.id"
diary_query="SELECT b.id, b.course_id, b.client_id, b.date, b.start_minute, b.areas, k.name, k.phone,
 (SELECT count(*) FROM sessions s WHERE s.course_id = b.course_id AND s.void_reason IS NULL)
 + (SELECT count(*) FROM bookings e WHERE e.clinic_id = b.clinic_id
   AND e.course_id = b.course_id AND e.status = 'booked' AND (e.date < b.date OR (e.date = b.date
   AND (coalesce(e.start_minute, -1), e.id) < (coalesce(b.start_minute, -1), b.id)))) + 1
 FROM bookings b JOIN clients k ON k.id = b.client_id AND k.clinic_id = b.clinic_id
 JOIN courses c ON c.id = b.course_id AND c.clinic_id = b.clinic_id
 WHERE b.clinic_id = 1 AND b.date BETWEEN '2027-02-08' AND '2027-02-08' AND b.status = 'booked'
 ORDER BY b.date, b.start_minute NULLS FIRST, b.id"

# median_ms DB QUERY: the median execution time of 21 runs, in ms.
median_ms() {
    for ((run = 0; run < 21; run++)); do
        psql -X -q -A -t "$1" -c "EXPLAIN (ANALYZE, TIMING OFF) $2" |
            sed -n 's/^Execution Time: \([0-9.]*\) ms$/\1/p'
    done | sort -n | sed -n 11p
}

declare -A due_ms diary_ms due_rows diary_rows
for n in 10000 1000000; do
    echo "== $n clients"
    db=$(make_database "$n")
    due_rows[$n]=$(psql -X -q -A -t "$db" -c "SELECT count(*) FROM ($due_query) q")
    diary_rows[$n]=$(psql -X -q -A -t "$db" -c "SELECT count(*) FROM ($diary_query) q")
    due_ms[$n]=$(median_ms "$db" "$due_query")
    diary_ms[$n]=$(median_ms "$db" "$diary_query")
    echo "due ${due_rows[$n]} rows ${due_ms[$n]} ms; diary ${diary_rows[$n]} rows ${diary_ms[$n]} ms"
    if [ "$n" = 1000000 ]; then
        due_plan=$(psql -X -q -A -t "$db" -c "EXPLAIN $due_query")
        diary_plan=$(psql -X -q -A -t "$db" -c "EXPLAIN $diary_query")
    fi
done

ratio() { awk "BEGIN { printf \"%.2f\", $1 / $2 }"; }
{
    echo "# PostgreSQL benchmark"
    echo
    echo "Reproduce: \`bench/pg/run.sh build\`. Machine: $(nproc) cores, $(uname -sr),"
    echo "$(psql -X -A -t "postgresql://postgres@/postgres?host=$CLG_TEST_PG_HOST" -c 'SELECT version()' | cut -d, -f1);"
    echo "$(date -u +%Y-%m-%d), shared with other builds. PostgreSQL runs with its durable"
    echo "defaults (every commit flushed), over a Unix socket, on the same machine."
    echo
    echo "## Sessions recorded per second (HTTP, POST /api/v1/courses/{id}/sessions)"
    echo
    echo "PostgreSQL, 2 servers (writers alternate between them):"
    echo
    echo '```'
    echo "$pg_sessions"
    echo '```'
    echo
    echo "SQLite, 1 server:"
    echo
    echo '```'
    echo "$sqlite_sessions"
    echo '```'
    echo
    echo "Every session is one clinic's: its writers take turns on the clinic's write lock"
    echo "(PostgreSQL) or the file's (SQLite), so more writers add no throughput; each write"
    echo "waits for its commit's flush to this machine's shared disk. Clinics of a chain write"
    echo "in parallel on PostgreSQL."
    echo
    echo "## due and the diary's day on PostgreSQL (median execution time of 21 runs)"
    echo
    echo "| clients | due rows | due | diary rows | diary |"
    echo "| ---: | ---: | ---: | ---: | ---: |"
    for n in 10000 1000000; do
        echo "| $n | ${due_rows[$n]} | ${due_ms[$n]} ms | ${diary_rows[$n]} | ${diary_ms[$n]} ms |"
    done
    echo
    echo "1,000,000 clients cost $(ratio "${due_ms[1000000]}" "${due_ms[10000]}")× the time of 10,000"
    echo "for \`due\` and $(ratio "${diary_ms[1000000]}" "${diary_ms[10000]}")× for the diary (limit 3×)."
    echo
    echo "\`due\` at 1,000,000 clients:"
    echo
    echo '```'
    echo "$due_plan"
    echo '```'
    echo
    echo "The diary's day at 1,000,000 clients:"
    echo
    echo '```'
    echo "$diary_plan"
    echo '```'
} >"$results"
echo "wrote $results"

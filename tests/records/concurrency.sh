#!/usr/bin/env bash
# Eight processes write to one database at once: each adds 200 clients,
# starts courses and records sessions. No write may be lost and none may
# fail with "database is locked". Then all eight race to record a session
# on the same course on the same day: the safety check runs inside the
# write transaction, so exactly one wins and the others are refused.
#
# usage: concurrency.sh PATH/TO/collagenda [WORKERS] [CLIENTS_PER_WORKER]
. "$(dirname "$0")/lib.sh"
records_init "$1"
fake_today 2028-12-31 # the sessions below are on days gone by
workers=${2:-8}
per_worker=${3:-200}
sessions_per_worker=20

# The shared course everyone will race on.
"$CLI" client add --name "Shared" >/dev/null
"$CLI" course start --client 1 --laxity mild --start 2027-01-04 >/dev/null

worker() {
    local w=$1 i id course failures=0
    local log=$WORK/worker-$w
    : >"$log.ids"
    : >"$log.err"
    for ((i = 1; i <= per_worker; i++)); do
        if id=$("$CLI" client add --name "worker $w client $i" 2>>"$log.err"); then
            echo "$id" >>"$log.ids"
        else
            failures=$((failures + 1))
        fi
        if ((i <= sessions_per_worker)); then
            if course=$("$CLI" course start --client "$id" --laxity moderate --start 2027-03-01 \
                2>>"$log.err") &&
                "$CLI" session record --course "$course" --date 2027-03-01 \
                    --practitioner "worker $w" >/dev/null 2>>"$log.err"; then
                echo "$course" >>"$log.courses"
            else
                failures=$((failures + 1))
            fi
        fi
    done
    echo "$failures" >"$log.failures"
}

# Bounds on the waits below, far above what they take on a busy machine
# (and under ctest's TIMEOUT of 300 s): a worker stuck on a lock must fail
# the test with its own message, not hang it.
limit=240

start=$(date +%s)
pids=()
for ((w = 1; w <= workers; w++)); do
    worker "$w" &
    pids+=($!)
done
if ! wait_jobs "$limit" "${pids[@]}"; then
    fail "the workers end within $limit s" "$(tail -n 3 "$WORK"/worker-*.err)"
    finish
fi
for pid in "${pids[@]}"; do
    wait "$pid"
done
elapsed=$(($(date +%s) - start))
echo "$workers workers x $per_worker clients (+ $sessions_per_worker courses and sessions each): ${elapsed}s"

total_failures=0
for ((w = 1; w <= workers; w++)); do
    total_failures=$((total_failures + $(cat "$WORK/worker-$w.failures")))
done
assert_eq "no command failed" "0" "$total_failures"
errors=$(cat "$WORK"/worker-*.err)
assert_empty "no error output at all (no 'database is locked')" "$errors"
expected_clients=$((workers * per_worker + 1))
assert_eq "every client was written" "$expected_clients" "$(sql "$DB" "SELECT count(*) FROM clients")"
cat "$WORK"/worker-*.ids | sort -n >"$WORK/all-ids"
assert_eq "every printed id is distinct" "$((workers * per_worker))" "$(sort -u "$WORK/all-ids" | wc -l)"
sql "$DB" "SELECT id FROM clients WHERE id > 1 ORDER BY id" >"$WORK/stored-ids"
assert_true "every printed id is stored" cmp "$WORK/all-ids" "$WORK/stored-ids"
for ((w = 1; w <= workers; w++)); do
    assert_eq "worker $w's clients are all there" "$per_worker" \
        "$(sql "$DB" "SELECT count(*) FROM clients WHERE name LIKE 'worker $w client %'")"
done
expected_sessions=$((workers * sessions_per_worker))
assert_eq "every session was written" "$expected_sessions" \
    "$(sql "$DB" "SELECT count(*) FROM sessions WHERE practitioner LIKE 'worker %'")"
assert_eq "every course's next due date moved on in the same transaction" "0" \
    "$(sql "$DB" "SELECT count(*) FROM courses WHERE id > 1 AND next_date <= '2027-03-09'")"
assert_eq "every write was audited" "$((expected_clients + 2 * expected_sessions + 1))" \
    "$(sql "$DB" "SELECT count(*) FROM audit_log WHERE action IN ('client.add', 'course.start', 'session.record')")"

# --- the race for one course on one day --------------------------------------------
pids=()
for ((w = 1; w <= workers; w++)); do
    ("$CLI" session record --course 1 --date 2027-01-04 >/dev/null 2>"$WORK/race-$w.err"
     echo $? >"$WORK/race-$w.rc") &
    pids+=($!)
done
if ! wait_jobs "$limit" "${pids[@]}"; then
    fail "the racers end within $limit s" "$(cat "$WORK"/race-*.err)"
    finish
fi
for pid in "${pids[@]}"; do
    wait "$pid"
done
winners=0
refused=0
for ((w = 1; w <= workers; w++)); do
    case $(cat "$WORK/race-$w.rc") in
        0) winners=$((winners + 1)) ;;
        3) refused=$((refused + 1)) ;;
        *) fail "race worker $w" "$(cat "$WORK/race-$w.err")" ;;
    esac
done
assert_eq "exactly one session wins the race" "1" "$winners"
assert_eq "the others are refused as too soon" "$((workers - 1))" "$refused"
assert_eq "one session on the shared course" "1" \
    "$(sql "$DB" "SELECT count(*) FROM sessions WHERE course_id = 1")"

assert_integrity "after concurrent writers" "$DB"
finish

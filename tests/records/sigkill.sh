#!/usr/bin/env bash
# A writer killed with SIGKILL at random moments, again and again: after
# every kill the database opens, passes integrity_check, holds every write
# that reported success, and holds each 200-row import whole or not at all.
#
# usage: sigkill.sh PATH/TO/collagenda [KILLS]
. "$(dirname "$0")/lib.sh"
records_init "$1"
kills=${2:-50}
batch_rows=200

{
    echo "name,email"
    for ((i = 1; i <= batch_rows; i++)); do
        echo "batch client $i,batch$i@example.org"
    done
} >"$WORK/batch.csv"
: >"$WORK/ids.log"
: >"$WORK/batches.log"
"$CLI" client add --name "first" >/dev/null

# The writer: adds clients one by one and imports a batch every third
# round, logging only what the binary reported as done. It runs as its own
# process group so that the kill reaches the collagenda process mid-write.
cat >"$WORK/writer.sh" <<'WRITER'
cli=$1 work=$2 round=$3
i=0
while :; do
    i=$((i + 1))
    if id=$("$cli" client add --name "round $round client $i"); then
        echo "$id" >>"$work/ids.log"
    fi
    if ((i % 3 == 0)) && "$cli" import clients "$work/batch.csv" >/dev/null; then
        echo "$round.$i" >>"$work/batches.log"
    fi
done
WRITER

for ((round = 1; round <= kills; round++)); do
    setsid bash "$WORK/writer.sh" "$CLI" "$WORK" "$round" 2>/dev/null &
    writer=$!
    sleep "$(printf '0.%03d' $((20 + RANDOM % 300)))"
    kill -KILL -- "-$writer" 2>/dev/null
    wait "$writer" 2>/dev/null

    result=$(sql "$DB" "PRAGMA integrity_check" 2>&1)
    if [ "$result" != "ok" ]; then
        fail "round $round: integrity_check" "$result"
        continue
    fi
    pass
    # Every id the writer logged must be stored.
    sort -u "$WORK/ids.log" >"$WORK/logged"
    sql "$DB" "SELECT id FROM clients ORDER BY id" >"$WORK/stored"
    missing=$(comm -23 "$WORK/logged" <(sort -u "$WORK/stored") | head -5)
    if [ -n "$missing" ]; then
        fail "round $round: every reported client is stored" "missing ids: $missing"
    else
        pass
    fi
    # Imports are all or nothing, and every reported one is there.
    batch=$(sql "$DB" "SELECT count(*) FROM clients WHERE name LIKE 'batch client %'")
    if ((batch % batch_rows != 0)); then
        fail "round $round: an import is whole or absent" "$batch batch rows"
    elif ((batch / batch_rows < $(wc -l <"$WORK/batches.log"))); then
        fail "round $round: every reported import is stored" \
            "$((batch / batch_rows)) stored, $(wc -l <"$WORK/batches.log") reported"
    else
        pass
    fi
done

run client show 1 --format json
assert_rc "the binary opens the database after $kills kills" 0
assert_jq "and reads it" '.name == "first"' "$OUT"
run client add --name "after the storm"
assert_rc "and writes to it" 0
echo "$kills kills; $(wc -l <"$WORK/ids.log") reported client adds and $(wc -l <"$WORK/batches.log") reported imports survived"
assert_true "the writer did write between kills" test "$(wc -l <"$WORK/ids.log")" -gt 0
assert_integrity "after $kills kills" "$DB"
assert_eq "the audit log matches the clients" "$(sql "$DB" "SELECT count(*) FROM clients")" \
    "$(sql "$DB" "SELECT count(*) FROM audit_log WHERE action = 'client.add'")"
finish

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
echo $$ >"$work/writer.pid"
i=0
while :; do
    i=$((i + 1))
    if id=$("$cli" client add --name "round $round client $i"); then
        echo "$id" >>"$work/ids.log"
    fi
    # The same batch every time: on purpose, so every import has 200 rows to write.
    if ((i % 3 == 0)) && "$cli" import clients "$work/batch.csv" --allow-duplicate >/dev/null; then
        echo "$round.$i" >>"$work/batches.log"
    fi
done
WRITER

# wrote_since N: the writer has reported more than N client adds in all.
# shellcheck disable=SC2317 # called through wait_until
wrote_since() {
    [ "$(lines "$WORK/ids.log")" -gt "$1" ]
}

# writer_leads_group: the writer has said who it is (in $writer, from the
# file it writes first) and leads its own process group.
# shellcheck disable=SC2317 # called through wait_until
writer_leads_group() {
    writer=$(cat "$WORK/writer.pid" 2>/dev/null) && [ -n "$writer" ] && leads_group "$writer"
}

# Each wait below is bounded: a writer that outlives its kill must fail the
# test, not hang it.
for ((round = 1; round <= kills; round++)); do
    rm -f "$WORK/writer.pid"
    # The writer runs under a subshell that outlives it and turns its death
    # into an exit status (137) to check, where bash would otherwise print a
    # "Killed" line for every round. The writer's own stderr is kept.
    (
        setsid bash "$WORK/writer.sh" "$CLI" "$WORK" "$round" 2>&3
        exit $?
    ) 3>&2 2>/dev/null &
    keeper=$!
    # setsid makes the writer the leader of a new process group only once it
    # runs; a kill sent to the group before that finds no group at all.
    if ! wait_until 60 writer_leads_group; then
        fail "round $round: the writer leads its own process group within 60 s"
        pkill -KILL -P "$keeper" # the writer, not to be left running
        kill -KILL "$keeper"
        break
    fi
    # Killed at a random moment once it is writing, so that every round
    # interrupts real work, however slow the machine.
    written=$(lines "$WORK/ids.log")
    if ! wait_until 120 wrote_since "$written"; then
        fail "round $round: the writer reports a write within 120 s"
    fi
    sleep "$(printf '0.%03d' $((RANDOM % 300)))"
    if ! kill -KILL -- "-$writer"; then
        fail "round $round: SIGKILL reaches the writer's process group $writer"
        kill -KILL "$writer"
        break
    fi
    # SIGKILL cannot be caught, but a process in the middle of a system call
    # (an fsync) dies only when it returns from it.
    if ! wait_until 60 group_gone "$writer"; then
        fail "round $round: every process of the writer's group is dead within 60 s" \
            "$(ps -o pid,stat,wchan,args --sid "$writer" 2>&1)"
        break
    fi
    if ! wait_until 60 ended "$keeper"; then
        fail "round $round: the writer's subshell ends with it"
        break
    fi
    status=0
    wait "$keeper" || status=$?
    assert_eq "round $round: the writer was killed by SIGKILL" 137 "$status"

    result=$(integrity "$DB" 2>&1)
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
echo "$kills kills; $(lines "$WORK/ids.log") reported client adds and $(lines "$WORK/batches.log") reported imports survived"
assert_integrity "after $kills kills" "$DB"
assert_eq "the audit log matches the clients" "$(sql "$DB" "SELECT count(*) FROM clients")" \
    "$(sql "$DB" "SELECT count(*) FROM audit_log WHERE action = 'client.add'")"
finish

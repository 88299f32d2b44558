#!/usr/bin/env bash
# `collagenda migrate [--dry-run]` on both backends, and `collagenda copy`
# moving a SQLite database into PostgreSQL whole: every record under its
# id, the audit log entry for entry, new ids past the copied ones, counts
# checked, and a target that holds a clinic refused. Runs only beside the
# PostgreSQL test server (ctest's records.migrate_copy.pg).
#
# usage: migrate_copy.sh PATH/TO/collagenda
. "$(dirname "$0")/lib.sh"
records_init "$1"
if ! on_postgresql; then
    echo "needs the PostgreSQL test server (CLG_TEST_PG_HOST)" >&2
    exit 2
fi
fake_today 2027-03-20
newdb() { "$(dirname "$0")/../pg/newdb.sh" "$1"; }
LITE=$WORK/clinic.db

# --- migrate -----------------------------------------------------------------------------
run --db "$LITE" migrate --dry-run
assert_rc "dry run on a new SQLite file" 0
assert_match "says every migration would run" "^schema version 0; this collagenda's is ([0-9]+): ([0-9]+) migrations to run$" "$OUT"
latest=${BASH_REMATCH[1]}
assert_eq "one migration per version on SQLite" "$latest" "${BASH_REMATCH[2]}"
assert_true "the dry run wrote nothing" test ! -e "$LITE"
run --db "$LITE" migrate
assert_eq "migrate applies them" "schema version 0 -> $latest: $latest migrations applied" "$OUT"
run --db "$LITE" migrate
assert_eq "and then has nothing to do" "schema version $latest: up to date" "$OUT"

run migrate --dry-run
assert_match "PostgreSQL: a new database, the same latest version" "^schema version 0; this collagenda's is $latest: [0-9]+ migrations? to run$" "$OUT"
assert_eq "the dry run created no table" "0" \
    "$(sql "$DB" "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
run migrate
assert_rc "migrate on PostgreSQL" 0
run migrate --dry-run
assert_eq "now up to date" "schema version $latest; this collagenda's is $latest: 0 migrations to run" "$OUT"
sql "$DB" "INSERT INTO schema_migrations (version, applied_at) VALUES (99, now())"
run migrate
assert_rc "a newer schema is an operational failure" 1
assert_contains "saying so" "schema version 99, newer than this collagenda knows ($latest)" "$ERR"
run client list
assert_rc "every other command refuses it too" 1
sql "$DB" "DELETE FROM schema_migrations WHERE version = 99"

# --- a clinic's life on SQLite ---------------------------------------------------------------
L() { run --db "$LITE" "$@"; }
L client add --name "Ada Client" --email ada@example.org --skin-type II
L client add --name "Ada Twin" --email ada.twin@example.org
L client add --name "Bea Other" --phone "+44 20 7946 0000"
L course start --client 1 --laxity mild --start 2027-01-04
L course start --client 3 --laxity moderate --start 2027-01-11
L session record --course 1 --date 2027-01-04 --depth-mm 1.5 --notes "tolerated well"
L session record --course 2 --date 2027-01-11
L session void 2 --reason "entered in error"
L session record --course 1 --date 2027-02-08 --gais 2
L session book --course 1 --date 2027-03-22 --time 10:00
L session book --course 2 --date 2027-03-23
L booking cancel 2
L session book --course 2 --date 2027-03-24 --time 09:30
L client merge 1 2 --reason "the same person"
L feed create --client 3
# A client portal link (issue 17's portal migration): one revoked, one live.
L portal create --client 3
L portal create --client 3
assert_rc "a portal link on SQLite" 0
printf 'secret password 1\n' | "$CLI" --db "$LITE" user add --email admin@example.org --role admin >/dev/null
"$CLI" --db "$LITE" token create --email admin@example.org >/dev/null
# Staff management (migration 12): a disabled user, a token that expires, one revoked.
printf 'secret password 2\n' | "$CLI" --db "$LITE" user add --email nurse@example.org >/dev/null
"$CLI" --db "$LITE" token create --email nurse@example.org --label ci --expires-in 30 >/dev/null
"$CLI" --db "$LITE" token create --email admin@example.org --label old >/dev/null
L token revoke 3
L user disable nurse@example.org
# A CDS Hooks client (migration 13), its public key a fixed P-384 point.
printf '%s\n' '{"kty": "EC", "crv": "P-384", "kid": "copy-1",
  "x": "ZJKivi_4H9y64RjEtw58W1T8SBnoJh0ZmJHKkY2Cwcdv1vRdoueKChxgrnQ954TB",
  "y": "LswZ5u5zaZD43Ulhzr6YXPzp3-2VAM-vLmkRmrw-ArVoweDAU6dcHPlsuTqP1IM8"}' >"$WORK/ehr.jwk"
L cds-client add https://ehr.example --jwk-file "$WORK/ehr.jwk"
assert_rc "a CDS client registered on SQLite" 0
L clinic add "Second Site"
L --clinic "Second Site" client add --name "Cy Elsewhere"
L client show 1 --format json
assert_rc "the SQLite clinic is set up" 0

# --- copy ---------------------------------------------------------------------------------------
TARGET=$(newdb copy)
run copy --from "$LITE" --to "$TARGET"
assert_rc "copy" 0
assert_contains "reports each table's rows" "audit_log" "$OUT"
assert_contains "counted on both sides" "copied; every table's rows counted on both sides" "$OUT"
for table in clinics clients protocols courses sessions bookings users api_tokens logins feeds audit_log \
    cds_clients cds_token_ids portals; do
    assert_eq "$table: the same rows" "$(sql "$LITE" "SELECT count(*) FROM $table")" \
        "$(sql "$TARGET" "SELECT count(*) FROM $table")"
done
for command in "client list --format json" "client show 1 --format json" "course show 1 --format json" \
    "course show 2 --format json" "due --on 2027-03-20 --within 3650 --format json" \
    "diary --on 2027-03-22 --days 7 --format json" "export sessions --format csv" "clinic show --format json" \
    "user list --format json" "token list --format json" "cds-client list --format json" \
    "portal show --client 3"; do
    # shellcheck disable=SC2086 # the words of the command
    expected=$("$CLI" --db "$LITE" $command 2>&1)
    # shellcheck disable=SC2086
    actual=$("$CLI" --db "$TARGET" $command 2>&1)
    assert_eq "$command: the same answer from the copy" "$expected" "$actual"
done
assert_eq "the audit log, entry for entry (reads aside)" \
    "$("$CLI" --db "$LITE" audit --format csv | grep -v '\.read,\|records\.export\|audit\.read')" \
    "$("$CLI" --db "$TARGET" audit --format csv | grep -v '\.read,\|records\.export\|audit\.read')"
assert_eq "the user's password and token work on the copy" "admin@example.org" \
    "$(sql "$TARGET" "SELECT u.email FROM users u JOIN api_tokens t ON t.user_id = u.id WHERE t.id = 1")"
assert_eq "the disabled user, the expiring and the revoked token kept" "1 1 1" \
    "$(sql "$TARGET" "SELECT (SELECT count(*) FROM users WHERE disabled = 1),
        (SELECT count(*) FROM api_tokens WHERE expires_at > extract(epoch FROM now())),
        (SELECT count(*) FROM api_tokens WHERE revoked = 1 AND label = 'old')" | tr '|' ' ')"
run --db "$TARGET" client add --name "Dee New"
assert_eq "a new id comes after the copied ones" "$(($(sql "$LITE" "SELECT max(id) FROM clients") + 1))" "$OUT"
if sql "$TARGET" "DELETE FROM audit_log" 2>/dev/null; then
    fail "the copied audit log is append-only"
else
    pass
fi

run copy --from "$LITE" --to "$TARGET"
assert_rc "a target that holds a clinic is refused" 2
assert_contains "saying so" "copy into an empty database" "$ERR"
run copy --from "$WORK/missing.db" --to "$(newdb copy)"
assert_rc "a SQLite file that is not there" 2
run copy --from "$LITE" --to "$WORK/other.db"
assert_rc "the target must be PostgreSQL" 2
finish

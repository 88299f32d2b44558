#!/usr/bin/env bash
# A client's portal link on the command line (docs/records.md#client-portal):
# `portal create` prints /portal/<64 hex> once and the store keeps only the
# token's SHA-256; creating again revokes the old link (one live link per
# client); `portal show` lists the links with when each was created and
# revoked, never the secret; `portal revoke` ends the live one, and a second
# revoke is not found; an unknown, merged or erased client gets no link.
# Each change is audited (portal.create, portal.revoke) and the audit
# reader knows both actions. The client's export lists the links without
# their secrets; erasing a client revokes their live link, and so does
# merging them into another (who keeps their wish not to be reminded).
#
# usage: portal.sh PATH/TO/collagenda
. "$(dirname "$0")/lib.sh"
records_init "$1"
fake_today 2027-03-01

run client add --name "Ada Lovelace"
ada=$OUT
run portal create --client "$ada"
assert_rc "create" 0
assert_match "a secret path, printed once" '^/portal/[0-9a-f]{64}$' "$OUT"
first=${OUT#/portal/}
stored=$(sql "$DB" "SELECT token_hash FROM portals WHERE client_id = $ada")
assert_eq "only the token's SHA-256 is stored" "$(printf %s "$first" | sha256sum | cut -d' ' -f1)" "$stored"
assert_eq "the token itself is nowhere in the table" "0" \
    "$(sql "$DB" "SELECT count(*) FROM portals WHERE token_hash = '$first'")"

run portal create --client "$ada"
assert_rc "create again" 0
second=${OUT#/portal/}
assert_true "a new secret" [ "$first" != "$second" ]
assert_eq "one live link per client" "1|1" \
    "$(sql "$DB" "SELECT count(*) FILTER (WHERE revoked_at IS NULL), count(*) FILTER (WHERE revoked_at IS NOT NULL) FROM portals WHERE client_id = $ada")"

run portal show --client "$ada"
assert_rc "show" 0
assert_eq "two links listed" "2" "$(grep -c . <<<"$OUT")"
assert_match "the first revoked, with when" '^link [0-9]+  created [0-9T:.Z-]+  revoked [0-9T:.Z-]+$' \
    "$(head -n1 <<<"$OUT")"
assert_match "the second live" '^link [0-9]+  created [0-9T:.Z-]+  live$' "$(tail -n1 <<<"$OUT")"
assert_not_contains "never the first secret" "$first" "$OUT"
assert_not_contains "never the second secret" "$second" "$OUT"

run portal revoke --client "$ada"
assert_rc "revoke" 0
assert_eq "no live link left" "0" \
    "$(sql "$DB" "SELECT count(*) FROM portals WHERE client_id = $ada AND revoked_at IS NULL")"
before=$(counts "$DB")
run portal revoke --client "$ada"
assert_rc "nothing to revoke" 2
assert_eq "saying so" "collagenda: portal: client $ada has no portal link to revoke" "$ERR"
assert_unchanged "a failed revoke writes nothing" "$before" "$DB"

assert_eq "audited: two links created" "2" \
    "$(sql "$DB" "SELECT count(*) FROM audit_log WHERE action = 'portal.create' AND entity_id = $ada")"
assert_eq "audited: two revoked (by the second create, then by revoke)" "2" \
    "$(sql "$DB" "SELECT count(*) FROM audit_log WHERE action = 'portal.revoke' AND entity_id = $ada")"
run audit --action portal.create --format json
assert_rc "the audit reader knows portal.create" 0
assert_eq "and lists both" "2" "$(jq length <<<"$OUT")"
run audit --action portal.revoke
assert_rc "the audit reader knows portal.revoke" 0

# The client's export lists every link, live or revoked, never a secret.
run client export "$ada" --format json
assert_rc "export" 0
assert_eq "the export lists both links, both revoked" "2|false|false" \
    "$(jq -r '[(.portals | length), (.portals[0].live), (.portals[1].live)] | join("|")' <<<"$OUT")"
assert_not_contains "the export holds no secret" "$second" "$OUT"

# Erasing a client revokes their live link in the same transaction, audited.
run client add --name "Cleo Erased"
cleo=$OUT
run portal create --client "$cleo"
assert_rc "a link for Cleo" 0
run client erase "$cleo" --reason "asked to be forgotten"
assert_rc "erase Cleo" 0
assert_eq "the erasure revoked the live link" "0|1" \
    "$(sql "$DB" "SELECT count(*) FILTER (WHERE revoked_at IS NULL), count(*) FROM portals WHERE client_id = $cleo")"
assert_eq "audited as portal.revoke" "1" \
    "$(sql "$DB" "SELECT count(*) FROM audit_log WHERE action = 'portal.revoke' AND entity_id = $cleo")"
assert_eq "and said in the erasure's entry" "true" \
    "$(sql "$DB" "SELECT after_json FROM audit_log WHERE action = 'client.erase' AND entity_id = $cleo" | jq -r .portal_revoked)"

run portal create --client 999
assert_rc "an unknown client" 2
assert_eq "naming the client" "collagenda: client: no client with id 999" "$ERR"
run client add --name "Bea Twice"
bea=$OUT
run client add --name "Bea Twice" --allow-duplicate
twin=$OUT
run portal create --client "$twin"
assert_rc "a link for the twin before the merge" 0
run messages --client "$twin" --reminders off
assert_rc "the twin asked for no reminders" 0
run client merge "$bea" "$twin" --reason "entered twice"
assert_rc "merge" 0
assert_eq "the merge revoked the twin's live link" "0" \
    "$(sql "$DB" "SELECT count(*) FROM portals WHERE client_id = $twin AND revoked_at IS NULL")"
assert_eq "the kept client keeps the wish not to be reminded" "1" \
    "$(sql "$DB" "SELECT count(*) FROM opt_outs WHERE client_id = $bea")"
assert_eq "both said in the merge's entry" "true|true" \
    "$(sql "$DB" "SELECT after_json FROM audit_log WHERE action = 'client.merge' AND entity_id = $bea" | jq -r '[.portal_revoked, .opt_out_carried] | map(tostring) | join("|")')"
run portal create --client "$twin"
assert_rc "a merged client gets no link" 2
run client erase "$bea" --reason "asked to be forgotten"
assert_rc "erase" 0
run portal create --client "$bea"
assert_rc "an erased client gets no link" 2

run portal show --client "$bea"
assert_rc "show, a client with none" 0
assert_eq "saying so" "client $bea has had no portal link" "$OUT"
run portal create
assert_rc "--client is required" 2
run portal open --client "$ada"
assert_rc "an unknown action" 2

assert_integrity "portal database" "$DB"
finish

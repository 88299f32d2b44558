#!/usr/bin/env bash
# Staff management with the real binary and a real database file
# (docs/records.md#staff-accounts): `user list | disable | enable |
# password | role` and `token create --expires-in | list | revoke`. Each
# change audited; disabling ends the user's login sessions and revokes
# their tokens in the same write, enabling brings neither back; a new
# password ends every login session; the clinic's last enabled admin is
# kept (exit 3); bad input is exit 2 and writes nothing.
#
# usage: staff.sh PATH/TO/collagenda
. "$(dirname "$0")/lib.sh"
records_init "$1"

PASSWORD="correct horse battery staple"
NEW_PASSWORD="another long passphrase"

# A login session of user ID as the server would store it (the server is not needed here).
add_login() {
    sql "$DB" "INSERT INTO logins (session_hash, user_id, csrf_token, expires_at, created_at)
               VALUES ('$(printf '%064d' "$2")', $1, 'csrf', 4102444800, '2027-01-01T00:00:00.000Z')"
}
# audited ACTION USER: the number of entries of ACTION about user (or token) id USER.
audited() {
    sql "$DB" "SELECT count(*) FROM audit_log WHERE action = '$1' AND entity_id = $2"
}
# json_pair: SQL making an audit entry's {"before", "after"}, on either backend.
json_pair() {
    if on_postgresql; then
        echo "json_build_object('before', before_json::json, 'after', after_json::json)"
    else
        echo "json_object('before', json(before_json), 'after', json(after_json))"
    fi
}
# epoch_now: SQL for the database's clock in Unix seconds, on either backend.
epoch_now() {
    if on_postgresql; then echo "extract(epoch FROM now())::bigint"; else echo "unixepoch()"; fi
}
# everything: every row of the tables staff management writes, for "nothing was written".
everything() {
    sql "$DB" "SELECT * FROM users; SELECT * FROM api_tokens; SELECT * FROM logins;
               SELECT count(*) FROM audit_log"
}

# --- setup: two users, tokens, a login each ------------------------------------------------------
run user add --email boss@clinic.example --role admin <<<"$PASSWORD"
assert_rc "user add admin" 0
run user add --email nurse@clinic.example <<<"$PASSWORD"
assert_rc "user add staff" 0
run token create --email nurse@clinic.example --label laptop
assert_rc "token create" 0
nurse_token=$OUT
run token create --email nurse@clinic.example
add_login 1 1
add_login 2 2
add_login 2 3
assert_eq "migration 12 applied" "1" "$(sql "$DB" "SELECT count(*) FROM schema_migrations WHERE version = 12")"

# --- user list ------------------------------------------------------------------------------------
run user list
assert_rc "user list" 0
assert_eq "user list as text" "ID      ROLE   STATUS    E-MAIL
1       admin  enabled   boss@clinic.example
2       staff  enabled   nurse@clinic.example" "$OUT"
run user list --format json
assert_jq "user list as JSON" \
    'map({id, email, role, disabled}) == [
       {"id": 1, "email": "boss@clinic.example", "role": "admin", "disabled": false},
       {"id": 2, "email": "nurse@clinic.example", "role": "staff", "disabled": false}]
     and all(.created_at | test("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z$"))' "$OUT"
assert_not_contains "no hash in the list" "argon2" "$OUT"
run clinic add "Other Clinic"
run user list --clinic "Other Clinic" --format json
assert_eq "another clinic's list is its own" "[]" "$OUT"

# --- bad input: exit 2, nothing written -----------------------------------------------------------
before=$(everything)
bad() { # bad NAME EXIT PATTERN ARGS...
    local name=$1 rc=$2 pattern=$3
    shift 3
    run "$@" </dev/null
    assert_rc "$name: exit $rc" "$rc"
    assert_match "$name: says why" "$pattern" "$ERR"
    assert_empty "$name: nothing on stdout" "$OUT"
}
bad "disable without a name" 2 "^collagenda: user: use 'user add" user disable
bad "an unknown action" 2 "^collagenda: user: use " user promote nurse@clinic.example
bad "disable an unknown user" 2 "^collagenda: user: no user has the address 'ghost@clinic.example'$" \
    user disable ghost@clinic.example
bad "--email with disable" 2 "^collagenda: user: --email and --role go with 'user add'" \
    user disable --email nurse@clinic.example
bad "an unknown role" 2 "^collagenda: role: 'owner' is not allowed; use one of: admin, staff$" \
    user role nurse@clinic.example owner
bad "role without a role" 2 "^collagenda: user: use " user role nurse@clinic.example
bad "password without stdin" 2 "^collagenda: password: give the password on the first line" \
    user password nurse@clinic.example
run user password nurse@clinic.example <<<"short"
assert_rc "a short password: exit 2" 2
assert_match "a short password: says why" "^collagenda: password: .*12" "$ERR"
bad "token create --expires-in 0" 2 \
    "^collagenda: --expires-in: '0' is not allowed; use a whole number of days from 1 to 3650$" \
    token create --email nurse@clinic.example --expires-in 0
bad "token create --expires-in 3651" 2 "^collagenda: --expires-in: '3651' is not allowed" \
    token create --email nurse@clinic.example --expires-in 3651
bad "token create --expires-in a week" 2 "^collagenda: --expires-in: 'week' is not allowed" \
    token create --email nurse@clinic.example --expires-in week
bad "token create --expires-in huge" 2 "^collagenda: --expires-in: '99999999999999999999' is not" \
    token create --email nurse@clinic.example --expires-in 99999999999999999999
bad "token revoke without an id" 2 "^collagenda: token: use " token revoke
bad "token revoke of a word" 2 "^collagenda: token: 'one' is not an id" token revoke one
bad "token revoke of an unknown id" 2 "^collagenda: token: no token has the id 99$" token revoke 99
bad "token list for an unknown user" 2 "^collagenda: --user: no user has the address 'x@y.example'" \
    token list --user x@y.example
bad "--label with list" 2 "^collagenda: token: --email, --label and --expires-in go with" \
    token list --label x
assert_eq "bad input wrote nothing" "$before" "$(everything)"

# --- the last enabled admin is kept ---------------------------------------------------------------
before=$(everything)
run user disable boss@clinic.example
assert_rc "disable the last admin: exit 3" 3
assert_eq "says so" "collagenda: user: boss@clinic.example is the clinic's last enabled admin; make another user an admin first, so that someone can still manage the clinic" "$ERR"
run user role boss@clinic.example staff
assert_rc "demote the last admin: exit 3" 3
assert_match "names the role" "^collagenda: role: boss@clinic.example is the clinic's last enabled admin" "$ERR"
assert_eq "the guard wrote nothing" "$before" "$(everything)"

# --- role ------------------------------------------------------------------------------------------
run user role nurse@clinic.example admin
assert_rc "user role admin" 0
assert_eq "prints the user" "2       admin  enabled   nurse@clinic.example" "$OUT"
assert_eq "audited" "1" "$(audited user.role 2)"
run user role nurse@clinic.example admin --format json
assert_jq "the same role again: the user as JSON" '.role == "admin" and .id == 2' "$OUT"
assert_eq "...and nothing more audited" "1" "$(audited user.role 2)"
# Two admins now: the first may step down, and then the second is the last.
run user role boss@clinic.example staff
assert_rc "the first admin steps down" 0
run user disable nurse@clinic.example
assert_rc "now the nurse is the last admin: exit 3" 3
run user role boss@clinic.example admin
run user role nurse@clinic.example staff
assert_rc "back to staff" 0
assert_eq "three role changes of the nurse audited" "2" "$(audited user.role 2)"

# --- disable ends sessions and tokens; enable brings neither back ----------------------------------
run user disable nurse@clinic.example
assert_rc "user disable" 0
assert_eq "prints the user disabled" "2       staff  disabled  nurse@clinic.example" "$OUT"
assert_eq "the nurse's logins ended, the boss's kept" "1" \
    "$(sql "$DB" "SELECT user_id FROM logins ORDER BY user_id" | paste -sd ',')"
assert_eq "every token of the nurse revoked" "1|1" \
    "$(sql "$DB" "SELECT revoked FROM api_tokens WHERE user_id = 2 ORDER BY id" | paste -sd '|')"
assert_jq "the audit entry says what ended" \
    '.before.disabled == false and .after == {"email": "nurse@clinic.example", "role": "staff",
      "disabled": true, "logins_ended": 2, "tokens_revoked": 2}' \
    "$(sql "$DB" "SELECT $(json_pair) FROM audit_log WHERE action = 'user.disable'")"
run token create --email nurse@clinic.example
assert_rc "no token for a disabled user: exit 2" 2
assert_eq "says why" "collagenda: --email: nurse@clinic.example is disabled; enable the user before giving them a token" "$ERR"
run user disable nurse@clinic.example
assert_rc "disabling again" 0
assert_eq "...audits nothing more" "1" "$(audited user.disable 2)"
run user enable nurse@clinic.example
assert_rc "user enable" 0
assert_eq "prints the user enabled" "2       staff  enabled   nurse@clinic.example" "$OUT"
assert_eq "audited" "1" "$(audited user.enable 2)"
assert_eq "the old tokens stay revoked" "1|1" \
    "$(sql "$DB" "SELECT revoked FROM api_tokens WHERE user_id = 2 ORDER BY id" | paste -sd '|')"

# --- password ---------------------------------------------------------------------------------------
add_login 2 4
add_login 2 5
hash_before=$(sql "$DB" "SELECT password_hash FROM users WHERE id = 2")
run user password nurse@clinic.example <<<"$NEW_PASSWORD"
assert_rc "user password" 0
# shellcheck disable=SC2016 # a literal dollar in the pattern
assert_match "a new argon2id hash" '^\$argon2id\$' "$(sql "$DB" "SELECT password_hash FROM users WHERE id = 2")"
assert_true "not the old one" test "$hash_before" != "$(sql "$DB" "SELECT password_hash FROM users WHERE id = 2")"
assert_eq "every login of the nurse ended" "0" "$(sql "$DB" "SELECT count(*) FROM logins WHERE user_id = 2")"
assert_eq "audited" "1" "$(audited user.password 2)"
assert_not_contains "never the password in the log" "$NEW_PASSWORD" "$(sql "$DB" "SELECT * FROM audit_log")"

# --- tokens: list, expiry, revoke ------------------------------------------------------------------
run token create --email nurse@clinic.example --label ci --expires-in 30
assert_rc "token create --expires-in 30" 0
assert_match "prints the secret" "^[0-9a-f]{64}$" "$OUT"
assert_eq "expires 30 days from now" "1" \
    "$(sql "$DB" "SELECT CASE WHEN abs(expires_at - ($(epoch_now) + 30 * 86400)) < 120 THEN 1 ELSE 0 END
                  FROM api_tokens WHERE label = 'ci'")"
# Made on a day long past for one day: expired now.
(fake_today 2025-01-06 && run token create --email nurse@clinic.example --label old --expires-in 1)
run token list --format json
assert_jq "token list: states and expiries" \
    'map({id, user, email, "label": .label, state}) == [
       {"id": 1, "user": 2, "email": "nurse@clinic.example", "label": "laptop", "state": "revoked"},
       {"id": 2, "user": 2, "email": "nurse@clinic.example", "label": null, "state": "revoked"},
       {"id": 3, "user": 2, "email": "nurse@clinic.example", "label": "ci", "state": "live"},
       {"id": 4, "user": 2, "email": "nurse@clinic.example", "label": "old", "state": "expired"}]
     and .[3].expires_at == "2025-01-07T12:00:00Z" and .[0].expires_at == null' "$OUT"
assert_not_contains "no secret listed" "$nurse_token" "$OUT"
run token list
assert_match "as text" "^ID      STATE    CREATED               EXPIRES               USER / LABEL
1       revoked  [0-9T:-]+Z  never                 nurse@clinic.example / laptop
" "$OUT"
assert_contains "the expired one" "4       expired  " "$OUT"
assert_contains "its expiry" "2025-01-07T12:00:00Z  nurse@clinic.example / old" "$OUT"
run token create --email boss@clinic.example
run token list --user boss@clinic.example --format json
assert_jq "--user: that user's only" 'map(.email) == ["boss@clinic.example"]' "$OUT"
run --clinic "Other Clinic" token list --format json
assert_eq "another clinic's tokens are its own" "[]" "$OUT"
run token revoke 3
assert_rc "token revoke" 0
assert_empty "prints nothing" "$OUT"
assert_eq "revoked" "1" "$(sql "$DB" "SELECT revoked FROM api_tokens WHERE id = 3")"
assert_eq "audited" "1" "$(audited token.revoke 3)"
run token revoke 3
assert_rc "revoking it again" 0
assert_eq "...audits nothing more" "1" "$(audited token.revoke 3)"

# --- every action is one the audit reader knows -----------------------------------------------------
for action in user.disable user.enable user.role user.password token.revoke; do
    run audit --action "$action" --format json
    assert_rc "audit --action $action" 0
    assert_jq "audit --action $action finds it" 'length >= 1' "$OUT"
done
assert_integrity "staff" "$DB"
finish

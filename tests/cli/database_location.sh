#!/usr/bin/env bash
# Where the database is (docs/records.md#command-line, collagenda(1) ENVIRONMENT): --db, else
# $COLLAGENDA_DB, else $XDG_DATA_HOME/collagenda/collagenda.db, else
# ~/.local/share/collagenda/collagenda.db. Every run here sets HOME and
# XDG_DATA_HOME inside the scratch directory, so no real database is touched.
#
# usage: database_location.sh PATH/TO/collagenda
. "$(dirname "$0")/lib.sh"
cli_init "$1"

home=$WORK/home
xdg=$WORK/xdg
mkdir -p "$home"

# in_env VAR=VALUE... -- ARGS...: runs the binary with exactly these locations.
in_env() {
    local -a assignments=()
    while [ "$1" != "--" ]; do
        assignments+=("$1")
        shift
    done
    shift
    env -u COLLAGENDA_DB -u XDG_DATA_HOME HOME="$home" "${assignments[@]}" \
        "$CLI" "$@" >"$WORK/out" 2>"$WORK/err"
    RC=$?
    OUT=$(cat "$WORK/out")
    ERR=$(cat "$WORK/err")
}

# names_in DATABASE: the client names stored in it, comma-separated.
names_in() {
    env -u COLLAGENDA_DB HOME="$home" XDG_DATA_HOME="$xdg" \
        "$CLI" --db "$1" client list --format json 2>/dev/null | jq -r '[.[].name] | join(",")'
}

# --- XDG_DATA_HOME -------------------------------------------------------------
in_env XDG_DATA_HOME="$xdg" -- client add --name "Xena Data"
assert_rc "XDG_DATA_HOME: client add exit 0" 0
assert_match "XDG_DATA_HOME: client add prints the new id" '^[0-9]+$' "$OUT"
assert_true "XDG_DATA_HOME: the database is \$XDG_DATA_HOME/collagenda/collagenda.db" \
    test -f "$xdg/collagenda/collagenda.db"
assert_eq "XDG_DATA_HOME: the database file is private (0600)" 600 \
    "$(stat -c %a "$xdg/collagenda/collagenda.db")"
assert_eq "XDG_DATA_HOME: the client is in it" "Xena Data" "$(names_in "$xdg/collagenda/collagenda.db")"

# --- no XDG_DATA_HOME: ~/.local/share --------------------------------------------
in_env -- client add --name "Hal Home"
assert_rc "HOME only: client add exit 0" 0
assert_eq "HOME only: the database is ~/.local/share/collagenda/collagenda.db" "Hal Home" \
    "$(names_in "$home/.local/share/collagenda/collagenda.db")"

# --- COLLAGENDA_DB beats XDG_DATA_HOME ----------------------------------------------
in_env COLLAGENDA_DB="$WORK/env.db" XDG_DATA_HOME="$xdg" -- client add --name "Eve Env"
assert_rc "COLLAGENDA_DB: client add exit 0" 0
assert_eq "COLLAGENDA_DB: the client is in \$COLLAGENDA_DB" "Eve Env" "$(names_in "$WORK/env.db")"
assert_eq "COLLAGENDA_DB: not in the XDG database" "Xena Data" \
    "$(names_in "$xdg/collagenda/collagenda.db")"

# --- --db beats COLLAGENDA_DB ----------------------------------------------------
in_env COLLAGENDA_DB="$WORK/env.db" XDG_DATA_HOME="$xdg" -- --db "$WORK/flag.db" \
    client add --name "Flo Flag"
assert_rc "--db: client add exit 0" 0
assert_eq "--db: the client is in the --db file" "Flo Flag" "$(names_in "$WORK/flag.db")"
assert_eq "--db: not in \$COLLAGENDA_DB" "Eve Env" "$(names_in "$WORK/env.db")"

# --- plan and protocol need no database ------------------------------------------
in_env XDG_DATA_HOME="$WORK/plan-only" -- plan --laxity mild --format json
assert_rc "plan without a database: exit 0" 0
assert_true "plan creates no database" test ! -e "$WORK/plan-only"

# --- a PostgreSQL URI whose server cannot be reached: an operational failure naming --db ---
in_env XDG_DATA_HOME="$xdg" -- --db "postgresql://clinic@/collagenda?host=$WORK/no-server" client list
assert_rc "postgresql:// with no server there: operational failure" 1
assert_empty "postgresql:// with no server there: stdout" "$OUT"
assert_match "postgresql:// with no server there: says so on stderr" '^collagenda: --db: cannot connect' "$ERR"

# --- a database that cannot be created is an operational failure ----------------------
: >"$WORK/a-file"
in_env -- --db "$WORK/a-file/sub/collagenda.db" client list
assert_rc "unusable --db path: exit 1" 1
assert_empty "unusable --db path: stdout" "$OUT"
assert_match "unusable --db path: one 'collagenda: ' line" '^collagenda: ' "$ERR"

finish

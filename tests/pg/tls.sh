#!/usr/bin/env bash
# TLS to the database (docs/design.md#many-servers): `collagenda` reaches a
# PostgreSQL server over TLS through libpq's own options in its location
# (sslmode=verify-full, sslrootcert=...), and refuses one whose certificate
# its root does not vouch for.
#
# A private PostgreSQL server of its own (initdb + pg_ctl, as Debian's
# postgres account when run as root, as tests/pg/server.sh does), with
# ssl=on and a self-signed certificate made here by openssl for 127.0.0.1,
# listening on 127.0.0.1 only (TLS needs TCP) on a free port. Its
# pg_hba.conf accepts TCP only as `hostssl`, so a connection that is not
# TLS is refused: a command that succeeds there went over TLS, and the
# server's log says so for each connection (log_connections).
#
#   tls.sh BINARY        exits 77 (skipped) when PostgreSQL is not installed
set -u
# shellcheck source=../cli/lib.sh
. "$(dirname "$0")/../cli/lib.sh"
cli_init "$1"

find_bin() {
    local dir
    if [ -n "${CLG_PG_BINDIR:-}" ] && [ -x "$CLG_PG_BINDIR/$1" ]; then
        echo "$CLG_PG_BINDIR/$1"
        return 0
    fi
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) /usr/bin /usr/local/bin; do
        if [ -x "$dir/$1" ]; then
            echo "$dir/$1"
            return 0
        fi
    done
    return 1
}

if ! INITDB=$(find_bin initdb) || ! PG_CTL=$(find_bin pg_ctl) ||
    ! command -v psql >/dev/null || ! command -v openssl >/dev/null; then
    echo "PostgreSQL (initdb, pg_ctl, psql) or openssl is not installed: skipped"
    exit 77
fi

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

DIR=$(mktemp -d /tmp/collagenda-pg.XXXXXX)
stop_server() {
    if [ -f "$DIR/data/postmaster.pid" ]; then
        as_owner "$PG_CTL" -D "$DIR/data" -m immediate -w -t 60 stop >/dev/null 2>&1
    fi
    rm -rf "$DIR" "$WORK"
}
trap stop_server EXIT
trap 'exit 130' INT TERM

# The server's certificate, self-signed for 127.0.0.1, and another that is no root of it.
if ! openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
    -addext "subjectAltName=IP:127.0.0.1" -keyout "$DIR/server.key" -out "$DIR/server.crt" \
    2>"$WORK/openssl.log" ||
    ! openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=someone else" \
        -keyout "$WORK/other.key" -out "$WORK/other.crt" 2>>"$WORK/openssl.log"; then
    cat "$WORK/openssl.log" >&2
    exit 1
fi
chmod 0600 "$DIR/server.key"
if [ "$(id -u)" -eq 0 ]; then
    chown -R postgres: "$DIR"
fi
chmod 0700 "$DIR"

as_owner "$INITDB" -D "$DIR/data" -U postgres --auth=trust --no-sync --encoding=UTF8 \
    --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 || {
    cat "$WORK/initdb.log" >&2
    exit 1
}
# Over TCP only TLS (hostssl); the Unix socket for this script's own set-up.
printf 'local all all trust\nhostssl all all 127.0.0.1/32 trust\n' |
    as_owner tee "$DIR/data/pg_hba.conf" >/dev/null

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
as_owner "$PG_CTL" -D "$DIR/data" -l "$DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$PORT -c unix_socket_directories='$DIR' \
        -c ssl=on -c ssl_cert_file='$DIR/server.crt' -c ssl_key_file='$DIR/server.key' \
        -c log_connections=on -c fsync=off" start >/dev/null || {
    cat "$DIR/server.log" >&2
    exit 1
}
psql -X -q -h "$DIR" -p "$PORT" -U postgres -d postgres -c "CREATE DATABASE tls" || exit 1

BASE="postgresql://postgres@127.0.0.1:$PORT/tls"

# --- TLS, the server's certificate checked against its root and its name -----------------------
run --db "$BASE?sslmode=verify-full&sslrootcert=$DIR/server.crt" migrate
assert_rc "verify-full with the right root: the schema is made" 0
run --db "$BASE?sslmode=verify-full&sslrootcert=$DIR/server.crt" client add --name "Over TLS"
assert_rc "and a client added over it" 0
run --db "$BASE?sslmode=verify-full&sslrootcert=$DIR/server.crt" client list --format json
assert_rc "and read back" 0
assert_contains "the client" '"Over TLS"' "$OUT"
assert_match "the server's log: the connections were TLS" \
    "connection authorized: user=postgres database=tls.*SSL enabled" "$(cat "$DIR/server.log")"

# --- without TLS the server refuses: what succeeded above went over TLS -------------------------
run --db "$BASE?sslmode=disable" client list
assert_rc "no TLS: refused (hostssl only)" 1
assert_match "saying pg_hba.conf has no entry for it" "no pg_hba.conf entry|no encryption" "$ERR"

# --- a root that does not vouch for the server's certificate ------------------------------------
run --db "$BASE?sslmode=verify-full&sslrootcert=$WORK/other.crt" client list
assert_rc "the wrong root certificate: exit 1" 1
assert_match "naming the certificate" "certificate verify failed" "$ERR"
assert_not_contains "and nothing on stdout" "Over TLS" "$OUT"
run --db "$BASE?sslmode=verify-full&sslrootcert=$WORK/missing.crt" client list
assert_rc "a root certificate file that is not there: exit 1" 1
assert_match "naming it" "root certificate file .*missing.crt" "$ERR"

finish

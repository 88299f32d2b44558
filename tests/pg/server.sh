#!/usr/bin/env bash
# A private PostgreSQL server for the tests: initdb + pg_ctl in a temporary
# folder, listening on a Unix socket only (listen_addresses = ''), trust
# authentication on that socket alone, nothing on the network.
#
#   server.sh start STATE   starts one; STATE (a file) receives its folder
#   server.sh stop STATE    stops it and removes the folder
#   server.sh host STATE    prints its socket folder
#   server.sh restart STATE restarts it (the tests of reconnecting)
#   server.sh run CMD...    starts one, runs CMD with CLG_TEST_PG_HOST and
#                           CLG_TEST_PG_STATE set, and stops it whatever
#                           happens (trap)
#
# CLG_TEST_PG_HOST is the server's socket folder, /tmp/collagenda-pg.XXXXXX;
# every test makes databases of its own in it (tests/pg/newdb.sh), named
# postgresql://postgres@/NAME?host=FOLDER.
#
# initdb refuses to run as root, and CI runs as root: then the server runs as
# Debian's `postgres` account (runuser), which owns the folder.
set -euo pipefail


find_bin() {
    local name=$1 dir
    # `return 0`, not `return`: inside the EXIT trap a bare return would give
    # back the status the script was exiting with, and stop would end there.
    if [ -n "${CLG_PG_BINDIR:-}" ] && [ -x "$CLG_PG_BINDIR/$name" ]; then
        echo "$CLG_PG_BINDIR/$name"
        return 0
    fi
    # Debian keeps the server's programs out of PATH, one folder per major version.
    for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) /usr/bin /usr/local/bin; do
        if [ -x "$dir/$name" ]; then
            echo "$dir/$name"
            return 0
        fi
    done
    echo "server.sh: $name not found (apt-get install postgresql)" >&2
    exit 2
}

as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

start() {
    local state=$1 dir initdb pg_ctl
    stop "$state" # one a run that was cut short left behind
    initdb=$(find_bin initdb)
    pg_ctl=$(find_bin pg_ctl)
    dir=$(mktemp -d /tmp/collagenda-pg.XXXXXX)
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$dir"
    fi
    chmod 0700 "$dir"
    # Written first, so that a failed start is still cleaned up by stop.
    echo "$dir" >"$state"
    as_owner "$initdb" -D "$dir/data" -U postgres --auth=trust --no-sync --encoding=UTF8 \
        --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
        cat "$dir/initdb.log" >&2
        return 1
    }
    # fsync off: a test server holds nothing worth a power cut, and the
    # machine's disk is shared; CLG_PG_DURABLE=1 (the benchmarks) keeps
    # PostgreSQL's defaults, every commit flushed. max_connections covers two
    # servers' pools per test with many tests at once.
    local settings="-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB"
    if [ "${CLG_PG_DURABLE:-0}" = 1 ]; then
        settings="-c shared_buffers=256MB"
    fi
    as_owner "$pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses='' -c unix_socket_directories='$dir' -c max_connections=300 \
            $settings" start >/dev/null || {
        cat "$dir/server.log" >&2
        return 1
    }
}

# Restarts the server of STATE (the tests of reconnecting): fast shutdown, then start.
restart() {
    local dir pg_ctl
    dir=$(cat "$1")
    pg_ctl=$(find_bin pg_ctl)
    as_owner "$pg_ctl" -D "$dir/data" -m fast -w -t 60 restart >/dev/null
}

stop() {
    local state=$1 dir pg_ctl
    local -
    set +e # whatever fails, go on removing what is left (for this function only)
    [ -f "$state" ] || return 0
    dir=$(cat "$state")
    pg_ctl=$(find_bin pg_ctl)
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$pg_ctl" -D "$dir/data" -m immediate -w -t 60 stop >/dev/null 2>&1 || true
    fi
    case $dir in
    /tmp/collagenda-pg.*) rm -rf "$dir" ;;
    esac
    rm -f "$state"
}


case ${1:-} in
start)
    start "$2"
    ;;
stop)
    stop "$2"
    ;;
host)
    cat "$2"
    ;;
restart)
    restart "$2"
    ;;
run)
    shift
    state=$(mktemp /tmp/collagenda-pg-state.XXXXXX)
    trap 'stop "$state"' EXIT
    trap 'exit 130' INT TERM
    start "$state"
    CLG_TEST_PG_HOST=$(cat "$state")
    CLG_TEST_PG_STATE=$state
    export CLG_TEST_PG_HOST CLG_TEST_PG_STATE
    "$@"
    ;;
*)
    echo "usage: $0 start STATE | stop STATE | host STATE | restart STATE | run CMD..." >&2
    exit 2
    ;;
esac

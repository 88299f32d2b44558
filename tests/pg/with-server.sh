#!/usr/bin/env bash
# with-server.sh STATE CMD...: runs CMD against the suite's PostgreSQL test
# server, the one `server.sh start STATE` started (ctest's fixture
# `postgresql`), with CLG_TEST_PG_HOST set; CMD makes its own databases there.
set -euo pipefail
state=$1
shift
if [ ! -s "$state" ]; then
    echo "with-server.sh: no test server ($state); the fixture postgresql starts it" >&2
    exit 2
fi
CLG_TEST_PG_HOST=$(cat "$state")
export CLG_TEST_PG_HOST
exec "$@"

#!/usr/bin/env bash
# newdb.sh [PREFIX]: a new, empty database on the test server named by
# $CLG_TEST_PG_HOST (tests/pg/server.sh); prints its location.
set -euo pipefail
: "${CLG_TEST_PG_HOST:?CLG_TEST_PG_HOST is not set: run under tests/pg/server.sh}"
name=${1:-t}_$$_${RANDOM}${RANDOM}
psql -X -q -v ON_ERROR_STOP=1 "postgresql://postgres@/postgres?host=$CLG_TEST_PG_HOST" \
    -c "CREATE DATABASE \"$name\"" >/dev/null
echo "postgresql://postgres@/$name?host=$CLG_TEST_PG_HOST"

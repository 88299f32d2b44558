# shellcheck shell=bash
# Shared helpers for the integration tests of the real `collagenda` binary.
#
# Each test script sources this file, calls cli_init with the binary's path,
# runs the binary through `run`, checks with the assert_* functions, and ends
# with `finish`, which prints "N passed, M failed" and exits non-zero when
# anything failed. Assertions never stop the script: one run shows every
# broken promise, not just the first.
#
# After `run`, the last command's result is in RC (exit status), OUT (stdout,
# trailing newlines removed as by "$(...)") and ERR (stderr); the raw bytes are
# also in the files "$WORK/out" and "$WORK/err".

set -u

PASSED=0
FAILED=0

# cli_init BINARY: checks the tools the tests need and makes a scratch directory.
cli_init() {
    CLI=$1
    if [ ! -x "$CLI" ]; then
        echo "error: '$CLI' is not an executable collagenda binary" >&2
        exit 2
    fi
    if ! command -v jq >/dev/null 2>&1; then
        echo "error: jq is needed (apt-get install jq)" >&2
        exit 2
    fi
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/collagenda-cli.XXXXXX")
    trap 'rm -rf "$WORK"' EXIT
}

# fake_today DATE: from here on, every program the script starts (the binary
# above all) finds its clock starting at DATE 12:00 and running on from
# there: libfaketime (Debian's faketime package) preloaded, with no fork
# between the script and the binary, so a background job's PID is the
# binary's. For tests that record sessions on fixed dates: a session
# cannot be recorded before its day has come (docs/records.md#dates), and
# the product has no clock of its own to set.
fake_today() {
    if ! compgen -G '/usr/lib/*/faketime/libfaketimeMT.so.1' >/dev/null; then
        echo "error: libfaketime is needed (apt-get install faketime)" >&2
        exit 2
    fi
    # $LIB is the loader's own: the library folder of the binary's architecture.
    # shellcheck disable=SC2016
    export LD_PRELOAD='/usr/$LIB/faketime/libfaketimeMT.so.1'
    export FAKETIME="@$1 12:00:00" DONT_FAKE_MONOTONIC=1
    # ASan wants its runtime first among the preloaded libraries; here libfaketime is.
    export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0
}

# at_time "YYYY-MM-DD HH:MM:SS" CMD...: runs CMD with its clock starting at
# that moment and running on, as the `faketime` wrapper does, but with
# libfaketime preloaded directly: the wrapper names a semaphore after its
# PID (/dev/shm/sem.faketime_sem_PID), and one that a killed process left
# behind makes a later wrapper of the same PID fail ("sem_open: File
# exists"), which on a busy machine happens every few dozen runs.
at_time() {
    local time=$1
    shift
    # shellcheck disable=SC2016 # $LIB is the loader's own
    LD_PRELOAD='/usr/$LIB/faketime/libfaketimeMT.so.1' FAKETIME="@$time" DONT_FAKE_MONOTONIC=1 \
        ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 "$@"
}

pass() {
    PASSED=$((PASSED + 1))
}

# fail NAME DETAIL...: records a failure and says why.
fail() {
    local name=$1
    shift
    FAILED=$((FAILED + 1))
    echo "FAIL: $name" >&2
    local line
    for line in "$@"; do
        printf '      %s\n' "$line" >&2
    done
}

# run ARGS...: runs the binary with ARGS (stdin is inherited, so `run ... <file` works).
# shellcheck disable=SC2034 # RC, OUT and ERR are read by the scripts sourcing this file
run() {
    "$CLI" "$@" >"$WORK/out" 2>"$WORK/err"
    RC=$?
    OUT=$(cat "$WORK/out")
    ERR=$(cat "$WORK/err")
}

# assert_eq NAME EXPECTED ACTUAL
assert_eq() {
    if [ "$2" == "$3" ]; then
        pass
    else
        fail "$1" "expected: $2" "actual:   $3"
    fi
}

# assert_rc NAME EXPECTED: the last run's exit status.
assert_rc() {
    if [ "$RC" -eq "$2" ]; then
        pass
    else
        fail "$1" "expected exit status $2, got $RC" "stderr: ${ERR:0:300}"
    fi
}

# assert_match NAME EXTENDED_REGEX TEXT
assert_match() {
    if [[ $3 =~ $2 ]]; then
        pass
    else
        fail "$1" "expected to match: $2" "actual: ${3:0:400}"
    fi
}

# assert_contains NAME NEEDLE HAYSTACK: a plain substring test.
assert_contains() {
    if [[ $3 == *"$2"* ]]; then
        pass
    else
        fail "$1" "expected to contain: $2" "actual: ${3:0:400}"
    fi
}

# assert_not_contains NAME NEEDLE HAYSTACK: the substring is nowhere in it.
assert_not_contains() {
    if [[ $3 != *"$2"* ]]; then
        pass
    else
        fail "$1" "expected not to contain: $2" "actual: ${3:0:400}"
    fi
}

# assert_empty NAME TEXT
assert_empty() {
    if [ -z "$2" ]; then
        pass
    else
        fail "$1" "expected nothing, got: ${2:0:300}"
    fi
}

# assert_true NAME COMMAND...: the command succeeds.
assert_true() {
    local name=$1
    shift
    if "$@" >/dev/null 2>&1; then
        pass
    else
        fail "$name" "command failed: $*"
    fi
}

# assert_json_eq NAME EXPECTED_JSON ACTUAL_JSON: equal as JSON values (key order ignored).
assert_json_eq() {
    local expected actual
    if ! expected=$(jq -S -c . <<<"$2" 2>&1); then
        fail "$1" "expected value is not JSON: $expected"
        return
    fi
    if ! actual=$(jq -S -c . <<<"$3" 2>&1); then
        fail "$1" "actual value is not JSON: ${3:0:300}"
        return
    fi
    assert_eq "$1" "$expected" "$actual"
}

# assert_jq NAME FILTER JSON [JQ_ARGS...]: the jq filter, run with -e, yields true.
# JQ_ARGS pass variables, e.g. --argjson tags "$tags".
assert_jq() {
    local name=$1 filter=$2 json=$3
    shift 3
    if jq -e "$@" "$filter" >/dev/null 2>&1 <<<"$json"; then
        pass
    else
        fail "$name" "jq filter not true: $filter" "on: ${json:0:400}"
    fi
}

# finish: the summary line, and the exit status for ctest.
finish() {
    echo "$PASSED passed, $FAILED failed"
    if [ "$FAILED" -ne 0 ]; then
        exit 1
    fi
    exit 0
}

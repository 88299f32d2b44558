#!/usr/bin/env bash
# Bad input to the records commands: each is refused with a precise message
# naming the field (exit 2, stdout empty) and writes nothing at all, audit
# log included.
#
# usage: bad_input.sh PATH/TO/collagenda
. "$(dirname "$0")/lib.sh"
records_init "$1"
fake_today 2028-12-31 # the sessions below are on days gone by

run client add --name "Ada"
run course start --client 1 --laxity mild --start 2027-01-04
run session record --course 1 --date 2027-01-04
before=$(counts "$DB")

# refuses NAME EXPECTED_STDERR ARGS...: exit 2, exactly that message, nothing written.
refuses() {
    local name=$1 expected=$2
    shift 2
    run "$@"
    assert_rc "$name: exit 2" 2
    assert_eq "$name: message" "$expected" "$ERR"
    assert_empty "$name: stdout empty" "$OUT"
    assert_unchanged "$name" "$before" "$DB"
}

# refuses_like NAME REGEX ARGS...: exit 2, a message matching REGEX, nothing written.
refuses_like() {
    local name=$1 pattern=$2
    shift 2
    run "$@"
    assert_rc "$name: exit 2" 2
    assert_match "$name: message" "$pattern" "$ERR"
    assert_empty "$name: stdout empty" "$OUT"
    assert_unchanged "$name" "$before" "$DB"
}

# --- unknown ids ---------------------------------------------------------------
refuses "unknown course" "collagenda: course: no course with id 99" \
    session record --course 99 --date 2027-02-08
refuses "unknown client for a course" "collagenda: client: no client with id 42" \
    course start --client 42 --laxity mild --start 2027-01-04
refuses "unknown client" "collagenda: client: no client with id 7" client show 7
refuses "unknown course to show" "collagenda: course: no course with id 5" course show 5
refuses_like "an id that is not a number" "^collagenda: --course: '1; DROP TABLE sessions' is not an id" \
    session record --course "1; DROP TABLE sessions" --date 2027-02-08
refuses_like "a zero id" "^collagenda: client: '0' is not an id" client show 0
refuses_like "a negative id" "^collagenda: client: '-3' is not an id|unknown option '-3'" client show -3

# --- dates -------------------------------------------------------------------------
refuses "an impossible session date" \
    "collagenda: --date: '2027-02-30' does not exist on the calendar (month 01-12, day within the month, year 0001-9999)" \
    session record --course 1 --date 2027-02-30
refuses_like "a malformed date" "^collagenda: --date: '8/2/2027' is not a date; use YYYY-MM-DD" \
    session record --course 1 --date 8/2/2027
refuses_like "an impossible start" "^collagenda: --start: '2027-13-01' does not exist" \
    course start --client 1 --laxity mild --start 2027-13-01
refuses_like "an impossible birth date" "^collagenda: --birth-date: '1990-02-29' does not exist" \
    client add --name "Bo" --birth-date 1990-02-29
refuses_like "a birth date in the future" "^collagenda: --birth-date: 2999-01-01 is in the future" \
    client add --name "Bo" --birth-date 2999-01-01
refuses "a session before the course's start" \
    "collagenda: --date: 2027-01-01 is before the course's start on 2027-01-04" \
    session record --course 1 --date 2027-01-01
refuses_like "an impossible --on" "^collagenda: --on: '2027-02-29' does not exist" due --on 2027-02-29

# --- grades and measurements -----------------------------------------------------------
refuses "laxity grade 4.3" \
    "collagenda: --laxity-grade: '4.3' is not allowed; use 0 to 4 in half steps (0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4) on the Alexiades-Armenakas scale" \
    session record --course 1 --date 2027-02-08 --laxity-grade 4.3
refuses_like "laxity grade 5" "^collagenda: --laxity-grade: '5' is not allowed" \
    session record --course 1 --date 2027-02-08 --laxity-grade 5
refuses "GAIS 7" \
    "collagenda: --gais: '7' is not allowed; use a whole number 1 to 5 on the Global Aesthetic Improvement Scale (1 exceptional ... 5 worse)" \
    session record --course 1 --date 2027-02-08 --gais 7
refuses_like "GAIS 2.5" "^collagenda: --gais: '2.5' is not allowed" \
    session record --course 1 --date 2027-02-08 --gais 2.5
refuses "negative depth" \
    "collagenda: --depth-mm: '-0.5' is not allowed; use a positive depth in millimetres with at most two decimals, for example 0.5 or 1.25" \
    session record --course 1 --date 2027-02-08 --depth-mm=-0.5
refuses_like "depth as words" "^collagenda: --depth-mm: 'deep' is not allowed" \
    session record --course 1 --date 2027-02-08 --depth-mm deep
refuses_like "an unknown area" "^collagenda: --areas: 'scalp' is not allowed; use one of: under-eyes, face, neck, chest, arms, abdomen" \
    session record --course 1 --date 2027-02-08 --areas scalp
refuses_like "an unknown modality" "^collagenda: --modality: 'laser' is not allowed; use one of: auto, traditional, rf, roller" \
    session record --course 1 --date 2027-02-08 --modality laser
refuses_like "modality auto for a session" "^collagenda: --modality: 'auto' is for plans" \
    session record --course 1 --date 2027-02-08 --modality auto
refuses_like "an unknown screening code" "^collagenda: --screening: 'flu' is not allowed" \
    session record --course 1 --date 2027-02-08 --screening flu

# --- flags ------------------------------------------------------------------------------------
refuses_like "an unknown flag" "^collagenda: session: unknown flag '--colour'; allowed: --course, --date" \
    session record --course 1 --date 2027-02-08 --colour blue
refuses "--force without --reason" \
    "collagenda: --force: needs --reason TEXT saying why the safety rule is overridden" \
    session record --course 1 --date 2027-01-10 --force
refuses "--reason without --force" "collagenda: --reason: is only used with --force" \
    session record --course 1 --date 2027-02-08 --reason "because"
refuses_like "a blank reason" "^collagenda: --force: needs a reason saying why" \
    session record --course 1 --date 2027-01-10 --force --reason "   "
refuses "course start without --laxity" \
    "collagenda: --laxity: is required; use one of: none, mild, moderate, severe" \
    course start --client 1 --start 2027-01-04
refuses_like "an unknown goal" "^collagenda: --goal: 'glow' is not allowed" \
    course start --client 1 --laxity mild --goal glow
refuses_like "due --within negative" "^collagenda: --within: '-1' is not allowed" due --within -1
refuses_like "an unknown format" "^collagenda: --format: 'xml' is not allowed; use one of: text, json, csv" due --format xml
refuses_like "a skin type out of range" "^collagenda: --skin-type: 'VII' is not allowed; use one of: I, II, III, IV, V, VI" \
    client add --name "Cy" --skin-type VII
refuses_like "a blank name" "^collagenda: --name: is required and must not be blank" client add --name "  "
refuses_like "a bad e-mail" "^collagenda: --email: 'not-an-address' is not an e-mail address" \
    client add --name "Cy" --email not-an-address
refuses_like "a bad phone" "^collagenda: --phone: 'call me' is not a phone number" \
    client add --name "Cy" --phone "call me"
refuses_like "a name with a control character" "^collagenda: --name: must be UTF-8 text" \
    client add --name $'bell\a'
refuses_like "a name that is not UTF-8" "^collagenda: --name: must be UTF-8 text" \
    client add --name $'caf\xe9'

# --- malformed CSV: the bad row is named by its line, nothing is imported -----------------------
csv() {
    printf '%b' "$1" >"$WORK/in.csv"
}
csv 'name,email,phone,birth_date,skin_type\nGood One,,,,\nBad Date,,,1990-02-30,\n'
refuses_like "an impossible birth date on line 3" \
    "^collagenda: .*/in.csv: line 3: birth_date: '1990-02-30' does not exist on the calendar" \
    import clients "$WORK/in.csv"
csv 'name,email,phone,birth_date,skin_type\r\n"Quoted\r\nname",,,,\r\nBad "quote",,,,\r\n'
refuses_like "a stray quote on line 4 (after a record spanning lines 2-3)" \
    "^collagenda: .*/in.csv: line 4: malformed CSV: a quote inside an unquoted field" \
    import clients "$WORK/in.csv"
csv 'name,email\nA,a@example.org\n"never closed,x\nB,b@example.org\n'
refuses_like "an unclosed quote" "^collagenda: .*/in.csv: line 3: malformed CSV: a quoted field is never closed" \
    import clients "$WORK/in.csv"
csv 'name,email,phone\nA,a@example.org,\nB,b@example.org,,extra\n'
refuses_like "too many fields on line 3" "^collagenda: .*/in.csv: line 3: has 4 fields, the header has 3" \
    import clients "$WORK/in.csv"
csv 'name,colour\nA,blue\n'
refuses_like "an unknown column" "^collagenda: .*/in.csv: line 1: unknown column 'colour'" \
    import clients "$WORK/in.csv"
csv 'email\na@example.org\n'
refuses_like "no name column" "^collagenda: .*/in.csv: line 1: the header row has no 'name' column" \
    import clients "$WORK/in.csv"
csv 'name,skin_type\nA,I\nB,VII\n'
refuses_like "a bad skin type on line 3" "^collagenda: .*/in.csv: line 3: skin_type: 'VII' is not allowed" \
    import clients "$WORK/in.csv"
csv 'name,email\nA,a@example.org\n,b@example.org\n'
refuses_like "a blank name on line 3" "^collagenda: .*/in.csv: line 3: name: is required" \
    import clients "$WORK/in.csv"
csv 'name\nA\n"B"x\n'
refuses_like "text after a closing quote" "^collagenda: .*/in.csv: line 3: malformed CSV: text after the closing quote" \
    import clients "$WORK/in.csv"
csv 'name\nCaf\xe9\n'
refuses_like "a Latin-1 file" "^collagenda: .*/in.csv: line 2: not UTF-8 text" import clients "$WORK/in.csv"
csv ''
refuses_like "an empty file" "^collagenda: .*/in.csv: the file is empty" import clients "$WORK/in.csv"
run import clients "$WORK/missing.csv"
assert_rc "a missing file is an operational failure" 1
assert_unchanged "missing file" "$before" "$DB"

# A database file that is not a database: an operational failure, not a crash.
echo "not a database" >"$WORK/junk.db"
run --db "$WORK/junk.db" client list
assert_rc "a file that is not a database" 1
assert_match "says so" "^collagenda: database: .*not a database" "$ERR"

assert_integrity "bad input database" "$DB"
finish

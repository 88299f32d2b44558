#!/usr/bin/env bash
# Input and output hygiene with the real binary and a real database file
# (docs/design.md#input-and-output-hygiene):
#  - spreadsheet formulas: no cell of any CSV the product writes (clients,
#    courses, sessions, due, diary, audit) begins with = + - @ tab or CR;
#    `export clients` -> `import clients` gives the same clients back;
#  - text XML/iCalendar cannot carry (U+FFFE, U+0001...) is refused at input
#    naming the field, and rows holding it anyway (written with the sqlite3
#    shell) still export a well-formed SVG and iCalendar (course and diary);
#  - numbers too large for their field are invalid input naming it (exit 2);
#  - a long multi-byte value echoed in an error is cut on a character boundary;
#  - a write for a record that does not exist, or is another clinic's, is
#    "not found" (exit 2) and writes nothing, not even a refusal's audit row;
#  - `backup FILE` never replaces or deletes what it did not create.
#
# usage: hygiene.sh PATH/TO/collagenda
. "$(dirname "$0")/lib.sh"
records_init "$1"
fake_today 2027-02-08

# Debian's interpreter: python3-icalendar is installed for it (a python3
# earlier on PATH, e.g. pyenv's, would not see it).
PYTHON=/usr/bin/python3
[ -x "$PYTHON" ] || PYTHON=python3

# every_cell_safe NAME FILE: no CSV cell of FILE begins with a formula character.
every_cell_safe() {
    local bad
    bad=$("$PYTHON" - "$2" <<'EOF'
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for number, row in enumerate(csv.reader(f), 1):
        for cell in row:
            if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                print(f"line {number}: {cell!r}")
EOF
    )
    if [ -z "$bad" ] && [ -s "$2" ]; then pass; else fail "$1" "${bad:-empty file}"; fi
}

# valid_utf8 TEXT: the text decodes as UTF-8.
valid_utf8() {
    printf '%s' "$1" | "$PYTHON" -c 'import sys; sys.stdin.buffer.read().decode("utf-8")'
}

# ---- spreadsheet formulas ------------------------------------------------

run client add --name '=HYPERLINK("http://evil.test","click")' --email '=1+1@x.test' \
    --phone '+1 555 0100'
assert_rc "a client named like a formula" 0
run client add --name '-3' --email '-a@x.test'
run client add --name '+1'
run client add --name '@a'
run client add --name "'=already quoted"
run client add --name $'\t=tab first'
run client add --name "O'Brien"
assert_eq "seven clients" 7 "$(sql "$DB" "SELECT count(*) FROM clients")"
run course start --client 1 --laxity mild --start 2027-01-04
run session record --course 1 --date 2027-01-04 --notes '=2+5' --device '-3' \
    --practitioner '@a'
assert_rc "a session whose notes look like formulas" 0
run session book --course 1 --date 2027-02-08 --time 10:30
assert_rc "a booking for the diary" 0
run session book --course 1 --date 2027-02-10 --force --reason '=cmd|calc'
for kind in clients courses sessions; do
    run export "$kind"
    printf '%s\n' "$OUT" >"$WORK/$kind.csv"
    every_cell_safe "export $kind: every cell safe" "$WORK/$kind.csv"
done
assert_contains "the name guarded" "'=HYPERLINK(" "$(cat "$WORK/clients.csv")"
assert_contains "device, practitioner and notes guarded" "'-3,'@a,'=2+5," "$(tr -d '\r' <"$WORK/sessions.csv")"
run due --on 2027-02-08 --within 30 --format csv
printf '%s\n' "$OUT" >"$WORK/due.csv"
every_cell_safe "due CSV: every cell safe" "$WORK/due.csv"
assert_contains "due CSV guards the name" "'=HYPERLINK(" "$OUT"
run diary --on 2027-02-08 --days 7 --format csv
printf '%s\n' "$OUT" >"$WORK/diary.csv"
every_cell_safe "diary CSV: every cell safe" "$WORK/diary.csv"
assert_contains "diary CSV guards the phone" "'+1 555 0100" "$OUT"
run audit --format csv
printf '%s\n' "$OUT" >"$WORK/audit.csv"
every_cell_safe "audit CSV: every cell safe" "$WORK/audit.csv"
assert_contains "audit CSV guards a reason" "'=cmd|calc" "$OUT"

# Round trip: the export imported into a fresh database is the same clients.
run export clients --format json
before=$(jq -c '[.[] | {name, email, phone}]' <<<"$OUT")
run --db "$WORK/copy.db" import clients "$WORK/clients.csv"
assert_rc "import the clients CSV" 0
run --db "$WORK/copy.db" export clients --format json
assert_eq "import gives every client back byte for byte" "$before" \
    "$(jq -c '[.[] | {name, email, phone}]' <<<"$OUT")"
assert_eq "the formula name came back without its guard" '=HYPERLINK("http://evil.test","click")' \
    "$(jq -r '.[0].name' <<<"$OUT")"
assert_eq "and the apostrophe name with its own apostrophe" "'=already quoted" \
    "$(jq -r '.[4].name' <<<"$OUT")"
# A spreadsheet's own guarded cell (typed as '=x) imports as the text.
printf 'name,phone\r\n'"'"'=SUM(A1),'"'"'+44 1\r\n' >"$WORK/typed.csv"
run --db "$WORK/typed.db" import clients "$WORK/typed.csv"
run --db "$WORK/typed.db" export clients --format json
assert_eq "a typed guard is taken away" '=SUM(A1) +44 1' "$(jq -r '.[0] | "\(.name) \(.phone)"' <<<"$OUT")"

# ---- text XML and iCalendar cannot carry ----------------------------------

counted=$(counts "$DB")
run client add --name $'Ada\xef\xbf\xbe'
assert_rc "a name with U+FFFE is invalid input" 2
assert_contains "naming the flag" "collagenda: --name: must be UTF-8 text without control" "$ERR"
run client add --name $'Ada\x01'
assert_rc "a name with U+0001" 2
run client add --name $'Ada\xed\xa0\x80'
assert_rc "a name with a lone surrogate" 2
run client add --name 'Ada' --email $'ada\xef\xbf\xbf@x.test'
assert_rc "an e-mail with U+FFFF" 2
assert_contains "naming --email" "collagenda: --email:" "$ERR"
run session record --course 1 --date 2027-02-08 --notes $'ok\xef\xbf\xbe' --force --reason x
assert_rc "notes with U+FFFE" 2
assert_contains "naming --notes" "collagenda: --notes:" "$ERR"
run clinic set --address $'Main St\x1b'
assert_rc "a clinic address with ESC" 2
assert_contains "naming --address" "collagenda: --address:" "$ERR"
printf 'name\r\nBad\xef\xbf\xbeName\r\n' >"$WORK/bad.csv"
run import clients "$WORK/bad.csv"
assert_rc "an import row with U+FFFE" 2
assert_unchanged "refused text" "$counted" "$DB"

# Old rows holding them anyway still export well-formed documents.
ch() { # ch CODE: SQL for the character CODE on either backend (char is a type in PostgreSQL).
    if on_postgresql; then echo "chr($1)"; else echo "char($1)"; fi
}
sql "$DB" "UPDATE clients SET name = 'Old' || $(ch 65534) || $(ch 1) || $(ch 65535) || 'Row' WHERE id = 1;
           UPDATE clinics SET address = 'Main St' || $(ch 65534) || $(ch 11) WHERE id = 1;
           UPDATE sessions SET notes = 'n' || $(ch 65534) WHERE id = 1"
run course show 1 --format svg
assert_rc "the SVG of a course whose client name holds U+FFFE" 0
printf '%s' "$OUT" >"$WORK/course.svg"
assert_true "the SVG is well-formed XML" "$PYTHON" -c \
    'import sys, xml.etree.ElementTree as T; T.parse(sys.argv[1])' "$WORK/course.svg"
assert_contains "the name shown with U+FFFD" "Old"$'\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd'"Row" "$OUT"
run course show 1 --format ics
assert_rc "the iCalendar of the same course" 0
printf '%s' "$OUT" >"$WORK/course.ics"
assert_true "python3-icalendar reads it" "$PYTHON" -c '
import sys, icalendar
raw = open(sys.argv[1], "rb").read()
text = raw.decode("utf-8")
assert not any(c in text for c in "\ufffe\uffff\x01\x0b"), "uncarriable character"
cal = icalendar.Calendar.from_ical(raw)
assert any(c.name == "VEVENT" for c in cal.walk())' "$WORK/course.ics"

run diary --on 2027-02-08 --days 7 --format ics
assert_rc "the diary's calendar with the same client and clinic" 0
printf '%s' "$OUT" >"$WORK/diary.ics"
assert_contains "the name shown with U+FFFD" "Old"$'\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd'"Row" "$OUT"
assert_true "python3-icalendar reads the diary's calendar" "$PYTHON" -c '
import sys, icalendar
raw = open(sys.argv[1], "rb").read()
text = raw.decode("utf-8")
assert not any(c in text for c in "\ufffe\uffff\x01\x0b"), "uncarriable character"
cal = icalendar.Calendar.from_ical(raw)
assert any(c.name == "VEVENT" for c in cal.walk())' "$WORK/diary.ics"

# ---- numbers too large for their field ------------------------------------

counted=$(counts "$DB")

run session record --course 1 --date 2027-02-08 --gais 99999999999
assert_rc "--gais 99999999999" 2
assert_contains "names --gais and its range" "collagenda: --gais: '99999999999' is not allowed; use a whole number 1 to 5" "$ERR"
run session record --course 1 --date 2027-02-08 --gais 9223372036854775808
assert_rc "--gais past INT64_MAX" 2
run session record --course 1 --date 2027-02-08 --depth-mm 99999999999.5
assert_rc "--depth-mm 99999999999.5" 2
assert_contains "names --depth-mm" "collagenda: --depth-mm:" "$ERR"
run session record --course 1 --date 2027-02-08 --laxity-grade 4294967296
assert_rc "--laxity-grade 2^32" 2
run client show 9223372036854775808
assert_rc "an id past INT64_MAX" 2
assert_contains "names the id range" "ids run from 1 to 9223372036854775807" "$ERR"
run client show 9223372036854775807
assert_rc "INT64_MAX is an id, just not one on file" 2
assert_contains "not found" "no client with id 9223372036854775807" "$ERR"
run due --within 99999999999999999999
assert_rc "--within past any integer" 2
assert_contains "names --within and its range" "use a whole number of days from 0 to" "$ERR"
run diary --days 2147483648
assert_rc "--days INT_MAX+1" 2
assert_contains "names --days and its range" "use a whole number of days from 1 to" "$ERR"
run clinic set --chairs 99999999999999999999
assert_rc "--chairs past any integer" 2
assert_contains "names --chairs and its range" "use a whole number from 1 to 100" "$ERR"
assert_unchanged "refused numbers" "$counted" "$DB"

# ---- a long multi-byte value in an error ----------------------------------

long=$(printf 'é%.0s' {1..300})
run client add --name Ada --email "$long"
assert_rc "an e-mail of 300 é" 2
assert_true "the message is valid UTF-8" valid_utf8 "$ERR"
emoji=$(printf '😀%.0s' {1..300})
run session record --course 1 --date 2027-02-08 --gais "$emoji"
assert_rc "--gais of 300 emoji" 2
assert_true "the message is valid UTF-8" valid_utf8 "$ERR"
run client show "$emoji"
assert_true "an id of 300 emoji: valid UTF-8" valid_utf8 "$ERR"

# ---- writes for records that do not exist or are another clinic's ---------

run clinic add "Other clinic"
run --clinic "Other clinic" client add --name "Their client"
other_client=$OUT
run --clinic "Other clinic" course start --client "$other_client" --laxity mild --start 2027-01-04
other_course=$OUT
run --clinic "Other clinic" session record --course "$other_course" --date 2027-01-04
other_session=$(sql "$DB" "SELECT id FROM sessions WHERE course_id = $other_course")
audit_rows() { sql "$DB" "SELECT count(*) FROM audit_log"; }
rows=$(audit_rows)
for client in 999 "$other_client"; do
    run course start --client "$client" --laxity mild --screening pregnancy --start 2027-02-08
    assert_rc "course start, blocked screening, client $client: not found" 2
    assert_contains "says which" "no client with id $client" "$ERR"
done
for course in 999 "$other_course"; do
    run session record --course "$course" --date 2027-01-05
    assert_rc "session record too soon, course $course: not found" 2
    run session book --course "$course" --date 2027-01-05
    assert_rc "session book too soon, course $course: not found" 2
done
run session amend "$other_session" --date 2027-01-05 --reason "typo"
assert_rc "amend another clinic's session: not found" 2
assert_eq "no audit row for any of them (no safety.refused)" "$rows" "$(audit_rows)"

# ---- backup never replaces or deletes what it did not create ----------------

if on_postgresql; then
    # A PostgreSQL database is backed up with pg_dump: backup refuses and writes no file.
    mkdir "$WORK/backups"
    run backup "$WORK/backups/copy.db"
    assert_rc "backup on PostgreSQL: refused" 2
    assert_contains "naming pg_dump" "pg_dump" "$ERR"
    assert_eq "no file written" "" "$(ls -A "$WORK/backups")"
else
    mkdir "$WORK/backups"
    echo "someone's own file" >"$WORK/backups/copy.db.partial"
    run backup "$WORK/backups/copy.db"
    assert_rc "backup to a new name" 0
    assert_eq "an unrelated FILE.partial survives" "someone's own file" \
        "$(cat "$WORK/backups/copy.db.partial")"
    assert_eq "the copy is a database" "ok" "$(sql "$WORK/backups/copy.db" "PRAGMA integrity_check")"
    assert_eq "mode 0600" "600" "$(stat -c %a "$WORK/backups/copy.db")"
    assert_eq "no temporary file left" "copy.db copy.db.partial" "$(cd "$WORK/backups" && echo *)"
    echo "precious" >"$WORK/backups/mine.db"
    run backup "$WORK/backups/mine.db"
    assert_rc "an existing FILE is refused" 2
    assert_contains "saying so" "already exists" "$ERR"
    assert_eq "and kept" "precious" "$(cat "$WORK/backups/mine.db")"
    # A dangling symbolic link passes an exists-check (access follows it) but is
    # a name all the same: link(2) refuses it, so nothing is written through it.
    ln -s "$WORK/backups/nowhere" "$WORK/backups/link.db"
    run backup "$WORK/backups/link.db"
    assert_rc "a dangling symbolic link is refused" 2
    assert_true "and is still a link" test -L "$WORK/backups/link.db"
    assert_true "nothing written where it points" test ! -e "$WORK/backups/nowhere"
    assert_eq "still no temporary file" "copy.db copy.db.partial link.db mine.db" \
        "$(cd "$WORK/backups" && echo *)"
    run backup "$WORK/no-such-folder/copy.db"
    assert_rc "a folder that does not exist" 1
    assert_contains "a clear error" "no-such-folder/copy.db: cannot create a file beside it" "$ERR"

fi

assert_integrity "after it all" "$DB"
finish

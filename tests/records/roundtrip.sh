#!/usr/bin/env bash
# Names that break naive code round-trip byte for byte: quotes, SQL
# metacharacters, non-Latin scripts, emoji, embedded line breaks, commas.
# Through `client add` -> `client show --format json`, and through
# `export clients` (CSV) -> `import clients` into a fresh database ->
# `export clients --format json`. Also an RFC 4180 file written by hand
# (CRLF, quoted commas and line breaks, doubled quotes, a UTF-8 BOM).
#
# usage: roundtrip.sh PATH/TO/collagenda
. "$(dirname "$0")/lib.sh"
records_init "$1"
fake_today 2028-12-31 # the sessions below are on days gone by

names=(
    "O'Brien \"Bob\" Smith"
    "Robert'); DROP TABLE clients; --"
    "'; DROP TABLE clients; --"
    "李小龙"
    "محمد بن سلمان"
    "Zoë 😀👩‍⚕️ Ångström"
    $'Line one\nLine two'
    $'CR\r\nLF and\ttab'
    "Comma, in the name"
    "  leading and trailing spaces  "
    "100% \\ backslash %s %n"
)

ids=()
for name in "${names[@]}"; do
    # One contact for all: the duplicate check is not what this test is about.
    run client add --name "$name" --email "a@example.org" --phone "+1 (555) 010-0000" --allow-duplicate
    assert_rc "client add: ${name:0:30}" 0
    ids+=("$OUT")
done
for i in "${!names[@]}"; do
    run client show "${ids[$i]}" --format json
    assert_eq "client show round-trips: ${names[$i]:0:30}" "${names[$i]}" "$(jq -j .name "$WORK/out")"
done
assert_eq "the clients table survived" "${#names[@]}" "$(sql "$DB" "SELECT count(*) FROM clients")"

# Byte-for-byte through CSV export and import into another database.
run export clients
assert_rc "export clients (CSV)" 0
cp "$WORK/out" "$WORK/clients.csv"
run --db "$WORK/copy.db" import clients "$WORK/clients.csv" --allow-duplicate
assert_rc "import the export into a fresh database" 0
run --db "$WORK/copy.db" export clients --format json
jq -j '.[].name | ., "\u0000"' "$WORK/out" >"$WORK/imported-names"
run export clients --format json
jq -j '.[].name | ., "\u0000"' "$WORK/out" >"$WORK/original-names"
assert_true "names are byte-identical after CSV export and import" \
    cmp "$WORK/original-names" "$WORK/imported-names"
for i in "${!names[@]}"; do
    expected=$(printf '%s' "${names[$i]}" | od -An -tx1)
    actual=$(sql "$WORK/copy.db" "SELECT hex(name) FROM clients WHERE id = $((i + 1))" | tr 'A-F' 'a-f' | sed 's/../ &/g')
    assert_eq "stored bytes: ${names[$i]:0:30}" "$(echo $expected)" "$(echo $actual)"
done

# A file as a spreadsheet writes it: BOM, CRLF, quoted commas, quotes and line breaks.
printf '\xef\xbb\xbfname,email,phone,birth_date,skin_type\r\n"Doe, Jane",jane@example.org,,1990-01-31,IV\r\n"He said ""hi""",,+44 20 7946 0958,,\r\n"Two\r\nlines",,,,VI\r\n李 ,,,,\r\n' >"$WORK/sheet.csv"
run --db "$WORK/sheet.db" import clients "$WORK/sheet.csv" --format json
assert_rc "import a spreadsheet's CSV" 0
assert_jq "prints the new ids" '.ids == [1, 2, 3, 4]' "$OUT"
run --db "$WORK/sheet.db" export clients --format json
assert_json_eq "every field as written" \
    '[{"id": 1, "name": "Doe, Jane", "email": "jane@example.org", "phone": null, "birth_date": "1990-01-31", "skin_type": "IV"},
      {"id": 2, "name": "He said \"hi\"", "email": null, "phone": "+44 20 7946 0958", "birth_date": null, "skin_type": null},
      {"id": 3, "name": "Two\r\nlines", "email": null, "phone": null, "birth_date": null, "skin_type": "VI"},
      {"id": 4, "name": "李 ", "email": null, "phone": null, "birth_date": null, "skin_type": null}]' "$OUT"
assert_eq "import audits each client" "4" \
    "$(sql "$WORK/sheet.db" "SELECT count(*) FROM audit_log WHERE action = 'client.add'")"

# Columns in another order, LF line ends, no trailing line break.
printf 'skin_type,name\nI,Last Line' >"$WORK/reordered.csv"
run --db "$WORK/sheet.db" import clients "$WORK/reordered.csv"
assert_rc "columns in any order" 0
run --db "$WORK/sheet.db" client show "$OUT" --format json
assert_jq "read by header name" '.name == "Last Line" and .skin_type == "I"' "$OUT"

# Sessions and courses export: notes with quotes and line breaks survive CSV quoting.
run course start --client 1 --laxity moderate --start 2027-01-04
run session record --course 1 --date 2027-01-04 --notes $'said "ouch", twice\nthen fine' --practitioner "Dr. Ünal"
run export sessions
assert_rc "export sessions (CSV)" 0
assert_contains "quoted per RFC 4180" $'"said ""ouch"", twice\nthen fine"' "$(cat "$WORK/out")"
assert_eq "CRLF record ends" "2" "$(grep -c $'\r$' "$WORK/out")"
run export sessions --format json
assert_jq "sessions JSON" '.[0].notes == "said \"ouch\", twice\nthen fine" and .[0].practitioner == "Dr. Ünal" and .[0].course == 1' "$OUT"
run export courses
assert_rc "export courses (CSV)" 0
assert_contains "courses CSV header" "id,client,status,start,protocol,protocol_version,laxity" "$(head -1 "$WORK/out")"
assert_contains "a course row" "1,1,active,2027-01-04,collagenda-default,2,moderate,improvement,face" "$(cat "$WORK/out")"
run export courses --format json
assert_jq "courses JSON" '.[0].assessment.laxity == "moderate" and .[0].next.date == "2027-02-08"' "$OUT"

assert_integrity "roundtrip database" "$DB"
assert_integrity "copy database" "$WORK/copy.db"
assert_integrity "sheet database" "$WORK/sheet.db"
finish

#!/usr/bin/env bash
# The recall list's contact, window and booking (docs/records.md#recall-list)
# with the real binary and a real database file: each `due` row carries
# the client's e-mail and phone, the next item's window (the same as
# `course show`'s next: a session's from the last session, the maintenance
# visit's 6 to 12 months after the course) and the course's first booking
# (date and time, or null); the CSV has them too; completed and
# discontinued courses never appear.
#
# usage: recall.sh PATH/TO/collagenda
. "$(dirname "$0")/lib.sh"
records_init "$1"
fake_today 2028-12-31 # the sessions below are on days gone by

run client add --name "Ada Client" --email ada@example.org --phone "+44 20 7946 0001"
run client add --name "Bo Client"
run client add --name "Cy Client" --phone "+1 212 555 0100"
run client add --name "Di Client"
run course start --client 1 --laxity mild --start 2027-01-04
run course start --client 2 --laxity mild --start 2027-01-05
run course start --client 3 --laxity mild --start 2027-01-06
run course start --client 4 --laxity mild --start 2027-01-07
for d in 2027-01-04 2027-02-08 2027-03-15 2027-04-19; do run session record --course 1 --date $d; done
assert_rc "Ada's four sessions: maintenance next" 0
run session record --course 2 --date 2027-01-05
run session book --course 2 --date 2027-02-10 --time 14:15
assert_rc "Bo's session 2 booked" 0
run session book --course 2 --date 2027-03-17
assert_rc "Bo's session 3 booked all day" 0
run session record --course 4 --date 2027-01-07
run course discontinue 4 --reason "moved away"
assert_rc "Di's course discontinued" 0

run due --on 2027-01-01 --within 3650 --format json
assert_rc "due" 0
assert_jq "the open courses, the discontinued one never" '[.[].course] == [3, 2, 1]' "$OUT"
due=$OUT
assert_jq "Cy: phone, no e-mail, session 1 has only its day, not booked" \
    '.[0] | .email == null and .phone == "+1 212 555 0100" and .kind == "session" and .due == "2027-01-06" and .earliest == "2027-01-06" and .latest == "2027-01-06" and .booked == null' "$due"
assert_jq "Bo: session 2 from 28 to 42 days after session 1, booked at 14:15 (the first booking)" \
    '.[1] | .email == null and .phone == null and .earliest == "2027-02-02" and .latest == "2027-02-16" and .booked == {"date": "2027-02-10", "time": "14:15"}' "$due"
assert_jq "Ada: e-mail and phone, maintenance 6 to 12 months after the course" \
    '.[2] | .email == "ada@example.org" and .phone == "+44 20 7946 0001" and .kind == "maintenance" and .due == "2028-04-19" and .earliest == "2027-10-19" and .latest == "2028-04-19" and .booked == null' "$due"
for course in 1 2 3; do
    run course show $course --format json
    assert_eq "course $course: due's window is course show's next" \
        "$(jq -c '.next | [.date, .earliest, .latest]' <<<"$OUT")" \
        "$(jq -c ".[] | select(.course == $course) | [.due, .earliest, .latest]" <<<"$due")"
done

run due --on 2027-01-01 --within 3650 --format csv
assert_eq "the CSV carries them; an all-day booking has no time" \
    "client,name,course,kind,due,overdue_days,email,phone,earliest,latest,booked_date,booked_time
3,Cy Client,3,session,2027-01-06,0,,'+1 212 555 0100,2027-01-06,2027-01-06,,
2,Bo Client,2,session,2027-02-09,0,,,2027-02-02,2027-02-16,2027-02-10,14:15
1,Ada Client,1,maintenance,2028-04-19,0,ada@example.org,'+44 20 7946 0001,2027-10-19,2028-04-19,," \
    "$(tr -d '\r' <<<"$OUT")"

run course complete 1
assert_rc "Ada's course completed" 0
run due --on 2027-01-01 --within 3650 --format json
assert_jq "a completed course leaves the list" '[.[].course] == [3, 2]' "$OUT"
assert_integrity "after due" "$DB"
finish

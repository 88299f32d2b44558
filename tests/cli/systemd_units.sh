#!/usr/bin/env bash
# contrib/systemd's remind service and timer pass `systemd-analyze verify`.
# The service names the installed binary, /usr/local/bin/collagenda, which a
# build tree does not have, so the check runs on copies in a temporary folder
# with that one path replaced by the binary under test (the substitution
# docs/records.md#reminders describes); everything else is verified as
# shipped. A unit that names a binary that is not there must fail the same
# check, which shows the check looks at it. The timer is daily and
# Persistent.
#
# usage: systemd_units.sh PATH/TO/collagenda SOURCE_DIR
. "$(dirname "$0")/lib.sh"
cli_init "$1"
units=$2/contrib/systemd
folder=$WORK

service=$units/collagenda-remind.service
timer=$units/collagenda-remind.timer
assert_eq "the service names the installed binary" 1 \
    "$(grep -c '^ExecStart=/usr/local/bin/collagenda .* remind$' "$service")"
sed "s#/usr/local/bin/collagenda#$CLI#" "$service" >"$folder/collagenda-remind.service"
cp "$timer" "$folder/"
output=$(cd "$folder" && systemd-analyze verify ./collagenda-remind.service \
    ./collagenda-remind.timer 2>&1)
assert_eq "systemd-analyze verify passes both units" "0:" "$?:$output"

sed "s#/usr/local/bin/collagenda#$folder/missing/collagenda#" "$service" \
    >"$folder/collagenda-remind.service"
output=$(cd "$folder" && systemd-analyze verify ./collagenda-remind.service 2>&1)
assert_eq "a unit naming a missing binary fails it" 1 "$?"
assert_contains "and says which" "missing/collagenda" "$output"

assert_eq "the timer runs daily" 1 "$(grep -c '^OnCalendar=\*-\*-\* ' "$timer")"
assert_eq "the timer catches up a missed day" 1 "$(grep -c '^Persistent=true$' "$timer")"
assert_eq "the timer starts the service" 1 "$(grep -c '^WantedBy=timers.target$' "$timer")"
finish

#!/usr/bin/python3
"""iCalendar export, read back by an independent parser (Debian's python3-icalendar).

For several assessments `plan --format ics` must parse, carry one all-day
event per session on exactly the dates `plan --format json` gives (window in
the description), one for the first maintenance visit, a day-before VALARM on
each, the same UIDs on every run, and RFC 5545's framing: CRLF line ends and
lines of at most 75 octets, never splitting a UTF-8 character. The fixture
course adds booked, done and timed sessions in the clinic's time zone.

usage: check_ics.py CLI EXPORT_FIXTURE
"""
import datetime
import json
import os
import re
import subprocess
import sys

import icalendar

CLI, FIXTURE = sys.argv[1], sys.argv[2]
failures = 0
checks = 0


def check(condition, what):
    global failures, checks
    checks += 1
    if not condition:
        failures += 1
        print(f"FAIL: {what}")


def run(command, epoch="1798761600"):
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch)
    result = subprocess.run(command, capture_output=True, env=env)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)}: exit {result.returncode}: {result.stderr.decode()}")
    return result.stdout


def check_framing(raw, label):
    check(raw.endswith(b"\r\n"), f"{label}: ends with CRLF")
    check(re.search(rb"(?<!\r)\n", raw) is None, f"{label}: every LF is preceded by CR")
    check(re.search(rb"\r(?!\n)", raw) is None, f"{label}: no CR without LF")
    for number, line in enumerate(raw.split(b"\r\n")[:-1], 1):
        check(len(line) <= 75, f"{label}: line {number} is {len(line)} octets: {line!r}")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            check(False, f"{label}: line {number} splits a UTF-8 character: {line!r}")


def day(text):
    return datetime.date.fromisoformat(text)


def alarms(event):
    return [c for c in event.subcomponents if c.name == "VALARM"]


def check_reminder(event, label):
    found = alarms(event)
    check(len(found) == 1, f"{label}: one VALARM")
    for alarm in found:
        check(str(alarm.get("ACTION")) == "DISPLAY", f"{label}: VALARM ACTION DISPLAY")
        check(alarm.decoded("TRIGGER") == datetime.timedelta(days=-1),
              f"{label}: VALARM TRIGGER -P1D")
        check(bool(str(alarm.get("DESCRIPTION", ""))), f"{label}: VALARM has a DESCRIPTION")


def events_by_uid(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def check_plan(arguments, epoch_a="1798761600", epoch_b="1830297600"):
    label = " ".join(arguments)
    plan = json.loads(run([CLI, "plan", *arguments, "--format", "json"]))
    raw = run([CLI, "plan", *arguments, "--format", "ics"], epoch_a)
    check_framing(raw, label)
    check(raw == run([CLI, "plan", *arguments, "--format", "ics"], epoch_a),
          f"{label}: same input and clock, same bytes")
    calendar = icalendar.Calendar.from_ical(raw)
    check(str(calendar.get("VERSION")) == "2.0", f"{label}: VERSION 2.0")
    check(str(calendar.get("PRODID", "")).startswith("-//Collagenda//"), f"{label}: PRODID")
    events = events_by_uid(calendar)
    schedule = plan["schedule"]
    check(len(events) == len(schedule) + 1,
          f"{label}: {len(schedule)} sessions + 1 maintenance event, got {len(events)}")
    prefixes = {uid.split("-session-")[0] for uid in events if "-session-" in uid}
    check(len(prefixes) == 1 and re.fullmatch(r"plan-[0-9a-f]{16}", next(iter(prefixes), "")),
          f"{label}: one plan-<hash> UID prefix, got {prefixes}")
    prefix = next(iter(prefixes), "")
    stamp = datetime.datetime.fromtimestamp(int(epoch_a), datetime.timezone.utc)
    for session in schedule:
        uid = f"{prefix}-session-{session['number']}@collagenda"
        event = events.get(uid)
        check(event is not None, f"{label}: event {uid}")
        if event is None:
            continue
        where = f"{label}: session {session['number']}"
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        check(type(start) is datetime.date and start == day(session["date"]),
              f"{where}: DTSTART {start!r} is the all-day {session['date']}")
        check(type(end) is datetime.date and end == day(session["date"]) + datetime.timedelta(1),
              f"{where}: DTEND is the next day")
        check(str(event["SUMMARY"]) ==
              f"Microneedling session {session['number']} of {len(schedule)}",
              f"{where}: SUMMARY")
        description = str(event["DESCRIPTION"])
        check(session["date"] in description, f"{where}: DESCRIPTION names the date")
        if session["earliest"] != session["latest"]:
            check(f"{session['earliest']} .. {session['latest']}" in description,
                  f"{where}: DESCRIPTION has the window: {description}")
        check(str(event["STATUS"]) == "TENTATIVE", f"{where}: a plan is tentative")
        check(event.decoded("DTSTAMP") == stamp, f"{where}: DTSTAMP from SOURCE_DATE_EPOCH")
        check_reminder(event, where)
    maintenance = events.get(f"{prefix}-maintenance-1@collagenda")
    check(maintenance is not None, f"{label}: maintenance event")
    if maintenance is not None:
        check(maintenance.decoded("DTSTART") == day(plan["maintenance"][0]["date"]),
              f"{label}: maintenance on {plan['maintenance'][0]['date']}")
        check_reminder(maintenance, f"{label}: maintenance")

    later = icalendar.Calendar.from_ical(run([CLI, "plan", *arguments, "--format", "ics"], epoch_b))
    check(set(events_by_uid(later)) == set(events),
          f"{label}: UIDs stay the same on another run at another time")
    return prefix


def vtimezone_offset(vtimezone, local):
    """The UTC offset a VTIMEZONE gives a local time, expanding its observances by hand.

    (python3-icalendar 4.0.3's own Timezone.to_tz() cannot take the UTC
    UNTIL that RFC 5545 requires inside VTIMEZONE rules.)
    """
    import dateutil.rrule
    onsets = []
    for observance in vtimezone.subcomponents:
        start = observance.decoded("DTSTART")
        offset = observance.decoded("TZOFFSETTO")
        onsets.append((start, offset))
        rule = observance.get("RRULE")
        if rule is None:
            continue
        rule = dict(rule)
        until = rule.pop("UNTIL", [None])[0]
        text = ";".join(f"{key}={','.join(str(v) for v in values)}" for key, values in rule.items())
        if until is not None:
            # UNTIL is UTC; the onsets are local times before the change.
            until = until.replace(tzinfo=None) + observance.decoded("TZOFFSETFROM")
        for onset in dateutil.rrule.rrulestr(text, dtstart=start, cache=False).between(
                start, until or datetime.datetime(2040, 1, 1), inc=True):
            onsets.append((onset, offset))
    before = [onset for onset in onsets if onset[0] <= local]
    return max(before)[1] if before else None


def check_fixture():
    odd = run([FIXTURE, "ics", "odd"])
    check_framing(odd, "fixture odd")
    long_name = ("Klinik am See \u2014 Haut & Laser, Seestra\u00dfe 12, Konstanz "
                 "(Eingang \u00fcber den Hof, zweiter Stock)")
    locations = {str(e["LOCATION"]) for e in icalendar.Calendar.from_ical(odd).walk("VEVENT")}
    check(locations == {long_name}, "fixture odd: a long UTF-8 LOCATION folds and unfolds intact")
    raw = run([FIXTURE, "ics"])
    check_framing(raw, "fixture")
    calendar = icalendar.Calendar.from_ical(raw)
    zones = [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")]
    check(zones == ["Europe/Berlin"], f"fixture: one VTIMEZONE Europe/Berlin, got {zones}")
    for zone in calendar.walk("VTIMEZONE"):
        for when, expected in (((2027, 2, 9, 10, 30), 1), ((2027, 4, 19, 9, 0), 2),
                               ((2027, 11, 2, 9, 0), 1), ((2031, 7, 1, 9, 0), 2)):
            got = vtimezone_offset(zone, datetime.datetime(*when))
            check(got == datetime.timedelta(hours=expected),
                  f"fixture: our VTIMEZONE puts {when} at UTC+{expected}, got {got}")
    events = events_by_uid(calendar)
    check(len(events) == 6, f"fixture: 5 sessions + maintenance, got {len(events)}")
    clinic = "Hautklinik am See"

    def event(number):
        return events.get(f"course-12-session-{number}@collagenda")

    expected = {
        # number: (start, end, status, reminder)
        1: (datetime.date(2027, 1, 4), datetime.date(2027, 1, 5), "CONFIRMED", False),
        2: ((2027, 2, 9, 10, 30), (2027, 2, 9, 11, 0), "CONFIRMED", False),
        3: (datetime.date(2027, 3, 15), datetime.date(2027, 3, 16), "CONFIRMED", False),
        4: ((2027, 4, 19, 9, 0), (2027, 4, 19, 9, 30), "CONFIRMED", True),
        5: (datetime.date(2027, 5, 24), datetime.date(2027, 5, 25), "TENTATIVE", True),
    }
    offsets = {2: datetime.timedelta(hours=1), 4: datetime.timedelta(hours=2)}
    for number, (start, end, status, reminder) in expected.items():
        found = event(number)
        where = f"fixture: session {number}"
        check(found is not None, f"{where}: present")
        if found is None:
            continue
        got_start, got_end = found.decoded("DTSTART"), found.decoded("DTEND")
        if isinstance(start, tuple):
            check(str(found["DTSTART"].params.get("TZID")) == "Europe/Berlin",
                  f"{where}: DTSTART has TZID=Europe/Berlin")
            check(isinstance(got_start, datetime.datetime) and
                  got_start.replace(tzinfo=None) == datetime.datetime(*start) and
                  got_start.utcoffset() == offsets[number],
                  f"{where}: starts {start} at UTC{offsets[number]}, got {got_start!r}")
            check(isinstance(got_end, datetime.datetime) and
                  got_end.replace(tzinfo=None) == datetime.datetime(*end),
                  f"{where}: ends {end}, got {got_end!r}")
        else:
            check(got_start == start and got_end == end, f"{where}: all day {start}")
        check(str(found["STATUS"]) == status, f"{where}: STATUS {status}")
        check(len(alarms(found)) == (1 if reminder else 0),
              f"{where}: {'a' if reminder else 'no'} reminder")
        check(str(found["LOCATION"]) == clinic, f"{where}: LOCATION is the clinic, unescaped")
    check("Done on 2027-01-04" in str(event(1)["DESCRIPTION"]), "fixture: done description")
    check("Booked for 2027-04-19 (safe window 2027-04-12 .. 2027-04-26)"
          in str(event(4)["DESCRIPTION"]), "fixture: booked description with window")
    bare = icalendar.Calendar.from_ical(run([FIXTURE, "ics", "bare"]))
    check(not bare.walk("VTIMEZONE"), "fixture bare: no VTIMEZONE without timed sessions")
    check(set(events_by_uid(bare)) == set(events), "fixture bare: the same course, the same UIDs")


prefixes = [
    check_plan(["--laxity", "mild", "--start", "2027-01-04"]),
    check_plan(["--laxity", "severe", "--risks", "smoking,sun-damage", "--areas", "face,neck",
                "--start", "2027-01-31"]),
    check_plan(["--laxity", "none", "--areas", "under-eyes", "--start", "2028-02-29",
                "--open-days", "tue,thu"]),
    check_plan(["--laxity", "moderate", "--goal", "transformation", "--modality", "roller",
                "--start", "2027-12-20"]),
]
check(len(set(prefixes)) == len(prefixes), f"different assessments, different UIDs: {prefixes}")
check_fixture()

print(f"{checks - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)

#!/usr/bin/python3
"""Calendar exports across the clock changes, read by real calendar programs.

On a real database (the clock fixed with libfaketime before the bookings),
courses in a Europe/Berlin and an America/New_York clinic are booked at the
hour after the spring-forward gap, at local times that occur twice in the
autumn (a visit that starts in the first occurrence and ends in the second)
and on ordinary days in summer, winter and the following years; a time in
the gap is refused (exit 2). Each course's `course show --format ics` is
then read by three independent programs:
- python3-icalendar (Debian), the library most Python calendar tools use;
- ical.js (npm), Mozilla's parser, which knows no zone database of its own
  and so converts every local time through the file's VTIMEZONE: the block
  must carry the zone's rules for every year the course reaches;
- khal (Debian), a calendar program: `khal printics` in a private config.
Every timed event must have DTEND after DTSTART, the three must agree on
each event's instants, and those must equal the start and end of the FHIR
Appointment of the same session (`course show --format fhir`).

usage: check_time_zones.py CLI NODE_DIR
"""
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile

import icalendar

CLI, NODE_DIR = sys.argv[1], os.path.abspath(sys.argv[2])
TODAY = "2026-12-01"  # the bookings below are ahead of it
UTC = datetime.timezone.utc
failures = 0
checks = 0


def check(condition, what):
    global failures, checks
    checks += 1
    if not condition:
        failures += 1
        print(f"FAIL: {what}")


def fake_clock(day):
    """libfaketime (Debian's faketime): the product has no clock of its own to set."""
    return {"LD_PRELOAD": "/usr/$LIB/faketime/libfaketimeMT.so.1",
            "FAKETIME": "@%s 12:00:00" % day, "DONT_FAKE_MONOTONIC": "1",
            "ASAN_OPTIONS": ":".join(filter(None, [os.environ.get("ASAN_OPTIONS"),
                                                   "verify_asan_link_order=0"]))}


def run(db, clinic, *arguments, status=0):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1798761600", **fake_clock(TODAY))
    result = subprocess.run([CLI, "--db", db, "--clinic", clinic, *arguments],
                            capture_output=True, env=env)
    if result.returncode != status:
        sys.exit(f"collagenda {' '.join(arguments)}: exit {result.returncode}, "
                 f"wanted {status}: {result.stderr.decode()}")
    return result.stdout


def utc_text(moment):
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def read_python(raw):
    """{summary: (start, end)} of the timed events, as python3-icalendar reads them."""
    events = {}
    for event in icalendar.Calendar.from_ical(raw).walk("VEVENT"):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        if isinstance(start, datetime.datetime):
            events[str(event["SUMMARY"])] = (utc_text(start), utc_text(end))
    return events


def read_icaljs(path):
    output = subprocess.run(["node", os.path.join(NODE_DIR, "read_ics.js"), path],
                            capture_output=True, check=True, cwd=NODE_DIR)
    return {event["summary"]: (event["start"][:16] + "Z", event["end"][:16] + "Z")
            for event in json.loads(output.stdout) if not event["all_day"]}


KHAL_CONFIG = """[calendars]
[[clinic]]
path = {data}/calendar
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%dT%H:%M
longdatetimeformat = %Y-%m-%dT%H:%M
local_timezone = UTC
default_timezone = UTC
"""


def read_khal(path, home):
    """khal in a private XDG home whose local zone is UTC: every time it prints is UTC."""
    config, data = os.path.join(home, "config"), os.path.join(home, "data")
    os.makedirs(os.path.join(config, "khal"), exist_ok=True)
    os.makedirs(os.path.join(data, "calendar"), exist_ok=True)
    with open(os.path.join(config, "khal", "config"), "w", encoding="utf-8") as file:
        file.write(KHAL_CONFIG.format(data=data))
    env = dict(os.environ, XDG_CONFIG_HOME=config, XDG_DATA_HOME=data, HOME=home, TZ="UTC")
    output = subprocess.run(["khal", "printics", "--format", "{title}\t{start}\t{end}", path],
                            capture_output=True, check=True, env=env, text=True)
    events = {}
    for line in output.stdout.splitlines()[1:]:  # the first says how many events it found
        title, start, end = line.split("\t")
        if "T" in start:
            events[title] = (start + "Z", end + "Z")
    return events


def read_fhir(raw):
    """{description: (start, end)} of the timed Appointments (the ICS SUMMARY is the same text)."""
    events = {}
    for entry in json.loads(raw)["entry"]:
        resource = entry["resource"]
        if resource["resourceType"] == "Appointment" and "minutesDuration" in resource:
            start = datetime.datetime.fromisoformat(resource["start"])
            end = datetime.datetime.fromisoformat(resource["end"])
            check(start.utcoffset() is not None and end.utcoffset() is not None,
                  f"FHIR {resource['description']}: instants with an offset")
            events[resource["description"]] = (utc_text(start), utc_text(end))
    return events


def book_course(db, clinic, client, start, times):
    """A course starting on start, its sessions booked at times (HH:MM) on their planned dates.
    The first session is booked on start; each later one on the date the re-flowed plan gives."""
    course = run(db, clinic, "course", "start", "--client", client, "--laxity", "mild",
                 "--start", start).decode().strip()
    for number, time in enumerate(times, start=1):
        shown = json.loads(run(db, clinic, "course", "show", course, "--format", "json"))
        date = next(s["date"] for s in shown["plan"]["schedule"] if s["number"] == number)
        run(db, clinic, "session", "book", "--course", course, "--date", date, "--time", time)
    return course


def check_course(db, clinic, course, expected, home):
    label = f"{clinic} course {course}"
    raw = run(db, clinic, "course", "show", course, "--format", "ics")
    path = os.path.join(home, f"course-{course}.ics")
    with open(path, "wb") as file:
        file.write(raw)
    readers = {"python3-icalendar": read_python(raw), "ical.js": read_icaljs(path),
               "khal": read_khal(path, os.path.join(home, f"khal-{course}"))}
    fhir = read_fhir(run(db, clinic, "course", "show", course, "--format", "fhir"))
    check(len(fhir) == expected, f"{label}: {expected} timed Appointments, got {len(fhir)}")
    for reader, events in readers.items():
        check(events == fhir, f"{label}: {reader} reads the FHIR instants: {events} != {fhir}")
        for summary, (start, end) in events.items():
            check(end > start, f"{label}: {reader}: {summary} ends after it starts ({start}, {end})")
    return fhir


def main():
    if shutil.which("khal") is None:
        sys.exit("error: khal is needed (apt-get install khal, or scripts/install-deps.sh)")
    with tempfile.TemporaryDirectory() as home:
        db = os.path.join(home, "zones.db")
        berlin, new_york = "Berlin Mitte", "New York"
        run(db, berlin, "clinic", "set", "--time-zone", "Europe/Berlin")
        run(db, berlin, "clinic", "add", new_york)
        run(db, new_york, "clinic", "set", "--time-zone", "America/New_York")
        for clinic in (berlin, new_york):
            for name in ("Spring", "Autumn"):
                run(db, clinic, "client", "add", "--name", f"{name} client")
        # Client ids in the order added: 1, 2 in Berlin; 3, 4 in New York.
        course = run(db, berlin, "course", "start", "--client", "1", "--laxity", "mild",
                     "--start", "2027-03-28").decode().strip()
        run(db, berlin, "session", "book", "--course", course, "--date", "2027-03-28",
            "--time", "02:30", status=2)
        courses = [
            (berlin, book_course(db, berlin, "1", "2027-03-28", ["03:00", "10:00", "23:45"])),
            (berlin, book_course(db, berlin, "2", "2027-10-31", ["02:45", "09:15", "02:30"])),
            (new_york, book_course(db, new_york, "3", "2027-03-14", ["03:30", "19:30", "08:00"])),
            (new_york, book_course(db, new_york, "4", "2027-11-07", ["01:45", "18:45", "01:30"])),
        ]
        instants = {}
        for clinic, number in courses:
            instants[number] = check_course(db, clinic, number, 3, home)
        first = "Microneedling session 1 of 4"
        # The overlap: the first occurrence (summer time), the end in the second.
        check(instants[courses[1][1]].get(first) == ("2027-10-31T00:45Z", "2027-10-31T01:15Z"),
              f"Berlin 02:45 on 2027-10-31 is 00:45Z: {instants[courses[1][1]].get(first)}")
        check(instants[courses[3][1]].get(first) == ("2027-11-07T05:45Z", "2027-11-07T06:15Z"),
              f"New York 01:45 on 2027-11-07 is 05:45Z: {instants[courses[3][1]].get(first)}")
        check(instants[courses[0][1]].get(first) == ("2027-03-28T01:00Z", "2027-03-28T01:30Z"),
              f"Berlin 03:00 on 2027-03-28 is 01:00Z: {instants[courses[0][1]].get(first)}")
    print(f"{checks - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

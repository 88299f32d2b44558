#!/usr/bin/python3
"""Exports of stored courses: `course show ID --format ics|fhir|svg` on a real database.

Courses with recorded sessions (on time, late, graded and not), and one
that has finished its initial course and recorded a maintenance visit, are
exported and read back by independent readers, and every date is checked
against `course show --format json`. One refused-then-forced for a blocked
screening is not exported at all: a blocked plan has no dates (exit 3,
naming the finding, nothing on stdout).
- iCalendar (python3-icalendar): one event per session of the re-flowed
  plan on its date plus the next maintenance visit, done sessions confirmed
  without a reminder, the rest tentative with a day-before VALARM, UIDs
  "course-N-session-K@collagenda" that stay the same when another session
  is recorded, CRLF lines of at most 75 octets;
- FHIR R4 (the `fhir` npm validator, zero errors): one CarePlan activity
  per session, completed for the ones done, an Appointment for each of
  those on its date, the client as Patient;
- SVG: well-formed, one mark per session, the recorded laxity grades charted.
A fourth course, in a clinic whose time zone is Europe/Berlin, has sessions
booked ahead: timed events at the booked local time with a VTIMEZONE (and
an all-day one for a booking without a time), FHIR Appointments "booked"
whose start carries the day's offset (+01:00 in winter, +02:00 in summer),
and the same UIDs once a booked session is recorded.

usage: check_course_exports.py CLI NODE_DIR
"""
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pg"))
import testdb  # noqa: E402 (the database on either backend: tests/pg/testdb.py)

from zoneinfo import ZoneInfo

import icalendar

CLI, NODE_DIR = sys.argv[1], os.path.abspath(sys.argv[2])
SVG = "{http://www.w3.org/2000/svg}"
failures = 0
checks = 0


def check(condition, what):
    global failures, checks
    checks += 1
    if not condition:
        failures += 1
        print(f"FAIL: {what}")


BERLIN = "Berlin Mitte"     # the clinic with a time zone
CLINIC_OF_COURSE = {4: BERLIN}
CLINIC_OF_CLIENT = {4: BERLIN}
TODAY = "2028-12-31"        # the clock of every run: each session recorded here is in its past


def fake_clock(day):
    """The environment that starts a program's clock at day 12:00, running on
    from there (libfaketime, Debian's faketime package): the sessions here are
    recorded on fixed dates, and a session cannot be recorded before its day
    (docs/records.md#dates). The product has no clock of its own to set."""
    return {"LD_PRELOAD": "/usr/$LIB/faketime/libfaketimeMT.so.1",
            "FAKETIME": "@%s 12:00:00" % day, "DONT_FAKE_MONOTONIC": "1",
            "ASAN_OPTIONS": ":".join(filter(None, [os.environ.get("ASAN_OPTIONS"),
                                                   "verify_asan_link_order=0"]))}


def run(db, *arguments, epoch="1798761600", status=0, clinic=None):
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch, **fake_clock(TODAY))
    scope = ["--clinic", clinic] if clinic else []
    result = subprocess.run([CLI, "--db", db, *scope, *arguments], capture_output=True, env=env)
    if result.returncode != status:
        sys.exit(f"collagenda {' '.join(arguments)}: exit {result.returncode}: "
                 f"{result.stderr.decode()}")
    return result.stdout


def day(text):
    return datetime.date.fromisoformat(text)


def check_framing(raw, label):
    check(raw.endswith(b"\r\n"), f"{label}: ends with CRLF")
    check(re.search(rb"(?<!\r)\n", raw) is None, f"{label}: every LF is preceded by CR")
    lines = raw.split(b"\r\n")[:-1]
    check(all(len(line) <= 75 for line in lines), f"{label}: lines of at most 75 octets")
    for line in lines:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            check(False, f"{label}: a folded line splits a UTF-8 character: {line!r}")


def show(db, course, output_format, epoch="1798761600"):
    """`course show COURSE --format FORMAT` in the course's own clinic."""
    return run(db, "course", "show", str(course), "--format", output_format, epoch=epoch,
               clinic=CLINIC_OF_COURSE.get(course))


def course_json(db, course):
    return json.loads(show(db, course, "json"))


def check_timed(event, booking, minutes, where):
    """A booked time: local to the booking's zone, as the calendar library reads it."""
    zone = booking["time_zone"]
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    wanted = datetime.datetime.combine(day(booking["date"]),
                                       datetime.time.fromisoformat(booking["time"]))
    check(isinstance(start, datetime.datetime) and start.tzinfo is not None and
          start.replace(tzinfo=None) == wanted,
          f"{where}: starts at {booking['date']} {booking['time']} local, got {start!r}")
    check(event["DTSTART"].params.get("TZID") == zone, f"{where}: DTSTART;TZID={zone}")
    check(isinstance(end, datetime.datetime) and end - start == datetime.timedelta(minutes=minutes),
          f"{where}: {minutes} minutes long, got {end!r}")
    offset = ZoneInfo(zone).utcoffset(wanted)
    check(start.utcoffset() == offset,
          f"{where}: the offset of {zone} on that day ({offset}), got {start.utcoffset()}")


def check_ics(db, course, label):
    shown = course_json(db, course)
    plan = shown["plan"]
    done = {session["number"]: session for session in shown["sessions"]
            if session["number"] <= plan["sessions"]["recommended"]}
    booked = {booking["number"]: booking for booking in shown["bookings"]}
    raw = show(db, course, "ics")
    check_framing(raw, label)
    check(raw == show(db, course, "ics"),
          f"{label}: same course and clock, same bytes")
    calendar = icalendar.Calendar.from_ical(raw)
    events = {str(event["UID"]): event for event in calendar.walk("VEVENT")}
    schedule = plan["schedule"]
    check(len(events) == len(schedule) + 1,
          f"{label}: {len(schedule)} sessions + 1 maintenance, got {len(events)} events")
    for session in schedule:
        number = session["number"]
        uid = f"course-{course}-session-{number}@collagenda"
        event = events.get(uid)
        check(event is not None, f"{label}: event {uid}")
        if event is None:
            continue
        where = f"{label}: session {number}"
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        booking = booked.get(number)
        if booking is not None and booking["time"] is not None:
            check_timed(event, booking, plan["session_minutes"], where)
        else:
            check(type(start) is datetime.date and start == day(session["date"]),
                  f"{where}: all day on {session['date']} (course show --format json), "
                  f"got {start!r}")
            check(end == day(session["date"]) + datetime.timedelta(days=1),
                  f"{where}: one day long")
        if booking is not None:
            check(booking["date"] == session["date"], f"{where}: the schedule shows the booking")
        check(str(event["SUMMARY"]) ==
              f"Microneedling session {number} of {plan['sessions']['recommended']}",
              f"{where}: SUMMARY {event['SUMMARY']}")
        reminders = [c for c in event.subcomponents if c.name == "VALARM"]
        if number in done:
            check(done[number]["date"] == session["date"], f"{where}: done on its recorded date")
            check(str(event["STATUS"]) == "CONFIRMED", f"{where}: done is CONFIRMED")
            check(f"Done on {session['date']}" in str(event["DESCRIPTION"]),
                  f"{where}: DESCRIPTION says done")
            check(not reminders, f"{where}: no reminder for a session already done")
        elif booking is not None:
            check(str(event["STATUS"]) == "CONFIRMED", f"{where}: booked is CONFIRMED")
            check(f"Booked for {booking['date']}" in str(event["DESCRIPTION"]),
                  f"{where}: DESCRIPTION says booked")
            check(len(reminders) == 1 and
                  reminders[0].decoded("TRIGGER") == datetime.timedelta(days=-1),
                  f"{where}: a VALARM the day before the booking")
        else:
            check(str(event["STATUS"]) == "TENTATIVE", f"{where}: planned is TENTATIVE")
            if session["earliest"] != session["latest"]:
                check(f"{session['earliest']} .. {session['latest']}" in str(event["DESCRIPTION"]),
                      f"{where}: DESCRIPTION has the window")
            check(len(reminders) == 1 and
                  reminders[0].decoded("TRIGGER") == datetime.timedelta(days=-1),
                  f"{where}: a VALARM the day before")
        clinic = CLINIC_OF_COURSE.get(course, "default")
        check(str(event["LOCATION"]) == clinic, f"{where}: LOCATION is the clinic's name")
    zones = sorted({booking["time_zone"] for booking in booked.values()
                    if booking["time"] is not None})
    check([str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == zones,
          f"{label}: a VTIMEZONE for each zone of a timed booking: {zones}")
    maintenance = events.get(f"course-{course}-maintenance-1@collagenda")
    check(maintenance is not None and
          maintenance.decoded("DTSTART") == day(plan["maintenance"][0]["date"]),
          f"{label}: maintenance on {plan['maintenance'][0]['date']}")
    later = icalendar.Calendar.from_ical(
        show(db, course, "ics", epoch="1830297600"))
    check({str(e["UID"]) for e in later.walk("VEVENT")} == set(events),
          f"{label}: the same UIDs at another time")
    return set(events)


def check_fhir_content(bundle, db, course, label):
    shown = course_json(db, course)
    plan = shown["plan"]
    recommended = plan["sessions"]["recommended"]
    done = {s["number"]: s for s in shown["sessions"] if s["number"] <= recommended}
    entries = [entry["resource"] for entry in bundle["entry"]]
    careplan = next(r for r in entries if r["resourceType"] == "CarePlan")
    ids = [activity["id"] for activity in careplan["activity"]]
    check(ids == [f"session-{n}" for n in range(1, recommended + 1)] + ["maintenance-1"],
          f"{label}: one activity per session and the maintenance visit: {ids}")
    booked = {b["number"]: b for b in shown["bookings"]}
    for number in range(1, recommended + 1):
        detail = careplan["activity"][number - 1]["detail"]
        wanted = ("completed" if number in done else
                  "scheduled" if number in booked else "not-started")
        check(detail["status"] == wanted, f"{label}: session {number} is {wanted}, "
                                          f"got {detail['status']}")
    appointments = {r["id"]: r for r in entries if r["resourceType"] == "Appointment"}
    check(sorted(appointments) ==
          sorted(f"course-{course}-session-{n}" for n in [*done, *booked]),
          f"{label}: an Appointment per session done or booked: {sorted(appointments)}")
    for number, booking in booked.items():
        appointment = appointments.get(f"course-{course}-session-{number}", {})
        local = datetime.datetime.combine(
            day(booking["date"]), datetime.time.fromisoformat(booking["time"] or "00:00"))
        offset = ZoneInfo(booking["time_zone"]).utcoffset(local)
        start = local.replace(tzinfo=datetime.timezone(offset)).isoformat()
        check(appointment.get("status") == "booked" and appointment.get("start") == start,
              f"{label}: Appointment {number} booked for {start}, got "
              f"{appointment.get('status')} {appointment.get('start')}")
    for number, session in done.items():
        appointment = appointments.get(f"course-{course}-session-{number}", {})
        check(appointment.get("status") == "fulfilled" and
              appointment.get("start", "").startswith(session["date"] + "T00:00:00"),
              f"{label}: Appointment {number} fulfilled on {session['date']}")
    patients = [r for r in entries if r["resourceType"] == "Patient"]
    check(len(patients) == 1 and patients[0]["name"][0]["text"] == shown_name(db, shown["client"]),
          f"{label}: the client is the Patient")


def shown_name(db, client):
    return json.loads(run(db, "client", "show", str(client), "--format", "json",
                          clinic=CLINIC_OF_CLIENT.get(client)))["name"]


def validate(documents):
    with tempfile.TemporaryDirectory() as directory:
        paths = {}
        for number, (label, document) in enumerate(documents.items()):
            paths[label] = os.path.join(directory, f"{number}.json")
            with open(paths[label], "w", encoding="utf-8") as file:
                json.dump(document, file)
        output = subprocess.run(["node", os.path.join(NODE_DIR, "validate_fhir.js"),
                                 *paths.values()], capture_output=True, check=True, cwd=NODE_DIR)
        results = json.loads(output.stdout)
        return {label: results[path] for label, path in paths.items()}


def check_svg(db, course, label, graded):
    shown = course_json(db, course)
    svg = show(db, course, "svg")
    root = ElementTree.fromstring(svg)
    check(root.tag == f"{SVG}svg" and root.get("role") == "img", f"{label}: an SVG image")
    title = root.find(f"{SVG}title")
    check(title is not None and shown_name(db, shown["client"]) in title.text,
          f"{label}: the title names the client")
    marks = [g for g in root.iter(f"{SVG}g") if g.find(f"{SVG}circle") is not None
             and g.find(f"{SVG}title") is not None]
    check(len(marks) == len(shown["plan"]["schedule"]),
          f"{label}: one mark per session, got {len(marks)}")
    polylines = list(root.iter(f"{SVG}polyline"))
    points = polylines[0].get("points").split() if polylines else []
    check(len(points) == len(graded), f"{label}: {len(graded)} laxity grades charted, "
                                      f"got {len(points)}")
    texts = [t.text for t in root.iter(f"{SVG}text")]
    for grade in graded:
        check(f"{grade:.1f}" in texts, f"{label}: grade {grade:.1f} is labelled")


work = tempfile.mkdtemp(prefix="collagenda-course-exports-")
try:
    db = testdb.new_database(work, "exports")
    run(db, "client", "add", "--name", "Anna M\u00fcller")
    run(db, "client", "add", "--name", "Bo Client")
    run(db, "client", "add", "--name", "Cy Blocked")
    # Course 1: moderate laxity, two sessions on time (graded), one late (not graded).
    run(db, "course", "start", "--client", "1", "--laxity", "moderate", "--start", "2027-01-04")
    run(db, "session", "record", "--course", "1", "--date", "2027-01-04", "--laxity-grade", "3")
    run(db, "session", "record", "--course", "1", "--date", "2027-02-12", "--laxity-grade", "2.5")
    run(db, "session", "record", "--course", "1", "--date", "2027-04-02")
    # Course 2: mild, finished, in maintenance, with a maintenance visit recorded.
    run(db, "course", "start", "--client", "2", "--laxity", "mild", "--start", "2027-01-04")
    for date, grade in (("2027-01-04", "2"), ("2027-02-08", "1.5"), ("2027-03-15", "1"),
                        ("2027-04-19", "1"), ("2028-04-24", "0.5")):
        run(db, "session", "record", "--course", "2", "--date", date, "--laxity-grade", grade)
    check(course_json(db, 2)["status"] == "maintenance", "course 2 is in maintenance")
    # Course 3: blocked by screening, started by force, nothing recorded.
    run(db, "course", "start", "--client", "3", "--laxity", "mild", "--screening", "pregnancy",
        "--start", "2027-01-04", status=3)
    run(db, "course", "start", "--client", "3", "--laxity", "mild", "--screening", "pregnancy",
        "--start", "2027-01-04", "--force", "--reason", "cleared by the client's physician")

    # Course 4, client 4, in a clinic on Berlin time: session 1 done, 2 and 3 booked at
    # times either side of the change to summer time, 4 booked for the whole day.
    run(db, "clinic", "add", BERLIN)
    run(db, "clinic", "set", "--time-zone", "Europe/Berlin", clinic=BERLIN)
    run(db, "client", "add", "--name", "Dora Zeitzone", clinic=BERLIN)
    run(db, "course", "start", "--client", "4", "--laxity", "moderate", "--start", "2027-01-04",
        clinic=BERLIN)
    run(db, "session", "record", "--course", "4", "--date", "2027-01-04", clinic=BERLIN)
    run(db, "session", "book", "--course", "4", "--date", "2027-02-08", "--time", "10:30",
        clinic=BERLIN)
    run(db, "session", "book", "--course", "4", "--date", "2027-03-29", "--time", "17:45",
        clinic=BERLIN)
    run(db, "session", "book", "--course", "4", "--date", "2027-05-03", clinic=BERLIN)
    shown = course_json(db, 4)
    check([(b["number"], b["time"]) for b in shown["bookings"]] ==
          [(2, "10:30"), (3, "17:45"), (4, None)], "course 4: three bookings numbered 2 to 4")
    booked_uids = check_ics(db, 4, "course 4, booked")
    # Recording the booked session settles its booking; the UIDs stay.
    run(db, "session", "record", "--course", "4", "--date", "2027-02-08", clinic=BERLIN)
    check(len(course_json(db, 4)["bookings"]) == 2, "course 4: session 2's booking is settled")
    check(check_ics(db, 4, "course 4, session 2 done") == booked_uids,
          "course 4: recording a booked session keeps every UID")

    before = check_ics(db, 1, "course 1")
    check_ics(db, 2, "course 2")
    for output_format in ("ics", "fhir", "svg"):
        refused = subprocess.run([CLI, "--db", db, "course", "show", "3", "--format",
                                  output_format], capture_output=True,
                                 env=dict(os.environ, **fake_clock(TODAY)))
        check(refused.returncode == 3 and refused.stdout == b"" and
              b"blocked by pregnancy" in refused.stderr and b"no dates" in refused.stderr,
              f"course 3 (blocked) --format {output_format}: refused naming the finding, got "
              f"{refused.returncode} {refused.stderr!r}")
    check(course_json(db, 3)["plan"]["screening"]["status"] == "blocked",
          "course 3: still shown, as blocked")
    # Recording the next session changes that event, never the set of UIDs.
    run(db, "session", "record", "--course", "1", "--date", "2027-05-10")
    check(check_ics(db, 1, "course 1, one more session") == before,
          "course 1: recording a session keeps every UID")

    documents = {}
    for course in (1, 2, 4):
        bundle = json.loads(show(db, course, "fhir"))
        check_fhir_content(bundle, db, course, f"course {course} fhir")
        documents[f"course {course}"] = bundle
    for label, result in validate(documents).items():
        errors = [m for m in result["messages"] if m["severity"] == "error"]
        check(result["valid"] and not errors,
              f"{label}: valid FHIR R4, errors: {json.dumps(errors, indent=1)}")
        print(f"{label}: {len(errors)} FHIR errors, {len(result['messages'])} warnings")

    check_svg(db, 1, "course 1 svg", [3.0, 2.5])
    check_svg(db, 2, "course 2 svg", [2.0, 1.5, 1.0, 1.0])
finally:
    shutil.rmtree(work)

print(f"{checks - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)

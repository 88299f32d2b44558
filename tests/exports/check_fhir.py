#!/usr/bin/python3
"""FHIR R4 exports, validated by an independent validator and checked against the plan.

Every Bundle (`plan --format fhir`, with and without a start date, and the
fixture course with booked, done and timed sessions) and the protocol's
PlanDefinition must validate with zero errors in the `fhir` npm package's R4
validator (unexpected properties are errors). On top of what that validator
checks, this script checks the R4 invariants it does not evaluate (cpl-3,
app-3, ref-1 style resolution of every reference inside the Bundle, the id,
dateTime and instant formats) and that the content matches the plan: one
activity per session with the plan's window, the reasons as notes.

usage: check_fhir.py CLI EXPORT_FIXTURE NODE_DIR
"""
import json
import os
import re
import subprocess
import sys
import tempfile

CLI, FIXTURE, NODE_DIR = sys.argv[1], sys.argv[2], os.path.abspath(sys.argv[3])
failures = 0
checks = 0

ID = re.compile(r"[A-Za-z0-9\-\.]{1,64}")
# From the R4 datatypes page: dateTime and instant.
DATE_TIME = re.compile(
    r"([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])"
    r"(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]"
    r"|14:00)))?)?)?")
INSTANT = re.compile(
    r"([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)-(0[1-9]|1[0-2])-(0[1-9]|[1-2][0-9]|3[0-1])"
    r"T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]"
    r"|14:00))")
UUID_URL = re.compile(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def check(condition, what):
    global failures, checks
    checks += 1
    if not condition:
        failures += 1
        print(f"FAIL: {what}")


def run(command):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1798761600")
    result = subprocess.run(command, capture_output=True, env=env)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)}: exit {result.returncode}: {result.stderr.decode()}")
    return result.stdout


def validate(documents):
    """Runs the npm validator over {label: document}; returns {label: result}."""
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


def walk(value, path=""):
    """Yields (path, key, value) for every member of every object."""
    if isinstance(value, dict):
        for key, member in value.items():
            yield path, key, member
            yield from walk(member, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, f"{path}[{index}]")


def check_formats(document, label):
    for path, key, value in walk(document):
        if key == "id" and isinstance(value, str):
            check(ID.fullmatch(value), f"{label}: {path}.id {value!r} is a FHIR id")
        if key in ("start", "end") and isinstance(value, str):
            pattern = INSTANT if path.endswith("resource") else DATE_TIME
            check(pattern.fullmatch(value), f"{label}: {path}.{key} {value!r} format")
        if key == "timestamp":
            check(INSTANT.fullmatch(value), f"{label}: {path}.timestamp {value!r} is an instant")


def resources(bundle, kind):
    return [entry["resource"] for entry in bundle["entry"]
            if entry["resource"]["resourceType"] == kind]


def check_bundle(bundle, label):
    check(bundle["resourceType"] == "Bundle" and bundle["type"] == "collection",
          f"{label}: a collection Bundle")
    urls = [entry["fullUrl"] for entry in bundle["entry"]]
    check(all(UUID_URL.fullmatch(url) for url in urls), f"{label}: fullUrls are urn:uuid")
    check(len(set(urls)) == len(urls), f"{label}: fullUrls are unique (bdl-7)")
    for path, key, value in walk(bundle):
        if key == "reference":
            check(value in urls, f"{label}: {path}.reference {value} resolves inside the Bundle")
    check_formats(bundle, label)
    careplans = resources(bundle, "CarePlan")
    check(len(careplans) == 1, f"{label}: one CarePlan")
    careplan = careplans[0]
    check(careplan["status"] == "active" and careplan["intent"] == "plan",
          f"{label}: CarePlan active plan")
    check("subject" in careplan, f"{label}: CarePlan.subject (1..1)")
    for activity in careplan["activity"]:
        check(("detail" in activity) != ("reference" in activity),
              f"{label}: activity {activity.get('id')}: detail or reference, not both (cpl-3)")
        check(activity["detail"]["kind"] == "Appointment", f"{label}: detail.kind Appointment")
    for appointment in resources(bundle, "Appointment"):
        if appointment["status"] not in ("proposed", "cancelled", "waitlist"):
            check("start" in appointment and "end" in appointment,
                  f"{label}: {appointment['id']}: booked needs start and end (app-3)")
        check(all("type" in p or "actor" in p for p in appointment["participant"]),
              f"{label}: {appointment['id']}: participants have an actor (app-1)")
    return careplan


def check_plan(arguments):
    label = " ".join(arguments)
    plan = json.loads(run([CLI, "plan", *arguments, "--format", "json"]))
    bundle = json.loads(run([CLI, "plan", *arguments, "--format", "fhir"]))
    careplan = check_bundle(bundle, label)
    check(not resources(bundle, "Patient") and not resources(bundle, "Appointment"),
          f"{label}: a bare plan has no Patient and no Appointment")
    check("reference" not in careplan["subject"] and careplan["subject"].get("display"),
          f"{label}: a bare plan's subject is display-only")
    sessions = plan["sessions"]["recommended"]
    activities = {activity["id"]: activity for activity in careplan["activity"]}
    expected = [f"session-{n}" for n in range(1, sessions + 1)] + ["maintenance-1"]
    check(list(activities) == expected, f"{label}: activities {list(activities)} == {expected}")
    for session in plan.get("schedule", []):
        detail = activities.get(f"session-{session['number']}", {}).get("detail", {})
        check(detail.get("status") == "not-started", f"{label}: planned is not-started")
        check(detail.get("scheduledPeriod") ==
              {"start": session["earliest"], "end": session["latest"]},
              f"{label}: session {session['number']} period is its window")
    if "schedule" not in plan:
        check(all("scheduledPeriod" not in a["detail"] for a in careplan["activity"]),
              f"{label}: without a start date, no periods")
    else:
        maintenance = activities["maintenance-1"]["detail"]["scheduledPeriod"]
        check(maintenance["start"] == plan["maintenance"][0]["date"],
              f"{label}: maintenance period")
    notes = [note["text"] for note in careplan["note"]]
    for reason in plan["reasons"]:
        check(any(reason["effect"] in note for note in notes),
              f"{label}: reason {reason['rule']} is a note")
    return bundle


def check_fixture():
    bundle = json.loads(run([FIXTURE, "fhir"]))
    careplan = check_bundle(bundle, "fixture")
    patients = resources(bundle, "Patient")
    check(len(patients) == 1 and patients[0]["name"][0]["text"] == "Anna M\u00fcller",
          "fixture: the named client is a Patient")
    patient_url = next(e["fullUrl"] for e in bundle["entry"]
                       if e["resource"]["resourceType"] == "Patient")
    check(careplan["subject"]["reference"] == patient_url, "fixture: CarePlan.subject is the Patient")
    statuses = [a["detail"]["status"] for a in careplan["activity"]]
    check(statuses == ["completed"] * 3 + ["scheduled", "not-started", "not-started"],
          f"fixture: activity statuses {statuses}")
    appointments = {a["id"]: a for a in resources(bundle, "Appointment")}
    expected = {
        "course-12-session-1": ("fulfilled", "2027-01-04T00:00:00+01:00", "2027-01-05T00:00:00+01:00"),
        "course-12-session-2": ("fulfilled", "2027-02-09T10:30:00+01:00", "2027-02-09T11:00:00+01:00"),
        "course-12-session-3": ("fulfilled", "2027-03-15T00:00:00+01:00", "2027-03-16T00:00:00+01:00"),
        "course-12-session-4": ("booked", "2027-04-19T09:00:00+02:00", "2027-04-19T09:30:00+02:00"),
    }
    check(sorted(appointments) == sorted(expected), f"fixture: appointments {sorted(appointments)}")
    for id_, (status, start, end) in expected.items():
        got = appointments.get(id_, {})
        check((got.get("status"), got.get("start"), got.get("end")) == (status, start, end),
              f"fixture: {id_} is {status} {start}..{end}, got "
              f"{(got.get('status'), got.get('start'), got.get('end'))}")
    url_of = {e["resource"].get("id"): e["fullUrl"] for e in bundle["entry"]}
    for number in range(1, 5):
        activity = careplan["activity"][number - 1]
        check(activity.get("outcomeReference") ==
              [{"reference": url_of[f"course-12-session-{number}"]}],
              f"fixture: activity {number} links its Appointment")
    odd = json.loads(run([FIXTURE, "fhir", "odd"]))
    check(resources(odd, "Patient")[0]["name"][0]["text"] == 'Anna M\u00fcller & "Co" <test>',
          "fixture odd: quotes and markup in a name survive JSON escaping")
    bare = json.loads(run([FIXTURE, "fhir", "bare"]))
    check_bundle(bare, "fixture bare")
    return bundle, bare


def check_plan_definition():
    definition = json.loads(run([CLI, "protocol", "show", "--format", "fhir"]))
    protocol = json.loads(run([CLI, "protocol", "show"]))
    check(definition["resourceType"] == "PlanDefinition" and definition["status"] == "active",
          "PlanDefinition, active")
    check(definition["version"] == protocol["version"], "PlanDefinition.version")
    check_formats(definition, "PlanDefinition")
    tags = [source["tag"] for source in protocol["sources"]]
    labels = [artifact["label"] for artifact in definition["relatedArtifact"]]
    check(labels == tags, f"one relatedArtifact per source: {labels}")
    check(all(a["type"] == "citation" and a["display"] for a in definition["relatedArtifact"]),
          "relatedArtifacts are citations with the source's title")
    ids = [action["id"] for action in definition["action"]]
    for rule in ("base-course", "interval", "small-area", "goal-transformation", "difficulty-load",
                 "intensive-course", "interval-floor", "maintenance", "modality",
                 "session-length", "aftercare", "screening"):
        check(rule in ids, f"PlanDefinition has the {rule} action")
    for path, key, value in walk(definition):
        if key == "documentation":
            check(all(item["label"] in tags for item in value), f"{path}: documented by a source")
    return definition


documents = {}
for arguments in (["--laxity", "mild", "--start", "2027-01-04"],
                  ["--laxity", "severe", "--risks", "smoking,diabetes", "--areas", "face,neck",
                   "--screening", "isotretinoin,pacemaker", "--skin-type", "V",
                   "--start", "2027-01-31"],
                  ["--laxity", "moderate", "--goal", "transformation", "--modality", "roller"],
                  ["--laxity", "none", "--areas", "under-eyes"]):
    documents[" ".join(arguments)] = check_plan(arguments)
documents["fixture"], documents["fixture bare"] = check_fixture()
documents["PlanDefinition"] = check_plan_definition()

# The validator must be able to fail: a CarePlan without its status and with
# a made-up member, and an unknown activity kind.
broken = json.loads(json.dumps(documents["fixture"]))
careplan = next(e["resource"] for e in broken["entry"] if e["resource"]["resourceType"] == "CarePlan")
del careplan["status"]
careplan["activity"][0]["detail"]["kind"] = "Microneedling"
careplan["bogus"] = True
documents["broken control"] = broken

results = validate(documents)
for label, result in results.items():
    errors = [m for m in result["messages"] if m["severity"] == "error"]
    if label == "broken control":
        locations = sorted(m["location"] for m in errors)
        check(len(errors) == 3, f"the validator rejects the broken control: {locations}")
        continue
    check(result["valid"] and not errors,
          f"{label}: valid FHIR R4, errors: {json.dumps(errors, indent=1)}")
    print(f"{label}: {len(errors)} errors, {len(result['messages'])} warnings")

print(f"{checks - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)

#!/usr/bin/python3
"""SVG timeline: well-formed, accessible, self-contained, and it looks as it should.

Each SVG (the fixture course with history and laxity grades, and a bare
`plan --format svg`) must parse as XML, carry role="img" with a <title> and
<desc>, use no script, external resource or web font, be the same bytes on
every run, and render in headless Chromium to a picture that differs from
the committed reference in under 1% of its pixels. PNGs are decoded here
with zlib alone, so the comparison needs nothing beyond the standard library.

usage: check_svg.py CLI EXPORT_FIXTURE REFERENCE_DIR [--update DOCS_PNG]
  --update rewrites the reference pictures (and the README's picture) from
  this build's rendering; review them before committing.
"""
import os
import re
import struct
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
import zlib

CLI, FIXTURE, REFERENCE_DIR = sys.argv[1], sys.argv[2], sys.argv[3]
UPDATE = sys.argv[5] if len(sys.argv) == 6 and sys.argv[4] == "--update" else None
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SVG = "{http://www.w3.org/2000/svg}"
TOLERANCE = 0.01          # share of pixels allowed to differ
CHANNEL_THRESHOLD = 48    # a pixel differs when a channel moves further than this
failures = 0
checks = 0


def check(condition, what):
    global failures, checks
    checks += 1
    if not condition:
        failures += 1
        print(f"FAIL: {what}")


def run(command, epoch):
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch)
    result = subprocess.run(command, capture_output=True, env=env)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)}: exit {result.returncode}: {result.stderr.decode()}")
    return result.stdout


def decode_png(data):
    """(width, height, rows of RGB tuples) of an 8-bit RGB or RGBA PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    position, idat = 8, b""
    while position < len(data):
        length, kind = struct.unpack(">I4s", data[position:position + 8])
        body = data[position + 8:position + 8 + length]
        position += 12 + length
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or color not in (2, 6) or interlace:
                raise ValueError(f"unsupported PNG: depth {depth}, color type {color}")
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += body
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                estimate = left + up - corner
                pa, pb, pc = abs(estimate - left), abs(estimate - up), abs(estimate - corner)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + predictor) & 0xFF
        rows.append([tuple(line[x * channels:x * channels + 3]) for x in range(width)])
        previous = line
    return width, height, rows


def render(svg_path, width, height, png_path):
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking", "--disable-component-update",
             "--disable-sync", f"--user-data-dir={profile}", "--hide-scrollbars",
             "--force-device-scale-factor=1", f"--window-size={width},{height}",
             f"--screenshot={png_path}", "file://" + os.path.abspath(svg_path)],
            capture_output=True, timeout=120, check=True)


def check_document(svg, label, marks, graded):
    root = ElementTree.fromstring(svg)
    check(root.tag == f"{SVG}svg", f"{label}: an <svg> document")
    check(root.get("role") == "img", f"{label}: role=img")
    view_box = root.get("viewBox", "").split()
    check(len(view_box) == 4 and view_box[:3] == ["0", "0", "800"],
          f"{label}: viewBox 800 wide, got {view_box}")
    check(root.get("font-family") == "system-ui, sans-serif", f"{label}: system fonts only")
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    check(title is not None and title.text, f"{label}: a <title>")
    check(desc is not None and desc.text, f"{label}: a <desc>")
    check(root.get("aria-labelledby") == "clg-title clg-desc" and title.get("id") == "clg-title",
          f"{label}: labelled by its title and desc")
    for element in root.iter():
        name = element.tag.replace(SVG, "")
        check(name not in ("script", "foreignObject", "image", "style", "a"),
              f"{label}: no <{name}>")
        for attribute, value in element.attrib.items():
            check("href" not in attribute and "url(" not in value and not attribute.startswith("on"),
                  f"{label}: no external reference or handler in {name} {attribute}")
    circles = [g for g in root.iter(f"{SVG}g") if g.find(f"{SVG}circle") is not None
               and g.find(f"{SVG}title") is not None]
    check(len(circles) == marks, f"{label}: {marks} session marks, got {len(circles)}")
    xs = [float(g.find(f"{SVG}circle").get("cx")) for g in circles]
    check(xs == sorted(xs), f"{label}: sessions left to right in date order")
    polylines = list(root.iter(f"{SVG}polyline"))
    points = len(polylines[0].get("points").split()) if polylines else 0
    check(points == graded, f"{label}: {graded} laxity grades charted, got {points}")
    # Dates people read carry their year: a day is written YYYY-MM-DD, and the
    # month axis names the year on its first tick (and on January's).
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    check(not [t for t in texts if re.fullmatch(r"\d{1,2} [A-Z][a-z]{2,3}|[A-Z][a-z]{2} \d{1,2}", t)],
          f"{label}: no day shown without its year")
    months = [t for t in texts if re.fullmatch(r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)( \d{4})?", t)]
    check(not months or re.search(r" \d{4}$", months[0]), f"{label}: the first month names its year: {months[:1]}")
    check(all(re.search(r" \d{4}$", t) for t in months if t.startswith("Jan")),
          f"{label}: January names its year")
    return root, int(float(view_box[3]))


def count_color(rows, color, slack=24):
    return sum(1 for row in rows for pixel in row
               if all(abs(a - b) <= slack for a, b in zip(pixel, color)))


def check_picture(svg, height, name, label, expect_colors):
    with tempfile.TemporaryDirectory() as directory:
        svg_path = os.path.join(directory, "timeline.svg")
        png_path = os.path.join(directory, "timeline.png")
        with open(svg_path, "wb") as file:
            file.write(svg)
        render(svg_path, 800, height, png_path)
        with open(png_path, "rb") as file:
            rendered = file.read()
    width, got_height, rows = decode_png(rendered)
    check((width, got_height) == (800, height), f"{label}: rendered 800x{height}")
    for color_name, color in expect_colors.items():
        check(count_color(rows, color) > 20, f"{label}: {color_name} is drawn")
    reference_path = os.path.join(REFERENCE_DIR, name)
    if UPDATE:
        with open(reference_path, "wb") as file:
            file.write(rendered)
        print(f"{label}: wrote {reference_path}")
        return rendered
    with open(reference_path, "rb") as file:
        ref_width, ref_height, reference = decode_png(file.read())
    check((ref_width, ref_height) == (width, got_height), f"{label}: same size as the reference")
    if (ref_width, ref_height) != (width, got_height):
        return rendered
    differing = sum(1 for row, ref_row in zip(rows, reference) for a, b in zip(row, ref_row)
                    if max(abs(x - y) for x, y in zip(a, b)) > CHANNEL_THRESHOLD)
    share = differing / (width * got_height)
    print(f"{label}: {differing} of {width * got_height} pixels differ ({share:.3%})")
    check(share < TOLERANCE, f"{label}: under {TOLERANCE:.0%} of pixels differ from {name}")
    return rendered


colors = {"maintenance purple": (0x7C, 0x3A, 0xED), "session blue": (0x1D, 0x4E, 0xD8),
          "window band": (0xDB, 0xEA, 0xFE)}

if not os.access(CHROMIUM, os.X_OK):
    sys.exit(f"{CHROMIUM} is missing: scripts/install-deps.sh installs Debian's chromium")

fixture_svg = run([FIXTURE, "svg"], "0")
check(fixture_svg == run([FIXTURE, "svg"], "0"), "fixture: same bytes on every run")
root, height = check_document(fixture_svg, "fixture", marks=5, graded=3)
odd = run([FIXTURE, "svg", "odd"], "0")
odd_root, _ = check_document(odd, "fixture odd", marks=5, graded=3)
check(odd_root.find(f"{SVG}title").text ==
      'Microneedling course for Anna M\u00fcller & "Co" <test>',
      "fixture odd: the client's name survives XML escaping")
subtitle = [t.text for t in odd_root.iter(f"{SVG}text")][1]
check(subtitle.endswith("\u2026") and len(subtitle) <= 104,
      f"fixture odd: a long clinic name is cut short: {subtitle!r}")
fixture_png = check_picture(fixture_svg, height, "timeline-course.png", "fixture",
                            dict(colors, **{"today red": (0xDC, 0x26, 0x26),
                                            "laxity line": (0x0F, 0x76, 0x6E)}))

# 2027-02-15T00:00:00Z: "today" falls inside the planned course.
plan_arguments = [CLI, "plan", "--laxity", "moderate", "--risks", "smoking", "--start",
                  "2027-01-04", "--format", "svg"]
plan_svg = run(plan_arguments, "1802649600")
check(plan_svg == run(plan_arguments, "1802649600"), "plan: same bytes on every run")
_, plan_height = check_document(plan_svg, "plan", marks=6, graded=0)
check_picture(plan_svg, plan_height, "timeline-plan.png", "plan",
              dict(colors, **{"today red": (0xDC, 0x26, 0x26)}))

empty = run([FIXTURE, "svg", "bare"], "0")
check_document(empty, "fixture bare", marks=5, graded=0)

if UPDATE:
    with open(UPDATE, "wb") as file:
        file.write(fixture_png)
    print(f"wrote {UPDATE}")

print(f"{checks - failures} passed, {failures} failed")
sys.exit(1 if failures else 0)

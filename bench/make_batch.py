#!/usr/bin/env python3
"""Writes N JSON Lines assessments (a fixed, repeating mix) for the batch benchmark."""
import itertools
import json
import sys

MIX = [
    {"laxity": "mild", "areas": ["face"], "start": "2027-01-04"},
    {"laxity": "none", "goal": "prevention", "areas": ["under-eyes"]},
    {"laxity": "moderate", "areas": ["face", "neck"], "start": "2027-03-31",
     "open_days": ["mon", "tue", "wed", "thu", "fri"]},
    {"laxity": "severe", "risks": ["smoking", "sun-damage"], "concerns": ["deep-wrinkles"],
     "start": "2028-02-29"},
    {"laxity": "mild", "goal": "transformation", "modality": "roller"},
    {"laxity": "moderate", "screening": ["pacemaker"], "skin_type": "V", "start": "2027-12-31"},
    {"laxity": "severe", "areas": ["face", "neck", "chest"], "start": "2027-06-15"},
    {"laxity": "none", "areas": ["face", "neck"]},
]

count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
lines = [json.dumps(item, separators=(",", ":")) + "\n" for item in MIX]
out = sys.stdout
for line in itertools.islice(itertools.cycle(lines), count):
    out.write(line)

#!/usr/bin/env python3
"""Every ctest test has a TIMEOUT, so a hang fails the run instead of holding it up.

    check_timeouts.py CTEST BUILD_DIR
"""
import json
import subprocess
import sys

ctest, build = sys.argv[1:3]
listing = subprocess.run([ctest, "--show-only=json-v1"], cwd=build, capture_output=True,
                         check=True, timeout=60)
tests = json.loads(listing.stdout)["tests"]
missing = [test["name"] for test in tests
           if not any(p["name"] == "TIMEOUT" and float(p["value"]) > 0
                      for p in test.get("properties", []))]
for name in missing:
    print("FAIL: %s has no TIMEOUT property" % name)
print("%d tests, %d without a TIMEOUT" % (len(tests), len(missing)))
sys.exit(1 if missing or len(tests) < 2 else 0)

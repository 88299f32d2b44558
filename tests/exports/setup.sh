#!/usr/bin/env bash
# Installs the npm packages the export tests validate FHIR and read iCalendar
# with (tests only),
# exactly as the committed package-lock.json pins them, and only when they are
# missing, so a second run costs nothing and needs no network.
set -euo pipefail
cd "$(dirname "$0")/node"
if ! command -v npm >/dev/null; then
  echo "setup.sh: npm is missing (Node.js from Debian or NodeSource)" >&2
  exit 1
fi
# Every pinned package at its locked version, read from the files themselves
# (ical.js's "exports" hide its package.json from require).
installed() {
  node -e '
    const fs = require("fs");
    const lock = require("./package-lock.json").packages;
    for (const name of ["fhir", "ical.js"]) {
      const file = "node_modules/" + name + "/package.json";
      if (!fs.existsSync(file) || JSON.parse(fs.readFileSync(file)).version !== lock["node_modules/" + name].version)
        process.exit(1);
    }'
}
if installed; then
  exit 0
fi
echo "setup.sh: npm ci (fhir, ical.js)"
npm ci --no-audit --no-fund --loglevel=error

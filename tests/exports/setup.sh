#!/usr/bin/env bash
# Installs the npm packages the export tests validate FHIR with (tests only),
# exactly as the committed package-lock.json pins them, and only when they are
# missing, so a second run costs nothing and needs no network.
set -euo pipefail
cd "$(dirname "$0")/node"
if ! command -v npm >/dev/null; then
  echo "setup.sh: npm is missing (Node.js from Debian or NodeSource)" >&2
  exit 1
fi
wanted=$(node -e 'console.log(require("./package-lock.json").packages["node_modules/fhir"].version)')
if [ -f node_modules/fhir/package.json ] &&
   [ "$(node -e 'console.log(require("./node_modules/fhir/package.json").version)')" = "$wanted" ]; then
  exit 0
fi
echo "setup.sh: npm ci (fhir $wanted)"
npm ci --no-audit --no-fund --loglevel=error

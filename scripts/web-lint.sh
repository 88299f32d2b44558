#!/usr/bin/env bash
# Prettier and ESLint over the web app (scripts/web-lint.mjs), after making
# sure the pinned tools from package-lock.json are installed in the repo's
# node_modules/.
#   scripts/web-lint.sh            check; nonzero on any formatting or lint problem
#   scripts/web-lint.sh --write    format in place with Prettier
# Run by `make web-lint`, `make web-format` and ctest's web_lint.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)

fail() {
  echo "web-lint: $*" >&2
  exit 1
}

command -v node >/dev/null || fail "no node (Debian packages nodejs npm; scripts/install-deps.sh installs them)"
# ESLint 9 runs on Debian 12's own Node.js (18.19) as well as on newer ones.
node -e 'const [major, minor] = process.versions.node.split(".").map(Number);
         process.exit(major > 18 || (major === 18 && minor >= 18) ? 0 : 1)' ||
  fail "ESLint 9 needs Node.js 18.18 or newer, found $(node --version)"

# npm ci again whenever package-lock.json changed since the last install, so
# a version bump is never checked with the old tools. The stamp is a copy of
# the lock file inside node_modules/, which npm ci empties first.
stamp="$root/node_modules/.collagenda-package-lock.json"
if ! cmp -s "$root/package-lock.json" "$stamp"; then
  (cd "$root" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error) ||
    fail "npm ci failed in $root"
  cp "$root/package-lock.json" "$stamp"
fi

exec node "$root/scripts/web-lint.mjs" "$@"

#!/usr/bin/env bash
# Installs the Debian packages Collagenda builds and tests with, only when one
# is missing, so a second run costs one dpkg query and no network.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libcmocka-dev libjansson-dev libsqlite3-dev sqlite3
  libical-dev libsodium-dev libmicrohttpd-dev libpq-dev
  # Reminders go out by SMTP through libcurl.
  libcurl4-openssl-dev
  # The PostgreSQL backend's tests start a private server (initdb, pg_ctl; tests/pg).
  postgresql
  # HTTPS (serve checks the certificate and key) and CDS clients' JWT signatures: GnuTLS.
  libgnutls28-dev
  jq valgrind hyperfine
  # Export tests: an independent iCalendar parser, a browser to render the SVG.
  python3-icalendar chromium fonts-dejavu-core
  # A real calendar program reads the exports too (tests/exports/check_time_zones.py).
  khal
  # Integration tests are Python 3 (standard library) and shell.
  python3 curl procps
  # The CDS Hooks tests play the CDS client: keys, JWKs and signed JWTs.
  python3-jwt python3-cryptography
  # The server tests read /metrics with Prometheus's own parser and make a
  # self-signed certificate for the HTTPS tests.
  python3-prometheus-client openssl
  # The reminder tests receive mail on a loopback SMTP server; the unit
  # files in contrib/systemd are checked with systemd-analyze verify.
  python3-aiosmtpd systemd
  # The man page test renders man/collagenda.1.
  groff-base
  # `make test-loaded` runs the server and records tests with every core busy.
  stress-ng
  # Tests that record sessions on fixed dates set the clock with libfaketime:
  # a session cannot be recorded before its day, and the product has no clock
  # override.
  faketime
  # `make fuzz` and `make fuzz-smoke`: libFuzzer harnesses (fuzz/) built with
  # clang; the fuzzer runtime is only a Recommends of clang-14. The crash
  # test's full disk is a small ext4 image when tmpfs cannot be mounted.
  clang-14 libclang-rt-14-dev e2fsprogs
)
# Browser tests (tests/web) run playwright-core on Node.js, with npm to fetch
# it. A Node.js installed some other way is kept: NodeSource's nodejs bundles
# npm and conflicts with Debian's npm package.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

# Browser and FHIR tests run on Node.js with npm. A machine that already has a
# node (say from NodeSource) keeps it: Debian's npm package would clash with it.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  sudo_cmd=(sudo)
fi
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"

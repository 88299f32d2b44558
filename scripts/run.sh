#!/usr/bin/env bash
# `make run`: until the server exists, show what Collagenda does with a sample
# assessment (a client with moderate laxity on face and neck, starting next Monday).
set -euo pipefail
build=${1:-build}
start=$(date -d 'next monday' +%F)
echo "\$ collagenda plan --laxity moderate --areas face,neck --start $start --open-days mon,tue,wed,thu,fri"
exec "$build/collagenda" plan --laxity moderate --areas face,neck --start "$start" --open-days mon,tue,wed,thu,fri

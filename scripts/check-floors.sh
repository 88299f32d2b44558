#!/usr/bin/env bash
# The floors rule (docs/design.md): a file under src/ includes headers of its
# own floor or of floors below it, never of a floor above or beside it.
# Reads every project #include "..." line under src/ and include/; prints
# each breach as FILE:LINE: FLOOR includes HEADER (FLOOR) and exits 1 if
# there is any. Run by ctest (test `floors.includes`) and so by make check.
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root"

# Bottom to top. core's public headers are <collagenda/...>, written
# "collagenda/x.h"; cli is the top floor because its `serve` command starts
# the HTTP door.
floors=(core base model store service render http cli)

floor_rank() {
  case "$1" in
    collagenda) echo 0 ;;
    *)
      for i in "${!floors[@]}"; do
        if [ "${floors[$i]}" = "$1" ]; then
          echo "$i"
          return
        fi
      done
      echo -1
      ;;
  esac
}

checked=0
breaches=0
while IFS= read -r file; do
  case "$file" in
    include/collagenda/*) own=core ;;
    src/*) own=$(echo "$file" | cut -d/ -f2) ;;
    *) continue ;;
  esac
  own_rank=$(floor_rank "$own")
  if [ "$own_rank" -lt 0 ]; then
    echo "$file: folder src/$own is not a floor; add it to scripts/check-floors.sh and docs/design.md"
    breaches=$((breaches + 1))
    continue
  fi
  checked=$((checked + 1))
  while IFS=: read -r line header; do
    target=${header%%/*}
    if [ "$target" = "$header" ]; then
      continue # a header beside the file, in its own folder
    fi
    rank=$(floor_rank "$target")
    if [ "$rank" -lt 0 ]; then
      echo "$file:$line: includes \"$header\", which is in no floor"
      breaches=$((breaches + 1))
    elif [ "$rank" -gt "$own_rank" ]; then
      echo "$file:$line: $own includes \"$header\" ($target is above it)"
      breaches=$((breaches + 1))
    elif [ "$rank" -eq "$own_rank" ] && [ "$target" != "$own" ] && [ "$own" != core ]; then
      echo "$file:$line: $own includes \"$header\" ($target is beside it)"
      breaches=$((breaches + 1))
    fi
  done < <(grep -n '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' "$file" |
    sed 's/^\([0-9]*\):[^"]*"\([^"]*\)".*/\1:\2/' || true)
done < <(git ls-files -co --exclude-standard 'src/*.c' 'src/*.h' 'include/*.h' 'include/*.h.in' 2>/dev/null || find src include -name '*.[ch]')

if [ "$checked" -eq 0 ]; then
  echo "check-floors: no source files found under $root" >&2
  exit 2
fi
if [ "$breaches" -gt 0 ]; then
  echo "check-floors: $breaches include(s) break the floors rule in $checked files" >&2
  exit 1
fi
echo "check-floors: $checked files keep the floors rule"

#!/usr/bin/env bash
# The audit reader's list of actions (clg_audit_actions in
# src/service/audit_reader.c) names every action the program writes, so
# that `audit --action` accepts each one and its error lists them all.
# Finds every "noun.verb" string literal under src/ whose noun is one the
# audit log uses, and prints each one the list lacks; exits 1 if any.
# Run by ctest (test `audit.actions`) and so by make check.
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root"
table=src/service/audit_reader.c
nouns='audit|booking|cds_client|client|clinic|course|feed|protocol|records|safety|session|token|user'

listed=$(sed -n '/^const char \*const clg_audit_actions\[\] = {/,/^};/p' "$table" |
  grep -oE '"[a-z_]+\.[a-z_]+"' | tr -d '"' | sort -u)
if [ -z "$listed" ]; then
  echo "$table: clg_audit_actions not found" >&2
  exit 2
fi
# Literals only (not comments): the actions workflows pass to the audit log.
written=$(grep -rhoE --include='*.c' "\"($nouns)\.[a-z_]+\"" src | tr -d '"' | sort -u)
missing=$(comm -23 <(echo "$written") <(echo "$listed"))
if [ -n "$missing" ]; then
  echo "written to the audit log but not listed in $table (clg_audit_actions):" >&2
  sed 's/^/  /' <<<"$missing" >&2
  exit 1
fi
echo "$(wc -l <<<"$listed") actions listed, every written one among them"

#!/usr/bin/env bash
# `make run`: the server on 127.0.0.1:8080 over ./var/collagenda.db, with a
# demo clinic. The first run creates the clinic's admin and prints the
# password once (only its argon2id hash is stored); later runs reuse it.
set -euo pipefail
build=${1:-build}
listen=${COLLAGENDA_LISTEN:-127.0.0.1:8080}
mkdir -p var
chmod 700 var
db=var/collagenda.db
collagenda=("$build/collagenda" --db "$db" --clinic demo)
admin=admin@demo.clinic

if [ ! -f var/.admin-created ]; then
  password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=' | cut -c1-20)
  printf '%s\n' "$password" | "${collagenda[@]}" user add --email "$admin" --role admin >/dev/null
  touch var/.admin-created
  # The first command on the fresh database created the clinic; its settings, for the screens.
  "${collagenda[@]}" clinic set --address "1 Demo Street, London" --phone "+44 20 7946 0000" \
    --open-days mon,tue,wed,thu,fri --hours 09:00-18:00 --chairs 2
  # A demo client with a course, so the screens have something to show.
  client=$("${collagenda[@]}" client add --name "Demo Client" --email demo@example.test)
  "${collagenda[@]}" course start --client "$client" --laxity moderate --areas face,neck \
    --start "$(date +%F)" >/dev/null
  cat <<MSG
------------------------------------------------------------------
 Collagenda demo clinic created. Staff login (shown only this once):
   e-mail:   $admin
   password: $password
------------------------------------------------------------------
MSG
fi
echo "Staff app:  http://$listen/    Public calculator: http://$listen/calculator"
echo "Stop with Ctrl-C."
exec "${collagenda[@]}" serve --listen "$listen"

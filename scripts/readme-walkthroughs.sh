#!/usr/bin/env bash
# Runs the README's walk-throughs as written against a fresh server: "A first request" and "The Rapid
# Review, with curl" on the SQLite default (`cargo run -- serve --demo`), then "A first request" again
# against PostgreSQL as its section starts it (a database of its own, dropped afterwards). Fails when a
# command fails or an answer is not the one the walk-through expects.
#   scripts/readme-walkthroughs.sh          (needs curl, jq, port 8080 free; PostgreSQL part if reachable)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v jq >/dev/null || { echo "jq is needed (the README's prerequisites)" >&2; exit 2; }
if curl -s -o /dev/null http://127.0.0.1:8080/health/live; then
  echo "something already answers on 127.0.0.1:8080: stop it first" >&2; exit 2
fi
work=$(mktemp -d)
server=
stop_server() { [ -z "$server" ] || { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=; }; }
trap 'stop_server; rm -rf "$work"' EXIT
# The commands read ./data by default; a fresh data directory stands in for a fresh clone's.
export CSPR_DATA_DIR="$work/data"

# The shell code of a README section's ```sh block(s).
section() { awk -v h="## $1" '$0==h {on=1; next} /^## / {on=0} on && /^```sh/ {code=1; next} on && /^```/ {code=0} code' README.md; }

start() {
  cargo build -q --bin cspr
  "$@" >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 120); do curl -sf http://127.0.0.1:8080/health/ready >/dev/null && return; sleep 1; done
  cat "$work/server.log" >&2; echo "the server did not start" >&2; exit 1
}

expect() { # expect <file> <text>...: every text appears in the walk-through's output
  local f=$1; shift
  for t in "$@"; do grep -qF -- "$t" "$f" || { cat "$f" >&2; echo "missing from the output: $t" >&2; exit 1; }; done
}

echo "== Run it: $(section 'Run it (SQLite, zero setup)' | grep -v '^#')"
start cargo run -q -- serve --demo

echo "== A first request"
section 'A first request' | bash -euo pipefail >"$work/first.out"
expect "$work/first.out" '"DEMO-' '"id":' '"referrals":{"items":[' '"due":' '"action":'

echo "== The Rapid Review, with curl"
section 'The Rapid Review, with curl' | bash -euo pipefail >"$work/rapid.out"
# The walk-through saves the picture where it runs, as a reader's would.
grep -q '<svg' chronology.svg || { echo "the chronology picture was not written" >&2; exit 1; }
grep -q '^%PDF-' report.pdf || { echo "the report was not written" >&2; exit 1; }
rm -f chronology.svg report.pdf
expect "$work/rapid.out" '"rapid_review"' '"accepted"' 'outside_window_reason' 'true' '"illegal-transition"' '"cspr"' '"submitted"' '"step":"submission_to_national_panel","agency_code":null,"due"' '"kind":"cspr","stage":"commissioning"' '{"methodology":"systems_learning_together"}' '{"role":"lead_reviewer","name":"Dr A. Reviewer"}' '{"subject":"reviewer-ann"}' '{"version":1}' '{"cause":"criminal_trial"}' '"delay_national_panel","delay_secretary_of_state"' '{"pseudonym":"Adult B","response":"awaited"}' '["sign_off","send_back"]' '{"chief_officer":"A. Head, Headteacher"}' '{"source_ref":"SIMS-4411","version":1,"outside_period_under_review":false}' '"agency":"DEMO-SCHOOL","category":"missing_episode"' 'occurred_on,time,precision,agency' '{"stage":"finalise"}' '{"number":1,"agencies":["DEMO-SCHOOL"]}' '{"number":1,"format":"pdf","size_bytes":' '[]' '{"version":1,"approved_by":"board-chair"}' '{"decision":"publish"}' '"copies_due_by":' '["national_panel","ofsted","secretary_of_state"]' '"partnership":"Demoshire Safeguarding Children Partnership","items":[]'
stop_server

if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  echo "== PostgreSQL, then A first request"
  db="cspr_readme_$$"
  # The section's commands, with a database of this run's own in place of `cspr`.
  commands=$(section 'PostgreSQL' | sed "s#/cspr\b#/$db#; s#postgres cspr\$#postgres $db#")
  createdb_line=$(grep '^createdb' <<<"$commands")
  serve_line=$(grep 'cargo run -- serve' <<<"$commands")
  eval "$createdb_line"
  trap 'stop_server; dropdb -h 127.0.0.1 -U postgres --if-exists "$db" || true; rm -rf "$work"' EXIT
  rm -rf "$CSPR_DATA_DIR"
  start bash -c "$serve_line"
  section 'A first request' | bash -euo pipefail >"$work/first-pg.out"
  expect "$work/first-pg.out" '"DEMO-' '"id":' '"referrals":{"items":['
  stop_server
else
  echo "skipped PostgreSQL: nothing answers on 127.0.0.1:5432"
fi
echo "the README's walk-throughs ran as written"

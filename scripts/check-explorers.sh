#!/usr/bin/env bash
# Opens Swagger UI (/docs/) and the GraphQL explorer (/graphql) in headless Chromium with the network cut
# (every host but this machine unreachable), screenshots both, and fails unless each rendered: Swagger
# UI its operations, GraphiQL its editor. Proves the explorers need nothing from the internet.
#   scripts/check-explorers.sh [output-dir]      (Chromium: Debian's `chromium` package)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/explorer-check}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "no Chromium found (apt-get install chromium)" >&2; exit 2; }
mkdir -p "$out"
data=$(mktemp -d)
port=18190
cargo build -q --bin cspr
./target/debug/cspr --data-dir "$data" serve --demo --addr "127.0.0.1:$port" >"$out/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 60); do curl -sf "http://127.0.0.1:$port/health/ready" >/dev/null && break; sleep 1; done

# No proxy answers on port 9 and no name resolves: only 127.0.0.1 (never proxied) can be reached.
offline=(--headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1280,900
  --proxy-server=http://127.0.0.1:9 --host-resolver-rules="MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"
  --virtual-time-budget=15000)
status=0
check() {
  local name=$1 path=$2 marker=$3
  "$browser" "${offline[@]}" --screenshot="$out/$name.png" "http://127.0.0.1:$port$path" >/dev/null 2>&1 || true
  "$browser" "${offline[@]}" --dump-dom "http://127.0.0.1:$port$path" 2>/dev/null >"$out/$name.html" || true
  if grep -q "$marker" "$out/$name.html"; then
    echo "ok: $path rendered offline ($out/$name.png)"
  else
    echo "FAILED: $path did not render offline (no \"$marker\" in $out/$name.html)" >&2
    status=1
  fi
}
check swagger-ui /docs/ 'opblock-tag'
check graphiql /graphql 'graphiql-container'
exit $status

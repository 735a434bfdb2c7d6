#!/usr/bin/env bash
# Starts the real server (sandbox on, a throwaway SQLite database, the built SPA) on a free
# loopback port, runs the Playwright suite against it, and stops it. Used by `make e2e`.
set -euo pipefail
cd "$(dirname "$0")/.."

ketang=${KETANG:-target/debug/ketang}
port=${KETANG_E2E_PORT:-18180}
data_dir=$(mktemp -d)
log="$data_dir/server.log"

cleanup() {
  [[ -n "${server_pid:-}" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$data_dir"
}
trap cleanup EXIT

KETANG_DATA_DIR="$data_dir" KETANG_SERVER__PORT="$port" KETANG_WEB__DIST_DIR="$PWD/web/dist" \
  KETANG_WEB__PUBLIC_BASE_URL="http://127.0.0.1:$port" KETANG_WEBHOOKS__ALLOW_LOOPBACK=true \
  "$ketang" serve --demo >"$log" 2>&1 &
server_pid=$!

for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "e2e: the server did not start:" >&2
    cat "$log" >&2
    exit 1
  fi
  sleep 0.1
done

# One platform operator per test file (browser.mjs: operatorPhone(n)), made the way operators
# are made (the CLI), so files never wait out each other's SMS resend interval.
for n in 1 2 3 4 5 6; do
  KETANG_DATA_DIR="$data_dir" "$ketang" admin create --phone "1390000000$n" --role super >/dev/null
done

cd web
KETANG_BASE_URL="http://127.0.0.1:$port" KETANG_E2E_OPERATORS=1 npm run e2e || { echo "e2e: server log:" >&2; tail -20 "$log" >&2; exit 1; }

#!/usr/bin/env bash
# `make conformance`: the running server against its own OpenAPI document with schemathesis
# (pinned, in .venv): a fresh database with the demo data, signed in as the demo operator, every
# operation through the example and coverage phases. Fails on any 5xx, any response that does
# not match the spec (status code, content type, headers, body schema), and any schema-violating
# request that is accepted. (positive_data_acceptance is left out: the domain rules — check
# digits, mobile prefixes, dates — are stricter than a JSON schema can say, and answer 422.)
set -euo pipefail
cd "$(dirname "$0")/.."

ketang=${KETANG:-target/debug/ketang}
schemathesis=${SCHEMATHESIS:-.venv/bin/schemathesis}
port=${KETANG_CONFORMANCE_PORT:-18170}
base="http://127.0.0.1:$port"
data_dir=$(mktemp -d)

cleanup() {
  [[ -n "${server_pid:-}" ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$data_dir"
}
trap cleanup EXIT

KETANG_DATA_DIR="$data_dir" KETANG_SERVER__PORT="$port" KETANG_WEB__PUBLIC_BASE_URL="$base" \
  KETANG_JOBS__ENABLED=false "$ketang" serve --demo >"$data_dir/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  curl -fsS "$base/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done

# The demo operator (super admin) signs in by SMS; the sandbox shows the code.
curl -fsS -X POST "$base/api/v1/auth/sms-codes" -H 'Content-Type: application/json' \
  -d '{"phone":"13900000000","purpose":"login"}' >/dev/null
code=$(curl -fsS "$base/sandbox/sms/last?phone=13900000000" | python3 -c 'import json,sys; print(json.load(sys.stdin)["code"])')
token=$(curl -fsS -X POST "$base/api/v1/auth/sign-in/sms" -H 'Content-Type: application/json' \
  -d "{\"phone\":\"13900000000\",\"code\":\"$code\",\"agree_terms\":true,\"token_delivery\":\"body\"}" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')

# Sign-out and refresh would end the session the run uses.
"$schemathesis" run openapi.yaml --url "$base" -H "Authorization: Bearer $token" \
  --checks all --exclude-checks positive_data_acceptance \
  --phases examples,coverage --max-examples 5 --generation-deterministic \
  --exclude-path-regex '^/api/v1/auth/(sign-out|refresh)$' --request-timeout 20 \
  | tee "$data_dir/report.txt" | tail -25
status=${PIPESTATUS[0]}
echo "conformance: $(grep -c 'operationId:' openapi.yaml) operations in the spec;" \
  "$(grep -Eo '[0-9]+ generated, [0-9]+ passed' "$data_dir/report.txt" | tail -1)" \
  | tee -a "${SUMMARY:-/dev/null}"
exit "$status"

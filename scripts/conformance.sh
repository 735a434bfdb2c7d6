#!/usr/bin/env bash
# `make conformance`: the running server against its own OpenAPI document with schemathesis
# (pinned, in .venv): a fresh database with the demo data; every operation as the demo operator,
# then the org-scoped ones as the demo enterprise's owner on its own org id; example and
# coverage phases. Fails on any 5xx, any response that does
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

# A session by SMS through the sandbox gateway (the demo's accounts have no password).
session_token() {
  curl -fsS -X POST "$base/api/v1/auth/sms-codes" -H 'Content-Type: application/json' \
    -d "{\"phone\":\"$1\",\"purpose\":\"login\"}" >/dev/null
  local code
  code=$(curl -fsS "$base/sandbox/sms/last?phone=$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["code"])')
  curl -fsS -X POST "$base/api/v1/auth/sign-in/sms" -H 'Content-Type: application/json' \
    -d "{\"phone\":\"$1\",\"code\":\"$code\",\"agree_terms\":true,\"token_delivery\":\"body\"}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])'
}
operator=$(session_token 13900000000)   # the demo operator (super admin)
owner=$(session_token 13800000000)      # the owner of the demo enterprise
demo_org=019b7a40-0000-7000-8000-00000000d001

# Sign-out and refresh would end the session a run uses.
st() {
  "$schemathesis" "$@" --url "$base" \
    --checks all --exclude-checks positive_data_acceptance \
    --phases examples,coverage --max-examples 5 --generation-deterministic \
    --exclude-path-regex '^/api/v1/auth/(sign-out|refresh)$' --request-timeout 20
}
# A run's summary, and every failure in full (the operation, the check, the curl that
# reproduces it) when there is one.
report() {
  if grep -q '= FAILURES =' "$1"; then
    sed -n '/= FAILURES =/,$p' "$1"
  else
    tail -25 "$1"
  fi
}
set +e
# 1. Every operation as the operator: platform and public operations for real, org-scoped ones
#    on ids that are not the operator's (404, as for anyone outside the org).
echo "conformance: every operation as the platform operator"
st run openapi.yaml -H "Authorization: Bearer $operator" >"$data_dir/operator.txt"
operator_status=$?
report "$data_dir/operator.txt"
# 2. The org-scoped operations as the demo enterprise's owner, on the enterprise's own id, so
#    they reach their handlers and the database rather than the ownership check.
echo "conformance: the org-scoped operations as the demo enterprise's owner"
printf '[parameters]\n"path.org_id" = "%s"\n' "$demo_org" >"$data_dir/owner.toml"
st --config-file "$data_dir/owner.toml" run openapi.yaml -H "Authorization: Bearer $owner" \
  --include-path-regex '^/api/v1/orgs/\{org_id\}' >"$data_dir/owner.txt"
owner_status=$?
report "$data_dir/owner.txt"
set -e

cases() { grep -Eo '[0-9]+ generated' "$1" | tail -1 | grep -Eo '[0-9]+' || echo 0; }
echo "conformance: $(grep -c 'operationId:' openapi.yaml) operations in the spec;" \
  "$(cases "$data_dir/operator.txt") cases as the operator," \
  "$(cases "$data_dir/owner.txt") as the demo enterprise's owner on its org-scoped operations" \
  | tee -a "${SUMMARY:-/dev/null}"
((operator_status == 0 && owner_status == 0))

#!/usr/bin/env bash
# P8 under writes (issue 24): signed-in reads kept between commits (`cache::Unchanged`) are
# forgotten at every commit, so this measures `GET /me` and a class list of 20 (the org's 1,000
# classes) while another client commits an org edit every 1 s, 0.1 s and 0.01 s (plus the
# time of the edit itself), next to no writes at all. Data as run.sh seeds it; release build;
# wrk -t2 -c64, 1 s warm-up, 8 s measured; req/s and the server's CPU a request.
#
#     bench/writes.sh sqlite|postgres
#
# Prints its table and records nothing (the figures go into RESULTS.md's notes by hand).
set -euo pipefail
cd "$(dirname "$0")/.."
db=${1:-sqlite}
bin=${BENCH_BIN:-${CARGO_TARGET_DIR:-$HOME/.cache/ketang/target}/release/ketang}
port=${BENCH_WRITES_PORT:-18500}
base=http://127.0.0.1:$port
pg_admin_url=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
work=$(mktemp -d /tmp/ketang-writes.XXXXXX)
mkdir -p "$work/data"
env_db=()
name=""
if [[ $db == postgres ]]; then
  name=ketang_writes_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
  psql "$pg_admin_url" -qAtc "create database $name"
  env_db=(KETANG_DATABASE__URL="${pg_admin_url%/*}/$name")
fi
cmd=(env -u DATABASE_URL KETANG_PROFILE=dev KETANG_SANDBOX__ENABLED=true KETANG_DATA_DIR="$work/data" KETANG_SERVER__PORT=$port KETANG_LOG__LEVEL=warn "${env_db[@]}" "$bin")
(cd "$work/data" && exec "${cmd[@]}" serve) >>"$work/server.log" 2>&1 &
pid=$!
writer=""
cleanup() {
  [[ -n $writer ]] && kill "$writer" 2>/dev/null
  kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  [[ -n $name ]] && psql "$pg_admin_url" -qAtc "drop database if exists $name with (force)" >/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
for _ in $(seq 1 300); do curl -fsS "$base/readyz" >/dev/null 2>&1 && break; sleep 0.1; done
(cd "$work/data" && "${cmd[@]}" admin create --phone 13900000001 --role super >/dev/null)
python3 bench/seed.py --base "$base" --admin-phone 13900000001 --out "$work/seed.json" --urls "$work/urls.txt" >/dev/null
python3 bench/seed_training.py --base "$base" --seed "$work/seed.json" --out "$work/training.json" >/dev/null
org=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["org_id"])' "$work/training.json")
read -r -a tokens < <(python3 bench/tokens.py --base "$base" "$work/training.json")
owner=${tokens[0]}
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
load() { # name url [auth]
  local before after rps
  wrk -t2 -c64 -d1s ${3:+-H "Authorization: Bearer $3"} "$2" >/dev/null
  before=$(ticks)
  rps=$(wrk -t2 -c64 -d8s ${3:+-H "Authorization: Bearer $3"} "$2" | awk '/Requests\/sec/ {print $2}')
  after=$(ticks)
  awk -v name="$1" -v rps="$rps" -v ticks=$((after - before)) \
    'BEGIN {printf "%-26s %10.0f req/s %7.1f us a request\n", name, rps, ticks * 10000 / (rps * 8)}'

}
load healthz "$base/healthz"
# Every: a commit, then this long asleep ("none": no writer).
for every in none 1.0 0.1 0.01; do
  if [[ $every != none ]]; then
    python3 - "$base" "$org" "$owner" "$every" "$work/commits" <<'PY' &
import json, os, sys, time, urllib.request
base, org, token, every, counter = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5]
n = 0
while True:
    with open(counter + ".new", "w") as f:
        f.write(str(n))
    os.replace(counter + ".new", counter)
    n += 1
    body = json.dumps({"address": f"海南省三亚市吉阳区迎宾路 {n} 号"}).encode()
    req = urllib.request.Request(f"{base}/api/v1/orgs/{org}", data=body, method="PATCH",
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    urllib.request.urlopen(req).read()
    time.sleep(every)
PY
    writer=$!
    sleep 0.5
    started=$SECONDS
  fi
  load "/me, commits: $every" "$base/api/v1/me" "$owner"
  load "classes, commits: $every" "$base/api/v1/orgs/$org/classes?page_size=20" "$owner"
  if [[ $every != none ]]; then
    kill "$writer"
    wait "$writer" 2>/dev/null || true
    writer=""
    echo "  (the writer committed $(cat "$work/commits") edits in $((SECONDS - started + 1)) s)"
  fi
done

#!/usr/bin/env bash
# P11 of issue 24, growth with data: the p50 latency of the catalog's first page, of title
# searches (two words, one word) and of pages 1–50, at 1,000 and at 100,000 listed courses, on SQLite and PostgreSQL;
# the figure is p50(100k) ÷ p50(1k), target ≤ 3. See bench/README.md.
#
# Per database: seed.py seeds 1,000 courses through the API on an empty database; the server
# restarts and the four loads run (wrk -t2 -c8 with uncached.lua, so the response cache never
# answers: every request is computed by the database); the server stops, grow.py clones the
# courses in the database to 100,000 listed ones; the server restarts and the same loads run.
#
# Part of `make bench` (run.sh sets BENCH_GROWTH_DIR and reports P11 with the rest); alone it
# prints its own table and records nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir=${CARGO_TARGET_DIR:-$HOME/.cache/ketang/target}
bin=${BENCH_BIN:-$target_dir/release/ketang}
port=${BENCH_GROWTH_PORT:-18420}
base=http://127.0.0.1:$port
duration=${BENCH_DURATION:-20s}
warmup=${BENCH_WARMUP:-2s}
connections=${BENCH_GROWTH_CONNECTIONS:-8}
databases=${BENCH_DATABASES:-sqlite postgres}
pg_admin_url=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
small=${BENCH_GROWTH_SMALL:-1000}
large=${BENCH_GROWTH_LARGE:-100000}
admin_phone=13900000001

say() { printf '\n== %s\n' "$*" >&2; }

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
if [[ " $databases " == *" postgres "* ]] && ! command -v psql >/dev/null; then
  apt-get update -qq && apt-get install -y -qq postgresql-client >/dev/null
fi
if [[ -z ${BENCH_BIN:-} && ${BENCH_NO_BUILD:-0} != 1 ]] &&
  { [[ ! -x $bin ]] || [[ -n $(find api migrations Cargo.toml Cargo.lock -newer "$bin" -type f -print -quit) ]]; }; then
  CARGO_TARGET_DIR="$target_dir" cargo build --release --locked -p ketang
fi
[[ -x $bin ]] || { echo "growth: no binary at $bin" >&2; exit 1; }

standalone=0
if [[ -n ${BENCH_GROWTH_DIR:-} ]]; then
  work=$BENCH_GROWTH_DIR
  mkdir -p "$work"
else
  standalone=1
  work=$(mktemp -d /tmp/ketang-growth.XXXXXX)
fi
server_pid=""
pg_db=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [[ -n $pg_db ]] && psql "$pg_admin_url" -qAtc "drop database if exists $pg_db with (force)" >/dev/null 2>&1
  if ((standalone)); then
    if [[ ${BENCH_KEEP:-0} == 1 ]]; then echo "growth: raw outputs kept in $work" >&2; else rm -rf "$work"; fi
  fi
}
trap cleanup EXIT

# The server command for the current database ($data_dir, $db_url), as in run.sh.
ketang_cmd() {
  cmd=(env -u DATABASE_URL -u KETANG_DATABASE__URL -u KETANG_CONFIG -u RUST_LOG
    KETANG_PROFILE=dev KETANG_SANDBOX__ENABLED=true KETANG_DATA_DIR="$data_dir"
    KETANG_SERVER__PORT="$port" KETANG_LOG__LEVEL=warn)
  [[ -n $db_url ]] && cmd+=(KETANG_DATABASE__URL="$db_url")
  cmd+=("$bin")
}

start_server() {
  ketang_cmd
  (cd "$data_dir" && exec "${cmd[@]}" serve) >>"$data_dir/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 600); do
    curl -fsS "$base/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "growth: the server did not start:" >&2
  tail -20 "$data_dir/server.log" >&2
  exit 1
}

stop_server() {
  kill "$server_pid" && wait "$server_pid" || true
  server_pid=""
}

# measure SIZE: the four loads, each after a warm-up, into $out/SIZE_{first,search,words,pages}.txt,
# and what the catalog holds at this size into $out/SIZE_counts.json.
measure() {
  local size=$1 pass=0 kind
  python3 - "$base" >"$out/${size}_counts.json" <<'PY'
import json, sys, urllib.parse, urllib.request
base = sys.argv[1]
def total(**query):
    url = f"{base}/api/v1/courses?{urllib.parse.urlencode(dict(query, page_size=1))}"
    return json.load(urllib.request.urlopen(url))["total"]
q = "报关·Shopify"
padded = total(q=f" {q}\t\n")
assert padded == total(q=q), "a padded search finds something else"
assert total(q=" \t") == total(), "a blank search is not ignored"
print(json.dumps({"listed": total(), "search": q, "search_total": padded}))
PY
  for kind in first search words pages; do
    say "$db, $(json_field listed <"$out/${size}_counts.json") courses: $kind (uncached)"
    BENCH_URLS=$out/urls/$kind.txt BENCH_PASS=$pass wrk -t2 -c"$connections" -d"$warmup" \
      --timeout 30s -s bench/uncached.lua "$base" >/dev/null
    BENCH_URLS=$out/urls/$kind.txt BENCH_PASS=$((pass + 1)) wrk -t2 -c"$connections" -d"$duration" \
      --timeout 30s --latency -s bench/uncached.lua "$base" | tee "$out/${size}_$kind.txt" >&2
    pass=$((pass + 2))
  done
}

json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

for db in $databases; do
  out=$work/$db
  data_dir=$out/data
  mkdir -p "$data_dir"
  db_url=""
  if [[ $db == postgres ]]; then
    psql "$pg_admin_url" -qAtc 'select 1' >/dev/null ||
      { echo "growth: PostgreSQL at $pg_admin_url does not answer" >&2; exit 1; }
    pg_db=ketang_growth_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
    psql "$pg_admin_url" -qAtc "create database $pg_db" >/dev/null
    pg_base=${pg_admin_url%%\?*}
    db_url="${pg_base%/*}/$pg_db${pg_admin_url#"$pg_base"}"
  fi

  say "$db: seed $small courses through the API"
  start_server
  ketang_cmd
  (cd "$data_dir" && "${cmd[@]}" admin create --phone "$admin_phone" --role super >/dev/null)
  python3 bench/seed.py --base "$base" --admin-phone "$admin_phone" --courses "$small" \
    --video-mib 1 --out "$out/seed.json"
  stop_server
  python3 bench/catalog_urls.py growth "$out/urls"

  start_server
  measure small
  stop_server

  say "$db: grow to $large listed courses in the database"
  started=$(date +%s.%N)
  if [[ $db == postgres ]]; then
    python3 bench/grow.py --postgres "$db_url" --total "$large"
  else
    python3 bench/grow.py --sqlite "$data_dir/ketang.db" --total "$large"
  fi
  awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f\n", e - s }' >"$out/grow_seconds"

  start_server
  measure large
  stop_server
  if [[ $db == postgres ]]; then
    psql "$pg_admin_url" -qAtc "drop database if exists $pg_db with (force)" >/dev/null
    pg_db=""
  fi
done

cat >"$work/meta.json" <<EOF
{"duration": "$duration", "warmup": "$warmup", "connections": $connections, "small": $small, "large": $large}
EOF
if ((standalone)); then
  python3 bench/report.py --only P11 "$work"
fi

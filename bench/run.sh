#!/usr/bin/env bash
# The load benchmarks of issues 10 and 24 (P1–P8, P11, P12) on the release build, loopback
# only; see bench/README.md. Every figure is a ratio to a baseline measured in the same run (or an
# absolute RSS / start time). Prints a table, writes bench/results.json and appends to
# bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir=${CARGO_TARGET_DIR:-$HOME/.cache/ketang/target}
# BENCH_BIN=/path/to/ketang: that binary (e.g. a debug build for a trial), never built here;
# such a run records nothing unless BENCH_RECORD=1.
bin=${BENCH_BIN:-$target_dir/release/ketang}
if [[ -n ${BENCH_BIN:-} ]]; then
  export BENCH_RECORD=${BENCH_RECORD:-0}
fi
port=${KETANG_BENCH_PORT:-18300}          # Ketang; nginx on port+1, the cold starts on port+2, P11 on port+3
duration=${BENCH_DURATION:-20s}
connections=${BENCH_CONNECTIONS:-64}
warmup=${BENCH_WARMUP:-2s}
range_bytes=${BENCH_RANGE_BYTES:-1048576}
databases=${BENCH_DATABASES:-sqlite postgres}
pg_admin_url=${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
admin_phone=13900000001

say() { printf '\n== %s\n' "$*" >&2; }

# Tools: Debian's wrk and nginx; psql for the PostgreSQL run.
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need+=(nginx)
[[ " $databases " == *" postgres "* ]] && ! command -v psql >/dev/null && need+=(postgresql-client)
if ((${#need[@]})); then
  apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

# The release binary, rebuilt only when missing or older than the sources.
# BENCH_NO_BUILD=1 takes the binary as it is; so does BENCH_BIN.
if [[ -z ${BENCH_BIN:-} && ${BENCH_NO_BUILD:-0} != 1 ]] &&
  { [[ ! -x $bin ]] || [[ -n $(find api migrations Cargo.toml Cargo.lock -newer "$bin" -type f -print -quit) ]]; }; then
  CARGO_TARGET_DIR="$target_dir" cargo build --release --locked -p ketang
fi
[[ -x $bin ]] || { echo "bench: no binary at $bin" >&2; exit 1; }

work=$(mktemp -d /tmp/ketang-bench.XXXXXX)
chmod 711 "$work" # nginx's workers (www-data) read the video under it
server_pid=""
nginx_pid=""
pg_db=""
cleanup() {
  [[ -n $nginx_pid ]] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  [[ -n $pg_db ]] && psql "$pg_admin_url" -qAtc "drop database if exists $pg_db with (force)" >/dev/null 2>&1
  if [[ ${BENCH_KEEP:-0} == 1 ]]; then echo "bench: raw outputs kept in $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

# PostgreSQL: a fresh database for this run, checked before anything long starts.
if [[ " $databases " == *" postgres "* ]]; then
  psql "$pg_admin_url" -qAtc 'select 1' >/dev/null ||
    { echo "bench: PostgreSQL at $pg_admin_url does not answer (BENCH_DATABASES=sqlite skips it)" >&2; exit 1; }
  pg_db=ketang_bench_$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
  psql "$pg_admin_url" -qAtc "create database $pg_db" >/dev/null
  # postgres://user@host:port/any?query -> the same server, database $pg_db
  pg_base=${pg_admin_url%%\?*}
  pg_query=${pg_admin_url#"$pg_base"}
  pg_url="${pg_base%/*}/$pg_db$pg_query"
fi

# The server command for the current database ($data_dir, $db_url): dev profile with the
# sandbox (SMS codes for seeding), warn-level logs, nothing from the caller's environment or
# a ketang.toml (it runs in its data dir).
ketang_cmd() {
  cmd=(env -u DATABASE_URL -u KETANG_DATABASE__URL -u KETANG_CONFIG -u RUST_LOG
    KETANG_PROFILE=dev KETANG_SANDBOX__ENABLED=true KETANG_DATA_DIR="$data_dir"
    KETANG_SERVER__PORT="$1" KETANG_LOG__LEVEL=warn)
  [[ -n $db_url ]] && cmd+=(KETANG_DATABASE__URL="$db_url")
  cmd+=("$bin")
}

start_server() {
  ketang_cmd "$port"
  (cd "$data_dir" && exec "${cmd[@]}" serve) >>"$data_dir/server.log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 600); do
    curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "bench: the server did not start:" >&2
  tail -20 "$data_dir/server.log" >&2
  exit 1
}

stop_server() {
  kill "$server_pid" && wait "$server_pid" || true
  server_pid=""
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status"; }
# The server's CPU time so far (user + system), in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }

# load NAME URL [wrk args…]: a warm-up, then the measured run into $out/NAME.txt, and the
# Ketang server's CPU ticks during it into $out/NAME.cpu_ticks (CPU per request does not
# swing with the host's other load the way req/s does).
load() {
  local name=$1 url=$2 before
  shift 2
  wrk -t2 -c"$connections" -d"$warmup" "$@" "$url" >/dev/null
  before=$(cpu_ticks)
  wrk -t2 -c"$connections" -d"$duration" "$@" "$url" | tee "$out/$name.txt" >&2
  echo $(($(cpu_ticks) - before)) >"$out/$name.cpu_ticks"
}

start_nginx() { # serves $1 at /video.mp4 from its own folder, Debian's nginx with sendfile
  local ng=$work/nginx
  mkdir -p "$ng/www" "$ng/tmp"
  chmod 755 "$ng" "$ng/www"
  cp "$1" "$ng/www/video.mp4"
  chmod 644 "$ng/www/video.mp4"
  cat >"$ng/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $ng/nginx.pid;
error_log $ng/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  types { video/mp4 mp4; }
  default_type application/octet-stream;
  client_body_temp_path $ng/tmp/body;
  proxy_temp_path $ng/tmp/proxy;
  fastcgi_temp_path $ng/tmp/fastcgi;
  uwsgi_temp_path $ng/tmp/uwsgi;
  scgi_temp_path $ng/tmp/scgi;
  server {
    listen 127.0.0.1:$((port + 1));
    root $ng/www;
  }
}
EOF
  "$nginx_bin" -e "$ng/error.log" -p "$ng" -c "$ng/nginx.conf" &
  nginx_pid=$!
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null -r 0-0 "http://127.0.0.1:$((port + 1))/video.mp4" && return 0
    sleep 0.1
  done
  echo "bench: nginx did not start:" >&2
  cat "$ng/error.log" >&2
  exit 1
}

stop_nginx() {
  kill "$nginx_pid" && wait "$nginx_pid" || true
  nginx_pid=""
}

json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }

bench_database() { # sqlite | postgres
  local db=$1 base="http://127.0.0.1:$port"
  out=$work/$db
  data_dir=$out/data
  mkdir -p "$data_dir"
  db_url=""
  [[ $db == postgres ]] && db_url=$pg_url

  say "$db: start on an empty database, seed 50 providers, 1,000 courses, 1,000 classes and 1,000 students through the API"
  start_server
  rss_kb >"$out/rss_empty_kb"
  ketang_cmd "$port"
  (cd "$data_dir" && "${cmd[@]}" admin create --phone "$admin_phone" --role super >/dev/null)
  # shellcheck disable=SC2086 # BENCH_SEED_ARGS holds several arguments
  python3 bench/seed.py --base "$base" --admin-phone "$admin_phone" --out "$out/seed.json" \
    --urls "$out/catalog_urls.txt" ${BENCH_SEED_ARGS:-}
  # shellcheck disable=SC2086 # BENCH_TRAINING_ARGS holds several arguments
  python3 bench/seed_training.py --base "$base" --seed "$out/seed.json" --out "$out/training.json" \
    ${BENCH_TRAINING_ARGS:-}
  rss_kb >"$out/rss_seeded_kb"
  stop_server

  say "$db: restart on the seeded database; idle RSS (P6)"
  start_server
  sleep 1
  rss_kb >"$out/rss_idle_kb"

  local course_id video_course video_url
  course_id=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["course_ids"][len(d["course_ids"])//2])' "$out/seed.json")
  video_course=$(json_field video_course_id <"$out/seed.json")
  curl -fsS "$base/api/v1/courses/$course_id" >/dev/null
  curl -fsS "$base/api/v1/courses?page_size=20" >/dev/null

  say "$db: baseline GET /healthz"
  load healthz "$base/healthz" --latency
  say "$db: P1 GET /api/v1/courses?page_size=20"
  load catalog "$base/api/v1/courses?page_size=20" --latency
  rss_kb >"$out/rss_after_p1_kb"
  say "$db: P2 GET /api/v1/courses/$course_id"
  load course "$base/api/v1/courses/$course_id" --latency

  # P8: signed-in reads, with access tokens refreshed right before each load (they live 15
  # minutes). The owner's org has 1,000 classes; the newest holds 1,000 students.
  local org class name path who token spec tokens
  org=$(json_field org_id <"$out/training.json")
  class=$(json_field class_id <"$out/training.json")
  for spec in "me owner /api/v1/me" "org owner /api/v1/orgs/$org" \
    "classes owner /api/v1/orgs/$org/classes?page_size=20" \
    "students owner /api/v1/orgs/$org/classes/$class/students?page_size=20" \
    "admin_users admin /api/v1/admin/users?page_size=20"; do
    read -r name who path <<<"$spec"
    read -r -a tokens < <(python3 bench/tokens.py --base "$base" "$out/training.json")
    [[ $who == owner ]] && token=${tokens[0]} || token=${tokens[1]}
    curl -fsS -o /dev/null -H "Authorization: Bearer $token" "$base$path"
    say "$db: P8 GET $path ($who)"
    load "p8_$name" "$base$path" --latency -H "Authorization: Bearer $token"
  done

  say "$db: P12 mixed catalog traffic: $(wc -l <"$out/catalog_urls.txt") distinct public URLs in random order"
  BENCH_URLS=$out/catalog_urls.txt load mixed_catalog "$base/" --latency -s bench/mixed_catalog.lua

  say "$db: P3 Range requests of $range_bytes bytes: Ketang's signed video URL, then nginx"
  video_url=$(curl -fsS "$base/api/v1/courses/$video_course" | json_field video_url)
  local sha size blob
  sha=$(json_field video_sha256 <"$out/seed.json")
  size=$(json_field video_bytes <"$out/seed.json")
  blob=$data_dir/media/blobs/${sha:0:2}/$sha
  [[ -f $blob && $(stat -c %s "$blob") == "$size" ]] || { echo "bench: no video blob at $blob" >&2; exit 1; }
  start_nginx "$blob"
  cmp <(curl -fsS -r 1000-2000 "$base$video_url") <(curl -fsS -r 1000-2000 "http://127.0.0.1:$((port + 1))/video.mp4")
  BENCH_FILE_SIZE=$size BENCH_RANGE_BYTES=$range_bytes \
    load range_ketang "$base$video_url" -s bench/range.lua --timeout 10s
  BENCH_FILE_SIZE=$size BENCH_RANGE_BYTES=$range_bytes \
    load range_nginx "http://127.0.0.1:$((port + 1))/video.mp4" -s bench/range.lua --timeout 10s
  stop_nginx
  stop_server
}

# Other work on the machine skews every figure; say so, and record the load with the results.
load_before=$(cut -d' ' -f1 /proc/loadavg)
if awk -v l="$load_before" 'BEGIN {exit !(l > 0.5)}'; then
  echo "bench: warning: load average $load_before before the run; the figures will be noisy" >&2
fi

cat >"$work/meta.json" <<EOF
{"duration": "$duration", "connections": $connections, "warmup": "$warmup", "range_bytes": $range_bytes,
 "binary": "$bin", "release_build": $([[ -z ${BENCH_BIN:-} ]] && echo true || echo false),
 "wrk_version": "$(wrk -v 2>&1 | head -1 | awk '{print $1, $2}')",
 "nginx_version": "$("$nginx_bin" -v 2>&1 | sed 's/^nginx version: //')",
 "load_before": "$load_before"}
EOF

for db in $databases; do
  bench_database "$db"
done

# P11: growth with data, on fresh databases of its own (bench/growth.sh).
if [[ ${BENCH_GROWTH:-1} == 1 ]]; then
  say "P11: growth from ${BENCH_GROWTH_SMALL:-1000} to ${BENCH_GROWTH_LARGE:-100000} listed courses (bench/growth.sh)"
  BENCH_BIN=$bin BENCH_GROWTH_DIR=$work/growth BENCH_GROWTH_PORT=$((port + 3)) \
    BENCH_DATABASES=$databases BENCH_DATABASE_URL=$pg_admin_url BENCH_DURATION=$duration \
    BENCH_WARMUP=$warmup bench/growth.sh
fi

if [[ " $databases " == *" sqlite "* ]]; then
  say "P7: cold start to /readyz 200 on the migrated SQLite database (median of 5)"
  out=$work/sqlite
  data_dir=$out/data
  db_url=""
  ketang_cmd $((port + 2))
  python3 bench/coldstart.py --port $((port + 2)) --runs 5 --cwd "$data_dir" \
    --log "$data_dir/coldstart.log" --out "$work/coldstart.json" -- "${cmd[@]}" serve
fi

# P4, P5 and P11's class records are Rust benchmarks; they print `BENCH_RESULT {json}` lines.
: >"$work/cargo_bench.txt"
if [[ ${BENCH_SKIP_CARGO:-0} != 1 ]]; then
  if grep -qE '^name *= *"import"' tests/Cargo.toml; then
    say "P4: cargo bench -p ketang-tests --bench import"
    CARGO_TARGET_DIR="$target_dir" cargo bench -p ketang-tests --bench import 2>&1 | tee -a "$work/cargo_bench.txt" >&2
  fi
  if grep -qE '^name *= *"class_records"' tests/Cargo.toml; then
    say "P11 class records and certificate: cargo bench -p ketang-tests --bench class_records"
    CARGO_TARGET_DIR="$target_dir" cargo bench -p ketang-tests --bench class_records 2>&1 | tee -a "$work/cargo_bench.txt" >&2
  fi
  if grep -qE '^name *= *"study_time"' api/Cargo.toml; then
    say "P5: cargo bench -p ketang --bench study_time"
    CARGO_TARGET_DIR="$target_dir" cargo bench -p ketang --bench study_time 2>&1 | tee -a "$work/cargo_bench.txt" >&2
  fi
else
  echo "not run (BENCH_SKIP_CARGO=1)" >"$work/cargo_skipped"
fi

python3 bench/report.py "$work"

#!/usr/bin/env bash
# P3 behind nginx (issue 24): the same 1 MiB Range requests at random offsets of a 64 MiB
# course video as P3, sent to Debian's nginx in front of the release build configured as the
# shipped site does it (`media.accel_redirect`, deploy/nginx/ketang.conf's internal location):
# Ketang checks each signed URL and answers `X-Accel-Redirect`, nginx sends the bytes with
# sendfile. Baseline: the same nginx serving a copy of the file directly, same request
# sequence. Figure = bytes/s through Ketang ÷ bytes/s direct, target ≥ 0.90.
# Appends its table to bench/RESULTS.md (BENCH_RECORD=0 to skip).
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir=${CARGO_TARGET_DIR:-$HOME/.cache/ketang/target}
bin=${BENCH_BIN:-$target_dir/release/ketang}
port=${KETANG_BENCH_PORT:-18500}          # Ketang; nginx on port+1
duration=${BENCH_DURATION:-20s}
warmup=${BENCH_WARMUP:-2s}
connections=${BENCH_CONNECTIONS:-64}
range_bytes=${BENCH_RANGE_BYTES:-1048576}
admin_phone=13900000001

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need+=(nginx)
((${#need[@]})) && apt-get update -qq && apt-get install -y -qq "${need[@]}" >/dev/null
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
if [[ -z ${BENCH_BIN:-} && ${BENCH_NO_BUILD:-0} != 1 ]]; then
  CARGO_TARGET_DIR="$target_dir" cargo build --release --locked -p ketang
fi

work=$(mktemp -d /tmp/ketang-accel.XXXXXX)
chmod 711 "$work" # nginx's workers read the media folder and the copy under it
server_pid=""
nginx_pid=""
cleanup() {
  [[ -n $nginx_pid ]] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

data_dir=$work/data
mkdir -p "$data_dir"
chmod 755 "$data_dir"
ketang=(env -u DATABASE_URL -u KETANG_DATABASE__URL -u KETANG_CONFIG -u RUST_LOG
  KETANG_PROFILE=dev KETANG_SANDBOX__ENABLED=true KETANG_DATA_DIR="$data_dir"
  KETANG_SERVER__PORT="$port" KETANG_LOG__LEVEL=warn KETANG_MEDIA__ACCEL_REDIRECT=/_ketang_media/ "$bin")
(cd "$data_dir" && exec "${ketang[@]}" serve) >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 600); do
  curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break
  sleep 0.1
done
(cd "$data_dir" && "${ketang[@]}" admin create --phone "$admin_phone" --role super >/dev/null)
python3 bench/seed.py --base "http://127.0.0.1:$port" --admin-phone "$admin_phone" --out "$work/seed.json" \
  --providers 1 --owners 1 --courses 1 --lecturers-per-provider 1 --comments-per-course 0

json_field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
sha=$(json_field video_sha256 <"$work/seed.json")
size=$(json_field video_bytes <"$work/seed.json")
video_course=$(json_field video_course_id <"$work/seed.json")
chmod -R a+rX "$data_dir/media"
mkdir -p "$work/www"
cp "$data_dir/media/blobs/${sha:0:2}/$sha" "$work/www/video.mp4"
chmod -R a+rX "$work/www"

mkdir -p "$work/nginx/tmp"
cat >"$work/nginx/nginx.conf" <<EOF
worker_processes auto;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  types { video/mp4 mp4; }
  default_type application/octet-stream;
  client_body_temp_path $work/nginx/tmp/body;
  proxy_temp_path $work/nginx/tmp/proxy;
  fastcgi_temp_path $work/nginx/tmp/fastcgi;
  uwsgi_temp_path $work/nginx/tmp/uwsgi;
  scgi_temp_path $work/nginx/tmp/scgi;
  upstream ketang { server 127.0.0.1:$port; keepalive 32; }
  server {
    listen 127.0.0.1:$((port + 1));
    location = /video.mp4 { root $work/www; }
    # As deploy/nginx/ketang.conf: Ketang checks, nginx sends.
    location / {
      proxy_pass http://ketang;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
    location /_ketang_media/ {
      internal;
      alias $data_dir/media/;
      etag off;
      add_header ETag \$upstream_http_etag always;
      add_header Content-Security-Policy \$upstream_http_content_security_policy always;
    }
  }
}
EOF
"$nginx_bin" -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" &
nginx_pid=$!
front=http://127.0.0.1:$((port + 1))
for _ in $(seq 1 100); do
  curl -fsS -o /dev/null -r 0-0 "$front/video.mp4" && break
  sleep 0.1
done
video_url=$(curl -fsS "http://127.0.0.1:$port/api/v1/courses/$video_course" | json_field video_url)
cmp <(curl -fsS -r 1000-2000 "$front$video_url") <(curl -fsS -r 1000-2000 "$front/video.mp4")
echo "accel: the signed URL through nginx returns the file's bytes" >&2

load() { # name url
  BENCH_FILE_SIZE=$size BENCH_RANGE_BYTES=$range_bytes \
    wrk -t2 -c"$connections" -d"$warmup" -s bench/range.lua --timeout 10s "$2" >/dev/null
  BENCH_FILE_SIZE=$size BENCH_RANGE_BYTES=$range_bytes \
    wrk -t2 -c"$connections" -d"$duration" -s bench/range.lua --timeout 10s "$2" | tee "$work/$1.txt" >&2
}
load_before=$(cut -d' ' -f1 /proc/loadavg)
load through_ketang "$front$video_url"
load direct "$front/video.mp4"

rate() { awk '/^BENCH_BYTES/ {b=$2} /^BENCH_DURATION_US/ {d=$2} END {printf "%.0f", b / 1048576 / (d / 1e6)}' "$work/$1.txt"; }
p99() { awk '/^BENCH_P99_US/ {printf "%.0f", $2 / 1000}' "$work/$1.txt"; }
errors() { awk '/^BENCH_STATUS_ERRORS/ {s=$2} /^BENCH_SOCKET_ERRORS/ {k=$2} END {print s + k}' "$work/$1.txt"; }
ketang_rate=$(rate through_ketang)
direct_rate=$(rate direct)
ratio=$(awk -v k="$ketang_rate" -v d="$direct_rate" 'BEGIN { printf "%.3f", k / d }')
verdict=pass
awk -v r="$ratio" 'BEGIN { exit !(r < 0.9) }' && verdict=MISS
table=$(
  echo "| target | figure | goal | result | detail |"
  echo "|---|---|---|---|---|"
  echo "| P3 behind nginx (SQLite) | $ratio | ≥ 0.900 | $verdict | signed URL → Ketang's check → X-Accel-Redirect → nginx sendfile $ketang_rate MiB/s (p99 $(p99 through_ketang) ms, $(errors through_ketang) errors) ÷ nginx serving the file directly $direct_rate MiB/s (p99 $(p99 direct) ms); $range_bytes-byte ranges, wrk -t2 -c$connections -d$duration |"
)
echo "$table"
if [[ ${BENCH_RECORD:-1} == 1 ]]; then
  {
    echo
    echo "## P3 behind nginx (issue 24) — $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD), $(nproc) cores, load average before $load_before"
    echo
    echo "$table"
  } >>bench/RESULTS.md
fi

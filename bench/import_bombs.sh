#!/usr/bin/env bash
# Hostile and large imports and images (issue 19 items 5 and 6; P10 of issue 24): the wall
# time and the server's RSS growth of each spreadsheet bomb in api/fixtures and of a
# 10,000-row roster, imported one after another into one class of a release server on SQLite,
# then of each hostile image fixture through the chunked upload. RSS is sampled every 20 ms during
# each upload. Pass: every answer a 200 or a 422 (never 5xx), each ≤ 3 s, growth < 64 MB.
# Appends its table to bench/RESULTS.md (BENCH_RECORD=0 to skip).
set -euo pipefail
cd "$(dirname "$0")/.."

target_dir=${CARGO_TARGET_DIR:-$HOME/.cache/ketang/target}
bin=$target_dir/release/ketang
port=${KETANG_BENCH_PORT:-18410}
base=http://127.0.0.1:$port
if [[ ${BENCH_NO_BUILD:-0} != 1 ]]; then
  CARGO_TARGET_DIR="$target_dir" cargo build --release --locked -p ketang
fi
work=$(mktemp -d /tmp/ketang-bombs.XXXXXX)
server_pid=""
cleanup() {
  [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

# A 10,000-row roster, written with Python's zipfile like the bombs.
python3 - "$work/roster-10000.xlsx" <<'PY'
import sys
from pathlib import Path
sys.path.insert(0, "api/fixtures")
from raw_xlsx import raw_xlsx
W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
def resident_id(n):
    body = f"110101{1960 + n // 1000}0307{n % 1000:03d}"
    return body + "10X98765432"[sum(int(c) * w for c, w in zip(body, W)) % 11]
header = [("t", t) for t in ["姓名", "性别", "身份证号", "手机号", "文化程度"]]
rows = [header] + [[("t", f"学员{n}"), ("t", "男" if n % 2 else "女"), ("t", resident_id(n)),
                    ("t", f"139{n:08d}"), ("t", "本科")] for n in range(10_000)]
raw_xlsx(Path(sys.argv[1]), [], rows)
PY

data_dir=$work/data
mkdir -p "$data_dir"
(cd "$data_dir" && exec env -u DATABASE_URL -u KETANG_DATABASE__URL -u KETANG_CONFIG -u RUST_LOG \
  KETANG_PROFILE=dev KETANG_SANDBOX__ENABLED=true KETANG_DATA_DIR="$data_dir" \
  KETANG_SERVER__PORT="$port" KETANG_LOG__LEVEL=warn "$bin" serve) >"$data_dir/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 600); do curl -fsS "$base/readyz" >/dev/null 2>&1 && break; sleep 0.1; done

json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
phone=13700009999
curl -fsS -X POST "$base/api/v1/auth/sms-codes" -H 'Content-Type: application/json' \
  -d "{\"phone\":\"$phone\",\"purpose\":\"login\"}" >/dev/null
code=$(curl -fsS "$base/sandbox/sms/last?phone=$phone" | json "['code']")
token=$(curl -fsS -X POST "$base/api/v1/auth/sign-in/sms" -H 'Content-Type: application/json' \
  -d "{\"phone\":\"$phone\",\"code\":\"$code\",\"agree_terms\":true,\"token_delivery\":\"body\"}" | json "['access_token']")
auth=(-H "Authorization: Bearer $token" -H 'Content-Type: application/json')
org=$(curl -fsS -X POST "$base/api/v1/orgs" "${auth[@]}" \
  -d '{"name":"基准测试有限公司","uscc":"91460200MA5T8XY10H","legal_representative":"张三"}' | json "['id']")

# measured_post URL CURL_ARGS…: POSTs while sampling the server's RSS every 20 ms; sets
# $status, $seconds and $growth_mb (peak minus before), the answer in $work/answer.json.
measured_post() {
  local url=$1
  shift
  local before peak sampler result
  before=$(awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status")
  (while kill -0 "$server_pid" 2>/dev/null; do awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status"; sleep 0.02; done) >"$work/rss.txt" &
  sampler=$!
  result=$(curl -sS -o "$work/answer.json" -w '%{http_code} %{time_total}' -X POST "$url" \
    -H "Authorization: Bearer $token" "$@")
  kill "$sampler" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  peak=$(sort -n "$work/rss.txt" | tail -1)
  status=${result% *}
  seconds=${result#* }
  growth_mb=$(awk -v p="${peak:-$before}" -v b="$before" 'BEGIN { printf "%.1f", (p - b) / 1024 }')
}

rows=()
fail=0
for file in api/fixtures/bomb-shared-strings.xlsx api/fixtures/bomb-many-strings.xlsx \
  api/fixtures/bomb-one-long-string.xlsx api/fixtures/roster-overlong-cell.xlsx "$work/roster-10000.xlsx"; do
  name=$(basename "$file")
  class=$(curl -fsS -X POST "$base/api/v1/orgs/$org/classes" "${auth[@]}" \
    -d "{\"name\":\"$name\",\"class_type_code\":\"enterprise_staff\",\"training_mode\":\"live\",\"platform\":\"dingtalk\"}" | json "['id']")
  measured_post "$base/api/v1/orgs/$org/classes/$class/students/import" \
    -H "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" --data-binary "@$file"
  outcome=$(python3 -c "
import json; a = json.load(open('$work/answer.json'))
print(a.get('errors', [{}])[0].get('code', '') if 'status' in a else f\"imported {a['imported']}, failed {a['failed']}\")")
  verdict=pass
  if [[ $status != 200 && $status != 422 ]] || awk -v s="$seconds" -v g="$growth_mb" 'BEGIN { exit !(s > 3 || g >= 64) }'; then
    verdict=FAIL
    fail=1
  fi
  rows+=("| $name | $(stat -c %s "$file") | $status $outcome | $seconds | $growth_mb | $verdict |")
done

# Hostile images through the chunked upload (start, one chunk, complete): each is refused by
# what its header claims or by decoding it whole.
for spec in provider_logo:logo-185x74-truncated.png course_cover:cover-386x240-truncated.jpg \
  provider_logo:logo-claims-185000x74000.png course_cover:cover-claims-386000x240000.png \
  course_cover:cover-claims-65500x40720.jpg long_image:long-image-claims-65500x26200.jpg; do
  purpose=${spec%%:*}
  name=${spec#*:}
  file=api/fixtures/$name
  size=$(stat -c %s "$file")
  sha=$(sha256sum "$file" | cut -d' ' -f1)
  upload=$(curl -fsS -X POST "$base/api/v1/uploads" "${auth[@]}" \
    -d "{\"purpose\":\"$purpose\",\"file_name\":\"$name\",\"size\":$size,\"sha256\":\"$sha\"}" | json "['id']")
  curl -fsS -X PUT "$base/api/v1/uploads/$upload/chunks/0" -H "Authorization: Bearer $token" \
    -H 'Content-Type: application/octet-stream' --data-binary "@$file"
  measured_post "$base/api/v1/uploads/$upload/complete"
  outcome=$(python3 -c "import json; a = json.load(open('$work/answer.json')); print(a.get('errors', [{}])[0].get('code', ''))")
  verdict=pass
  if [[ $status != 422 ]] || awk -v s="$seconds" -v g="$growth_mb" 'BEGIN { exit !(s > 3 || g >= 64) }'; then
    verdict=FAIL
    fail=1
  fi
  rows+=("| $name ($purpose) | $size | $status $outcome | $seconds | $growth_mb | $verdict |")
done

table=$(
  echo "| upload | bytes | answer | seconds | RSS growth MB | |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
)
echo "$table"
if [[ ${BENCH_RECORD:-1} == 1 ]]; then
  {
    echo
    echo "## Hostile imports and images (issue 19 items 5, 6) — $(date -u +%Y-%m-%d), commit $(git rev-parse --short HEAD), $(nproc) cores"
    echo
    echo "$table"
  } >>bench/RESULTS.md
fi
exit $fail

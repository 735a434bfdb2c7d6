#!/usr/bin/env bash
# Throughput of the public catalog read path on the release build, SQLite, loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
cargo build --release -p ketang
target_dir=${CARGO_TARGET_DIR:-target}
port=${KETANG_BENCH_PORT:-18280}
data_dir=$(mktemp -d)
trap 'kill $pid 2>/dev/null; rm -rf "$data_dir"' EXIT
KETANG_DATA_DIR="$data_dir" KETANG_SERVER__PORT="$port" KETANG_LOG__LEVEL=warn \
  "$target_dir/release/ketang" serve >"$data_dir/server.log" 2>&1 &
pid=$!
until curl -fsS "http://127.0.0.1:$port/readyz" >/dev/null 2>&1; do sleep 0.1; done
echo "GET /api/v1/categories (wrk, 2 threads, 32 connections, 10 s)"
wrk -t2 -c32 -d10s "http://127.0.0.1:$port/api/v1/categories?page_size=20"

#!/usr/bin/env bash
# Bounded fuzzing of every cargo-fuzz target (fuzz/fuzz_targets): FUZZ_SECONDS each (default
# 30), starting from the committed corpus in fuzz/corpus/<target>. New inputs a run finds go
# to a scratch copy, so the repository changes only when someone commits a corpus on purpose
# (`FUZZ_KEEP=1` writes them into fuzz/corpus). A crash fails the run and leaves its input in
# fuzz/artifacts/<target>/. Appends one line per target to $SUMMARY when set. Used by
# `make conformance`.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-30}
# Targets only replayed from their corpus (every committed input, no new ones), when one must
# be: none now. `media_headers` mutates again since MP4s are read with Mozilla's `mp4parse`
# (the `mp4` crate kept faulting; 5.6 million mutated inputs in 120 s found nothing in its
# replacement). `FUZZ_REPLAY_ONLY="target …" make fuzz` replays the ones named.
replay_only=" ${FUZZ_REPLAY_ONLY-} "
target_dir=${FUZZ_TARGET_DIR:-$HOME/.cache/ketang/fuzz-target}
summary=${SUMMARY:-/dev/null}

command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked --version 0.13.2
# No sanitizer: the crate forbids unsafe code, so libFuzzer's coverage and Rust's own checks
# (debug assertions, overflow checks) find what there is to find, in a build twice as fast.
fuzz=(cargo +nightly fuzz)
flags=(--sanitizer none --debug-assertions --target-dir "$target_dir")

cd fuzz
"${fuzz[@]}" build "${flags[@]}"
total=0
for target in $("${fuzz[@]}" list); do
  mkdir -p "corpus/$target"
  if [[ "${FUZZ_KEEP:-}" == 1 ]]; then
    scratch="corpus/$target"
  else
    scratch=$(mktemp -d)
    cp -r "corpus/$target/." "$scratch/"
  fi
  log=$(mktemp)
  if [[ "$replay_only" == *" $target "* ]]; then
    echo "fuzz: $target, its corpus replayed"
    budget=(-runs=0)
  else
    echo "fuzz: $target for ${seconds} s"
    budget=(-max_total_time="$seconds")
  fi
  if ! "${fuzz[@]}" run "${flags[@]}" "$target" "$scratch" -- \
    "${budget[@]}" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
    >"$log" 2>&1; then
    tail -40 "$log"
    echo "fuzz: $target failed; the input is in fuzz/artifacts/$target/" >&2
    exit 1
  fi
  runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -1)
  corpus=$(find "$scratch" -type f | wc -l)
  printf 'fuzz: %-22s %9s executions, corpus %s inputs\n' "$target" "${runs:-0}" "$corpus" | tee -a "$summary"
  total=$((total + ${runs:-0}))
  [[ "${FUZZ_KEEP:-}" == 1 ]] || rm -rf "$scratch"
  rm -f "$log"
done
echo "fuzz: $total executions in all, no crash" | tee -a "$summary"

#!/usr/bin/env bash
# Supply-chain gate (`make audit`):
# 1. Banned crates never enter the build: `rsa` (RUSTSEC-2023-0071, a timing side channel in
#    private-key operations; payment signatures use `ring`, JWTs `aws-lc-rs`). Always checked.
# 2. Known advisories, when their databases can be reached: RustSec through `cargo deny check
#    advisories` (the database is a GitHub repository) and npm's through `npm audit
#    --audit-level=high` (the registry's audit endpoint). On a machine that reaches neither,
#    this says so plainly instead of passing silently; nothing is vendored by hand.
set -uo pipefail
cd "$(dirname "$0")/.."
status=0

banned=(rsa)
for crate in "${banned[@]}"; do
  if cargo tree --workspace -e normal,build -i "$crate" --locked 2>/dev/null | grep -q "^$crate v"; then
    echo "supply-chain: banned crate '$crate' is in the build:" >&2
    cargo tree --workspace -e normal,build -i "$crate" --locked >&2
    status=1
  else
    echo "supply-chain: banned crate '$crate' absent"
  fi
done

if ! command -v cargo-deny >/dev/null; then
  echo "supply-chain: RustSec advisories NOT CHECKED (cargo-deny not installed: cargo install cargo-deny --locked)"
elif ! timeout 20 git ls-remote https://github.com/rustsec/advisory-db HEAD >/dev/null 2>&1; then
  echo "supply-chain: RustSec advisories NOT CHECKED (github.com/rustsec/advisory-db unreachable from this machine)"
else
  cargo deny check advisories || status=1
fi

npm_out=$(cd web && timeout 120 npm audit --audit-level=high 2>&1)
npm_status=$?
if grep -q "audit endpoint returned an error\|ENOTFOUND\|ECONNREFUSED\|ETIMEDOUT" <<<"$npm_out"; then
  echo "supply-chain: npm advisories NOT CHECKED (the registry's audit endpoint does not answer here: $(grep -m1 -o 'npm warn audit .*' <<<"$npm_out"))"
elif ((npm_status != 0)); then
  echo "$npm_out" >&2
  echo "supply-chain: npm audit found high or critical advisories" >&2
  status=1
else
  echo "supply-chain: npm advisories checked, none high or critical"
fi
exit $status

#!/usr/bin/env bash
# `make dist`: the release artefact — one tarball with the server binary, the built SPA, an
# example configuration, a systemd unit, an nginx site, the Prometheus alerts and the
# operator's documentation:
#
#   ketang-<version>-linux-x86_64/
#     bin/ketang
#     web/dist/…
#     etc/ketang.toml.example  etc/ketang.env.example  etc/ketang.service  etc/nginx-ketang.conf
#     share/doc/README.md  share/doc/operations.md  share/doc/alerts.yml
#
# DIST_PROFILE=release (default) builds an optimised binary; `dev` packs the debug binary
# (what CI's `make dist-check` does, to keep a CI run within its time: the layout, config and
# start-up it checks are the same). Prints the tarball's path.
set -euo pipefail
cd "$(dirname "$0")/.."
profile=${DIST_PROFILE:-release}
target_dir=${CARGO_TARGET_DIR:-target}
version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)
name="ketang-$version-linux-$(uname -m)"

if [[ "$profile" == release ]]; then
  cargo build --locked --release -p ketang >&2
  binary="$target_dir/release/ketang"
else
  cargo build --locked -p ketang >&2
  binary="$target_dir/debug/ketang"
fi
(cd web && npm run build >&2)

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root="$stage/$name"
mkdir -p "$root/bin" "$root/web" "$root/etc" "$root/share/doc"
install -m 0755 "$binary" "$root/bin/ketang"
cp -R web/dist "$root/web/dist"
install -m 0644 deploy/ketang.toml.example "$root/etc/ketang.toml.example"
install -m 0644 deploy/ketang.env.example "$root/etc/ketang.env.example"
install -m 0644 deploy/systemd/ketang.service "$root/etc/ketang.service"
install -m 0644 deploy/nginx/ketang.conf "$root/etc/nginx-ketang.conf"
install -m 0644 README.md docs/operations.md "$root/share/doc/"
install -m 0644 deploy/prometheus/alerts.yml "$root/share/doc/alerts.yml"

mkdir -p dist
tarball="dist/$name.tar.gz"
tar -C "$stage" --owner=0 --group=0 -czf "$tarball" "$name"
echo "$tarball"

#!/usr/bin/env bash
# Everything the tests need: install, build (warnings are errors), start the
# services the tests use, run every test, stop the services.
#   scripts/test.sh [preset]     preset: ci (default), asan or tsan
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-ci}"
scripts/install-deps.sh --tests

build_started=$SECONDS
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"
build_seconds=$((SECONDS - build_started))

# Services the tests use (PostgreSQL, Redis) are started here, on loopback
# ports of our own with data in a temporary directory, and stopped by PID on
# exit, whatever the tests did. (The HTTP tests start the demo service
# themselves on port 0.)
work_dir="$(mktemp -d -t throng-test-XXXXXX)"
cleanup() {
  scripts/services.sh stop "$work_dir/services" || true
  rm -rf "$work_dir"
}
trap cleanup EXIT
export THRONG_TEST_TMP="$work_dir"
scripts/services.sh start "$work_dir/services"
. "$work_dir/services/services.env"

# The HdrHistogram interop tests run hdr-histogram-js, pinned by
# tests/interop/package-lock.json: install it when node_modules is missing or
# older than the lock (npm keeps its own copy of the lock in node_modules).
if [ tests/interop/package-lock.json -nt tests/interop/node_modules/.package-lock.json ]; then
  npm ci --prefix tests/interop --no-audit --no-fund --loglevel=error >/dev/null
fi
# The HTML report's browser test drives Debian's Chromium with playwright-core,
# pinned by tests/browser/package-lock.json (it downloads no browser).
if [ tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]; then
  npm ci --prefix tests/browser --no-audit --no-fund --loglevel=error >/dev/null
fi

tests_started=$SECONDS
rc=0
ctest --preset "$preset" -j "$(nproc)" || rc=$?
echo "test.sh $preset: build ${build_seconds} s, tests $((SECONDS - tests_started)) s"
exit $rc

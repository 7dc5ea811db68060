#!/usr/bin/env bash
# Everything the tests need: install, build (warnings are errors), start the
# services the tests use, run every test, stop the services.
#   scripts/test.sh [preset]     preset: ci (default), asan or tsan
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-ci}"
scripts/install-deps.sh --tests

cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset" -j "$(nproc)"

# Services the tests use are started here, on loopback ports of our own with
# data in a temporary directory, and stopped by PID on exit (none yet: the
# HTTP tests start the demo service themselves on port 0).
work_dir="$(mktemp -d -t throng-test-XXXXXX)"
cleanup() { rm -rf "$work_dir"; }
trap cleanup EXIT
export THRONG_TEST_TMP="$work_dir"

ctest --preset "$preset" -j "$(nproc)"

#!/usr/bin/env bash
# How long a TwoTierCache process serves a value after another process
# wrote a new one: starts PostgreSQL and Redis from scripts/services.sh in
# a temporary directory (stopped on exit) and runs the two_tier_staleness
# benchmark against that Redis. Usage, from the repository root, after a
# build: bench/two-tier-staleness.sh [--build DIR]   (default: build)
set -euo pipefail
build=build
[ "${1:-}" = --build ] && build=$2
program=$build/tests/bench/two_tier_staleness
[ -x "$program" ] || { echo "build it first: cmake --build $build --target two_tier_staleness" >&2; exit 2; }
work=$(mktemp -d -t throng-staleness-XXXXXX)
cleanup() { scripts/services.sh stop "$work/svc" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
scripts/services.sh start "$work/svc" >/dev/null
# shellcheck source=/dev/null
source "$work/svc/services.env"
"$program" "${THRONG_TEST_REDIS##*:}"

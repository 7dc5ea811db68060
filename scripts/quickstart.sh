#!/usr/bin/env bash
# The main job: install, build, and run the quickstart scenario against the
# embedded demo service. Writes throng-out/result.json.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default --target throng
exec build/harness/cli/throng run scenarios/quickstart.json --out throng-out "$@"

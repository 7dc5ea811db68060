#!/usr/bin/env bash
# clang-tidy, with the checks of .clang-tidy, over FILE... or, without
# arguments, over the code that builds without Asio or Beast (harness/core,
# scenarios, reports, targets/components): a few seconds a file there, where a driver's file
# takes half a minute. Any finding fails (exit 1).
#
#   scripts/tidy.sh [FILE...]
#
# clang cannot read GCC's precompiled headers: the compile commands come from
# build-tidy, configured without them (nothing is built there).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --tidy
cmake -S . -B build-tidy -G Ninja -DCMAKE_DISABLE_PRECOMPILE_HEADERS=ON -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
  -DTHRONG_UNITY_TESTS=OFF >/dev/null
if [ $# -gt 0 ]; then
  files=("$@")
else
  mapfile -t files < <(git ls-files 'harness/core/*.cpp' 'scenarios/*.cpp' 'reports/*.cpp' 'targets/components/*.cpp')
fi
started=$SECONDS
if printf '%s\n' "${files[@]}" | xargs -P "$(nproc)" -n 4 clang-tidy -p build-tidy --quiet; then
  echo "tidy.sh: ${#files[@]} files clean ($((SECONDS - started)) s)"
else
  echo "tidy.sh: findings above" >&2
  exit 1
fi

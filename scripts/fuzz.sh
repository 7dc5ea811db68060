#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz, clang) and runs each from its seed
# corpus. A crash, leak, sanitizer report or timeout fails the script and
# leaves the input that caused it in the work directory it names.
#   scripts/fuzz.sh                   every target, 20,000 inputs each, seed 1
#   scripts/fuzz.sh --runs N          N inputs each (CI: a fixed count and a
#                                     fixed seed make a run repeatable)
#   scripts/fuzz.sh --seconds S       S seconds each, random seed (longer hunts)
#   scripts/fuzz.sh --keep DIR ...    keep what the fuzzers found in DIR/<name>
#   scripts/fuzz.sh ... NAME ...      only these targets (scenario, http_response,
#                                     resp_reply, pg_result, histogram_decode, template,
#                                     content_decoding, har_import, cookies_redirects)
set -euo pipefail
cd "$(dirname "$0")/.."

limit=(-runs=20000 -seed=1)
keep=""
names=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) limit=(-runs="$2" -seed=1); shift 2 ;;
    --seconds) limit=(-max_total_time="$2"); shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) names+=("$1"); shift ;;
  esac
done
[ ${#names[@]} -gt 0 ] || names=(scenario http_response resp_reply pg_result histogram_decode template content_decoding
                                 har_import cookies_redirects)

scripts/install-deps.sh --fuzz
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)"

work=$(mktemp -d -t throng-fuzz-XXXXXX)
status=0
for name in "${names[@]}"; do
  found="${keep:-$work}/$name"
  mkdir -p "$found"
  log="$work/$name.log"
  # New inputs go to $found; the seed corpus in the repository is only read.
  # -timeout: one input taking 10 s is a hang; -rss_limit_mb: a blow-up.
  if (cd "$work" && "$OLDPWD/build-fuzz/tests/fuzz/${name}_fuzz" "${limit[@]}" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 "$found" "$OLDPWD/tests/fuzz/corpus/$name") >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    secs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    echo "fuzz $name: $runs inputs, no crash ($secs per second)"
  else
    echo "fuzz $name: FAILED, see $log (the input is in $work)" >&2
    tail -40 "$log" >&2
    status=1
  fi
done
[ $status -ne 0 ] || [ -n "$keep" ] || rm -rf "$work"
exit $status

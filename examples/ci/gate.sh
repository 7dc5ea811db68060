#!/usr/bin/env bash
# The performance gate of a CI job, as the GitHub Actions workflow and the
# GitLab CI job in this folder run it (and as tests/integration run it
# locally, so that this example cannot rot):
#
#   1. run the scenario against the service under test, writing result.json,
#      report.html, junit.xml and summary.md into $OUT;
#   2. compare with the stored baseline $BASELINE when there is one;
#   3. publish summary.md to the job summary (GitHub: $GITHUB_STEP_SUMMARY);
#   4. on the main branch ($SAVE_BASELINE=true), save the result as the new
#      baseline, if it passed;
#   5. fail the job on a failed threshold or a regression (exit 1 or 5). An
#      invalid or inconclusive comparison (exit 6) fails it only with
#      $FAIL_ON_UNSURE=true: a noisy runner should not block a merge on "cannot tell".
#
# Environment: THRONG (the binary, default: throng on PATH), SCENARIO, TARGET
# (the service's base URL), BASELINE (default main), STORE (default
# .throng/baselines), OUT (default throng-out), SAVE_BASELINE, FAIL_ON_UNSURE.
set -uo pipefail
throng=${THRONG:-throng}
scenario=${SCENARIO:?SCENARIO names the scenario file}
target=${TARGET:?TARGET is the base URL of the service under test}
baseline=${BASELINE:-main}
store=${STORE:-.throng/baselines}
out=${OUT:-throng-out}

args=(run "$scenario" --target "$target" --out "$out" --report html,junit,md --quiet)
if "$throng" baseline show "$baseline" --store "$store" >/dev/null 2>&1; then
  args+=(--baseline "$baseline" --store "$store")
else
  echo "gate: no baseline \`$baseline\` in $store yet: this run only measures" >&2
fi
"$throng" "${args[@]}"
rc=$?

if [ -n "${GITHUB_STEP_SUMMARY:-}" ] && [ -f "$out/summary.md" ]; then
  cat "$out/summary.md" >> "$GITHUB_STEP_SUMMARY"
fi
if [ "${SAVE_BASELINE:-false}" = true ] && [ $rc -eq 0 ]; then
  "$throng" baseline save "$out/result.json" --name "$baseline" --store "$store" || exit 3
fi
if [ $rc -eq 6 ] && [ "${FAIL_ON_UNSURE:-false}" != true ]; then
  echo "gate: the comparison could not decide (invalid or inconclusive): see $out/report.html" >&2
  exit 0
fi
exit $rc

#pragma once
// `throng merge`: the exact union of results of one scenario. Results whose
// time spans overlap are shards of one run (throng --shard, or processes
// started together): their counts add, their histograms merge bucket by
// bucket, and their intervals merge where they fall on the same second of
// wall-clock time. Results that follow one another are repeated runs
// (--repeat): their intervals are kept one after the other, and the result
// lists each run (RunResult::runs), so the gate can resample runs too.
#include <vector>

#include "harness/core/run_result.hpp"

namespace throng::reports {

// Throws std::invalid_argument when the results are not of the same scenario
// (name, hash, steps) and so cannot be merged. Thresholds are not evaluated
// (the caller re-evaluates them on the merged counts).
core::RunResult merge_results(std::vector<core::RunResult> results);

}  // namespace throng::reports

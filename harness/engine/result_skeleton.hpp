#pragma once
// The run result's shape before anything is measured: what ran (names,
// scenarios and their executors) and an empty entry for every step and check
// of the program, in its order, for the collection to fill.
#include <string>

#include "harness/core/plan.hpp"
#include "harness/core/run_result.hpp"
#include "harness/engine/compiled_plan.hpp"

namespace throng::engine {

core::RunResult result_skeleton(const core::Plan& plan, const CompiledPlan& program, int threads);

// "2026-11-21T09:00:00Z"
std::string iso8601_utc(double epoch_s);

}  // namespace throng::engine

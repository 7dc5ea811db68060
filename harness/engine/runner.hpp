#pragma once
// Runs a plan: setup, then every scenario's VUs spread over the worker
// threads, then teardown. Gathers the metric shards once a second into the
// interval series and the totals, stops on time, on a signal or when asked to
// abort, and returns everything measured.
#include <span>

#include "harness/core/plan.hpp"
#include "harness/core/run_result.hpp"
#include "harness/engine/driver.hpp"
#include "harness/engine/engine_options.hpp"

namespace throng::engine {

// Throws std::runtime_error for setup errors (no driver, unpreparable step).
core::RunResult run(const core::Plan& plan, std::span<Driver* const> drivers, const EngineOptions& options);

}  // namespace throng::engine

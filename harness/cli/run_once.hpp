#pragma once
// One run of a plan, as `run` (once or --repeat times) and `ab` (in rounds)
// do it: fresh drivers, live progress unless quiet, abort_on_fail
// thresholds watched, thresholds evaluated at the end.
#include <cstdint>
#include <functional>

#include "harness/core/plan.hpp"
#include "harness/core/run_result.hpp"

namespace throng::cli {

struct RunSettings {
    int threads = 0;         // 0: one per core
    std::uint64_t seed = 0;  // 0: random
    bool quiet = false;
    // Called about once a second with what the run has measured so far.
    std::function<void(const core::RunResult& so_far)> checkpoint;
};

// Throws std::runtime_error when the run cannot start (a driver refuses the plan).
core::RunResult run_once(const core::Plan& plan, const RunSettings& settings);

}  // namespace throng::cli

#pragma once
// Runs a plan: setup, then every scenario's VUs spread over the worker
// threads, then teardown. Gathers the metric shards once a second into the
// interval series and the totals, stops on time, on a signal or when asked to
// abort, and returns everything measured.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>

#include "harness/core/plan.hpp"
#include "harness/core/run_result.hpp"
#include "harness/engine/driver.hpp"

namespace throng::engine {

// What the coordinator knows after each interval (for live progress).
struct IntervalUpdate {
    const core::Interval& interval;
    const core::RunResult& so_far;  // cumulative
    double elapsed_s = 0;
    double planned_s = 0;  // length of the load phase
    bool stopping = false;
};

struct EngineOptions {
    int threads = 0;             // 0: one per core
    bool handle_signals = true;  // SIGINT/SIGTERM: graceful stop, a second one: hard stop
    std::chrono::milliseconds interval{1000};
    std::uint64_t seed = 0;  // 0: random
    std::function<void(const IntervalUpdate&)> on_interval;
    // Asked after each interval: a reason ends the run at once (abort_on_fail thresholds).
    std::function<std::optional<std::string>(const core::RunResult& so_far, double elapsed_s)> should_abort;
};

// Throws std::runtime_error for setup errors (no driver, unpreparable step).
core::RunResult run(const core::Plan& plan, std::span<Driver* const> drivers, const EngineOptions& options);

}  // namespace throng::engine

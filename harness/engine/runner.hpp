#pragma once
// Runs a plan: spreads VUs over worker threads, gathers their metric shards
// once a second into the interval series and the totals, stops on time or on
// a signal, and returns everything measured.
#include <chrono>
#include <cstdint>
#include <functional>
#include <span>

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
    int threads = 0;  // 0: one per core
    bool handle_signals = true;  // SIGINT/SIGTERM: graceful stop, a second one: hard stop
    std::chrono::milliseconds interval{1000};
    std::uint64_t seed = 0;  // 0: random
    std::function<void(const IntervalUpdate&)> on_interval;
};

// Throws std::runtime_error for setup errors (no driver, unpreparable step).
core::RunResult run(const core::Plan& plan, std::span<Driver* const> drivers, const EngineOptions& options);

}  // namespace throng::engine

#pragma once
// How a run is driven (threads, seed, signals, the interval) and what it
// reports as it goes. Apart from runner.hpp so that the C++ API can take it
// without the driver interface, and with it Asio.
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "harness/core/clock.hpp"
#include "harness/core/run_result.hpp"

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
    // Tests: run in virtual time on this clock. No worker thread starts; the
    // caller's thread runs every loop and, whenever none has work, moves the
    // clock a millisecond on, so that a run takes no real time to wait and
    // the same path every time. For drivers that wait on the engine's timers
    // (the fake driver of the tests): real sockets keep real time.
    core::FakeClock* virtual_clock = nullptr;
};

}  // namespace throng::engine

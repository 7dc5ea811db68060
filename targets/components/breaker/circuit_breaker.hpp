#pragma once
// A circuit breaker: closed (calls pass, their outcomes judged over a
// sliding window), open (calls refused at once, for `open_for`), then
// half-open (a few probe calls pass; if they do well it closes, else it
// opens again). It opens when, with at least `minimum_calls` in the window,
// the share of failed calls or of slow calls reaches its threshold.
// Thread-safe; time from a core::Clock, so tests run on a fake one.
//
//   CircuitBreaker breaker({.failure_rate = 0.5, .open_for = 30s}, clock);
//   if (!breaker.try_acquire()) return fail_fast();
//   const auto began = clock.now();
//   bool ok = call();
//   breaker.record(ok, clock.now() - began);
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string_view>

#include "harness/core/clock.hpp"
#include "targets/components/breaker/outcome_window.hpp"

namespace throng::components {

struct BreakerConfig {
    OutcomeWindow::Kind window = OutcomeWindow::Kind::count;
    std::size_t window_size = 100;                                  // calls, or seconds for a time-based window
    std::size_t minimum_calls = 10;                                 // in the window before it is judged
    double failure_rate = 0.5;                                      // opens at this share of failed calls (0..1]
    double slow_call_rate = 1.0;                                    // or at this share of slow ones
    std::chrono::nanoseconds slow_call = std::chrono::seconds(60);  // a call this long or longer is slow
    std::chrono::nanoseconds open_for = std::chrono::seconds(60);
    std::size_t probes = 10;  // calls let through half-open, judged together
};

enum class BreakerState { closed, open, half_open };
std::string_view to_string(BreakerState state);

struct BreakerStats {
    BreakerState state = BreakerState::closed;
    WindowTotals window;        // of the closed state's window now
    std::uint64_t refused = 0;  // calls not permitted, ever
    std::uint64_t opened = 0;   // times it opened
};

class CircuitBreaker {
public:
    // Throws std::invalid_argument for rates outside (0, 1], or a window,
    // minimum or probe count of 0.
    CircuitBreaker(BreakerConfig config, const core::Clock& clock);

    // Whether a call may be made now. Half-open, only `probes` are let
    // through until they are recorded. Every permitted call must be recorded.
    bool try_acquire();
    // A permitted call's outcome and how long it took.
    void record(bool succeeded, std::chrono::nanoseconds duration);

    BreakerState state();
    BreakerStats stats();
    // Told of each change, with the lock not held (it may call the breaker).
    void on_change(std::function<void(BreakerState from, BreakerState to)> listener);
    // Forces a state (an operator's switch, or a test): the window is emptied.
    void transition(BreakerState to);

private:
    struct Change {
        BreakerState from, to;
    };
    // The changes found under the lock are told after it.
    void tell(const Change& change);
    Change move_to(BreakerState to, core::Nanos now);  // under the lock
    Change half_open_if_due(core::Nanos now);          // under the lock
    bool trips(const WindowTotals& totals, std::uint64_t minimum) const;

    BreakerConfig config_;
    const core::Clock& clock_;
    std::mutex mutex_;
    BreakerState state_ = BreakerState::closed;
    OutcomeWindow window_;
    core::Nanos opened_at_ = 0;
    std::size_t probes_out_ = 0;  // half-open: let through
    WindowTotals probes_done_;    // half-open: recorded
    std::uint64_t refused_ = 0, opened_ = 0;
    std::function<void(BreakerState, BreakerState)> listener_;
};

}  // namespace throng::components

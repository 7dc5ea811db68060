#pragma once
// The engine's time. Every reading and every timer of the engine goes
// through EngineClock, which is the steady clock unless a run in virtual
// time (EngineOptions::virtual_clock) has put a core::Clock of the test's in
// its place. Asio's timers take their clock as a type with a static now(),
// so the source is process-wide: one run in virtual time at a time.
#include <atomic>
#include <chrono>
#include <stdexcept>

#include "harness/core/clock.hpp"

namespace throng::engine {

struct EngineClock {
    using rep = core::Nanos;
    using period = std::nano;
    using duration = std::chrono::nanoseconds;
    using time_point = std::chrono::time_point<EngineClock>;
    static constexpr bool is_steady = true;

    static time_point now() noexcept { return time_point(duration(read())); }
    // Nanoseconds on the same scale as core::SteadyClock::read() (the
    // drivers' clock), unless in virtual time.
    static core::Nanos read() noexcept {
        const core::Clock* source = source_.load(std::memory_order_relaxed);
        return source != nullptr ? source->now() : core::SteadyClock::read();
    }
    static bool is_virtual() noexcept { return source_.load(std::memory_order_relaxed) != nullptr; }

    static time_point at(core::Nanos t) { return time_point(duration(t)); }
    static core::Nanos nanos(time_point t) { return t.time_since_epoch().count(); }

private:
    friend class VirtualTimeSource;
    static inline std::atomic<const core::Clock*> source_{nullptr};
};

// Puts a clock in the steady clock's place for its lifetime.
class VirtualTimeSource {
public:
    explicit VirtualTimeSource(const core::Clock& clock) {
        const core::Clock* none = nullptr;
        if (!EngineClock::source_.compare_exchange_strong(none, &clock))
            throw std::logic_error("another run is already in virtual time");
    }
    ~VirtualTimeSource() { EngineClock::source_.store(nullptr); }
    VirtualTimeSource(const VirtualTimeSource&) = delete;
    VirtualTimeSource& operator=(const VirtualTimeSource&) = delete;
};

}  // namespace throng::engine

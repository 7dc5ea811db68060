#pragma once
// Monotonic nanosecond time behind an interface, so that executors, schedules
// and TTLs can be driven by a fake clock in tests.
#include <chrono>
#include <cstdint>

namespace throng::core {

using Nanos = std::int64_t;  // nanoseconds on a monotonic clock

constexpr Nanos to_nanos(std::chrono::nanoseconds d) { return d.count(); }

// a + b for deadlines: a duration from a scenario can be as long as int64
// allows, and "now + timeout" must then mean "never", not wrap around.
constexpr Nanos saturating_add(Nanos a, Nanos b) {
    Nanos sum = 0;
    return __builtin_add_overflow(a, b, &sum) ? (b > 0 ? INT64_MAX : INT64_MIN) : sum;
}

class Clock {
public:
    virtual ~Clock() = default;
    virtual Nanos now() const = 0;
};

// std::chrono::steady_clock (CLOCK_MONOTONIC, a vDSO call on Linux).
class SteadyClock final : public Clock {
public:
    Nanos now() const override { return read(); }
    // Non-virtual access for the per-request path.
    static Nanos read() {
        return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch())
            .count();
    }
};

// A clock that only moves when told to.
class FakeClock final : public Clock {
public:
    explicit FakeClock(Nanos start = 0) : now_(start) {}
    Nanos now() const override { return now_; }
    void advance(std::chrono::nanoseconds d) { now_ += d.count(); }
    void set(Nanos t) { now_ = t; }

private:
    Nanos now_;
};

}  // namespace throng::core

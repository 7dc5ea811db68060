#pragma once
// The calls a circuit breaker judges: the last N (count-based) or those of
// the last N seconds (time-based, one bucket per second), with their
// totals kept as calls come and go, so that a rate costs no scan.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "harness/core/clock.hpp"

namespace throng::components {

struct WindowTotals {
    std::uint64_t calls = 0;
    std::uint64_t failures = 0;
    std::uint64_t slow = 0;
};

class OutcomeWindow {
public:
    enum class Kind { count, time };
    // `size`: calls (count) or seconds (time), at least 1.
    OutcomeWindow(Kind kind, std::size_t size);

    void record(bool failed, bool slow, core::Nanos now);
    WindowTotals totals(core::Nanos now);  // time-based: without the buckets that have left
    void clear();

private:
    // Time-based: empties the buckets of the seconds that passed since the
    // last call (at most all of them), whose old seconds left the window.
    void expire(core::Nanos now);
    void subtract(const WindowTotals& gone);

    Kind kind_;
    std::vector<WindowTotals> slots_;  // a call each, or a second each (second s in slot s % size)
    std::size_t next_ = 0;             // count-based: the slot the next call replaces
    std::int64_t last_second_ = -1;    // time-based: the latest second seen
    WindowTotals totals_;
};

}  // namespace throng::components

#pragma once
// The engine's timer: Asio's waitable timer on EngineClock. In real time it
// is a steady timer; in virtual time the reactor must not sleep for a wait
// measured on a clock that only the test moves, so every wait is zero and the
// timers are checked again on each poll (Asio's WaitTraits hook for clocks
// that do not follow real time).
#include <boost/asio/basic_waitable_timer.hpp>

#include "harness/engine/engine_clock.hpp"

namespace throng::engine {

struct EngineWaitTraits {
    static EngineClock::duration to_wait_duration(const EngineClock::duration& d) {
        return EngineClock::is_virtual() ? EngineClock::duration::zero() : d;
    }
    // (Asio's requirements name this one too; 1.81 calls only the first.)
    static EngineClock::duration to_wait_duration(const EngineClock::time_point& t) {
        return to_wait_duration(t - EngineClock::now());
    }
};

using EngineTimer = boost::asio::basic_waitable_timer<EngineClock, EngineWaitTraits>;

}  // namespace throng::engine

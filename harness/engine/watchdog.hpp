#pragma once
// Per-thread deadlines without a timer per operation. A session arms a
// deadline by writing a number; the VU group's control loop checks all of them
// every tick (a few ms) and expires the late ones. Arming costs no syscall,
// which matters when every request would otherwise set and cancel a timer.
#include <algorithm>
#include <limits>
#include <vector>

#include "harness/core/clock.hpp"

namespace throng::engine {

class Deadline {
public:
    static constexpr core::Nanos never = std::numeric_limits<core::Nanos>::max();

    virtual ~Deadline() = default;
    void arm(core::Nanos at) { at_ = at; }
    void disarm() { at_ = never; }
    core::Nanos armed_at() const { return at_; }

    // Called by the watchdog once the deadline has passed (it is disarmed first).
    virtual void expire() = 0;

private:
    core::Nanos at_ = never;
};

class Watchdog {
public:
    void watch(Deadline* d) { watched_.push_back(d); }
    void unwatch(Deadline* d) { std::erase(watched_, d); }

    // Expires every deadline at or before now.
    void check(core::Nanos now) {
        for (std::size_t i = 0; i < watched_.size(); ++i) {
            Deadline* d = watched_[i];
            if (d->armed_at() <= now) {
                d->disarm();
                d->expire();
            }
        }
    }

private:
    std::vector<Deadline*> watched_;
};

}  // namespace throng::engine

#pragma once
// An endpoint's latency as the peak-EWMA strategy sees it: an exponentially
// weighted moving average over time (a sample's weight grows with the time
// since the previous one, time constant `decay`), except that a sample above
// the average replaces it at once, so a slowdown is seen at its first slow
// reply while a recovery is believed gradually. A failure never lowers it: a
// backend that fails fast must not look attractive. Read at a later time,
// the estimate fades toward zero with the same time constant, so an
// endpoint that stopped getting traffic for looking slow is tried again.
// Not thread-safe (the balancer keeps one per endpoint under its lock).
#include <chrono>

#include "harness/core/clock.hpp"

namespace throng::components {

class PeakEwma {
public:
    explicit PeakEwma(std::chrono::nanoseconds decay);

    void observe(std::chrono::nanoseconds latency, bool ok, core::Nanos now);
    bool has_sample() const { return sampled_; }
    // Nanoseconds, faded for the time since the last sample; 0 before any.
    double estimate(core::Nanos now) const;

private:
    double decay_ns_;
    double average_ = 0;  // ns, as of stamp_
    core::Nanos stamp_ = 0;
    bool sampled_ = false;
};

}  // namespace throng::components

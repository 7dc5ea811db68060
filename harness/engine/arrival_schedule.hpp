#pragma once
// When the iterations of an open-model executor are due. The rate r(t) is
// piecewise linear over the stages; iteration i (counting from 0 over all
// threads) is due when the integral of r reaches i. Iteration i belongs to
// VU slot i % slots, and slot s to thread s % threads (as VUs do), so the
// aggregate rate is exact and each thread's share of the arrivals is its
// share of the VU pool. Pure arithmetic: tests drive it on a fake clock.
#include <optional>
#include <vector>

#include "harness/core/clock.hpp"
#include "harness/core/plan.hpp"
#include "harness/core/random.hpp"

namespace throng::engine {

class ArrivalSchedule {
public:
    explicit ArrivalSchedule(const core::ExecutorSpec& spec);

    // Iterations due in [0, elapsed): the integral of the rate.
    double count_at(core::Nanos elapsed) const;
    // When the integral reaches `count`; nullopt if it never does within the schedule.
    std::optional<core::Nanos> time_of(double count) const;
    double rate_at(core::Nanos elapsed) const;  // per second
    core::Nanos duration() const { return duration_; }

private:
    struct Segment {
        core::Nanos start = 0;
        core::Nanos end = 0;
        double from = 0;  // rate at start, per second
        double to = 0;    // rate at end, per second
        double count_before = 0;
    };
    std::vector<Segment> segments_;
    core::Nanos duration_ = 0;
};

// One thread's due times, in order. Uniform: the points of the schedule whose
// slot the thread owns. Poisson: exponential gaps in "iteration count" space,
// which makes a Poisson process of the thread's share of r(t) even while the
// rate ramps.
class ArrivalStream {
public:
    // slots: the VU pool's size (max_vus), at least `threads`.
    ArrivalStream(const ArrivalSchedule& schedule, int thread, int threads, int slots, bool poisson,
                  std::uint64_t seed);
    // The next due time since the start of the load, or nullopt when the schedule ends.
    std::optional<core::Nanos> next();

private:
    const ArrivalSchedule& schedule_;
    bool poisson_;
    core::Rng rng_;
    std::vector<int> owned_;  // the slots (mod `slots`) this thread owns
    int slots_;
    std::size_t next_owned_ = 0;
    double cycle_ = 0;      // uniform: multiples of `slots` done
    double gap_scale_ = 1;  // poisson: slots / owned slots
    double count_ = 0;      // position in the integral of the rate
};

}  // namespace throng::engine

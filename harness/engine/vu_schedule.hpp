#pragma once
// How many virtual users an executor wants at each instant, and which of
// them belong to which worker thread. Pure arithmetic, so tests drive it on a
// fake clock.
#include <cstdint>
#include <vector>

#include "harness/core/clock.hpp"
#include "harness/core/plan.hpp"

namespace throng::engine {

class VuSchedule {
public:
    explicit VuSchedule(const core::ExecutorSpec& spec);

    // Total VUs wanted at `elapsed` since the start of the load. In a ramp the
    // count moves linearly from the stage's start to its target, rounding
    // towards where the stage started (so a ramp from 0 reaches 1 VU only once
    // the line crosses 1, and a ramp down keeps a VU until the line drops
    // below it). After the last stage: 0. Open models: always 0 (their VUs
    // start on demand).
    int target_at(core::Nanos elapsed) const;

    core::Nanos duration() const { return duration_; }
    int max_vus() const { return max_vus_; }

    // How many of `total` VUs run on worker `thread` of `threads`: VU i lives on
    // thread i % threads, so shares differ by at most one and stay stable as
    // the total moves.
    static int share(int total, int thread, int threads);
    // Thread `thread`'s part of `total` (an iterations limit, a queue bound),
    // in proportion to its share of `max_vus`; the parts add up to total.
    static std::uint64_t split(std::uint64_t total, int max_vus, int thread, int threads);

private:
    struct Segment {
        core::Nanos start = 0;
        core::Nanos end = 0;
        int from = 0;
        int to = 0;
    };
    std::vector<Segment> segments_;
    core::Nanos duration_ = 0;
    int max_vus_ = 0;
};

}  // namespace throng::engine

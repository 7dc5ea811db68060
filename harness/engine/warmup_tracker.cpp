#include "harness/engine/warmup_tracker.hpp"

#include <utility>

namespace throng::engine {

using core::Nanos;

WarmupTracker::WarmupTracker(std::vector<const core::Scenario*> scenarios)
    : scenarios_(std::move(scenarios)), warming_(scenarios_.size(), 0), warm_iterations_(scenarios_.size(), 0) {}

void WarmupTracker::mark(Nanos at) {
    bool any_running = false;
    all_warming_ = true;
    for (std::size_t s = 0; s < scenarios_.size(); ++s) {
        const core::Scenario& scenario = *scenarios_[s];
        const core::Warmup& warmup = scenario.warmup;
        const Nanos start = scenario.start_offset.count();
        warming_[s] = (warmup.duration.count() > 0 && at < start + warmup.duration.count()) ||
                      (warmup.iterations > 0 && warm_iterations_[s] < warmup.iterations);
        if (at >= start && at < start + scenario.load_duration().count()) {
            any_running = true;
            all_warming_ = all_warming_ && warming_[s];
        }
    }
    all_warming_ = all_warming_ && any_running;
}

}  // namespace throng::engine

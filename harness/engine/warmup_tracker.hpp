#pragma once
// Which scenarios are warming up in each interval of the load: a scenario
// warms up for its warm-up's duration from its own start, or until it has
// completed its warm-up's iterations (counted from the intervals that were
// warm). Their measurements go to the warm-up, not the totals; an interval in
// which every running scenario warms up is a warm-up interval.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "harness/core/clock.hpp"
#include "harness/core/plan.hpp"

namespace throng::engine {

class WarmupTracker {
public:
    // The load's scenarios, in the order of their index; they must outlive it.
    explicit WarmupTracker(std::vector<const core::Scenario*> scenarios);

    // Decides the interval that starts `at` into the load.
    void mark(core::Nanos at);
    bool warming(std::size_t scenario) const { return warming_[scenario] != 0; }
    // Every scenario running in the interval is warming up (false when none runs).
    bool all_warming() const { return all_warming_; }
    // Iterations a warming scenario completed in the marked interval.
    void add_warm_iterations(std::size_t scenario, std::uint64_t completed) { warm_iterations_[scenario] += completed; }

private:
    std::vector<const core::Scenario*> scenarios_;
    std::vector<char> warming_;  // char: no vector<bool> proxies
    std::vector<std::uint64_t> warm_iterations_;
    bool all_warming_ = false;
};

}  // namespace throng::engine

#pragma once
// The plan compiled for execution: every step resolved to its driver and
// prepared once, flows with cumulative weights for O(log n) choice.
#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include "harness/core/plan.hpp"
#include "harness/core/random.hpp"
#include "harness/engine/driver.hpp"

namespace throng::engine {

struct CompiledStep {
    std::size_t id = 0;      // index into the run's per-step metrics
    std::size_t driver = 0;  // index into Program::drivers
    std::unique_ptr<PreparedStep> prepared;
};

struct CompiledFlow {
    std::vector<CompiledStep> steps;
};

class Program {
public:
    // Throws std::runtime_error when a step's protocol has no driver, or a
    // driver cannot prepare a step.
    Program(const core::Plan& plan, std::span<Driver* const> drivers);

    const CompiledFlow& pick_flow(core::Rng& rng) const;

    const core::Plan& plan() const { return plan_; }
    const std::vector<CompiledFlow>& flows() const { return flows_; }
    const std::vector<Driver*>& drivers() const { return drivers_; }
    std::size_t step_count() const { return step_count_; }

private:
    const core::Plan& plan_;
    std::vector<Driver*> drivers_;
    std::vector<CompiledFlow> flows_;
    std::vector<double> cumulative_weight_;
    std::size_t step_count_ = 0;
};

}  // namespace throng::engine

#pragma once
// The plan compiled for execution: every request step resolved to its driver
// and prepared once, step trees with their metric and check indexes, flows
// with cumulative weights for O(log n) choice. Setup and teardown are compiled
// as scenarios of one VU running one iteration.
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "harness/core/plan.hpp"
#include "harness/core/random.hpp"
#include "harness/engine/driver.hpp"

namespace throng::engine {

struct CompiledNode {
    const core::Step* step = nullptr;
    int condition_check = -1;  // a check-name slot when the condition is on a check
    // request
    std::size_t metric = 0;        // the scenario's own index of this step's metrics
    std::size_t first_check = 0;   // the scenario's own index of step->checks[0]
    std::vector<int> check_slots;  // per check: its name's slot in the VU's check state
    std::size_t driver = 0;
    std::unique_ptr<PreparedStep> prepared;
    bool keeps_reply = false;  // extractions or checks read the response
    core::ThinkTime after;     // the pause before the next request
    // group, loop
    std::vector<CompiledNode> children;
    int while_check = -1;  // loop: a check-name slot when `while` is on a check
};

struct CompiledFlow {
    const core::Flow* flow = nullptr;
    std::vector<CompiledNode> nodes;
    core::ThinkTime between_iterations;
    core::Nanos pacing = 0;
};

// What a step's metrics are called in the result.
struct MetricInfo {
    std::string name, flow, scenario, group, description;
    core::Tags tags;
};
struct CheckInfo {
    std::string name, step, scenario;
    core::Tags tags;
};

struct CompiledScenario {
    const core::Scenario* scenario = nullptr;
    std::string name;
    std::vector<CompiledFlow> flows;
    std::vector<double> cumulative_weight;
    std::size_t first_metric = 0;  // into CompiledPlan::metrics()
    std::size_t first_check = 0;   // into CompiledPlan::checks()
    std::vector<MetricInfo> metrics;
    std::vector<CheckInfo> checks;
    std::vector<std::string> check_names;  // slots for conditions on checks
    bool paced = false;                    // some flow has pacing

    const CompiledFlow& pick_flow(core::Rng& rng) const;
};

class CompiledPlan {
public:
    // Throws std::runtime_error when a step's protocol has no driver, or a
    // driver cannot prepare a step.
    CompiledPlan(const core::Plan& plan, std::span<Driver* const> drivers);

    const core::Plan& plan() const { return plan_; }
    const std::vector<Driver*>& drivers() const { return drivers_; }
    // The load's scenarios, then setup and teardown if the plan has them.
    const std::vector<std::unique_ptr<CompiledScenario>>& scenarios() const { return scenarios_; }
    const CompiledScenario* setup() const { return setup_.get(); }
    const CompiledScenario* teardown() const { return teardown_.get(); }
    // Per feeder, the variable each column sets ("users.email", or "colors").
    const std::vector<std::vector<std::string>>& feeder_variables() const { return feeder_variables_; }

private:
    std::unique_ptr<CompiledScenario> compile(const core::Scenario& scenario, const std::string& name);
    void compile_nodes(const std::vector<core::Step>& steps, const core::Tags& tags, const core::ThinkTime& between,
                       CompiledScenario& out, std::vector<CompiledNode>& nodes);
    int check_slot(CompiledScenario& out, const std::string& name);
    // The target a step reaches: the one it names, or the only one its driver serves.
    const core::Target& target_for(const core::Step& step, const Driver& driver) const;

    const core::Plan& plan_;
    std::vector<Driver*> drivers_;
    std::vector<std::unique_ptr<CompiledScenario>> scenarios_;
    std::unique_ptr<CompiledScenario> setup_, teardown_;
    std::vector<core::Scenario> one_shot_;  // setup and teardown as scenarios
    std::vector<std::vector<std::string>> feeder_variables_;
};

}  // namespace throng::engine

#include "harness/engine/program.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace throng::engine {

Program::Program(const core::Plan& plan, std::span<Driver* const> drivers)
    : plan_(plan), drivers_(drivers.begin(), drivers.end()) {
    if (plan.flows.empty()) throw std::runtime_error("the scenario has no flow to run");
    double total_weight = 0;
    for (const auto& flow : plan.flows) {
        CompiledFlow compiled;
        for (const auto& step : flow.steps) {
            if (!step.spec) throw std::runtime_error("step `" + step.name + "` has no protocol part");
            const auto protocol = step.spec->protocol();
            const auto found = std::find_if(drivers_.begin(), drivers_.end(),
                                            [&](const Driver* d) { return d->protocol() == protocol; });
            if (found == drivers_.end())
                throw std::runtime_error("no driver for protocol `" + std::string(protocol) + "` (step `" +
                                         step.name + "`)");
            CompiledStep c;
            c.id = step_count_++;
            c.driver = static_cast<std::size_t>(found - drivers_.begin());
            c.prepared = (*found)->prepare(*step.spec, plan.target);
            compiled.steps.push_back(std::move(c));
        }
        if (compiled.steps.empty()) throw std::runtime_error("flow `" + flow.name + "` has no step");
        total_weight += flow.weight;
        cumulative_weight_.push_back(total_weight);
        flows_.push_back(std::move(compiled));
    }
}

const CompiledFlow& Program::pick_flow(core::Rng& rng) const {
    if (flows_.size() == 1) return flows_.front();
    const double point = rng.uniform01() * cumulative_weight_.back();
    const auto it = std::upper_bound(cumulative_weight_.begin(), cumulative_weight_.end(), point);
    const auto index = std::min<std::size_t>(static_cast<std::size_t>(it - cumulative_weight_.begin()),
                                             flows_.size() - 1);
    return flows_[index];
}

}  // namespace throng::engine

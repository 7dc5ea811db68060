#include "harness/core/plan.hpp"

#include <algorithm>

namespace throng::core {

nanoseconds Scenario::load_duration() const {
    using Kind = ExecutorSpec::Kind;
    if (executor.kind == Kind::constant_vus || executor.kind == Kind::constant_arrival_rate) return executor.duration;
    nanoseconds total{0};
    if (executor.kind == Kind::ramping_arrival_rate)
        for (const auto& stage : executor.rate_stages) total += stage.duration;
    else
        for (const auto& stage : executor.stages) total += stage.duration;
    return total;
}

int Scenario::max_vus() const {
    if (executor.is_open_model()) return std::max(executor.pre_allocated_vus, executor.max_vus);
    if (executor.kind == ExecutorSpec::Kind::constant_vus) return executor.vus;
    int most = executor.start_vus;
    for (const auto& stage : executor.stages) most = std::max(most, stage.target);
    return most;
}

Target* Plan::find_target(std::string_view target_name) {
    for (auto& t : targets)
        if (t.name == target_name) return &t;
    return nullptr;
}

const Target* Plan::find_target(std::string_view target_name) const {
    return const_cast<Plan*>(this)->find_target(target_name);
}

Target& Plan::main_target() {
    if (targets.empty()) targets.emplace_back();
    return targets.front();
}

const Target& Plan::main_target() const {
    static const Target none;
    return targets.empty() ? none : targets.front();
}

nanoseconds Plan::load_duration() const {
    nanoseconds end{0};
    for (const auto& s : scenarios) end = std::max(end, s.start_offset + s.load_duration());
    return end;
}

int Plan::max_vus() const {
    int total = 0;
    for (const auto& s : scenarios) total += s.max_vus();
    return total;
}

}  // namespace throng::core

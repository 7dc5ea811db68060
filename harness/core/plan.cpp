#include "harness/core/plan.hpp"

#include <algorithm>

namespace throng::core {

nanoseconds Plan::load_duration() const {
    if (executor.kind == ExecutorSpec::Kind::constant_vus) return executor.duration;
    nanoseconds total{0};
    for (const auto& stage : executor.stages) total += stage.duration;
    return total;
}

int Plan::max_vus() const {
    if (executor.kind == ExecutorSpec::Kind::constant_vus) return executor.vus;
    int most = executor.start_vus;
    for (const auto& stage : executor.stages) most = std::max(most, stage.target);
    return most;
}

std::size_t Plan::step_count() const {
    std::size_t n = 0;
    for (const auto& flow : flows) n += flow.steps.size();
    return n;
}

}  // namespace throng::core

#include "harness/engine/result_skeleton.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "harness/core/redact.hpp"

namespace throng::engine {

namespace {

const char* executor_name(core::ExecutorSpec::Kind kind) {
    switch (kind) {
    case core::ExecutorSpec::Kind::constant_vus: return "constant-vus";
    case core::ExecutorSpec::Kind::ramping_vus: return "ramping-vus";
    case core::ExecutorSpec::Kind::constant_arrival_rate: return "constant-arrival-rate";
    case core::ExecutorSpec::Kind::ramping_arrival_rate: return "ramping-arrival-rate";
    }
    return "?";
}

void append_results(const CompiledScenario& compiled, std::vector<core::StepResult>& steps,
                    std::vector<core::CheckResult>& checks) {
    for (const MetricInfo& m : compiled.metrics) {
        core::StepResult s;
        s.name = m.name;
        s.flow = m.flow;
        s.scenario = m.scenario;
        s.group = m.group;
        s.description = m.description;
        s.tags = m.tags;
        steps.push_back(std::move(s));
    }
    for (const CheckInfo& c : compiled.checks) {
        core::CheckResult r;
        r.name = c.name;
        r.step = c.step;
        r.scenario = c.scenario;
        r.tags = c.tags;
        checks.push_back(std::move(r));
    }
}

}  // namespace

core::RunResult result_skeleton(const core::Plan& plan, const CompiledPlan& program, int threads) {
    core::RunResult result;
    result.scenario_name = plan.name;
    result.scenario_description = plan.description;
    result.scenario_file = plan.source_file;
    result.target_url = core::redact_password(plan.main_target().url);
    for (const auto& target : plan.targets)
        if (target.options)
            for (const auto& warning : target.options->warnings())
                result.warnings.push_back((plan.targets.size() > 1 ? "target `" + target.name + "`: " : std::string()) +
                                          warning);
    result.executor = plan.scenarios.size() == 1 ? executor_name(plan.scenarios[0].executor.kind) : "scenarios";
    result.threads = threads;
    result.max_vus = plan.max_vus();
    result.testbed = core::Testbed::of_this_machine();
    result.gate = plan.gate;
    // Planned, for a checkpoint written before the load ends: the longest by time.
    bool warmup = false;
    for (const auto& scenario : plan.scenarios) {
        warmup = warmup || scenario.warmup.any();
        result.warmup.duration_s =
            std::max(result.warmup.duration_s, std::chrono::duration<double>(scenario.warmup.duration).count());
    }
    result.total.name = "all";
    result.warmup.total.name = "all";
    for (const auto& compiled : program.scenarios()) {
        const core::Scenario& scenario = *compiled->scenario;
        core::ScenarioResult s;
        s.name = scenario.name;
        s.executor = executor_name(scenario.executor.kind);
        s.start_s = static_cast<double>(scenario.start_offset.count()) / 1e9;
        s.max_vus = scenario.max_vus();
        s.open_model = scenario.executor.is_open_model();
        result.open_model = result.open_model || s.open_model;
        result.scenarios.push_back(s);
        append_results(*compiled, result.steps, result.checks);
        if (warmup) append_results(*compiled, result.warmup.steps, result.warmup.checks);
    }
    // Closed models only: the correction's interval (the largest, should
    // scenarios set different ones; the summary names one).
    if (!result.open_model)
        for (const auto& scenario : plan.scenarios)
            result.expected_interval = std::max(result.expected_interval, scenario.executor.expected_interval.count());
    if (result.gate.metrics.empty()) result.gate.metrics = core::default_gate_metrics(!result.checks.empty());
    if (program.setup()) append_results(*program.setup(), result.setup, result.setup_checks);
    if (program.teardown()) append_results(*program.teardown(), result.teardown, result.teardown_checks);
    return result;
}

std::string iso8601_utc(double epoch_s) {
    const auto t = static_cast<std::time_t>(epoch_s);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

}  // namespace throng::engine

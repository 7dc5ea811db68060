#pragma once
// Run results shaped like the engine's, for the report tests: one plain
// scenario, or two scenarios with groups, checks, setup and teardown.
#include <string>

#include "harness/core/histogram_codec.hpp"
#include "harness/core/run_result.hpp"

namespace throng::test {

inline core::StepResult sample_step(const std::string& name, const std::string& scenario, const std::string& group,
                                    int requests, std::int64_t latency_ns) {
    core::StepResult s;
    s.name = name;
    s.scenario = scenario;
    s.flow = "default";
    s.group = group;
    s.description = "GET /" + name;
    s.tags = {{"step", name}, {"scenario", scenario}, {"flow", "default"}};
    if (!group.empty()) s.tags["group"] = group;
    for (int i = 0; i < requests; ++i) s.latency.record(latency_ns);
    s.requests = static_cast<std::uint64_t>(requests);
    s.responses = s.requests;
    s.statuses[200] = s.requests;
    return s;
}

inline core::RunResult base_result() {
    core::RunResult r;
    r.scenario_name = "shop";
    r.target_url = "http://127.0.0.1:8080";
    r.started_at = "2024-05-01T12:00:00Z";
    r.started_at_epoch_s = 1714564800.0;
    r.duration_s = 10;
    r.threads = 2;
    r.max_vus = 10;
    r.total.name = "all";
    return r;
}

// One scenario, two steps, no groups nor checks: the look of every run so far.
inline core::RunResult single_scenario_result() {
    core::RunResult r = base_result();
    r.executor = "constant-vus";
    r.steps = {sample_step("health", "default", "", 100, 1'000'000), sample_step("item", "default", "", 50, 3'000'000)};
    for (const auto& s : r.steps) r.total.merge(s);
    r.iterations_completed = 50;
    core::ScenarioResult scenario;
    scenario.name = "default";
    scenario.executor = "constant-vus";
    scenario.max_vus = 10;
    scenario.iterations_completed = 50;
    r.scenarios = {scenario};
    return r;
}

// browse (ramping-vus): home, then group checkout with cart and, nested in
// payment, pay; api (constant-arrival-rate): search. A login setup and a
// logout teardown; three checks; the run was aborted by a threshold.
inline core::RunResult two_scenario_result() {
    core::RunResult r = base_result();
    r.executor = "scenarios";
    r.steps = {sample_step("home", "browse", "", 100, 1'000'000),
               sample_step("cart", "browse", "checkout", 40, 10'000'000),
               sample_step("pay", "browse", "checkout::payment", 20, 100'000'000),
               sample_step("search", "api", "", 300, 2'000'000)};
    r.steps[2].errors[static_cast<std::size_t>(core::ErrorClass::declare("http_5xx"))] = 2;
    r.steps[2].tags["kind"] = "api";
    for (const auto& s : r.steps) r.total.merge(s);
    r.setup = {sample_step("login", "", "", 1, 5'000'000)};
    r.teardown = {sample_step("logout", "", "", 1, 1'000'000)};

    core::ScenarioResult browse;
    browse.name = "browse";
    browse.executor = "ramping-vus";
    browse.max_vus = 10;
    browse.iterations_completed = 20;
    browse.iterations_interrupted = 1;
    core::ScenarioResult api;
    api.name = "api";
    api.executor = "constant-arrival-rate";
    api.start_s = 2.5;
    api.max_vus = 5;
    api.open_model = true;
    api.iterations_completed = 300;
    api.iterations_dropped = 4;
    r.scenarios = {browse, api};
    r.iterations_completed = 320;
    r.iterations_interrupted = 1;
    r.iterations_dropped = 4;

    auto check = [](const std::string& name, const core::StepResult& step, std::uint64_t passes, std::uint64_t fails) {
        core::CheckResult c;
        c.name = name;
        c.step = step.name;
        c.scenario = step.scenario;
        c.tags = step.tags;
        c.tags["check"] = name;
        c.passes = passes;
        c.fails = fails;
        return c;
    };
    r.checks = {check("status is 200", r.steps[0], 99, 1), check("status is 200", r.steps[3], 300, 0),
                check("has receipt", r.steps[2], 0, 0)};

    core::ThresholdResult latency;
    latency.threshold.metric = core::Threshold::Metric::latency;
    latency.threshold.percentile = 95;
    latency.threshold.bound = 50e6;
    latency.threshold.key = "latency{step:pay}";
    latency.threshold.filter = {{"step", "pay"}};
    latency.threshold.source = "p(95)<50ms";
    latency.threshold.abort_on_fail = true;
    latency.threshold.abort_delay = std::chrono::seconds(5);
    latency.evaluated = true;
    latency.observed = 100e6;
    core::ThresholdResult checks;
    checks.threshold.metric = core::Threshold::Metric::checks;
    checks.threshold.aggregate = core::Threshold::Aggregate::rate;
    checks.threshold.op = core::Threshold::Op::gt;
    checks.threshold.bound = 0.99;
    checks.threshold.key = "checks";
    checks.threshold.source = "rate>99%";
    checks.evaluated = true;
    checks.observed = 399.0 / 400;
    checks.passed = true;
    core::ThresholdResult iterations;
    iterations.threshold.metric = core::Threshold::Metric::iterations;
    iterations.threshold.aggregate = core::Threshold::Aggregate::count;
    iterations.threshold.op = core::Threshold::Op::ge;
    iterations.threshold.bound = 1000;
    iterations.threshold.filter = {{"scenario", "api"}};
    iterations.threshold.source = "count>=1000";
    r.thresholds = {latency, checks, iterations};

    r.interrupted = true;
    r.aborted_by_threshold = true;
    r.interrupt_reason = "threshold `p(95)<50ms` on `latency{step:pay}` failed (observed 100ms)";

    core::Interval interval;
    interval.length_s = 1;
    interval.requests = 460;
    for (const auto& s : r.steps) interval.histograms.push_back({core::encode_compressed(s.latency), ""});
    r.intervals = {interval};
    return r;
}

}  // namespace throng::test

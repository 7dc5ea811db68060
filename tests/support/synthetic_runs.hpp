#pragma once
// Results of runs that never happened, shaped like the engine's, with a
// latency distribution and per-interval series chosen by the test: what the
// regression gate's tests compare. Each interval draws `per_interval`
// lognormal latencies (median `median_ms`, shape `sigma`) from its own seed.
#include <cmath>
#include <random>
#include <string>

#include "harness/core/histogram_codec.hpp"
#include "harness/core/run_result.hpp"

namespace throng::test {

struct SyntheticRun {
    int intervals = 30;
    int per_interval = 200;
    double median_ms = 5;
    double sigma = 0.5;
    double scale = 1.0;  // every latency multiplied by this (a slower build)
    std::uint64_t seed = 1;
    double started_at_epoch_s = 1'800'000'000;
    int errors_per_interval = 0;
    double busiest_worker = 0.3;
};

inline core::RunResult synthetic_run(const SyntheticRun& spec) {
    core::RunResult r;
    r.scenario_name = "synthetic";
    r.scenario_hash = "feedface";
    r.executor = "constant-vus";
    r.target_url = "http://127.0.0.1:8080";
    r.started_at = "2027-01-15T08:00:00Z";
    r.started_at_epoch_s = spec.started_at_epoch_s;
    r.duration_s = spec.intervals;
    r.threads = 2;
    r.max_vus = 10;
    r.testbed = {"Test CPU", 2, "6.1.0", "0.1.0", "RelWithDebInfo", "host"};
    r.total.name = "all";
    r.gate.metrics = core::default_gate_metrics(false);
    core::StepResult step;
    step.name = "item";
    step.scenario = "default";
    step.flow = "default";
    step.tags = {{"step", "item"}, {"scenario", "default"}, {"flow", "default"}};
    core::ScenarioResult scenario;
    scenario.name = "default";
    scenario.executor = "constant-vus";
    scenario.max_vus = 10;
    std::mt19937_64 rng(spec.seed);
    std::lognormal_distribution<double> latency(std::log(spec.median_ms * 1e6), spec.sigma);
    for (int i = 0; i < spec.intervals; ++i) {
        core::StepResult in_interval;
        for (int k = 0; k < spec.per_interval; ++k)
            in_interval.latency.record(static_cast<std::int64_t>(latency(rng) * spec.scale));
        in_interval.requests = static_cast<std::uint64_t>(spec.per_interval + spec.errors_per_interval);
        in_interval.responses = static_cast<std::uint64_t>(spec.per_interval);
        in_interval.errors[static_cast<std::size_t>(core::ErrorClass::declare("http_5xx"))] =
            static_cast<std::uint64_t>(spec.errors_per_interval);
        core::Interval iv;
        iv.start_s = i;
        iv.length_s = 1;
        iv.vus = 10;
        iv.requests = in_interval.requests;
        iv.errors = in_interval.error_count();
        iv.iterations = in_interval.requests;
        iv.started = in_interval.requests;
        iv.p50 = in_interval.latency.value_at_percentile(50);
        iv.p99 = in_interval.latency.value_at_percentile(99);
        iv.busiest_worker = spec.busiest_worker;
        iv.histograms.push_back(
            {core::encode_compressed(in_interval.latency), "", in_interval.requests, in_interval.error_count()});
        step.merge(in_interval);
        r.intervals.push_back(std::move(iv));
    }
    r.iterations_completed = step.requests;
    scenario.iterations_completed = step.requests;
    r.total.merge(step);
    r.steps = {step};
    r.scenarios = {scenario};
    return r;
}

}  // namespace throng::test

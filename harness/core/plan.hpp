#pragma once
// What a scenario becomes: a plain description of the load, free of JSON and
// of any protocol. Built by the scenario parser, or in C++ directly.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "harness/core/json.hpp"
#include "harness/core/step_spec.hpp"
#include "harness/core/think_time.hpp"

namespace throng::core {

using std::chrono::nanoseconds;

struct Stage {
    nanoseconds duration{0};
    int target = 0;  // VUs at the end of the stage, reached linearly
};

// A stage of an arrival-rate ramp: reach `target` iterations per second at its end.
struct RateStage {
    nanoseconds duration{0};
    double target = 0;
};

struct ExecutorSpec {
    // Closed models keep a number of VUs busy; open models start iterations
    // at a rate, whatever the target's speed (arrival-rate).
    enum class Kind { constant_vus, ramping_vus, constant_arrival_rate, ramping_arrival_rate };
    // When every VU of an open model is busy: wait for one, keeping the
    // intended start (wrk2's semantics), or skip the iteration (k6's).
    enum class Saturation { queue, drop };
    enum class Arrivals { uniform, poisson };
    Kind kind = Kind::constant_vus;
    int vus = 1;                     // constant-vus
    nanoseconds duration{std::chrono::seconds(10)};  // constant-vus, constant-arrival-rate
    int start_vus = 0;               // ramping-vus
    std::vector<Stage> stages;       // ramping-vus
    double rate = 0;                 // constant-arrival-rate, iterations per second
    double start_rate = 0;           // ramping-arrival-rate, iterations per second
    std::vector<RateStage> rate_stages;  // ramping-arrival-rate
    int pre_allocated_vus = 1;       // open models: VUs ready at the start
    int max_vus = 0;                 // open models: the pool may grow to this (0: pre_allocated_vus)
    Saturation on_saturation = Saturation::queue;
    std::uint64_t max_queue = 10'000;  // open models: due iterations waiting for a VU; beyond, dropped
    Arrivals arrivals = Arrivals::uniform;  // poisson: exponential gaps with the same mean
    std::optional<std::uint64_t> iterations;  // total across all VUs; ends the run early
    nanoseconds graceful_stop{std::chrono::seconds(30)};
    nanoseconds graceful_ramp_down{std::chrono::seconds(30)};
    // Closed models, opt-in: also record each service time corrected for
    // coordinated omission as HdrHistogram does (recordValueWithExpectedInterval):
    // a response slower than this interval stands for the requests a VU would
    // have sent meanwhile. 0: off.
    nanoseconds expected_interval{0};

    bool is_open_model() const { return kind == Kind::constant_arrival_rate || kind == Kind::ramping_arrival_rate; }
};

struct Step {
    std::string name;
    std::shared_ptr<const StepSpec> spec;  // the protocol part
    json::Position position;               // where it was declared
};

struct Flow {
    std::string name;
    double weight = 1;
    std::vector<Step> steps;
};

// A condition on a metric, k6-like: "p(95)<200ms" on "latency", "rate<1%" on "errors".
struct Threshold {
    enum class Metric { latency, errors, requests };
    enum class Aggregate { percentile, avg, min, max, rate, count };
    enum class Op { lt, le, gt, ge, eq };
    // Which latency: "latency" means the response time from the intended start
    // in open models (coordinated-omission corrected) and service time in
    // closed ones; "service_time" and "response_time" choose explicitly.
    enum class Timing { automatic, service_time, response_time };
    Metric metric = Metric::latency;
    Timing timing = Timing::automatic;
    std::string step;  // empty: all requests
    Aggregate aggregate = Aggregate::percentile;
    double percentile = 0;  // for Aggregate::percentile
    Op op = Op::lt;
    double bound = 0;  // latency: ns; errors rate: fraction; requests rate: per second; count: number
    std::string source;  // the text as written, e.g. "p(95)<200ms"
    std::string key;     // the metric key as written, e.g. "latency{step:item}"
    json::Position position;
};

struct Target {
    std::string url;  // base URL; "embedded:demo" starts the demo service in-process
    nanoseconds connect_timeout{std::chrono::seconds(5)};
};

struct Plan {
    std::string name = "unnamed";
    std::string description;
    std::string source_file;  // empty when built in code
    Target target;
    ExecutorSpec executor;
    ThinkTime between_steps;
    ThinkTime between_iterations;
    std::vector<Flow> flows;
    std::vector<Threshold> thresholds;

    // Longest the load phase can take (without graceful stop).
    nanoseconds load_duration() const;
    int max_vus() const;
    std::size_t step_count() const;  // over all flows
};

}  // namespace throng::core

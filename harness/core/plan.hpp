#pragma once
// What a scenario becomes: a plain description of the load, free of JSON and
// of any protocol. Built by the scenario parser, or in C++ directly.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "harness/core/feeder.hpp"
#include "harness/core/gate_rules.hpp"
#include "harness/core/json.hpp"
#include "harness/core/response_rules.hpp"
#include "harness/core/step_spec.hpp"
#include "harness/core/template.hpp"
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
    int vus = 1;                                     // constant-vus
    nanoseconds duration{std::chrono::seconds(10)};  // constant-vus, constant-arrival-rate
    int start_vus = 0;                               // ramping-vus
    std::vector<Stage> stages;                       // ramping-vus
    double rate = 0;                                 // constant-arrival-rate, iterations per second
    double start_rate = 0;                           // ramping-arrival-rate, iterations per second
    std::vector<RateStage> rate_stages;              // ramping-arrival-rate
    int pre_allocated_vus = 1;                       // open models: VUs ready at the start
    int max_vus = 0;                                 // open models: the pool may grow to this (0: pre_allocated_vus)
    Saturation on_saturation = Saturation::queue;
    std::uint64_t max_queue = 10'000;         // open models: due iterations waiting for a VU; beyond, dropped
    Arrivals arrivals = Arrivals::uniform;    // poisson: exponential gaps with the same mean
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

// Tags name what a metric belongs to beyond its step ("kind": "api"); metrics
// can be filtered and thresholded by them.
using Tags = std::map<std::string, std::string>;

// When a step (or another pass of a loop) runs: a variable is set (non-empty)
// or not, a named check passed or failed in this iteration.
struct Condition {
    enum class Kind { set, unset, passed, failed };
    Kind kind = Kind::set;
    std::string name;  // the variable or the check
};

// A node of a flow: a request to a target, a pause, a group of steps that
// report together, a loop, or variables set from templates (one random value
// that several later steps use).
struct Step {
    enum class Kind { request, pause, group, loop, set };
    Kind kind = Kind::request;
    std::string name;
    json::Position position;              // where it was declared
    std::string pointer;                  // and its JSON pointer, for messages
    Tags tags;                            // its own; a request also inherits its groups', flow's and scenario's
    std::optional<Condition> condition;   // runs only if this holds
    std::optional<ThinkTime> think_time;  // after this step, instead of the flow's between_steps

    // request
    std::shared_ptr<const StepSpec> spec;  // the protocol part
    std::optional<nanoseconds> timeout;    // none: the driver's default
    std::vector<Extraction> extract;
    std::vector<Check> checks;

    // pause
    ThinkTime pause;

    // set: each variable takes its template's value, in order
    std::vector<std::pair<std::string, Template>> assignments;

    // group, loop: the steps inside
    std::vector<Step> steps;
    // loop: `count` passes, or while `while_condition` holds (at most max_passes)
    int count = 0;
    std::optional<Condition> while_condition;
    int max_passes = 1000;
};

struct Flow {
    std::string name;
    double weight = 1;
    Tags tags;
    std::vector<Step> steps;
    // Overrides of the scenario's think time; pacing: iterations of this flow
    // start at this cadence (the VU sleeps what remains), closed models only.
    std::optional<ThinkTime> between_steps;
    std::optional<ThinkTime> between_iterations;
    nanoseconds pacing{0};
};

// The first part of a scenario's load whose measurements are kept apart (not
// in the totals, thresholds or the gate): caches, connection pools and JITs
// warming up. A duration from the scenario's start, or a number of its
// iterations; either ends at a whole interval (second). Neither: no warm-up.
struct Warmup {
    nanoseconds duration{0};
    std::uint64_t iterations = 0;

    bool any() const { return duration.count() > 0 || iterations > 0; }
};

// One load shape with its own executor; several run side by side or in turn.
struct Scenario {
    std::string name = "default";
    ExecutorSpec executor;
    nanoseconds start_offset{0};  // from the start of the run (start_after resolved)
    std::string start_after;      // as written: a duration or another scenario's name
    Tags tags;
    ThinkTime between_steps;
    ThinkTime between_iterations;
    nanoseconds pacing{0};  // default for its flows
    std::vector<Flow> flows;
    std::vector<std::size_t> feeders;  // indexes into Plan::feeders, drawn once per iteration
    Warmup warmup;

    nanoseconds load_duration() const;  // without graceful stop
    int max_vus() const;
};

// A condition on a metric, k6-like: "p(95)<200ms" on "latency", "rate<1%" on
// "errors", "rate>99%" on "checks", filtered by tags ("latency{scenario:browse}").
struct Threshold {
    enum class Metric { latency, errors, requests, checks, iterations };
    enum class Aggregate { percentile, avg, min, max, rate, count };
    enum class Op { lt, le, gt, ge, eq };
    // Which latency: "latency" means the response time from the intended start
    // in open models (coordinated-omission corrected) and service time in
    // closed ones; "service_time" and "response_time" choose explicitly.
    enum class Timing { automatic, service_time, response_time };
    Metric metric = Metric::latency;
    Timing timing = Timing::automatic;
    Tags filter;  // every pair must match a step's tags (step, group, flow, scenario, check, own tags)
    Aggregate aggregate = Aggregate::percentile;
    double percentile = 0;  // for Aggregate::percentile
    Op op = Op::lt;
    double bound = 0;    // latency: ns; rates: fraction; throughput: per second; count: number
    std::string source;  // the text as written, e.g. "p(95)<200ms"
    std::string key;     // the metric key as written, e.g. "latency{step:item}"
    // Stop the run as soon as it fails (checked once a second, after the delay).
    bool abort_on_fail = false;
    nanoseconds abort_delay{0};
    json::Position position;
};

// A system under load. Steps reach it by protocol (the one target whose URL
// scheme their driver serves) or by name when several could serve them.
struct Target {
    std::string name = "default";  // `target` is "default"; `targets` entries are named by their key
    // "http://host:port" ("embedded:demo" starts the demo service in-process),
    // "postgresql://user@host:port/db?...", "redis://host:port/db"
    std::string url;
    nanoseconds connect_timeout{std::chrono::seconds(5)};
    // How much of a response body is kept for extractions and checks (the
    // rest is counted, not kept).
    std::uint64_t max_response_body = std::uint64_t{16} * 1024 * 1024;
    // What only its protocol reads (PostgreSQL's statement_timeout, a pool
    // size, HTTP's header limit); null: that protocol's defaults.
    std::shared_ptr<const TargetOptions> options;
    json::Position url_position;  // where the URL was written, for the driver's objections
    std::string url_pointer;
};

// A target's options as its protocol's type, or that type's defaults when the
// target has none (or another protocol's).
template <class Options>
const Options& options_of(const Target& target) {
    static const Options defaults{};
    if (const auto* own = dynamic_cast<const Options*>(target.options.get())) return *own;
    return defaults;
}

struct Plan {
    std::string name = "unnamed";
    std::string description;
    std::string source_file;                // empty when built in code
    std::vector<Target> targets{Target{}};  // at least one; names unique
    std::vector<Scenario> scenarios;
    std::vector<std::shared_ptr<const FeederSpec>> feeders;
    // Run once before and after the load by a single VU; what setup extracts
    // every VU starts with.
    std::vector<Step> setup;
    std::vector<Step> teardown;
    std::vector<Threshold> thresholds;
    GateRules gate;                     // how a baseline comparison judges this scenario's runs
    std::optional<std::uint64_t> seed;  // makes every random choice repeatable

    // The target named so, or nullptr.
    Target* find_target(std::string_view target_name);
    const Target* find_target(std::string_view target_name) const;
    // The first target: the one `--target` replaces and reports name.
    Target& main_target();
    const Target& main_target() const;

    // From the start of the run to the planned end of the last scenario.
    nanoseconds load_duration() const;
    int max_vus() const;  // summed over scenarios (an upper bound when they run in turn)
};

// A step's tags in its tree: those it inherits (scenario, flow, enclosing
// groups), its own over them, and for a group its nested name in `group`
// ("checkout::payment"), which the steps inside inherit.
inline Tags tags_in_tree(const Step& step, const Tags& inherited) {
    Tags tags = inherited;
    for (const auto& [k, v] : step.tags) tags[k] = v;
    if (step.kind == Step::Kind::group) {
        const auto outer = inherited.find("group");
        tags["group"] = outer == inherited.end() ? step.name : outer->second + "::" + step.name;
    }
    return tags;
}

// Calls f(step, tags) for every request step of the tree, depth first, in
// order, with tags inherited from the enclosing groups (and `inherited`).
template <typename F>
void for_each_request(const std::vector<Step>& steps, const Tags& inherited, F&& f) {
    for (const Step& step : steps) {
        const Tags tags = tags_in_tree(step, inherited);
        if (step.kind == Step::Kind::request)
            f(step, tags);
        else if (!step.steps.empty())
            for_each_request(step.steps, tags, f);
    }
}

}  // namespace throng::core

#pragma once
// Everything a run measured, handed from the engine to the report writers,
// the thresholds and (later) the baseline gate.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "harness/core/error_class.hpp"
#include "harness/core/gate_rules.hpp"
#include "harness/core/histogram.hpp"
#include "harness/core/phase_histograms.hpp"
#include "harness/core/plan.hpp"
#include "harness/core/testbed.hpp"

namespace throng::core {

// Counters and latencies of one step, or of all requests together.
struct StepResult {
    std::string name;
    std::string flow;             // empty for the total
    std::string scenario;         // empty for the total
    std::string group;            // "" or "checkout" or "checkout::payment"
    std::string description;      // "GET /items/42"
    Tags tags;                    // all of them: step, flow, scenario, group (if any) and the user's
    std::uint64_t requests = 0;   // attempted
    std::uint64_t responses = 0;  // complete responses (any status)
    std::array<std::uint64_t, error_class_count> errors{};  // indexed by ErrorClass
    std::map<int, std::uint64_t> statuses;                  // protocol status -> count
    std::map<std::string, std::uint64_t> error_codes;       // SQLSTATE or Redis prefix -> count
    std::uint64_t bytes_sent = 0;
    std::uint64_t bytes_received = 0;  // on the wire
    // Compressed bodies (gzip, deflate, br) once decoded, for the steps
    // whose checks or extractions read them (others are not decoded).
    std::uint64_t bytes_decoded = 0;
    Histogram latency;  // service time in ns, of requests that got a response
    // Open models: response time from the intended start (coordinated-omission
    // corrected, as wrk2 does), in ns. Empty for closed models.
    Histogram response_time;
    // Time the worker thread spent on this step's checks and extractions per
    // response, ns (empty when it has none): not in the step's latency, but it
    // delays the other VUs of the thread.
    Histogram rules_time;
    // Where its requests' time went, for protocols that say (HTTP).
    std::optional<PhaseHistograms> phases;

    // A part of another step (a transaction's statement, tagged part_of):
    // reported on its own, but not counted again in totals.
    bool is_part() const { return tags.count("part_of") != 0; }
    std::uint64_t error_count() const;  // all classes but none
    double error_rate() const;          // errors / requests (0 when no request)
    void merge(const StepResult& other);
};

// One point of the time series: what happened in [start, start + length).
struct Interval {
    double start_s = 0;  // since the start of the run
    double length_s = 0;
    int vus = 0;  // active at the end of the interval
    std::uint64_t requests = 0;
    std::uint64_t errors = 0;
    std::uint64_t iterations = 0;                              // ended (completed or interrupted)
    std::uint64_t started = 0;                                 // iterations begun: the achieved rate
    std::uint64_t dropped = 0;                                 // open models: due but never started
    std::int64_t p50 = 0, p90 = 0, p95 = 0, p99 = 0, max = 0;  // ns, service time
    std::uint64_t check_passes = 0;                            // every check of every step
    std::uint64_t check_fails = 0;
    // The generator's own load: CPU seconds of the whole process in the
    // interval, and the highest share of the interval one worker thread spent
    // busy (near 1: it was saturated, and latencies include its queueing).
    double process_cpu_s = 0;
    double busiest_worker = 0;
    std::int64_t loop_lag_p99 = 0, loop_lag_max = 0;  // ns: how late worker loops woke (see RunResult::loop_lag)
    // ns, open models: how late the interval's iterations started (see
    // RunResult::send_lag). The gate leaves out the seconds the generator was late.
    std::int64_t send_lag_p99 = 0, send_lag_max = 0;
    // Each step's histograms of this interval, HdrHistogram-encoded (compact:
    // the series may be long); response_time is empty when not measured.
    // With its counts: the regression gate resamples intervals per step.
    struct StepHistograms {
        std::string service_time;
        std::string response_time;
        std::uint64_t requests = 0;
        std::uint64_t errors = 0;
        bool warmup = false;  // its scenario was warming up: in the series, not in the totals
    };
    std::vector<StepHistograms> histograms;  // in step order
    // Every scenario running in it was warming up: in the series, not in the
    // totals, and not in the run's duration.
    bool warmup = false;
};

// One run of several merged into a result (throng merge, --repeat): where its
// intervals are in the result's series.
struct RunSegment {
    std::string started_at;
    double started_at_epoch_s = 0;
    double duration_s = 0;
    std::size_t first_interval = 0;
    std::size_t interval_count = 0;
};

// How often one check of one step passed.
struct CheckResult {
    std::string name;
    std::string step;
    std::string scenario;
    Tags tags;  // the step's tags and "check"
    std::uint64_t passes = 0;
    std::uint64_t fails = 0;
};

// What one scenario's executor did.
struct ScenarioResult {
    std::string name;
    std::string executor;  // "ramping-vus", ...
    double start_s = 0;    // planned start, from the start of the run
    int max_vus = 0;
    bool open_model = false;
    std::uint64_t iterations_completed = 0;
    std::uint64_t iterations_interrupted = 0;
    std::uint64_t iterations_dropped = 0;
};

struct ThresholdResult {
    Threshold threshold;
    bool evaluated = false;  // false when its step does not exist or had no data
    double observed = 0;     // in the threshold's unit (ns, fraction, count, per second)
    bool passed = false;
};

// What the warm-up measured (Plan::warmup): the same shape as the run's own
// figures, kept apart from them.
struct WarmupResult {
    double duration_s = 0;  // 0: no warm-up
    std::vector<StepResult> steps;
    StepResult total;
    std::vector<CheckResult> checks;
    std::uint64_t iterations_completed = 0;
    std::uint64_t iterations_interrupted = 0;
};

struct RunResult {
    std::string scenario_name;
    std::string scenario_description;
    std::string scenario_file;
    std::string
        scenario_hash;  // of the scenario as it ran (file and command-line changes): runs compare only when equal
    Testbed testbed;
    std::string target_url;
    // Settings that change what the figures mean (a target's TLS
    // certificates not verified), said with the results.
    std::vector<std::string> warnings;
    std::string executor;           // the scenario's executor, or "scenarios" when there are several
    std::string started_at;         // ISO 8601 UTC
    double started_at_epoch_s = 0;  // the same, to the millisecond (for .hlog StartTime)
    double duration_s = 0;          // measured from start of load to end of drain
    int threads = 0;
    int max_vus = 0;
    bool interrupted = false;
    std::string interrupt_reason;  // "SIGINT", "SIGTERM", "threshold ...", ""
    std::uint64_t iterations_completed = 0;
    std::uint64_t iterations_interrupted = 0;
    bool open_model = false;
    std::int64_t expected_interval = 0;    // closed models: the correction's interval, ns (0: none)
    std::uint64_t iterations_dropped = 0;  // open models: due but never started
    Histogram send_lag;                    // open models: first send - intended start, ns
    // How late the worker threads' event loops woke for a 5 ms tick, ns: the
    // generator's own delay, which every latency measured meanwhile includes.
    Histogram loop_lag;

    std::vector<ScenarioResult> scenarios;
    std::vector<StepResult> steps;  // request steps of every scenario, in plan order
    StepResult total;               // every request of every step (not setup and teardown)
    std::vector<CheckResult> checks;
    std::vector<StepResult> setup;          // run once before the load
    std::vector<StepResult> teardown;       // and after it
    std::vector<CheckResult> setup_checks;  // kept apart: they judge the setup, not the load
    std::vector<CheckResult> teardown_checks;
    bool aborted_by_threshold = false;  // an abort_on_fail threshold stopped the run
    std::string setup_error;            // why setup failed (then no load ran); "" when it did not
    std::vector<Interval> intervals;
    WarmupResult warmup;
    // Empty for a single run: then the run is the whole series.
    std::vector<RunSegment> runs;
    std::vector<ThresholdResult> thresholds;
    GateRules gate;  // how a comparison with a baseline judges this result

    bool thresholds_passed() const;
};

}  // namespace throng::core

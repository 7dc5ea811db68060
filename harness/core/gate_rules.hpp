#pragma once
// What the regression gate compares between a baseline run and a candidate
// run, and when it refuses to compare at all. Written in a scenario's "gate"
// section (scenarios/gate_parser), carried in result.json, applied by
// reports/comparison.
#include <map>
#include <string>
#include <vector>

namespace throng::core {

struct GateMetric {
    enum class Kind { latency, throughput, error_rate, check_rate };
    Kind kind = Kind::latency;
    // latency: which one, as for thresholds (automatic: response time in open
    // models, service time in closed ones).
    enum class Timing { automatic, service_time, response_time };
    Timing timing = Timing::automatic;
    std::map<std::string, std::string> filter;  // steps whose tags match all pairs; empty: every request
    double percentile = 95;                     // latency only
    // How much worse the candidate may be before it counts as a regression:
    // relative for latency and throughput (0.10: 10% slower, 10% fewer
    // requests per second), absolute for rates (0.01: one percentage point).
    double tolerance = 0.10;
    std::string key;        // as written: "latency{step:item}"
    std::string statistic;  // as written: "p95", "rate"
};

// Bounds beyond which a run cannot be trusted, so the comparison is invalid.
struct GateValidity {
    // Open models: an interval whose iterations started this late (send lag
    // p99) while a worker's loop woke this late too measured the generator's
    // stall, not the target, and is left out. The run is untrusted when its
    // whole send lag p99 is over the bound and more than `max_late_share` of
    // its intervals started late. (A result without per-interval send lag:
    // the whole run's p99 alone decides.)
    double max_send_lag_p99_ms = 10;
    double max_late_share = 0.1;
    double max_loop_lag_p99_ms = 25;   // a worker's event loop woke this late: its timings include the wait
    double max_dropped_share = 0;      // open models: due iterations that never started
    double max_worker_busy = 0.9;      // a worker thread this busy in an interval was saturated
    double max_saturated_share = 0.1;  // ... in more than this share of the intervals
    double max_error_rate = 0.1;       // the target was failing, not slow
    int min_intervals = 5;             // too short to resample
    bool same_testbed = true;          // CPU model, core count and build type must agree
};

struct GateRules {
    std::vector<GateMetric> metrics;  // empty: the defaults (default_gate_metrics)
    double confidence = 0.95;         // of each interval; the false discovery rate is 1 - confidence
    int resamples = 2000;
    GateValidity validity;
};

// Every request's p50 (+10%), p95 (+10%) and p99 (+20%) latency, throughput
// (-10%), error rate (+1 point) and, when the plan has checks, check pass rate
// (-1 point): totals only, so that one noisy step cannot make the whole
// verdict inconclusive.
std::vector<GateMetric> default_gate_metrics(bool has_checks);

}  // namespace throng::core

#include "harness/core/gate_rules.hpp"

namespace throng::core {

std::vector<GateMetric> default_gate_metrics(bool has_checks) {
    std::vector<GateMetric> out;
    const auto latency = [&](double percentile, double tolerance, const char* statistic) {
        GateMetric m;
        m.kind = GateMetric::Kind::latency;
        m.percentile = percentile;
        m.tolerance = tolerance;
        m.key = "latency";
        m.statistic = statistic;
        out.push_back(m);
    };
    latency(50, 0.10, "p50");
    latency(95, 0.10, "p95");
    latency(99, 0.20, "p99");
    const auto rate = [&](GateMetric::Kind kind, double tolerance, const char* key) {
        GateMetric m;
        m.kind = kind;
        m.tolerance = tolerance;
        m.key = key;
        m.statistic = "rate";
        out.push_back(m);
    };
    rate(GateMetric::Kind::throughput, 0.10, "throughput");
    rate(GateMetric::Kind::error_rate, 0.01, "errors");
    if (has_checks) rate(GateMetric::Kind::check_rate, 0.01, "checks");
    return out;
}

}  // namespace throng::core

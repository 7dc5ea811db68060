#pragma once
// The gate's rules as result.json carries them ("gate"), so that a result
// compared later, from its file alone, is judged by the rules it ran with.
#include <nlohmann/json_fwd.hpp>

#include "harness/core/gate_rules.hpp"

namespace throng::reports {

nlohmann::json gate_to_json(const core::GateRules& rules);
// Missing fields take their defaults; a missing or empty "metrics" list the
// default metrics. Throws std::invalid_argument on a malformed section.
core::GateRules gate_from_json(const nlohmann::json& gate, bool has_checks);

// "p95", "rate".
std::string gate_statistic(const core::GateMetric& metric);
// "latency p95", "latency{step:item} p99", "throughput", "errors".
std::string gate_metric_label(const core::GateMetric& metric);

}  // namespace throng::reports

#pragma once
// The scenario's "gate" section: which metrics a baseline comparison judges,
// how much worse each may get (its tolerance), the confidence, and when a run
// cannot be trusted at all.
//
//   "gate": {
//     "latency": { "p50": "+10%", "p95": "+10%", "p99": "+20%" },
//     "latency{step:checkout}": { "p95": "+5%" },
//     "throughput": "-10%",            // requests per second; also "requests"
//     "errors": "+1%",                 // percentage points of the error rate
//     "checks": "-1%",                 // percentage points of the check pass rate
//     "confidence": "95%",
//     "invalid_if": { "send_lag_p99": "10ms", "loop_lag_p99": "25ms", "dropped": "0%", "worker_busy": "90%",
//                     "saturated_intervals": "10%", "errors": "10%", "intervals_below": 5,
//                     "testbed_differs": true }
//   }
//
// Without metrics, the defaults of core::default_gate_metrics apply (the
// engine adds them, knowing whether the load has checks).
#include "harness/core/diagnostics.hpp"
#include "harness/core/gate_rules.hpp"
#include "harness/core/json.hpp"
#include "scenarios/threshold_parser.hpp"

namespace throng::scenarios {

core::GateRules parse_gate(const core::json::Value& node, const KnownTags& known, core::Diagnostics& diags);

}  // namespace throng::scenarios

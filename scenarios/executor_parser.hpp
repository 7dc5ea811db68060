#pragma once
// The scenario's "executor": how many virtual users run, or at what rate
// iterations start, and for how long.
#include "harness/core/diagnostics.hpp"
#include "harness/core/json.hpp"
#include "harness/core/plan.hpp"

namespace throng::scenarios {

// Closed models: constant-vus {"type", "vus", "duration"}; ramping-vus {"type",
// "start_vus", "stages": [{"duration", "target": VUs}]}; both also take
// "graceful_ramp_down".
// Open models (rates are "500/s", "6000/m" or a number per second):
// constant-arrival-rate {"type", "rate", "duration"}; ramping-arrival-rate
// {"type", "start_rate", "stages": [{"duration", "target": rate}]}; both also
// take "pre_allocated_vus", "max_vus", "on_saturation" (queue|drop),
// "max_queue" and "arrivals" (uniform|poisson).
// All four: "iterations", "graceful_stop". A key of another type is an error.
core::ExecutorSpec parse_executor(const core::json::Value& node, core::Diagnostics& diags);

}  // namespace throng::scenarios

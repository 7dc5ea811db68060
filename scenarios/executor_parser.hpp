#pragma once
// The scenario's "executor": how many virtual users run, and for how long.
#include "harness/core/diagnostics.hpp"
#include "harness/core/json.hpp"
#include "harness/core/plan.hpp"

namespace throng::scenarios {

// constant-vus: {"type", "vus", "duration"}; ramping-vus: {"type", "start_vus",
// "stages"}; both: "iterations", "graceful_stop", "graceful_ramp_down".
core::ExecutorSpec parse_executor(const core::json::Value& node, core::Diagnostics& diags);

}  // namespace throng::scenarios

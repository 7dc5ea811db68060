#pragma once
// The scenario's "think_time": pauses between steps and between iterations.
#include "harness/core/diagnostics.hpp"
#include "harness/core/json.hpp"
#include "harness/core/think_time.hpp"

namespace throng::scenarios {

struct ThinkTimes {
    core::ThinkTime between_steps;
    core::ThinkTime between_iterations;
};

// {"between_steps": THINK, "between_iterations": THINK}, where THINK is a
// duration ("100ms", a constant pause) or {"distribution": "constant" |
// "uniform" | "exponential", ...}.
ThinkTimes parse_think_times(const core::json::Value& node, core::Diagnostics& diags);

}  // namespace throng::scenarios

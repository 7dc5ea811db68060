#pragma once
// A scenario's "flows" (weighted sequences of steps, each with its own tags,
// think time and pacing) or its "steps" shorthand (one flow named "default").
#include <vector>

#include "harness/core/object_reader.hpp"
#include "harness/core/plan.hpp"
#include "scenarios/step_tree_parser.hpp"

namespace throng::scenarios {

// Reads "flows" or "steps" from the scenario object. Pacing is for closed
// models only: an arrival-rate executor sets the pace itself.
std::vector<core::Flow> parse_flows(core::ObjectReader& scenario, StepTreeReader& steps, bool closed_model);

// `pacing` of a scenario or flow: a duration > 0, closed models only; 0 when absent.
std::chrono::nanoseconds read_pacing(core::ObjectReader& owner, bool closed_model);

}  // namespace throng::scenarios

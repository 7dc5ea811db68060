#pragma once
// The plan's scenarios: either the single-scenario shorthand at the top level
// (executor, think_time, pacing, tags, flows | steps: one scenario named
// "default") or "scenarios", an object of name -> scenario, each of which may
// start after a delay or after another one. `warmup` at the top level is every
// scenario's unless it has its own.
#include "harness/core/object_reader.hpp"
#include "harness/core/plan.hpp"
#include "scenarios/step_tree_parser.hpp"

namespace throng::scenarios {

// Reads them from the top-level object into plan.scenarios, start offsets resolved.
void parse_scenario_list(core::ObjectReader& top, const StepInputs& inputs, core::Plan& plan);

}  // namespace throng::scenarios

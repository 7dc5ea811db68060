#pragma once
// The scenario's "flows" (weighted sequences of steps) or its "steps"
// shorthand (one flow named "default"). Steps are handed to the protocol
// parsers by key; this file knows no protocol.
#include <span>
#include <string>
#include <vector>

#include "harness/core/object_reader.hpp"
#include "harness/core/plan.hpp"
#include "harness/core/step_spec.hpp"

namespace throng::scenarios {

struct ParsedFlows {
    std::vector<core::Flow> flows;
    // Every step name declared, including steps whose protocol part had
    // errors, so that thresholds naming them are not reported too.
    std::vector<std::string> step_names;
};

// Reads "flows" or "steps" from the scenario object.
ParsedFlows parse_flows(core::ObjectReader& scenario, std::span<const core::StepParser* const> parsers);

}  // namespace throng::scenarios

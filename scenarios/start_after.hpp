#pragma once
// When each scenario starts: `start_after` is a duration from the start of the
// run, or the name of another scenario, meaning "when that one's load phase is
// planned to end" (its start offset plus its load duration).
#include <vector>

#include "harness/core/diagnostics.hpp"
#include "harness/core/json.hpp"
#include "harness/core/plan.hpp"

namespace throng::scenarios {

// Sets start_after and start_offset of every scenario from its `start_after`
// value (`nodes[i]` for scenarios[i], nullptr when absent: offset 0).
// Reports unknown names (with the closest one) and cycles (naming them).
void resolve_start_offsets(std::vector<core::Scenario>& scenarios, const std::vector<const core::json::Value*>& nodes,
                           core::Diagnostics& diags);

}  // namespace throng::scenarios

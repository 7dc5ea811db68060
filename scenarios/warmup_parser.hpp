#pragma once
// `warmup`, at the top level (every scenario's) or in a scenario under
// `scenarios` (its own): "10s" (a duration, or a number of seconds from the
// scenario's start) or {"iterations": 500} (its first iterations).
#include <optional>

#include "harness/core/diagnostics.hpp"
#include "harness/core/json.hpp"
#include "harness/core/plan.hpp"

namespace throng::scenarios {

// nullopt when the value is wrong (reported).
std::optional<core::Warmup> parse_warmup(const core::json::Value& node, core::Diagnostics& diags);

}  // namespace throng::scenarios

#pragma once
// "tags": the user's own labels on a scenario, flow or step, which metrics
// carry and thresholds filter by.
#include <string_view>

#include "harness/core/diagnostics.hpp"
#include "harness/core/json.hpp"
#include "harness/core/plan.hpp"

namespace throng::scenarios {

// Tag keys throng sets itself on every metric.
inline constexpr std::string_view reserved_tags[] = {"step", "flow", "scenario", "group", "check"};

// {"kind": "api"}: identifier keys, not reserved, to string values. `owner`
// names the object in messages ("step").
core::Tags parse_tags(const core::json::Value& node, std::string_view owner, core::Diagnostics& diags);

}  // namespace throng::scenarios

#pragma once
// The scenario's "target": the system under test, as a URL string or as
// {"url": ..., "connect_timeout": ...}.
#include "harness/core/diagnostics.hpp"
#include "harness/core/json.hpp"
#include "harness/core/plan.hpp"

namespace throng::scenarios {

core::Target parse_target(const core::json::Value& node, core::Diagnostics& diags);

}  // namespace throng::scenarios

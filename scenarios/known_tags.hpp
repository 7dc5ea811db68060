#pragma once
// The tag values a plan's metrics will carry, so that threshold filters naming
// a step, flow, scenario, group, check or user tag that does not exist are
// caught when the scenario is read.
#include "harness/core/plan.hpp"
#include "scenarios/threshold_parser.hpp"

namespace throng::scenarios {

// For every request of every scenario: `scenario`, `flow`, `step`, `group`
// (when inside one) and the user's tags as inherited; a transaction's
// statements as `step` <step>.<part> and `part_of` <step>; `check`: every
// check name in the plan, setup and teardown included.
KnownTags known_tags(const core::Plan& plan);

}  // namespace throng::scenarios

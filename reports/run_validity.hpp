#pragma once
// Before comparing two runs: can each be trusted, and are they comparable?
// A run is not trusted when the generator fell behind (late or dropped
// iterations in an open model, a saturated worker thread), when the target
// was mostly failing, when it was interrupted, or when it is too short to
// resample. Two runs are comparable when they ran the same scenario on the
// same kind of machine and build.
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "harness/core/gate_rules.hpp"

namespace throng::reports::gate {

struct Findings {
    std::vector<std::string> reasons;   // make the comparison invalid
    std::vector<std::string> warnings;  // worth saying, not disqualifying
};

// Why `result` cannot be trusted, and what the comparison leaves out of it
// (the intervals an open model's generator started late), each line starting
// with `who` ("baseline: ...").
Findings trustworthiness(const nlohmann::json& result, const std::string& who, const core::GateValidity& bounds);

Findings comparability(const nlohmann::json& baseline, const nlohmann::json& candidate,
                       const core::GateValidity& bounds);

}  // namespace throng::reports::gate

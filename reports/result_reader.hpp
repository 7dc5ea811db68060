#pragma once
// result.json back into a core::RunResult: what `throng report`, `merge` and
// the terminal summary of a stored result start from. Writing the read result
// again (result_to_json) gives the same document: histograms are decoded
// exactly, their exact min and max restored from the printed ones.
#include <functional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "harness/core/plan.hpp"
#include "harness/core/run_result.hpp"

namespace throng::reports {

// Turns a threshold's key and expression back into a Threshold (the scenario
// parser's job; reports does not depend on it). Throws on a bad expression.
using ThresholdParser = std::function<core::Threshold(const std::string& key, const std::string& expression)>;

// Throws std::runtime_error saying what is wrong (not a result, a newer
// schema, a malformed field).
core::RunResult result_from_json(const nlohmann::json& result, const ThresholdParser& parse_threshold);

}  // namespace throng::reports

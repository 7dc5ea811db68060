#pragma once
// The comparison with a baseline as the terminal shows it, after the summary:
// one row per metric with both values, the change and its interval, and the
// verdict; the overall verdict and why, or why the comparison is invalid.
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace throng::reports {

// From a result's "comparison" section (see comparison.hpp).
std::string comparison_text(const nlohmann::json& comparison);

}  // namespace throng::reports

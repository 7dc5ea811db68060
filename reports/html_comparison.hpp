#pragma once
// The comparison with a baseline, when the result has one: its summary, why
// it may not count (invalid_reasons, warnings) and one row per judged metric
// with the change, its confidence interval, the tolerance and the verdict.
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace throng::reports {

// Empty when the result was not compared.
std::string comparison_section(const nlohmann::json& result);

}  // namespace throng::reports

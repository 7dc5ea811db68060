#pragma once
// What a compared result keeps of its baseline: enough to show both runs side
// by side (time series, each step's distribution) without the baseline file.
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace throng::reports {

nlohmann::json baseline_section(const nlohmann::json& baseline, const std::string& label, const std::string& file);

}  // namespace throng::reports

#pragma once
// Evaluates the plan's thresholds against what the run measured.
#include <string>
#include <vector>

#include "harness/core/run_result.hpp"

namespace throng::reports {

std::vector<core::ThresholdResult> evaluate_thresholds(const std::vector<core::Threshold>& thresholds,
                                                       const core::RunResult& result);

// Whether a latency threshold judges the response time from the intended
// start (open models by default) rather than the service time.
bool judges_response_time(const core::Threshold& threshold, bool open_model);

// The unit an observed value is expressed in: "ns", "ratio", "1/s" or "count".
std::string observed_unit(const core::Threshold& threshold);
// The observed value for people: "4.21ms", "2.10%", "812/s", "17".
std::string format_observed(const core::ThresholdResult& result);

}  // namespace throng::reports

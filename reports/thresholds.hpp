#pragma once
// Evaluates the plan's thresholds against what the run measured: at the end,
// and during the run for those that abort it.
#include <optional>
#include <string>
#include <vector>

#include "harness/core/run_result.hpp"

namespace throng::reports {

// Each threshold judges the steps (or checks, or scenarios' iterations) whose
// tags hold every pair of its filter, merged; no filter: all of them. Setup
// and teardown never count. Rates per second use result.duration_s.
std::vector<core::ThresholdResult> evaluate_thresholds(const std::vector<core::Threshold>& thresholds,
                                                       const core::RunResult& result);

// During the run: the first abort_on_fail threshold that fails on the results so far, once its delay has passed.
// Rates per second use elapsed_s; a threshold without data yet does not abort.
// E.g. "threshold `p(95)<200ms` on `latency{step:login}` failed (observed 312ms)".
std::optional<std::string> threshold_abort_reason(const std::vector<core::Threshold>& thresholds,
                                                  const core::RunResult& so_far, double elapsed_s);

// Whether a latency threshold judges the response time from the intended
// start (open models by default) rather than the service time.
bool judges_response_time(const core::Threshold& threshold, bool open_model);

// The unit an observed value is expressed in: "ns", "ratio", "1/s" or "count".
std::string observed_unit(const core::Threshold& threshold);
// The observed value for people: "4.21ms", "2.10%", "812/s", "17".
std::string format_observed(const core::ThresholdResult& result);

// "latency", "errors", "requests", "checks", "iterations".
const char* metric_name(core::Threshold::Metric metric);
// The key as written, or (for thresholds built in code) made from the metric
// and the filter: "latency{scenario:browse,step:home}".
std::string key_text(const core::Threshold& threshold);

}  // namespace throng::reports

#pragma once
// The report's charts, made from the result alone: what happened over time
// (from the intervals) and each step's latency distribution (from the
// embedded histograms), with the baseline's drawn dashed over them when the
// result was compared.
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace throng::reports {

// Latency p50/p95/p99, throughput, errors, and active VUs (closed models) or
// started and dropped iterations (open models), per interval.
std::string time_series_charts(const nlohmann::json& result);

// The percentile spectrum of all requests, then of each step.
std::string spectrum_charts(const nlohmann::json& result);

}  // namespace throng::reports

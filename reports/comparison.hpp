#pragma once
// The regression gate: judges a candidate run against a baseline run, metric
// by metric, with statistics rather than one number against one number.
//
// For each metric (a latency percentile, throughput, error or check rate) the
// relative change (absolute for rates) gets a confidence interval from a
// bootstrap over the runs' once-a-second intervals (block_bootstrap.hpp); a
// metric regressed when its interval lies entirely beyond its tolerance and
// its false-discovery-adjusted p-value is small enough, improved when it lies
// entirely beyond on the good side, did not change when it lies within
// ±tolerance, and is inconclusive otherwise. Before that, the comparison is
// invalid when either run cannot be trusted or the two are not comparable
// (run_validity.hpp): then no metric is judged.
#include <cstdint>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace throng::reports {

struct ComparisonOptions {
    std::string baseline_label;  // the baseline's name, or its file
    std::string baseline_file;
    std::uint64_t seed = 0;  // 0: derived from the two results (the same inputs give the same verdict)
};

// The "comparison" section of the candidate's result.json. The rules are the
// candidate's "gate" section (defaults when absent). Throws
// std::invalid_argument when a result lacks what a metric needs.
nlohmann::json compare_results(const nlohmann::json& baseline, const nlohmann::json& candidate,
                               const ComparisonOptions& options);

}  // namespace throng::reports

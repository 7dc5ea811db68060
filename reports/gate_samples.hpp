#pragma once
// The regression gate's samples: what each interval of each run contributes to
// a metric, read from result.json (the series of once-a-second histograms and
// counts). Latency samples are sparse bucket counts over one table of buckets
// shared by both sides, so that resampling only adds counts.
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "harness/core/gate_rules.hpp"

namespace throng::reports::gate {

// A side's intervals, grouped by run (a result merged from several runs has several).
template <typename Sample>
using Runs = std::vector<std::vector<Sample>>;

struct Ratio {
    double numerator = 0;
    double denominator = 0;
};

// Bucket counts of one interval: (cell, count), cells sorted.
using SparseCounts = std::vector<std::pair<std::uint32_t, std::uint64_t>>;

// One latency selection (steps and timing) on both sides.
struct LatencySamples {
    std::vector<std::int64_t> cell_value;  // ns: what a percentile landing in the cell reports
    std::array<Runs<SparseCounts>, 2> sides;  // [0] baseline, [1] candidate
};

struct RatioSamples {
    std::array<Runs<Ratio>, 2> sides;
};

// Which latency the metric judges in this result: "service_time" or "response_time".
std::string judged_latency(const core::GateMetric& metric, const nlohmann::json& result);

// Throw std::invalid_argument when the result lacks what the metric needs
// (no step matches the filter, a version-1 result without per-step counts).
LatencySamples latency_samples(const core::GateMetric& metric, const nlohmann::json& baseline,
                               const nlohmann::json& candidate);
RatioSamples ratio_samples(const core::GateMetric& metric, const nlohmann::json& baseline,
                           const nlohmann::json& candidate);

// The result's runs as (first interval, count); one run over every interval
// when the result does not list them.
std::vector<std::pair<std::size_t, std::size_t>> run_spans(const nlohmann::json& result);

}  // namespace throng::reports::gate

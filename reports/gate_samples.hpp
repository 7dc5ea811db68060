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
    std::vector<std::int64_t> cell_value;     // ns: what a percentile landing in the cell reports
    std::array<Runs<SparseCounts>, 2> sides;  // [0] baseline, [1] candidate
};

struct RatioSamples {
    std::array<Runs<Ratio>, 2> sides;
};

// Which latency the metric judges in this result: "service_time" or "response_time".
std::string judged_latency(const core::GateMetric& metric, const nlohmann::json& result);

// An open model's interval whose iterations started late (send lag p99 over
// the bound), false when it does not record its send lag (closed models,
// schema version 2 and older).
bool started_late(const nlohmann::json& interval, const core::GateValidity& bounds);
// ... because the generator stalled: its event loop woke late too (loop lag
// max over the same bound). Such an interval measured the stall rather than
// the target and is no sample. Late without a stall, the iterations waited
// for a free VU: the target's slowness, which their response time includes.
bool generator_stalled(const nlohmann::json& interval, const core::GateValidity& bounds);

// The measured intervals in which the generator did not stall, per run. Throw
// std::invalid_argument when the result lacks what the metric needs (no step
// matches the filter, a version-1 result without per-step counts).
LatencySamples latency_samples(const core::GateMetric& metric, const nlohmann::json& baseline,
                               const nlohmann::json& candidate, const core::GateValidity& bounds);
RatioSamples ratio_samples(const core::GateMetric& metric, const nlohmann::json& baseline,
                           const nlohmann::json& candidate, const core::GateValidity& bounds);

// The result's runs as (first interval, count); one run over every interval
// when the result does not list them.
std::vector<std::pair<std::size_t, std::size_t>> run_spans(const nlohmann::json& result);

}  // namespace throng::reports::gate

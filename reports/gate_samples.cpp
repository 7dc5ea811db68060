#include "reports/gate_samples.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "harness/core/histogram_codec.hpp"

namespace throng::reports::gate {

using core::GateMetric;
using nlohmann::json;

namespace {

bool matches(const json& step, const std::map<std::string, std::string>& filter) {
    const json& tags = step.contains("tags") ? step["tags"] : json::object();
    // The total leaves out transaction statements, which their transaction counts already.
    if (filter.empty()) return !tags.contains("part_of");
    for (const auto& [tag, value] : filter)
        if (!tags.contains(tag) || tags[tag] != value) return false;
    return true;
}

// Indexes (into the result's steps) of the steps the metric reads.
std::vector<std::size_t> selected_steps(const GateMetric& metric, const json& result) {
    std::vector<std::size_t> out;
    const json& steps = result.at("steps");
    for (std::size_t i = 0; i < steps.size(); ++i)
        if (matches(steps[i], metric.filter)) out.push_back(i);
    if (out.empty()) throw std::invalid_argument("no step of the result matches `" + metric.key + "`");
    return out;
}

const json& step_histograms(const json& interval, std::size_t step) {
    const json& all = interval.at("histograms");
    if (step >= all.size()) throw std::invalid_argument("an interval lacks a step's histograms");
    return all[step];
}

// A step whose scenario was warming up in this interval (another scenario
// was measured meanwhile): not a sample.
bool warming(const json& step) { return step.value("warmup", false); }

// Some scenario warmed up in this interval while another was measured.
bool partly_warming(const json& interval) {
    if (!interval.contains("histograms")) return false;
    const json& all = interval["histograms"];
    return std::any_of(all.begin(), all.end(), warming);
}

// Every one of these steps was warming up in this interval: it has no sample.
bool all_warming(const json& interval, const std::vector<std::size_t>& steps) {
    return partly_warming(interval) && std::all_of(steps.begin(), steps.end(), [&](std::size_t step) {
               return warming(step_histograms(interval, step));
           });
}

// The intervals of each run that are samples, as f(intervals of one run).
template <typename F>
void for_each_run(const json& result, const core::GateValidity& bounds, F&& f) {
    const json& intervals = result.at("intervals");
    for (const auto& [first, count] : run_spans(result)) {
        std::vector<const json*> run;
        for (std::size_t i = first; i < first + count && i < intervals.size(); ++i) {
            const json& interval = intervals[i];
            if (interval.value("warmup", false)) continue;  // not measured: not judged
            if (generator_stalled(interval, bounds)) continue;
            run.push_back(&interval);
        }
        f(run);
    }
}

}  // namespace

bool started_late(const json& interval, const core::GateValidity& bounds) {
    if (!interval.contains("send_lag_ms")) return false;
    return interval["send_lag_ms"].value("p99", 0.0) > bounds.max_send_lag_p99_ms;
}

bool generator_stalled(const json& interval, const core::GateValidity& bounds) {
    if (!started_late(interval, bounds) || !interval.contains("loop_lag_ms")) return false;
    return interval["loop_lag_ms"].value("max", 0.0) > bounds.max_send_lag_p99_ms;
}

std::vector<std::pair<std::size_t, std::size_t>> run_spans(const json& result) {
    std::vector<std::pair<std::size_t, std::size_t>> out;
    if (result.contains("runs") && !result["runs"].empty()) {
        for (const json& run : result["runs"])
            out.emplace_back(run.at("first_interval").get<std::size_t>(), run.at("intervals").get<std::size_t>());
    } else {
        out.emplace_back(0, result.at("intervals").size());
    }
    return out;
}

std::string judged_latency(const GateMetric& metric, const json& result) {
    switch (metric.timing) {
    case GateMetric::Timing::service_time: return "service_time";
    case GateMetric::Timing::response_time: return "response_time";
    case GateMetric::Timing::automatic: break;
    }
    return result.value("open_model", false) ? "response_time" : "service_time";
}

LatencySamples latency_samples(const GateMetric& metric, const json& baseline, const json& candidate,
                               const core::GateValidity& bounds) {
    LatencySamples out;
    // Decoded per interval, merged over the selected steps; the cells are the
    // union of the buckets either side used.
    std::array<std::vector<std::vector<core::Histogram>>, 2> decoded;
    std::map<std::size_t, std::int64_t> used;  // bucket index -> value
    const std::array<const json*, 2> results = {&baseline, &candidate};
    const std::string which = judged_latency(metric, candidate);
    for (std::size_t side = 0; side < 2; ++side) {
        const json& result = *results[side];
        const auto steps = selected_steps(metric, result);
        for_each_run(result, bounds, [&](const std::vector<const json*>& run) {
            auto& histograms = decoded[side].emplace_back();
            for (const json* interval : run) {
                if (all_warming(*interval, steps)) continue;
                core::Histogram merged;
                for (std::size_t step : steps) {
                    const json& h = step_histograms(*interval, step);
                    if (!h.contains(which) || warming(h)) continue;
                    merged.merge(core::decode_compressed(h[which].get<std::string>()));
                }
                for (std::size_t i = 0; i < merged.counts_length(); ++i)
                    if (merged.count_at_index(i) != 0 && !used.contains(i))
                        used[i] = merged.highest_equivalent(merged.value_at_index(i));
                histograms.push_back(std::move(merged));
            }
        });
    }
    std::map<std::size_t, std::uint32_t> cell_of;
    for (const auto& [index, value] : used) {
        cell_of[index] = static_cast<std::uint32_t>(out.cell_value.size());
        out.cell_value.push_back(value);
    }
    for (std::size_t side = 0; side < 2; ++side) {
        for (const auto& run : decoded[side]) {
            auto& runs = out.sides[side].emplace_back();
            for (const core::Histogram& h : run) {
                SparseCounts counts;
                for (std::size_t i = 0; i < h.counts_length(); ++i)
                    if (h.count_at_index(i) != 0) counts.emplace_back(cell_of.at(i), h.count_at_index(i));
                runs.push_back(std::move(counts));
            }
        }
    }
    return out;
}

RatioSamples ratio_samples(const GateMetric& metric, const json& baseline, const json& candidate,
                           const core::GateValidity& bounds) {
    RatioSamples out;
    const std::array<const json*, 2> results = {&baseline, &candidate};
    for (std::size_t side = 0; side < 2; ++side) {
        const json& result = *results[side];
        const bool whole = metric.filter.empty();
        const auto steps = selected_steps(metric, result);  // without a filter: the total's
        // Requests and errors of the selected steps in one interval (all of
        // them measured, or only those not warming up).
        const auto counts = [&](const json& interval) {
            if (whole && !partly_warming(interval))
                return Ratio{interval.at("errors").get<double>(), interval.at("requests").get<double>()};
            Ratio r;
            for (std::size_t step : steps) {
                const json& h = step_histograms(interval, step);
                if (!h.contains("requests"))
                    throw std::invalid_argument("the result has no per-step counts per interval (schema version 1)");
                if (warming(h)) continue;
                r.numerator += h.at("errors").get<double>();
                r.denominator += h.at("requests").get<double>();
            }
            return r;
        };
        for_each_run(result, bounds, [&](const std::vector<const json*>& run) {
            auto& samples = out.sides[side].emplace_back();
            for (const json* interval : run) {
                if (all_warming(*interval, steps)) continue;
                switch (metric.kind) {
                case GateMetric::Kind::throughput:
                    samples.push_back({counts(*interval).denominator, interval->at("length_s").get<double>()});
                    break;
                case GateMetric::Kind::error_rate: samples.push_back(counts(*interval)); break;
                case GateMetric::Kind::check_rate: {
                    // Its counts are the interval's, warm-up included: such an interval is left out.
                    if (partly_warming(*interval)) break;
                    if (!interval->contains("checks"))
                        throw std::invalid_argument("the result has no check counts per interval (schema version 1)");
                    const json& checks = (*interval)["checks"];
                    const double passes = checks.at("passes").get<double>();
                    samples.push_back({passes, passes + checks.at("fails").get<double>()});
                    break;
                }
                case GateMetric::Kind::latency: throw std::logic_error("latency has no ratio samples");
                }
            }
        });
    }
    return out;
}

}  // namespace throng::reports::gate

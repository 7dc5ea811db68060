#include "reports/comparison.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "reports/block_bootstrap.hpp"
#include "reports/comparison_baseline.hpp"
#include "reports/false_discovery.hpp"
#include "reports/gate_json.hpp"
#include "reports/gate_samples.hpp"
#include "reports/run_validity.hpp"

namespace throng::reports {

using core::GateMetric;
using nlohmann::json;

namespace {

// A metric's statistic on each side: the value on all the data, and one value
// per resample.
struct Estimates {
    std::array<double, 2> point{};
    std::array<std::vector<double>, 2> resampled;
};

// HdrHistogram's rank for a percentile (as core::Histogram::value_at_percentile).
std::uint64_t rank_of(double percentile, std::uint64_t total) {
    const double requested = std::clamp(std::nextafter(percentile, -INFINITY), 0.0, 100.0);
    const double fp = requested * static_cast<double>(total) / 100.0;
    std::uint64_t rank = fp > 0 ? static_cast<std::uint64_t>(std::ceil(fp)) : 0;
    rank = std::clamp<std::uint64_t>(rank, 1, total);
    return percentile >= 100 ? total : rank;
}

// The percentiles of dense cell counts (cells in value order).
std::vector<double> percentiles(const std::vector<std::uint64_t>& counts, const std::vector<std::int64_t>& values,
                                const std::vector<double>& wanted) {
    std::uint64_t total = 0;
    for (auto c : counts) total += c;
    std::vector<double> out(wanted.size(), NAN);
    if (total == 0) return out;
    for (std::size_t w = 0; w < wanted.size(); ++w) {
        const std::uint64_t rank = rank_of(wanted[w], total);
        std::uint64_t cumulative = 0;
        for (std::size_t cell = 0; cell < counts.size(); ++cell) {
            cumulative += counts[cell];
            if (cumulative >= rank) {
                out[w] = static_cast<double>(values[cell]) / 1e6;  // ms
                break;
            }
        }
    }
    return out;
}

std::vector<std::size_t> run_lengths(const auto& runs) {
    std::vector<std::size_t> out;
    for (const auto& run : runs) out.push_back(run.size());
    return out;
}

// Every latency metric of one selection at once: they share the samples and the resamples.
std::vector<Estimates> estimate_latency(const std::vector<const GateMetric*>& metrics, const json& baseline,
                                        const json& candidate, const core::GateRules& rules, std::uint64_t seed) {
    const int resamples = rules.resamples;
    const gate::LatencySamples samples = gate::latency_samples(*metrics.front(), baseline, candidate, rules.validity);
    std::vector<double> wanted;
    for (const auto* m : metrics) wanted.push_back(m->percentile);
    std::vector<Estimates> out(metrics.size());
    const std::size_t cells = samples.cell_value.size();
    for (std::size_t side = 0; side < 2; ++side) {
        const auto& runs = samples.sides[side];
        std::vector<std::uint64_t> sum(cells);
        const auto add = [&](std::size_t run, std::size_t interval) {
            for (const auto& [cell, count] : runs[run][interval]) sum[cell] += count;
        };
        for (std::size_t r = 0; r < runs.size(); ++r)
            for (std::size_t i = 0; i < runs[r].size(); ++i) add(r, i);
        const auto point = percentiles(sum, samples.cell_value, wanted);
        for (std::size_t m = 0; m < metrics.size(); ++m) out[m].point[side] = point[m];

        gate::BlockResampler resampler(run_lengths(runs), seed + side);
        if (resampler.empty()) continue;
        for (int b = 0; b < resamples; ++b) {
            std::fill(sum.begin(), sum.end(), 0);
            resampler.draw(add);
            const auto values = percentiles(sum, samples.cell_value, wanted);
            for (std::size_t m = 0; m < metrics.size(); ++m) out[m].resampled[side].push_back(values[m]);
        }
    }
    return out;
}

Estimates estimate_ratio(const GateMetric& metric, const json& baseline, const json& candidate,
                         const core::GateRules& rules, std::uint64_t seed) {
    const int resamples = rules.resamples;
    const gate::RatioSamples samples = gate::ratio_samples(metric, baseline, candidate, rules.validity);
    Estimates out;
    for (std::size_t side = 0; side < 2; ++side) {
        const auto& runs = samples.sides[side];
        double numerator = 0, denominator = 0;
        const auto add = [&](std::size_t run, std::size_t interval) {
            numerator += runs[run][interval].numerator;
            denominator += runs[run][interval].denominator;
        };
        const auto ratio = [&] { return denominator > 0 ? numerator / denominator : NAN; };
        for (std::size_t r = 0; r < runs.size(); ++r)
            for (std::size_t i = 0; i < runs[r].size(); ++i) add(r, i);
        out.point[side] = ratio();
        gate::BlockResampler resampler(run_lengths(runs), seed + side);
        if (resampler.empty()) continue;
        for (int b = 0; b < resamples; ++b) {
            numerator = denominator = 0;
            resampler.draw(add);
            out.resampled[side].push_back(ratio());
        }
    }
    return out;
}

bool relative(const GateMetric& m) {
    return m.kind == GateMetric::Kind::latency || m.kind == GateMetric::Kind::throughput;
}
bool lower_is_better(const GateMetric& m) {
    return m.kind == GateMetric::Kind::latency || m.kind == GateMetric::Kind::error_rate;
}

double change(const GateMetric& m, double base, double cand) {
    if (!relative(m)) return cand - base;
    if (base == 0) return cand == 0 ? 0.0 : INFINITY;
    return cand / base - 1;
}

double quantile(std::vector<double> sorted_values, double q) {
    if (sorted_values.empty()) return NAN;
    const double at = q * static_cast<double>(sorted_values.size() - 1);
    const auto low = static_cast<std::size_t>(std::floor(at));
    const auto high = std::min(low + 1, sorted_values.size() - 1);
    return sorted_values[low] + (at - static_cast<double>(low)) * (sorted_values[high] - sorted_values[low]);
}

std::string signed_change(const GateMetric& m, double value) {
    char text[48];
    if (std::isinf(value)) return value > 0 ? "+inf" : "-inf";
    if (relative(m))
        std::snprintf(text, sizeof text, "%+.1f%%", 100 * value);
    else
        std::snprintf(text, sizeof text, "%+.2f pts", 100 * value);
    return text;
}

struct Judged {
    const GateMetric* metric = nullptr;
    std::string judges;
    double base = NAN, cand = NAN, change = NAN, low = NAN, high = NAN;
    double p_regression = 1, p_improvement = 1, q_regression = 1, q_improvement = 1;
    std::string verdict;
};

Judged judge(const GateMetric& m, const Estimates& e, double confidence) {
    Judged j;
    j.metric = &m;
    j.base = e.point[0];
    j.cand = e.point[1];
    j.change = change(m, j.base, j.cand);
    // Change in each paired resample; "worse" turns it so that positive is bad.
    std::vector<double> changes, worse;
    const std::size_t n = std::min(e.resampled[0].size(), e.resampled[1].size());
    for (std::size_t i = 0; i < n; ++i) {
        const double c = change(m, e.resampled[0][i], e.resampled[1][i]);
        if (std::isnan(c)) continue;
        changes.push_back(c);
        worse.push_back(lower_is_better(m) ? c : -c);
    }
    if (changes.empty() || std::isnan(j.change)) {
        j.verdict = "inconclusive";
        return j;
    }
    std::sort(changes.begin(), changes.end());
    const double alpha = 1 - confidence;
    j.low = quantile(changes, alpha / 2);
    j.high = quantile(changes, 1 - alpha / 2);
    std::size_t within_bad = 0, within_good = 0;
    for (double w : worse) {
        within_bad += w <= m.tolerance;
        within_good += w >= -m.tolerance;
    }
    const double total = static_cast<double>(worse.size()) + 1;
    j.p_regression = (static_cast<double>(within_bad) + 1) / total;
    j.p_improvement = (static_cast<double>(within_good) + 1) / total;
    return j;
}

void decide(Judged& j, double confidence) {
    if (!j.verdict.empty()) return;
    const double alpha = 1 - confidence;
    const GateMetric& m = *j.metric;
    // The interval in "worse is positive" terms.
    const double worse_low = lower_is_better(m) ? j.low : -j.high;
    const double worse_high = lower_is_better(m) ? j.high : -j.low;
    if (worse_low > m.tolerance && j.q_regression <= alpha / 2)
        j.verdict = "regression";
    else if (worse_high < -m.tolerance && j.q_improvement <= alpha / 2)
        j.verdict = "improvement";
    else if (worse_low >= -m.tolerance && worse_high <= m.tolerance)
        j.verdict = "no_change";
    else
        j.verdict = "inconclusive";
}

json number_or_null(double value) { return std::isfinite(value) ? json(value) : json(nullptr); }

json metric_json(const Judged& j) {
    const GateMetric& m = *j.metric;
    const char* kind = m.kind == GateMetric::Kind::latency      ? "latency"
                       : m.kind == GateMetric::Kind::throughput ? "throughput"
                       : m.kind == GateMetric::Kind::error_rate ? "error_rate"
                                                                : "check_rate";
    json out = {{"key", gate_metric_label(m)},
                {"metric", kind},
                {"statistic", gate_statistic(m)},
                {"step", m.filter.count("step") ? json(m.filter.at("step")) : json(nullptr)},
                {"tags", m.filter},
                {"unit", m.kind == GateMetric::Kind::latency      ? "ms"
                         : m.kind == GateMetric::Kind::throughput ? "1/s"
                                                                  : "ratio"},
                {"better", lower_is_better(m) ? "lower" : "higher"},
                {"tolerance", m.tolerance},
                {"tolerance_kind", relative(m) ? "relative" : "absolute"},
                {"baseline", number_or_null(j.base)},
                {"candidate", number_or_null(j.cand)},
                {"change", number_or_null(j.change)},
                {"interval", {number_or_null(j.low), number_or_null(j.high)}},
                // The test of the direction the verdict speaks of (regression unless it improved).
                {"p_value", j.verdict == "improvement" ? j.p_improvement : j.p_regression},
                {"q_value", j.verdict == "improvement" ? j.q_improvement : j.q_regression},
                {"verdict", j.verdict}};
    if (m.kind == GateMetric::Kind::latency) out["judges"] = j.judges;
    return out;
}

std::uint64_t mix(std::uint64_t h, const std::string& text) {
    for (unsigned char c : text) h = (h ^ c) * 0x100000001b3ULL;
    return h;
}

std::string overall(const std::vector<Judged>& judged) {
    const auto any = [&](const char* v) {
        return std::any_of(judged.begin(), judged.end(), [&](const Judged& j) { return j.verdict == v; });
    };
    if (any("regression")) return "regression";
    if (any("inconclusive")) return "inconclusive";
    if (any("improvement")) return "improvement";
    return "no_change";
}

// "regression: latency p95 +10.1% [+7.3%, +12.7%]; 3 metrics: 1 regression, 2 no change"
std::string summary_of(const std::vector<Judged>& judged, const std::string& verdict) {
    std::map<std::string, int> counts;
    for (const auto& j : judged) ++counts[j.verdict];
    const auto words = [](const std::string& v) { return v == "no_change" ? std::string("no change") : v; };
    if (verdict == "no_change")
        return "no change in " +
               std::string(judged.size() == 1 ? "the metric" : "all " + std::to_string(judged.size()) + " metrics");
    std::string named;
    for (const auto& j : judged) {
        if (j.verdict != verdict) continue;
        if (!named.empty()) named += "; ";
        named += gate_metric_label(*j.metric) + " " + signed_change(*j.metric, j.change) + " [" +
                 signed_change(*j.metric, j.low) + ", " + signed_change(*j.metric, j.high) + "]";
    }
    std::string tally;
    for (const auto& [v, n] : counts) tally += (tally.empty() ? "" : ", ") + std::to_string(n) + " " + words(v);
    return words(verdict) + ": " + named + "; " + std::to_string(judged.size()) +
           (judged.size() == 1 ? " metric: " : " metrics: ") + tally;
}

}  // namespace

json compare_results(const json& baseline, const json& candidate, const ComparisonOptions& options) {
    const bool has_checks = !candidate.value("checks", json::array()).empty();
    const core::GateRules rules = gate_from_json(candidate.value("gate", json()), has_checks);
    json out = {{"confidence", rules.confidence},
                {"method", "block bootstrap over the 1 s intervals and the runs, " + std::to_string(rules.resamples) +
                               " resamples; Benjamini-Hochberg across the metrics"},
                {"baseline", baseline_section(baseline, options.baseline_label, options.baseline_file)},
                {"invalid_reasons", json::array()},
                {"warnings", json::array()},
                {"metrics", json::array()}};

    std::vector<std::string> reasons, warnings;
    for (const auto& findings : {gate::trustworthiness(baseline, "baseline", rules.validity),
                                 gate::trustworthiness(candidate, "candidate", rules.validity),
                                 gate::comparability(baseline, candidate, rules.validity)}) {
        reasons.insert(reasons.end(), findings.reasons.begin(), findings.reasons.end());
        warnings.insert(warnings.end(), findings.warnings.begin(), findings.warnings.end());
    }
    out["warnings"] = warnings;
    if (!reasons.empty()) {
        out["invalid_reasons"] = reasons;
        out["verdict"] = "invalid";
        out["summary"] = "invalid: " + reasons.front() +
                         (reasons.size() > 1 ? " (and " + std::to_string(reasons.size() - 1) + " more)" : "");
        return out;
    }

    std::uint64_t seed = options.seed;
    if (seed == 0) {
        seed = 0xcbf29ce484222325ULL;
        for (const json* r : {&baseline, &candidate})
            seed = mix(seed, r->at("run").value("started_at", std::string()) + r->at("scenario").value("hash", ""));
    }
    std::vector<Judged> judged(rules.metrics.size());
    // Latency metrics of the same selection share one set of resamples.
    std::map<std::string, std::vector<std::size_t>> latency_groups;
    for (std::size_t i = 0; i < rules.metrics.size(); ++i) {
        const GateMetric& m = rules.metrics[i];
        if (m.kind != GateMetric::Kind::latency) {
            judged[i] = judge(m, estimate_ratio(m, baseline, candidate, rules, seed + 2 * i), rules.confidence);
            continue;
        }
        latency_groups[gate::judged_latency(m, candidate) + json(m.filter).dump()].push_back(i);
    }
    std::uint64_t group_seed = seed ^ 0x5bd1e995ULL;
    for (const auto& [key, members] : latency_groups) {
        std::vector<const GateMetric*> metrics;
        for (std::size_t i : members) metrics.push_back(&rules.metrics[i]);
        const auto estimates = estimate_latency(metrics, baseline, candidate, rules, group_seed += 7);
        for (std::size_t k = 0; k < members.size(); ++k) {
            judged[members[k]] = judge(*metrics[k], estimates[k], rules.confidence);
            judged[members[k]].judges = gate::judged_latency(*metrics[k], candidate);
        }
    }

    std::vector<double> p_regression, p_improvement;
    for (const auto& j : judged) {
        p_regression.push_back(j.p_regression);
        p_improvement.push_back(j.p_improvement);
    }
    const auto q_regression = gate::benjamini_hochberg(p_regression);
    const auto q_improvement = gate::benjamini_hochberg(p_improvement);
    for (std::size_t i = 0; i < judged.size(); ++i) {
        judged[i].q_regression = q_regression[i];
        judged[i].q_improvement = q_improvement[i];
        decide(judged[i], rules.confidence);
        out["metrics"].push_back(metric_json(judged[i]));
    }
    const std::string verdict = overall(judged);
    out["verdict"] = verdict;
    out["summary"] = summary_of(judged, verdict);
    return out;
}

}  // namespace throng::reports

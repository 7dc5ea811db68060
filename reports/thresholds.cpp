#include "reports/thresholds.hpp"

#include <chrono>
#include <cstdio>

#include "harness/core/units.hpp"

namespace throng::reports {

using core::Threshold;
using Aggregate = Threshold::Aggregate;

namespace {

bool has_tags(const core::Tags& tags, const core::Tags& filter) {
    for (const auto& [key, value] : filter) {
        const auto found = tags.find(key);
        if (found == tags.end() || found->second != value) return false;
    }
    return true;
}

// A step matches a filter by its tags; a transaction's statement only when
// the filter names it (by step or part_of): its transaction stands for it
// otherwise, and counting both would count it twice.
bool matches(const core::StepResult& step, const core::Tags& filter) {
    if (step.is_part() && filter.count("step") == 0 && filter.count("part_of") == 0) return false;
    return has_tags(step.tags, filter);
}

bool holds(double observed, Threshold::Op op, double bound) {
    switch (op) {
    case Threshold::Op::lt: return observed < bound;
    case Threshold::Op::le: return observed <= bound;
    case Threshold::Op::gt: return observed > bound;
    case Threshold::Op::ge: return observed >= bound;
    case Threshold::Op::eq: return observed == bound;
    }
    return false;
}

// Whether a step's scenario is an open model (its latency is then judged
// from the intended start by default).
bool step_is_open(const core::RunResult& r, const core::StepResult& step, bool open_model) {
    for (const auto& scenario : r.scenarios)
        if (scenario.name == step.scenario) return scenario.open_model;
    return open_model;
}

// Latency: the matching steps' latencies merged; with several scenarios,
// "latency" takes each step's own default (response time in open models,
// service time in closed ones). False when there is nothing to judge by.
bool observe_latency(const Threshold& t, const core::RunResult& r, bool open_model, double& value) {
    core::Histogram h;
    for (const auto& step : r.steps) {
        if (!matches(step, t.filter)) continue;
        h.merge(judges_response_time(t, step_is_open(r, step, open_model)) ? step.response_time : step.latency);
    }
    if (h.count() == 0) return false;
    switch (t.aggregate) {
    case Aggregate::percentile: value = static_cast<double>(h.value_at_percentile(t.percentile)); return true;
    case Aggregate::avg: value = h.mean(); return true;
    case Aggregate::min: value = static_cast<double>(h.min()); return true;
    case Aggregate::max: value = static_cast<double>(h.max()); return true;
    default: return false;
    }
}

// Errors and requests: the matching steps merged (the total when
// unfiltered); false when no step matches or there is nothing to judge by.
bool observe_requests(const Threshold& t, const core::RunResult& r, double duration_s, double& value) {
    core::StepResult merged;
    const core::StepResult* s = &r.total;
    if (!t.filter.empty()) {
        bool any = false;
        for (const auto& step : r.steps) {
            if (!matches(step, t.filter)) continue;
            merged.merge(step);
            any = true;
        }
        if (!any) return false;
        s = &merged;
    }
    switch (t.metric) {
    case Threshold::Metric::errors:
        if (t.aggregate == Aggregate::count) {
            value = static_cast<double>(s->error_count());
            return true;
        }
        if (s->requests == 0) return false;
        value = s->error_rate();
        return true;
    case Threshold::Metric::requests:
        if (t.aggregate == Aggregate::count) {
            value = static_cast<double>(s->requests);
            return true;
        }
        if (duration_s <= 0) return false;
        value = static_cast<double>(s->requests) / duration_s;
        return true;
    default: return false;
    }
}

// Checks: rate is the fraction that passed, count the number of failures.
bool observe_checks(const Threshold& t, const core::RunResult& r, double& value) {
    bool any = false;
    std::uint64_t passes = 0, fails = 0;
    for (const auto& check : r.checks) {
        if (!has_tags(check.tags, t.filter)) continue;
        any = true;
        passes += check.passes;
        fails += check.fails;
    }
    if (!any) return false;
    if (t.aggregate == Aggregate::count) {
        value = static_cast<double>(fails);
        return true;
    }
    if (passes + fails == 0) return false;
    value = static_cast<double>(passes) / static_cast<double>(passes + fails);
    return true;
}

// Completed iterations, of every scenario or of those the filter names.
bool observe_iterations(const Threshold& t, const core::RunResult& r, double duration_s, double& value) {
    std::uint64_t completed = r.iterations_completed;
    if (!t.filter.empty()) {
        bool any = false;
        completed = 0;
        for (const auto& scenario : r.scenarios) {
            if (!has_tags({{"scenario", scenario.name}}, t.filter)) continue;
            any = true;
            completed += scenario.iterations_completed;
        }
        if (!any) return false;
    }
    if (t.aggregate == Aggregate::count) {
        value = static_cast<double>(completed);
        return true;
    }
    if (duration_s <= 0) return false;
    value = static_cast<double>(completed) / duration_s;
    return true;
}

core::ThresholdResult evaluate(const Threshold& t, const core::RunResult& r, double duration_s) {
    core::ThresholdResult out;
    out.threshold = t;
    switch (t.metric) {
    case Threshold::Metric::checks: out.evaluated = observe_checks(t, r, out.observed); break;
    case Threshold::Metric::iterations: out.evaluated = observe_iterations(t, r, duration_s, out.observed); break;
    case Threshold::Metric::latency: out.evaluated = observe_latency(t, r, r.open_model, out.observed); break;
    default: out.evaluated = observe_requests(t, r, duration_s, out.observed); break;
    }
    // No data proves nothing: such a threshold fails.
    out.passed = out.evaluated && holds(out.observed, t.op, t.bound);
    return out;
}

}  // namespace

std::vector<core::ThresholdResult> evaluate_thresholds(const std::vector<Threshold>& thresholds,
                                                       const core::RunResult& result) {
    std::vector<core::ThresholdResult> out;
    out.reserve(thresholds.size());
    for (const auto& t : thresholds) out.push_back(evaluate(t, result, result.duration_s));
    return out;
}

std::optional<std::string> threshold_abort_reason(const std::vector<Threshold>& thresholds,
                                                  const core::RunResult& so_far, double elapsed_s) {
    for (const auto& t : thresholds) {
        if (!t.abort_on_fail) continue;
        if (elapsed_s < std::chrono::duration<double>(t.abort_delay).count()) continue;
        const auto r = evaluate(t, so_far, elapsed_s);
        // Too early to know is not a failure here: the run goes on.
        if (!r.evaluated || r.passed) continue;
        return "threshold `" + t.source + "` on `" + key_text(t) + "` failed (observed " + format_observed(r) + ")";
    }
    return std::nullopt;
}

bool judges_response_time(const Threshold& t, bool open_model) {
    return t.timing == Threshold::Timing::response_time || (t.timing == Threshold::Timing::automatic && open_model);
}

std::string observed_unit(const Threshold& t) {
    if (t.aggregate == Aggregate::count) return "count";
    switch (t.metric) {
    case Threshold::Metric::latency: return "ns";
    case Threshold::Metric::errors:
    case Threshold::Metric::checks: return "ratio";
    case Threshold::Metric::requests:
    case Threshold::Metric::iterations: return "1/s";
    }
    return "";
}

std::string format_observed(const core::ThresholdResult& r) {
    if (!r.evaluated) return "no data";
    const std::string unit = observed_unit(r.threshold);
    if (unit == "ns") return core::format_duration(std::chrono::nanoseconds(static_cast<long long>(r.observed)));
    char text[64];
    if (unit == "count")
        std::snprintf(text, sizeof text, "%.0f", r.observed);
    else if (unit == "ratio")
        std::snprintf(text, sizeof text, "%.2f%%", 100.0 * r.observed);
    else
        std::snprintf(text, sizeof text, "%.1f/s", r.observed);
    return text;
}

const char* metric_name(Threshold::Metric m) {
    switch (m) {
    case Threshold::Metric::latency: return "latency";
    case Threshold::Metric::errors: return "errors";
    case Threshold::Metric::requests: return "requests";
    case Threshold::Metric::checks: return "checks";
    case Threshold::Metric::iterations: return "iterations";
    }
    return "?";
}

std::string key_text(const Threshold& t) {
    if (!t.key.empty()) return t.key;
    std::string out = metric_name(t.metric);
    if (t.metric == Threshold::Metric::latency && t.timing != Threshold::Timing::automatic)
        out = t.timing == Threshold::Timing::service_time ? "service_time" : "response_time";
    if (t.filter.empty()) return out;
    const char* separator = "{";
    for (const auto& [key, value] : t.filter) {
        out += separator + key + ":" + value;
        separator = ",";
    }
    return out + "}";
}

}  // namespace throng::reports

#include "reports/thresholds.hpp"

#include <chrono>
#include <cstdio>

#include "harness/core/units.hpp"

namespace throng::reports {

using core::Threshold;

namespace {

const core::StepResult* find_step(const core::RunResult& result, const std::string& name) {
    if (name.empty()) return &result.total;
    for (const auto& step : result.steps)
        if (step.name == name) return &step;
    return nullptr;
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

// The observed value, or false when there is nothing to judge by.
bool observe(const Threshold& t, const core::StepResult& s, const core::RunResult& r, double& value) {
    using A = Threshold::Aggregate;
    const double duration_s = r.duration_s;
    switch (t.metric) {
    case Threshold::Metric::latency: {
        const core::Histogram& h = judges_response_time(t, r.open_model) ? s.response_time : s.latency;
        if (h.count() == 0) return false;
        switch (t.aggregate) {
        case A::percentile: value = static_cast<double>(h.value_at_percentile(t.percentile)); return true;
        case A::avg: value = h.mean(); return true;
        case A::min: value = static_cast<double>(h.min()); return true;
        case A::max: value = static_cast<double>(h.max()); return true;
        default: return false;
        }
    }
    case Threshold::Metric::errors:
        if (t.aggregate == A::count) {
            value = static_cast<double>(s.error_count());
            return true;
        }
        if (s.requests == 0) return false;
        value = s.error_rate();
        return true;
    case Threshold::Metric::requests:
        if (t.aggregate == A::count) {
            value = static_cast<double>(s.requests);
            return true;
        }
        if (duration_s <= 0) return false;
        value = static_cast<double>(s.requests) / duration_s;
        return true;
    }
    return false;
}

}  // namespace

std::vector<core::ThresholdResult> evaluate_thresholds(const std::vector<Threshold>& thresholds,
                                                       const core::RunResult& result) {
    std::vector<core::ThresholdResult> out;
    for (const auto& t : thresholds) {
        core::ThresholdResult r;
        r.threshold = t;
        const core::StepResult* step = find_step(result, t.step);
        // No data proves nothing: such a threshold fails.
        r.evaluated = step != nullptr && observe(t, *step, result, r.observed);
        r.passed = r.evaluated && holds(r.observed, t.op, t.bound);
        out.push_back(std::move(r));
    }
    return out;
}

bool judges_response_time(const Threshold& t, bool open_model) {
    return t.timing == Threshold::Timing::response_time || (t.timing == Threshold::Timing::automatic && open_model);
}

std::string observed_unit(const Threshold& t) {
    if (t.aggregate == Threshold::Aggregate::count) return "count";
    switch (t.metric) {
    case Threshold::Metric::latency: return "ns";
    case Threshold::Metric::errors: return "ratio";
    case Threshold::Metric::requests: return "1/s";
    }
    return "";
}

std::string format_observed(const core::ThresholdResult& r) {
    if (!r.evaluated) return "no data";
    char text[64];
    const auto& t = r.threshold;
    if (t.aggregate == Threshold::Aggregate::count) {
        std::snprintf(text, sizeof text, "%.0f", r.observed);
    } else if (t.metric == Threshold::Metric::latency) {
        return core::format_duration(std::chrono::nanoseconds(static_cast<long long>(r.observed)));
    } else if (t.metric == Threshold::Metric::errors) {
        std::snprintf(text, sizeof text, "%.2f%%", 100.0 * r.observed);
    } else {
        std::snprintf(text, sizeof text, "%.1f/s", r.observed);
    }
    return text;
}

}  // namespace throng::reports

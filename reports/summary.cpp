#include "reports/summary.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "harness/core/units.hpp"
#include "reports/thresholds.hpp"

namespace throng::reports {

namespace {

std::string dur(std::int64_t ns) { return core::format_duration(std::chrono::nanoseconds(ns)); }

std::string row(const core::StepResult& s, const core::Histogram& h, double duration_s, std::size_t name_width) {
    const bool any = h.count() > 0;
    auto p = [&](double q) { return any ? dur(h.value_at_percentile(q)) : std::string("-"); };
    char line[512];
    std::snprintf(line, sizeof line, "%-*s %10llu %7.2f%% %10.1f %8s %8s %8s %8s %8s %8s %8s %8s\n",
                  static_cast<int>(name_width), s.name.c_str(), static_cast<unsigned long long>(s.requests),
                  100.0 * s.error_rate(), duration_s > 0 ? static_cast<double>(s.requests) / duration_s : 0.0,
                  p(50).c_str(), p(75).c_str(), p(90).c_str(), p(95).c_str(), p(99).c_str(), p(99.9).c_str(),
                  p(99.99).c_str(), any ? dur(h.max()).c_str() : "-");
    return line;
}

}  // namespace

std::string summary_text(const core::RunResult& r) {
    std::string out;
    char line[512];
    std::snprintf(line, sizeof line, "\n%s — %s, max %d VUs, %d thread%s, %.1f s%s\n\n", r.scenario_name.c_str(),
                  r.executor.c_str(), r.max_vus, r.threads, r.threads == 1 ? "" : "s", r.duration_s,
                  r.interrupted ? ("  [INTERRUPTED by " + r.interrupt_reason + "]").c_str() : "");
    out += line;

    std::size_t width = 4;
    for (const auto& s : r.steps) width = std::max(width, s.name.size());
    width = std::min<std::size_t>(width, 40);
    std::snprintf(line, sizeof line, "%-*s %10s %8s %10s %8s %8s %8s %8s %8s %8s %8s %8s\n", static_cast<int>(width),
                  "step", "requests", "errors", "req/s", "p50", "p75", "p90", "p95", "p99", "p99.9", "p99.99", "max");
    out += line;
    for (const auto& s : r.steps) out += row(s, s.latency, r.duration_s, width);
    if (r.steps.size() > 1) out += row(r.total, r.total.latency, r.duration_s, width);
    out += "  (service time: response end - request sent)\n";
    if (r.total.response_time.count() > 0) {
        out += "\n";
        for (const auto& s : r.steps) out += row(s, s.response_time, r.duration_s, width);
        if (r.steps.size() > 1) out += row(r.total, r.total.response_time, r.duration_s, width);
        if (r.open_model) {
            out += "  (response time: response end - intended start, corrected for coordinated omission)\n";
        } else {
            out += "  (service time corrected for coordinated omission with an expected interval of " +
                   dur(r.expected_interval) + ", as HdrHistogram does)\n";
        }
    }

    std::snprintf(line, sizeof line, "\niterations: %llu completed, %llu interrupted\n",
                  static_cast<unsigned long long>(r.iterations_completed),
                  static_cast<unsigned long long>(r.iterations_interrupted));
    out += line;
    if (r.open_model) {
        const auto& lag = r.send_lag;
        std::snprintf(line, sizeof line, "open model: %llu dropped; send lag p50 %s, p99 %s, max %s\n",
                      static_cast<unsigned long long>(r.iterations_dropped),
                      lag.count() ? dur(lag.value_at_percentile(50)).c_str() : "-",
                      lag.count() ? dur(lag.value_at_percentile(99)).c_str() : "-",
                      lag.count() ? dur(lag.max()).c_str() : "-");
        out += line;
    }
    if (r.total.error_count() > 0) {
        out += "errors:";
        for (auto c : core::all_error_classes()) {
            const auto n = r.total.errors[static_cast<std::size_t>(c)];
            if (c == core::ErrorClass::none || n == 0) continue;
            out += " " + std::string(core::name_of(c)) + " " + std::to_string(n);
        }
        out += "\n";
    }
    if (!r.thresholds.empty()) {
        out += "\nthresholds:\n";
        for (const auto& t : r.thresholds) {
            std::snprintf(line, sizeof line, "  %-4s %-28s %-18s observed %s\n", t.passed ? "ok" : "FAIL",
                          t.threshold.key.c_str(), t.threshold.source.c_str(), format_observed(t).c_str());
            out += line;
        }
    }
    return out;
}

}  // namespace throng::reports
